/// The parsed form of a template: rendering walks this tree, never the text.
indirect enum Node: Sendable {
    case text(String)
    /// A reference in text; `escapes` counts the backslashes written before its `$`.
    case reference(Reference, escapes: Int)
    case set(target: Reference, value: Expression, offset: Int)
    case ifChain(branches: [Branch], otherwise: [Node]?)
    case foreach(variable: Int, iterable: Expression, body: [Node], offset: Int)
    case breakLoop
    case stop
    /// `#define($name) … #end`: `block` indexes the template's blocks.
    case define(variable: Int, block: Int)
    /// `#name(args)` or `#@name(args) … #end`, looked up when rendering.
    case macroCall(MacroCall)
}

/// A `#macro` definition: parameter slots and body.
struct Macro: Sendable {
    var parameters: [Int]
    var body: [Node]
}

final class MacroCall: Sendable {
    let name: String
    let arguments: [Expression]
    /// For `#@name(…) body #end`: the body's index in the template's blocks ($bodyContent).
    let body: Int?
    /// The call as written, printed when no macro has that name.
    let source: String
    let offset: Int

    init(name: String, arguments: [Expression], body: Int?, source: String, offset: Int) {
        self.name = name
        self.arguments = arguments
        self.body = body
        self.source = source
        self.offset = offset
    }
}

struct Branch: Sendable {
    var condition: Expression
    var body: [Node]
}

/// `$name.property.method(args)[index]`, as written.
/// A class so that walking the tree retains one object per reference, not each field.
final class Reference: Sendable {
    let slot: Int
    let name: String
    let accessors: [Accessor]
    let quiet: Bool
    /// The reference's own text (`$a.b()`, `$!{x}`), printed when it is undefined.
    let source: String
    /// UTF-8 offset of the `$` in the template.
    let offset: Int

    init(slot: Int, name: String, accessors: [Accessor], quiet: Bool, source: String, offset: Int) {
        self.slot = slot
        self.name = name
        self.accessors = accessors
        self.quiet = quiet
        self.source = source
        self.offset = offset
    }
}

enum Accessor: Sendable {
    case property(String, offset: Int)
    case method(String, arguments: [Expression], offset: Int)
    case index(Expression, offset: Int)
}

enum BinaryOperator: Sendable {
    case or, and, equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
    case add, subtract, multiply, divide, remainder
}

indirect enum Expression: Sendable {
    case literal(VelocityValue)
    /// A double-quoted string with references or directives inside, rendered as a template.
    case interpolated([Node])
    case reference(Reference)
    case list([Expression])
    case range(Expression, Expression, offset: Int)
    case map([MapEntry])
    case binary(BinaryOperator, Expression, Expression, offset: Int)
    case not(Expression)
    case negate(Expression, offset: Int)
}

struct MapEntry: Sendable {
    var key: Expression
    var value: Expression
}

/// Variable names interned to slots at parse time, so rendering indexes an array.
struct SymbolTable: Sendable {
    static let input = 0
    static let util = 1
    static let context = 2
    static let stageVariables = 3
    static let foreach = 4
    static let velocityCount = 5
    static let velocityHasNext = 6
    static let bodyContent = 7

    private(set) var names: [String] = ["input", "util", "context", "stageVariables", "foreach", "velocityCount", "velocityHasNext", "bodyContent"]
    private var indices: [String: Int] = [:]

    init() {
        for (i, name) in names.enumerated() { indices[name] = i }
    }

    mutating func slot(for name: String) -> Int {
        if let index = indices[name] { return index }
        names.append(name)
        indices[name] = names.count - 1
        return names.count - 1
    }

    func lookup(_ name: String) -> Int? { indices[name] }
}
