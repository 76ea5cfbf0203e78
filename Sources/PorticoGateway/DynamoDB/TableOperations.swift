import PorticoModel

/// The item operations on one table, with DynamoDB's semantics and messages (API
/// reference: PutItem, GetItem, DeleteItem, UpdateItem, Query, Scan; DG
/// Expressions.*). Each returns the response body and a plain summary for the transcript.
struct TableOperations {
    let table: TableDefinition
    let request: DynamoDBRequest

    typealias Items = [PrimaryKey: [String: AttributeValue]]

    // MARK: Single items

    func putItem(_ items: inout Items) throws(DynamoDBError) -> (String, String) {
        let item = try request.item("Item")
        let returnValues = try returnValues(allowed: ["NONE", "ALL_OLD"])
        var placeholders = try request.placeholders(expressions: ["ConditionExpression"])
        let condition = try request.string("ConditionExpression").map { text throws(DynamoDBError) in
            try ExpressionParser.condition(text, kind: "ConditionExpression", placeholders: &placeholders)
        }
        try placeholders.checkAllUsed()
        let key = try itemKey(item)
        let old = items[key]
        try check(condition, against: old)
        items[key] = item
        return (attributes(returnValues == "ALL_OLD" ? old : nil), old == nil ? "stored a new item \(describe(key))" : "replaced the item \(describe(key))")
    }

    func getItem(_ items: Items) throws(DynamoDBError) -> (String, String) {
        let key = try keyOnly(request.item("Key"))
        var placeholders = try request.placeholders(expressions: ["ProjectionExpression"])
        let projection = try projection(&placeholders)
        try placeholders.checkAllUsed()
        guard let item = items[key] else { return ("{}", "no item \(describe(key))") }
        return ("{\"Item\":" + AttributeValue.json(project(item, projection)) + "}", "found the item \(describe(key))")
    }

    func deleteItem(_ items: inout Items) throws(DynamoDBError) -> (String, String) {
        let key = try keyOnly(request.item("Key"))
        let returnValues = try returnValues(allowed: ["NONE", "ALL_OLD"])
        var placeholders = try request.placeholders(expressions: ["ConditionExpression"])
        let condition = try request.string("ConditionExpression").map { text throws(DynamoDBError) in
            try ExpressionParser.condition(text, kind: "ConditionExpression", placeholders: &placeholders)
        }
        try placeholders.checkAllUsed()
        let old = items[key]
        try check(condition, against: old)
        items[key] = nil
        return (attributes(returnValues == "ALL_OLD" ? old : nil), old == nil ? "no item \(describe(key)) to delete" : "deleted the item \(describe(key))")
    }

    func updateItem(_ items: inout Items) throws(DynamoDBError) -> (String, String) {
        let keyItem = try request.item("Key")
        let key = try keyOnly(keyItem)
        let returnValues = try returnValues(allowed: ["NONE", "ALL_OLD", "ALL_NEW", "UPDATED_OLD", "UPDATED_NEW"])
        var placeholders = try request.placeholders(expressions: ["UpdateExpression", "ConditionExpression"])
        let actions = try request.string("UpdateExpression").map { text throws(DynamoDBError) in
            try ExpressionParser.update(text, placeholders: &placeholders)
        } ?? UpdateActions()
        let condition = try request.string("ConditionExpression").map { text throws(DynamoDBError) in
            try ExpressionParser.condition(text, kind: "ConditionExpression", placeholders: &placeholders)
        }
        try placeholders.checkAllUsed()
        for path in actions.paths where keyNames.contains(path.top) {
            throw .validation("One or more parameter values were invalid: Cannot update attribute \(path.top). This attribute is part of the key")
        }
        let old = items[key]
        try check(condition, against: old)
        // UpdateItem creates the item when it does not exist (API: UpdateItem, "Edits an
        // existing item's attributes, or adds a new item to the table if it does not already exist").
        let new = try actions.apply(to: old ?? keyItem)
        items[key] = new
        let touched = Set(actions.paths.map(\.top))
        let returned: [String: AttributeValue]? = switch returnValues {
        case "ALL_OLD": old
        case "ALL_NEW": new
        case "UPDATED_OLD": old?.filter { touched.contains($0.key) }
        case "UPDATED_NEW": new.filter { touched.contains($0.key) }
        default: nil
        }
        return (attributes(returned), old == nil ? "created the item \(describe(key))" : "updated the item \(describe(key))")
    }

    // MARK: Many items

    func query(_ items: Items) throws(DynamoDBError) -> (String, String) {
        if let index = try request.string("IndexName") {
            throw .validation("The table does not have the specified index: \(index)")
        }
        guard let text = try request.string("KeyConditionExpression") else {
            throw .validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
        }
        var placeholders = try request.placeholders(expressions: ["KeyConditionExpression", "FilterExpression", "ProjectionExpression"])
        let keyCondition = try KeyCondition(ExpressionParser.condition(text, kind: "KeyConditionExpression", placeholders: &placeholders), table: table)
        let filter = try filter(&placeholders)
        let projection = try projection(&placeholders)
        try placeholders.checkAllUsed()
        let forward = try request.bool("ScanIndexForward") ?? true
        var candidates = items.filter { $0.key.partition == keyCondition.partition && keyCondition.matchesSort($0.key.sort) }.sorted { $0.key < $1.key }
        if !forward { candidates.reverse() }
        if let start = try startKey() {
            candidates = Array(candidates.drop { forward ? !(start < $0.key) : !($0.key < start) })
        }
        return try page(candidates, filter: filter, projection: projection, what: "partition \(describe(keyCondition.partition))")
    }

    func scan(_ items: Items) throws(DynamoDBError) -> (String, String) {
        if let index = try request.string("IndexName") {
            throw .validation("The table does not have the specified index: \(index)")
        }
        var placeholders = try request.placeholders(expressions: ["FilterExpression", "ProjectionExpression"])
        let filter = try filter(&placeholders)
        let projection = try projection(&placeholders)
        try placeholders.checkAllUsed()
        var candidates = items.sorted { $0.key < $1.key }
        if let start = try startKey() {
            candidates = Array(candidates.drop { !(start < $0.key) })
        }
        return try page(candidates, filter: filter, projection: projection, what: "the table")
    }

    /// One page of a Query or Scan: `Limit` items are read (ScannedCount), the filter keeps
    /// some (Count), and `LastEvaluatedKey` names the last one read whenever the limit
    /// stopped the read, even if no item follows (DG Query.Pagination, Scan.Pagination:
    /// "If LastEvaluatedKey is present… there may be more data").
    private func page(_ candidates: [(key: PrimaryKey, value: [String: AttributeValue])], filter: Condition?,
                      projection: [DocumentPath]?, what: String) throws(DynamoDBError) -> (String, String) {
        let limit = try request.limit()
        let select = try request.choice("Select", among: ["ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT"])
        let read = limit.map { Array(candidates.prefix($0)) } ?? candidates
        var kept: [[String: AttributeValue]] = []
        for candidate in read {
            if let filter, !(try filter.holds(for: candidate.value)) { continue }
            kept.append(project(candidate.value, projection))
        }
        var body = "{\"Count\":\(kept.count)"
        if select != "COUNT" {
            body += ",\"Items\":[" + kept.map(AttributeValue.json).joined(separator: ",") + "]"
        }
        var more = ""
        if let limit, read.count == limit, let last = read.last {
            body += ",\"LastEvaluatedKey\":" + AttributeValue.json(last.value.filter { keyNames.contains($0.key) })
            more = ", more may follow"
        }
        body += ",\"ScannedCount\":\(read.count)}"
        return (body, "\(what): read \(read.count), returned \(kept.count)\(more)")
    }

    // MARK: Pieces

    private var keyNames: [String] { [table.partitionKey.name] + (table.sortKey.map { [$0.name] } ?? []) }

    private func returnValues(allowed: [String]) throws(DynamoDBError) -> String {
        let value = try request.choice("ReturnValues", among: ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"]) ?? "NONE"
        guard allowed.contains(value) else { throw .validation("Return values set to invalid value") }
        return value
    }

    private func filter(_ placeholders: inout ExpressionParser.Placeholders) throws(DynamoDBError) -> Condition? {
        try request.string("FilterExpression").map { text throws(DynamoDBError) in
            try ExpressionParser.condition(text, kind: "FilterExpression", placeholders: &placeholders)
        }
    }

    /// `ProjectionExpression`'s paths. Portico projects whole top-level attributes: a nested
    /// path (`a.b`) returns all of `a` where DynamoDB would return only `b` inside it.
    private func projection(_ placeholders: inout ExpressionParser.Placeholders) throws(DynamoDBError) -> [DocumentPath]? {
        guard let text = try request.string("ProjectionExpression") else { return nil }
        return try ExpressionParser.projection(text, placeholders: &placeholders)
    }

    private func project(_ item: [String: AttributeValue], _ projection: [DocumentPath]?) -> [String: AttributeValue] {
        guard let projection else { return item }
        let names = Set(projection.map(\.top))
        return item.filter { names.contains($0.key) }
    }

    private func check(_ condition: Condition?, against old: [String: AttributeValue]?) throws(DynamoDBError) {
        guard let condition else { return }
        guard try condition.holds(for: old ?? [:]) else { throw .conditionalCheckFailed }
    }

    private func attributes(_ item: [String: AttributeValue]?) -> String {
        guard let item, !item.isEmpty else { return "{}" }
        return "{\"Attributes\":" + AttributeValue.json(item) + "}"
    }

    /// An item's key, with PutItem's messages for a missing or mistyped key attribute.
    private func itemKey(_ item: [String: AttributeValue]) throws(DynamoDBError) -> PrimaryKey {
        func scalar(_ attribute: TableDefinition.KeyAttribute) throws(DynamoDBError) -> KeyScalar {
            guard let value = item[attribute.name] else {
                throw .validation("One or more parameter values were invalid: Missing the key \(attribute.name) in the item")
            }
            return try checked(value, for: attribute, mismatch: .validation(
                "One or more parameter values were invalid: Type mismatch for key \(attribute.name) expected: \(attribute.type.rawValue) actual: \(value.typeName)"))
        }
        return PrimaryKey(partition: try scalar(table.partitionKey), sort: try table.sortKey.map { attribute throws(DynamoDBError) in try scalar(attribute) })
    }

    /// A `Key` member: exactly the key attributes, of their types.
    private func keyOnly(_ key: [String: AttributeValue]) throws(DynamoDBError) -> PrimaryKey {
        let mismatch = DynamoDBError.validation("The provided key element does not match the schema")
        guard Set(key.keys) == Set(keyNames) else { throw mismatch }
        let partition = try checked(key[table.partitionKey.name]!, for: table.partitionKey, mismatch: mismatch)
        let sort = try table.sortKey.map { attribute throws(DynamoDBError) in try checked(key[attribute.name]!, for: attribute, mismatch: mismatch) }
        return PrimaryKey(partition: partition, sort: sort)
    }

    private func startKey() throws(DynamoDBError) -> PrimaryKey? {
        guard let start = try request.optionalItem("ExclusiveStartKey") else { return nil }
        do {
            return try keyOnly(start)
        } catch {
            throw .validation("The provided starting key is invalid: \(error.message ?? "")")
        }
    }

    private func checked(_ value: AttributeValue, for attribute: TableDefinition.KeyAttribute, mismatch: DynamoDBError) throws(DynamoDBError) -> KeyScalar {
        guard let scalar = value.scalar, value.typeName == attribute.type.rawValue else { throw mismatch }
        if case .s("") = scalar {
            throw .validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: \(attribute.name)")
        }
        if case .b([]) = scalar {
            throw .validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: \(attribute.name)")
        }
        return scalar
    }

    private func describe(_ key: PrimaryKey) -> String {
        var text = "\(table.partitionKey.name)=\(describe(key.partition))"
        if let sortKey = table.sortKey, let sort = key.sort { text += " \(sortKey.name)=\(describe(sort))" }
        return text
    }

    private func describe(_ scalar: KeyScalar) -> String {
        switch scalar {
        case .s(let text): jsonQuoted(text)
        case .n(let number): number
        case .b(let bytes): "<\(bytes.count) bytes>"
        }
    }
}

/// A Query's KeyConditionExpression, read into what DynamoDB allows there (DG
/// Query.KeyConditionExpressions): `partition = :v`, then optionally one condition on the
/// sort key: `=`, `<`, `<=`, `>`, `>=`, `BETWEEN … AND …` or `begins_with`.
struct KeyCondition {
    let partition: KeyScalar
    private let sort: Condition?
    private let sortName: String?

    init(_ condition: Condition, table: TableDefinition) throws(DynamoDBError) {
        var parts: [Condition] = []
        func flatten(_ condition: Condition) throws(DynamoDBError) {
            switch condition {
            case .and(let a, let b):
                try flatten(a)
                try flatten(b)
            case .or: throw .validation("Invalid operator used in KeyConditionExpression: OR")
            case .not: throw .validation("Invalid operator used in KeyConditionExpression: NOT")
            default: parts.append(condition)
            }
        }
        try flatten(condition)
        var partition: KeyScalar?
        var sort: Condition?
        let unsupported = DynamoDBError.validation("Query key condition not supported")
        for part in parts {
            let (name, value, isEquality) = try Self.keyAttribute(of: part)
            if name == table.partitionKey.name, isEquality, partition == nil {
                guard value.typeName == table.partitionKey.type.rawValue, let scalar = value.scalar else {
                    throw .validation("One or more parameter values were invalid: Condition parameter type does not match schema type")
                }
                partition = scalar
            } else if let sortKey = table.sortKey, name == sortKey.name, sort == nil {
                guard value.typeName == sortKey.type.rawValue else {
                    throw .validation("One or more parameter values were invalid: Condition parameter type does not match schema type")
                }
                sort = part
            } else if name == table.partitionKey.name || name == table.sortKey?.name {
                throw .validation("KeyConditionExpressions must only contain one condition per key")
            } else {
                throw unsupported
            }
        }
        guard let partition else { throw .validation("Query condition missed key schema element: \(table.partitionKey.name)") }
        self.partition = partition
        self.sort = sort
        sortName = table.sortKey?.name
    }

    /// The key attribute a part of the condition constrains, the value it compares with
    /// (the first, for BETWEEN), and whether it is an equality.
    private static func keyAttribute(of part: Condition) throws(DynamoDBError) -> (String, AttributeValue, Bool) {
        let unsupported = DynamoDBError.validation("Query key condition not supported")
        switch part {
        case .compare(.path(let path), let comparator, .value(let value)) where path.elements.count == 1:
            guard comparator != .notEqual else { throw .validation("Unsupported operator in KeyConditionExpression: <>") }
            return (path.top, value, comparator == .equal)
        case .between(.path(let path), .value(let low), .value(_)) where path.elements.count == 1:
            return (path.top, low, false)
        case .beginsWith(.path(let path), .value(let prefix)) where path.elements.count == 1:
            guard prefix.typeName != "N" else { throw .validation("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N") }
            return (path.top, prefix, false)
        default:
            throw unsupported
        }
    }

    func matchesSort(_ value: KeyScalar?) -> Bool {
        guard let sort, let sortName, let value else { return true }
        return (try? sort.holds(for: [sortName: value.value])) ?? false
    }
}
