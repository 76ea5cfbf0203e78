import Foundation

/// Evaluates parsed expressions against an item, as DynamoDB does (DG
/// Expressions.OperatorsAndFunctions, Expressions.UpdateExpressions): a comparison between
/// values of different types is false; `<`, `<=`, `>`, `>=` and BETWEEN compare numbers,
/// strings and binaries of one type; a path that names nothing makes every comparison false.
extension Condition {
    func holds(for item: [String: AttributeValue]) throws(DynamoDBError) -> Bool {
        switch self {
        case .compare(let left, let comparator, let right):
            guard let a = left.evaluate(in: item), let b = right.evaluate(in: item) else {
                return comparator == .notEqual && (left.evaluate(in: item) != nil || right.evaluate(in: item) != nil)
            }
            switch comparator {
            case .equal: return a == b
            case .notEqual: return a != b
            default:
                guard let x = a.scalar, let y = b.scalar, a.typeName == b.typeName else { return false }
                switch comparator {
                case .less: return x < y
                case .lessOrEqual: return x <= y
                case .greater: return x > y
                default: return x >= y
                }
            }
        case .between(let value, let low, let high):
            guard let v = value.evaluate(in: item)?.scalar, let l = low.evaluate(in: item)?.scalar, let h = high.evaluate(in: item)?.scalar,
                  Self.sameType(v, l), Self.sameType(v, h) else { return false }
            return l <= v && v <= h
        case .within(let value, let list):
            guard let v = value.evaluate(in: item) else { return false }
            return list.contains { $0.evaluate(in: item) == v }
        case .exists(let path):
            return path.resolve(in: item) != nil
        case .notExists(let path):
            return path.resolve(in: item) == nil
        case .attributeType(let path, let type):
            guard case .s(let name)? = type.evaluate(in: item) else { return false }
            return path.resolve(in: item)?.typeName == name
        case .beginsWith(let value, let prefix):
            switch (value.evaluate(in: item), prefix.evaluate(in: item)) {
            case (.s(let text)?, .s(let start)?): return text.utf8.starts(with: start.utf8)
            case (.b(let bytes)?, .b(let start)?): return bytes.starts(with: start)
            default: return false
            }
        case .contains(let container, let member):
            switch (container.evaluate(in: item), member.evaluate(in: item)) {
            case (.s(let text)?, .s(let part)?): return part.isEmpty || text.contains(part)
            case (.ss(let set)?, .s(let text)?): return set.contains(text)
            case (.ns(let set)?, .n(let number)?): return set.contains(number)
            case (.bs(let set)?, .b(let bytes)?): return set.contains(bytes)
            case (.l(let list)?, let value?): return list.contains(value)
            default: return false
            }
        case .and(let a, let b):
            guard try a.holds(for: item) else { return false }
            return try b.holds(for: item)
        case .or(let a, let b):
            if try a.holds(for: item) { return true }
            return try b.holds(for: item)
        case .not(let inner):
            return !(try inner.holds(for: item))
        }
    }

    private static func sameType(_ a: KeyScalar, _ b: KeyScalar) -> Bool {
        switch (a, b) {
        case (.s, .s), (.n, .n), (.b, .b): true
        default: false
        }
    }
}

extension DocumentPath {
    func resolve(in item: [String: AttributeValue]) -> AttributeValue? {
        var current: AttributeValue = .m(item)
        for element in elements {
            switch (element, current) {
            case (.name(let name), .m(let map)):
                guard let next = map[name] else { return nil }
                current = next
            case (.index(let index), .l(let list)):
                guard index < list.count else { return nil }
                current = list[index]
            default:
                return nil
            }
        }
        return current
    }
}

extension Operand {
    /// The operand's value in a condition (nil: a path that names nothing).
    func evaluate(in item: [String: AttributeValue]) -> AttributeValue? {
        switch self {
        case .path(let path): return path.resolve(in: item)
        case .value(let value): return value
        case .size(let path):
            switch path.resolve(in: item) {
            case .s(let text)?: return .n(String(text.utf8.count))
            case .b(let bytes)?: return .n(String(bytes.count))
            case .m(let map)?: return .n(String(map.count))
            case .l(let list)?: return .n(String(list.count))
            case .ss(let set)?: return .n(String(set.count))
            case .ns(let set)?: return .n(String(set.count))
            case .bs(let set)?: return .n(String(set.count))
            default: return nil
            }
        case .ifNotExists(let path, let fallback):
            return path.resolve(in: item) ?? fallback.evaluate(in: item)
        case .listAppend, .plus, .minus:
            return try? value(in: item)
        }
    }

    /// The operand's value on the right of `SET path = …`, or DynamoDB's error for an
    /// operand that names nothing or has the wrong type.
    func value(in item: [String: AttributeValue]) throws(DynamoDBError) -> AttributeValue {
        switch self {
        case .path(let path):
            guard let value = path.resolve(in: item) else { throw Self.missingAttribute }
            return value
        case .value(let value):
            return value
        case .ifNotExists(let path, let fallback):
            if let value = path.resolve(in: item) { return value }
            return try fallback.value(in: item)
        case .listAppend(let first, let second):
            guard case .l(let a) = try first.value(in: item), case .l(let b) = try second.value(in: item) else { throw Self.wrongType }
            return .l(a + b)
        case .plus(let first, let second), .minus(let first, let second):
            guard case .n(let a) = try first.value(in: item), case .n(let b) = try second.value(in: item),
                  let x = Decimal(string: a), let y = Decimal(string: b) else { throw Self.wrongType }
            let result: Decimal
            if case .plus = self { result = x + y } else { result = x - y }
            return .n(try AttributeValue.number(result.description))
        case .size:
            // size() is a condition function; the parser accepts it anywhere an operand goes.
            throw DynamoDBError.validation("Invalid UpdateExpression: The function is not allowed in an update expression; function: size")
        }
    }

    static let missingAttribute = DynamoDBError.validation("The provided expression refers to an attribute that does not exist in the item")
    static let wrongType = DynamoDBError.validation("An operand in the update expression has an incorrect data type")
}

extension UpdateActions {
    /// The item after the update. Every value is computed from the item as it was, then the
    /// actions are applied, as DynamoDB applies one update atomically.
    func apply(to old: [String: AttributeValue]) throws(DynamoDBError) -> [String: AttributeValue] {
        var item = old
        for (path, operand) in set {
            try item.assign(try operand.value(in: old), at: path)
        }
        for path in remove {
            item.remove(at: path)
        }
        for (path, operand) in add {
            guard case .value(let addend) = operand else { throw Self.addOperand("ADD") }
            switch (path.resolve(in: old), addend) {
            case (nil, let value) where [.n, .ss, .ns, .bs].contains(value.kind):
                try item.assign(value, at: path)
            case (.n(let a)?, .n(let b)):
                try item.assign(try Operand.plus(.value(.n(a)), .value(.n(b))).value(in: [:]), at: path)
            case (.ss(let a)?, .ss(let b)): try item.assign(.ss(a + b.filter { !a.contains($0) }), at: path)
            case (.ns(let a)?, .ns(let b)): try item.assign(.ns(a + b.filter { !a.contains($0) }), at: path)
            case (.bs(let a)?, .bs(let b)): try item.assign(.bs(a + b.filter { !a.contains($0) }), at: path)
            default: throw Operand.wrongType
            }
        }
        for (path, operand) in delete {
            guard case .value(let removed) = operand else { throw Self.addOperand("DELETE") }
            switch (path.resolve(in: old), removed) {
            case (nil, _): continue
            case (.ss(let a)?, .ss(let b)): item.setOrRemove(a.filter { !b.contains($0) }, wrap: AttributeValue.ss, at: path)
            case (.ns(let a)?, .ns(let b)): item.setOrRemove(a.filter { !b.contains($0) }, wrap: AttributeValue.ns, at: path)
            case (.bs(let a)?, .bs(let b)): item.setOrRemove(a.filter { !b.contains($0) }, wrap: AttributeValue.bs, at: path)
            default: throw Operand.wrongType
            }
        }
        return item
    }

    private static func addOperand(_ clause: String) -> DynamoDBError {
        .validation("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: \(clause), operand type: PATH")
    }
}

extension AttributeValue {
    enum Kind { case s, n, b, bool, null, m, l, ss, ns, bs }

    var kind: Kind {
        switch self {
        case .s: .s
        case .n: .n
        case .b: .b
        case .bool: .bool
        case .null: .null
        case .m: .m
        case .l: .l
        case .ss: .ss
        case .ns: .ns
        case .bs: .bs
        }
    }
}

extension Dictionary where Key == String, Value == AttributeValue {
    /// Writes `value` at `path`; the path's parents must exist (DynamoDB does not create
    /// them: "The document path provided in the update expression is invalid for update").
    mutating func assign(_ value: AttributeValue, at path: DocumentPath) throws(DynamoDBError) {
        var root = AttributeValue.m(self)
        try Self.assign(value, at: path.elements[...], in: &root)
        if case .m(let map) = root { self = map }
    }

    private static func assign(_ value: AttributeValue, at elements: ArraySlice<DocumentPath.Element>, in container: inout AttributeValue) throws(DynamoDBError) {
        let invalid = DynamoDBError.validation("The document path provided in the update expression is invalid for update")
        guard let first = elements.first else {
            container = value
            return
        }
        switch (first, container) {
        case (.name(let name), .m(var map)):
            if elements.count == 1 {
                map[name] = value
            } else {
                guard var child = map[name] else { throw invalid }
                try assign(value, at: elements.dropFirst(), in: &child)
                map[name] = child
            }
            container = .m(map)
        case (.index(let index), .l(var list)):
            if elements.count == 1 {
                // Past the end appends (DG Expressions.UpdateExpressions, "Adding elements to a list").
                if index < list.count { list[index] = value } else { list.append(value) }
            } else {
                guard index < list.count else { throw invalid }
                try assign(value, at: elements.dropFirst(), in: &list[index])
            }
            container = .l(list)
        default:
            throw invalid
        }
    }

    mutating func remove(at path: DocumentPath) {
        var root = AttributeValue.m(self)
        Self.remove(path.elements[...], in: &root)
        if case .m(let map) = root { self = map }
    }

    private static func remove(_ elements: ArraySlice<DocumentPath.Element>, in container: inout AttributeValue) {
        guard let first = elements.first else { return }
        switch (first, container) {
        case (.name(let name), .m(var map)):
            if elements.count == 1 { map[name] = nil } else if var child = map[name] {
                remove(elements.dropFirst(), in: &child)
                map[name] = child
            }
            container = .m(map)
        case (.index(let index), .l(var list)) where index < list.count:
            if elements.count == 1 { list.remove(at: index) } else { remove(elements.dropFirst(), in: &list[index]) }
            container = .l(list)
        default:
            return
        }
    }

    /// A set after DELETE: an empty set is removed, as DynamoDB has no empty sets.
    fileprivate mutating func setOrRemove<T>(_ members: [T], wrap: ([T]) -> AttributeValue, at path: DocumentPath) {
        if members.isEmpty { remove(at: path) } else { try? assign(wrap(members), at: path) }
    }
}
