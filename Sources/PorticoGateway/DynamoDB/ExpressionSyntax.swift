/// The pieces of DynamoDB's expression language that Portico reads (DynamoDB DG
/// Expressions.OperatorsAndFunctions, Expressions.UpdateExpressions,
/// Expressions.KeyConditionExpressions): document paths, operands, conditions and update
/// actions, parsed once per request from the expression text and its
/// `ExpressionAttributeNames` / `ExpressionAttributeValues`.

/// `name`, `#alias`, `a.b`, `list[2]`: where an attribute is inside an item.
struct DocumentPath: Equatable, Sendable, CustomStringConvertible {
    enum Element: Equatable, Sendable {
        case name(String)
        case index(Int)
    }

    var elements: [Element]

    var top: String {
        if case .name(let name) = elements[0] { return name }
        return ""
    }

    var description: String {
        var text = ""
        for element in elements {
            switch element {
            case .name(let name): text += text.isEmpty ? name : "." + name
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}

indirect enum Operand: Equatable, Sendable {
    case path(DocumentPath)
    case value(AttributeValue)
    /// `if_not_exists(path, operand)` (update expressions only).
    case ifNotExists(DocumentPath, Operand)
    /// `list_append(a, b)` (update expressions only).
    case listAppend(Operand, Operand)
    /// `size(path)` (conditions only).
    case size(DocumentPath)
    case plus(Operand, Operand)
    case minus(Operand, Operand)
}

enum Comparator: String, Sendable {
    case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

indirect enum Condition: Equatable, Sendable {
    case compare(Operand, Comparator, Operand)
    case between(Operand, Operand, Operand)
    case within(Operand, [Operand])
    case exists(DocumentPath)
    case notExists(DocumentPath)
    case attributeType(DocumentPath, Operand)
    case beginsWith(Operand, Operand)
    case contains(Operand, Operand)
    case and(Condition, Condition)
    case or(Condition, Condition)
    case not(Condition)
}

/// What an UpdateExpression asks, clause by clause.
struct UpdateActions: Equatable, Sendable {
    var set: [(path: DocumentPath, value: Operand)] = []
    var remove: [DocumentPath] = []
    var add: [(path: DocumentPath, value: Operand)] = []
    var delete: [(path: DocumentPath, value: Operand)] = []

    static func == (lhs: UpdateActions, rhs: UpdateActions) -> Bool {
        lhs.set.map(\.path) == rhs.set.map(\.path) && lhs.set.map(\.value) == rhs.set.map(\.value)
            && lhs.remove == rhs.remove
            && lhs.add.map(\.path) == rhs.add.map(\.path) && lhs.add.map(\.value) == rhs.add.map(\.value)
            && lhs.delete.map(\.path) == rhs.delete.map(\.path) && lhs.delete.map(\.value) == rhs.delete.map(\.value)
    }

    /// Every path the update writes or removes.
    var paths: [DocumentPath] { self.set.map(\.path) + remove + add.map(\.path) + delete.map(\.path) }
}
