import Diagnostics

/// A parsed Velocity template: parse once, render many. Rendering never re-reads the text.
///
/// The engine follows Apache Velocity 1.7 (checked case by case, and by comparing random
/// templates, against the real 1.7 engine): whitespace and newline gobbling of directives,
/// escapes, undefined references printed as written, `#if` truthiness, Java-style printing.
/// Known differences, all in corners no mapping template should rely on: a few lexer
/// accidents of 1.7 around `$`, `#` and `\` written next to each other; map literals keep
/// insertion order; `split` returns a list (1.7 prints a Java array identity); method calls
/// with broken arguments and `${name` without `}` are syntax errors rather than text;
/// `#macro`, `#include`, `#parse` and `#evaluate` are refused.
///
///     let template = try VelocityTemplate(source: #"{"id": "$input.params('id')"}"#)
///     let rendering = try template.render(.apiGateway(body: "", pathParameters: [("id", "abc")],
///                                                     queryParameters: [], headers: [],
///                                                     context: .map(OrderedMap()), stageVariables: []))
///     rendering.output // {"id": "abc"}
public struct VelocityTemplate: Sendable {
    let nodes: [Node]
    let names: [String]
    let blocks: [[Node]]
    let lines: LineTable
    /// Whether any `#set` writes into `$context` (only then are overrides collected).
    let setsContext: Bool
    public let limits: VelocityLimits

    public init(source: String) throws(VelocityError) {
        try self.init(source: source, limits: VelocityLimits())
    }

    public init(source: String, limits: VelocityLimits) throws(VelocityError) {
        let lines = LineTable(source)
        var parser = TemplateParser(bytes: Array(source.utf8), symbols: SymbolTable())
        do {
            nodes = try parser.parseTemplate()
        } catch {
            let (line, column) = lines.position(ofUTF8Offset: error.offset)
            throw VelocityError(message: error.message, line: line, column: column)
        }
        names = parser.symbols.names
        setsContext = parser.setsContext
        blocks = parser.blocks
        self.lines = lines
        self.limits = limits
    }

    public func render(_ environment: VelocityEnvironment) throws(VelocityError) -> VelocityRendering {
        var renderer = Renderer(template: self, environment: environment)
        do {
            return try renderer.run()
        } catch {
            let (line, column) = lines.position(ofUTF8Offset: error.offset)
            throw VelocityError(message: error.message, line: line, column: column)
        }
    }
}

/// Bounds that keep a hostile template from hanging or exhausting memory.
public struct VelocityLimits: Sendable, Equatable {
    /// Iterations of one `#foreach` (AWS-BEHAVIOUR fact 62: API Gateway caps loops at 1000).
    public var foreachIterations = 1000
    /// Iterations of all loops of one rendering together (nested loops multiply).
    public var totalIterations = 100_000
    /// Elements a range such as `[1..n]` may hold.
    public var rangeSize = 10_000
    /// Bytes of output, and of any one string built while rendering (payload limit, fact 111).
    public var outputBytes = 10 * 1024 * 1024

    public init() {}
}

/// What a rendering produced.
public struct VelocityRendering: Sendable {
    public var output: String
    public var overrides: ContextOverrides

    public init(output: String, overrides: ContextOverrides = ContextOverrides()) {
        self.output = output
        self.overrides = overrides
    }
}

/// What a template set on `$context.requestOverride.*` / `$context.responseOverride.*`
/// (AWS-BEHAVIOUR fact 63).
public struct ContextOverrides: Sendable, Equatable {
    public var requestHeaders: [String: String]
    public var requestPath: [String: String]
    public var requestQuerystring: [String: String]
    public var responseStatus: Int?
    public var responseHeaders: [String: String]

    public init(
        requestHeaders: [String: String] = [:], requestPath: [String: String] = [:],
        requestQuerystring: [String: String] = [:], responseStatus: Int? = nil,
        responseHeaders: [String: String] = [:]
    ) {
        self.requestHeaders = requestHeaders
        self.requestPath = requestPath
        self.requestQuerystring = requestQuerystring
        self.responseStatus = responseStatus
        self.responseHeaders = responseHeaders
    }

    public var isEmpty: Bool {
        requestHeaders.isEmpty && requestPath.isEmpty && requestQuerystring.isEmpty
            && responseStatus == nil && responseHeaders.isEmpty
    }
}
