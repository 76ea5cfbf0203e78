import PorticoModel

/// A DynamoDB request's members, read with DynamoDB's validation messages: a missing
/// required member is `1 validation error detected: Value null at 'tableName' failed to
/// satisfy constraint: Member must not be null` (the member's name in lower camel case, as
/// the service's validator prints it).
struct DynamoDBRequest {
    let json: JSONValue

    init(_ json: JSONValue) throws(DynamoDBError) {
        self.json = json
        // The legacy parameters predate expressions; Portico reads only the expression forms.
        for legacy in ["KeyConditions", "QueryFilter", "ScanFilter", "Expected", "AttributeUpdates", "AttributesToGet", "ConditionalOperator"]
        where json[legacy] != nil {
            throw .validation("Portico's embedded DynamoDB reads expressions, not the legacy parameter \(legacy)")
        }
    }

    func tableName() throws(DynamoDBError) -> String {
        guard let value = json["TableName"] else { throw Self.null("tableName") }
        guard case .string(let name) = value else { throw .serialization("Unexpected value type in payload") }
        guard TableDefinition.isValidName(name) else {
            throw .validation("1 validation error detected: Value '\(name)' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")
        }
        return name
    }

    /// A required item or key member (`Item`, `Key`).
    func item(_ member: String) throws(DynamoDBError) -> [String: AttributeValue] {
        guard let value = json[member] else { throw Self.null(Self.lowerCamel(member)) }
        return try AttributeValue.item(value)
    }

    func optionalItem(_ member: String) throws(DynamoDBError) -> [String: AttributeValue]? {
        guard let value = json[member] else { return nil }
        return try AttributeValue.item(value)
    }

    func string(_ member: String) throws(DynamoDBError) -> String? {
        guard let value = json[member] else { return nil }
        guard case .string(let text) = value else { throw .serialization("Unexpected value type in payload") }
        return text
    }

    func bool(_ member: String) throws(DynamoDBError) -> Bool? {
        guard let value = json[member] else { return nil }
        guard case .bool(let flag) = value else { throw .serialization("Unexpected value type in payload") }
        return flag
    }

    /// `Limit`: at least 1 (API: Query, Scan).
    func limit() throws(DynamoDBError) -> Int? {
        guard let value = json["Limit"] else { return nil }
        guard case .integer(let limit) = value else { throw .serialization("Unexpected value type in payload") }
        guard limit >= 1 else {
            throw .validation("1 validation error detected: Value '\(limit)' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
        }
        return limit
    }

    /// An enumerated member (`ReturnValues`, `Select`), checked against its value set.
    func choice(_ member: String, among values: [String]) throws(DynamoDBError) -> String? {
        guard let text = try string(member) else { return nil }
        guard values.contains(text) else {
            throw .validation("1 validation error detected: Value '\(text)' at '\(Self.lowerCamel(member))' failed to satisfy constraint: Member must satisfy enum value set: [\(values.joined(separator: ", "))]")
        }
        return text
    }

    /// `ExpressionAttributeNames` and `ExpressionAttributeValues`, with DynamoDB's checks
    /// that they are not empty and come with an expression.
    func placeholders(expressions: [String]) throws(DynamoDBError) -> ExpressionParser.Placeholders {
        var names: [String: String] = [:]
        var values: [String: AttributeValue] = [:]
        let present = expressions.filter { json[$0] != nil }
        if let value = json["ExpressionAttributeNames"] {
            guard case .object(let members) = value else { throw .serialization("Unexpected value type in payload") }
            guard !members.isEmpty else { throw .validation("ExpressionAttributeNames must not be empty") }
            guard !present.isEmpty else { throw .validation("ExpressionAttributeNames can only be specified when using expressions") }
            for member in members {
                guard case .string(let name) = member.value else { throw .serialization("Unexpected value type in payload") }
                names[member.key] = name
            }
        }
        if let value = json["ExpressionAttributeValues"] {
            guard case .object(let members) = value else { throw .serialization("Unexpected value type in payload") }
            guard !members.isEmpty else { throw .validation("ExpressionAttributeValues must not be empty") }
            guard !present.isEmpty else { throw .validation("ExpressionAttributeValues can only be specified when using expressions") }
            for member in members { values[member.key] = try AttributeValue(json: member.value) }
        }
        return ExpressionParser.Placeholders(names: names, values: values)
    }

    static func null(_ member: String) -> DynamoDBError {
        .validation("1 validation error detected: Value null at '\(member)' failed to satisfy constraint: Member must not be null")
    }

    static func lowerCamel(_ member: String) -> String {
        member.prefix(1).lowercased() + member.dropFirst()
    }
}
