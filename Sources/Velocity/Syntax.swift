/// The parsed form of a template: rendering walks this tree, never the text.
///
/// Text, about half of the nodes, is neither boxed nor a reference to anything (it points
/// into the template's `TextStorage`), and the other frequent nodes are one object each, so
/// walking the tree retains at most one object per node.
enum Node: Sendable {
    /// Text as written, copied to the output as it is.
    case text(TextSpan)
    /// A reference in text.
    case reference(Reference)
    /// A reference in text after backslashes; `escapes` counts them.
    indirect case escapedReference(Reference, escapes: Int)
    indirect case set(target: Reference, value: Expression, offset: Int)
    case ifChain(IfChain)
    case foreach(Loop)
    case breakLoop
    case stop
    /// `#define($name) … #end`: `block` indexes the template's blocks.
    indirect case define(variable: Int, block: Int)
    /// `#name(args)` or `#@name(args) … #end`, looked up when rendering.
    case macroCall(MacroCall)
}

/// Where a run of text sits in the template's `TextStorage` (UTF-8 offsets).
struct TextSpan: Sendable {
    let start: UInt32
    let count: UInt32
}

/// The text runs of a template, one after another, in memory owned by the parsed template and
/// never changed, so a rendering copies from it by address.
final class TextStorage: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>

    init(_ text: [UInt8]) {
        let storage = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(text.count, 1))
        _ = storage.initialize(from: text)
        bytes = UnsafeBufferPointer(storage)
    }

    deinit { bytes.deallocate() }
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

/// `#if … #elseif … #else … #end`.
final class IfChain: Sendable {
    let branches: [Branch]
    let otherwise: [Node]?

    init(branches: [Branch], otherwise: [Node]?) {
        self.branches = branches
        self.otherwise = otherwise
    }
}

/// One `#if` or `#elseif` and what it renders.
final class Branch: Sendable {
    let condition: Expression
    let body: [Node]

    init(condition: Expression, body: [Node]) {
        self.condition = condition
        self.body = body
    }
}

/// `#foreach($variable in iterable) body #end`.
final class Loop: Sendable {
    let variable: Int
    let iterable: Expression
    let body: [Node]
    let offset: Int

    init(variable: Int, iterable: Expression, body: [Node], offset: Int) {
        self.variable = variable
        self.iterable = iterable
        self.body = body
        self.offset = offset
    }
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
    case method(MethodCall)
    case index(Expression, offset: Int)
}

/// `.name(arguments)` in a reference, with what can be decided before rendering.
final class MethodCall: Sendable {
    let name: String
    let arguments: [Expression]
    /// UTF-8 offset of the `.` before the name.
    let offset: Int
    /// The `$input` or `$util` method of that name and argument count, if there is one, so a
    /// rendering calls it without comparing names or building an argument list.
    let gateway: GatewayMethod?
    /// `$input.path('…')` and `$input.json('…')` with a literal path: the path, compiled once.
    let path: JSONPath.Compiled?

    init(name: String, arguments: [Expression], offset: Int, receiver: String, isFirstAccessor: Bool) {
        self.name = name
        self.arguments = arguments
        self.offset = offset
        gateway = GatewayMethod(name: name, argumentCount: arguments.count)
        if receiver == "input", isFirstAccessor, gateway == .path || gateway == .json,
           case .literal(.string(let path)) = arguments[0] {
            // A path that does not compile fails when rendered, as it did before.
            self.path = try? JSONPath.compile(path)
        } else {
            path = nil
        }
    }
}

enum BinaryOperator: Sendable {
    case or, and, equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
    case add, subtract, multiply, divide, remainder
}

/// An expression. A reference, the most frequent, is one object; the other cases are boxed.
enum Expression: Sendable {
    indirect case literal(VelocityValue)
    /// A double-quoted string with references or directives inside, rendered as a template.
    /// `dropsLastCharacter`: the rendering loses its last character (see `parseDoubleQuoted`).
    indirect case interpolated([Node], dropsLastCharacter: Bool)
    case reference(Reference)
    indirect case list([Expression])
    indirect case range(Expression, Expression, offset: Int)
    indirect case map([MapEntry])
    indirect case binary(BinaryOperator, Expression, Expression, offset: Int)
    indirect case not(Expression)
    indirect case negate(Expression, offset: Int)
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
