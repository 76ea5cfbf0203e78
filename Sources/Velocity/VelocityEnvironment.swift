/// The variables one rendering sees. For API Gateway: `$input`, `$util`, `$context` and
/// `$stageVariables`; any other variable can be added with `setting(_:to:)`.
public struct VelocityEnvironment: Sendable {
    /// Everything a template reads, in one immutable object, so that starting a rendering
    /// retains one reference instead of each map and string.
    final class Variables: Sendable {
        let hasGatewayObjects: Bool
        let parameters: InputParameters
        let context: VelocityValue
        let stageVariables: VelocityValue
        let variables: [String: VelocityValue]

        init(hasGatewayObjects: Bool = false, parameters: InputParameters = InputParameters(),
             context: VelocityValue = .null, stageVariables: VelocityValue = .null,
             variables: [String: VelocityValue] = [:]) {
            self.hasGatewayObjects = hasGatewayObjects
            self.parameters = parameters
            self.context = context
            self.stageVariables = stageVariables
            self.variables = variables
        }

        func setting(_ name: String, to value: VelocityValue) -> Variables {
            var variables = variables
            variables[name] = value
            return Variables(hasGatewayObjects: hasGatewayObjects, parameters: parameters, context: context,
                             stageVariables: stageVariables, variables: variables)
        }
    }

    let storage: Variables
    /// `$input.body`: apart from the other variables, because the request and response
    /// templates of one request share everything else.
    let body: String
    var hasGatewayObjects: Bool { storage.hasGatewayObjects }
    var parameters: InputParameters { storage.parameters }
    var context: VelocityValue { storage.context }
    var stageVariables: VelocityValue { storage.stageVariables }
    var variables: [String: VelocityValue] { storage.variables }

    /// When true, a reference that resolves to nothing renders as empty text, as if written
    /// quietly (`$!x`). Velocity 1.7 prints the reference as written (`$x`), which is what a
    /// plain environment does; `apiGateway(...)` turns it on, because API Gateway prints null
    /// objects as empty strings (toqoz/api-gateway-mapping-template issue #5 and PR #4; and
    /// `$input.path('$.nonExisting')` renders empty, recorded AWS response: LocalStack
    /// tests/aws/services/apigateway/test_apigateway_common.snapshot.json,
    /// test_input_path_template_formatting).
    public var undefinedReferencesRenderEmpty = false

    /// An environment with only the given variables (plain Velocity, no `$input`/`$util`).
    public init(variables: [String: VelocityValue] = [:]) {
        storage = Variables(variables: variables)
        body = ""
    }

    private init(storage: Variables, body: String, undefinedReferencesRenderEmpty: Bool) {
        self.storage = storage
        self.body = body
        self.undefinedReferencesRenderEmpty = undefinedReferencesRenderEmpty
    }

    /// The variables of one API Gateway request. Repeated names keep the last value.
    /// `context` is a `.map` of `$context` values; `requestOverride` and `responseOverride`
    /// maps are added to it when missing so templates can `#set` into them
    /// (DG: api-gateway-mapping-template-reference).
    public static func apiGateway(
        body: String,
        pathParameters: [(String, String)],
        queryParameters: [(String, String)],
        headers: [(String, String)],
        context: VelocityValue,
        stageVariables: [(String, String)]
    ) -> VelocityEnvironment {
        var contextMap: OrderedMap
        if case .map(let map) = context { contextMap = map } else { contextMap = OrderedMap() }
        if contextMap["requestOverride"] == nil {
            contextMap["requestOverride"] = .map(OrderedMap([
                ("header", .map(OrderedMap())), ("path", .map(OrderedMap())), ("querystring", .map(OrderedMap())),
            ]))
        }
        if contextMap["responseOverride"] == nil {
            contextMap["responseOverride"] = .map(OrderedMap([("header", .map(OrderedMap()))]))
        }
        func map(_ pairs: [(String, String)]) -> OrderedMap { OrderedMap(texts: pairs.map { (name: $0.0, value: $0.1) }) }
        return apiGateway(
            body: body,
            parameters: InputParameters(path: map(pathParameters), querystring: map(queryParameters), headers: map(headers)),
            context: .map(contextMap), stageVariables: .map(map(stageVariables)))
    }

    /// The same, from the lists and values the caller holds, used as they are: `context` is
    /// `$context` exactly (nothing is added to it), and the parameter lists are read in place
    /// (the gateway passes its own request's lists, so a rendering copies none of them).
    public static func apiGateway(
        body: String,
        parameters: InputParameters,
        context: VelocityValue,
        stageVariables: VelocityValue
    ) -> VelocityEnvironment {
        let variables = Variables(hasGatewayObjects: true, parameters: parameters, context: context, stageVariables: stageVariables)
        return VelocityEnvironment(storage: variables, body: body, undefinedReferencesRenderEmpty: true)
    }

    /// A copy with one more variable (`$name`).
    public func setting(_ name: String, to value: VelocityValue) -> VelocityEnvironment {
        VelocityEnvironment(storage: storage.setting(name, to: value), body: body, undefinedReferencesRenderEmpty: undefinedReferencesRenderEmpty)
    }

    /// `$input.params()`: `path`, `querystring` and `header` maps
    /// (DG: api-gateway-mapping-template-reference).
    var allParameters: VelocityValue {
        .map(OrderedMap([
            ("path", .map(OrderedMap(parameters.path))), ("querystring", .map(OrderedMap(parameters.querystring))),
            ("header", .map(OrderedMap(parameters.headers))),
        ]))
    }

    /// `$input.params(name)`: path, then query string, then header
    /// (DG: api-gateway-mapping-template-reference); a repeated name gives its last value. A
    /// header name matches ignoring case when no header has it exactly.
    func parameter(_ name: String) -> VelocityValue {
        let parameters = parameters
        if let value = parameters.path.lastValue(named: name) { return value }
        if let value = parameters.querystring.lastValue(named: name) { return value }
        let headers = parameters.headers
        if let value = headers.lastValue(named: name) { return value }
        // The first header (in request order) whose name matches ignoring case, with the last
        // value sent under that exact name: what a map of the headers gives for its first such key.
        let lowered = name.lowercased()
        for index in 0..<headers.count where headers.name(at: index).lowercased() == lowered {
            return headers.lastValue(named: headers.name(at: index)) ?? .string("")
        }
        return .string("")
    }
}

/// One of `$input`'s parameter lists (path, query string or headers) read where its owner
/// keeps it: name/value pairs in request order, in which a name may repeat. The gateway hands
/// over its request's own lists, so a rendering builds no map of them unless a template asks
/// for `$input.params()`.
public protocol ParameterList: Sendable {
    var count: Int { get }
    func name(at index: Int) -> String
    func value(at index: Int) -> VelocityValue
    /// The value of the last pair named `name`.
    func lastValue(named name: String) -> VelocityValue?
}

extension ParameterList {
    /// Names compare as a small map's keys do (same UTF-8 length, then equal), so a list and
    /// the map made of it find the same pair.
    public func lastValue(named name: String) -> VelocityValue? {
        let length = name.utf8.count
        var index = count
        while index > 0 {
            index -= 1
            let candidate = self.name(at: index)
            if candidate.utf8.count == length && candidate == name { return value(at: index) }
        }
        return nil
    }
}

/// Text pairs as a parameter list.
public struct NamedTexts: ParameterList {
    public let pairs: [(name: String, value: String)]

    public init(_ pairs: [(name: String, value: String)]) {
        self.pairs = pairs
    }

    public var count: Int { pairs.count }
    public func name(at index: Int) -> String { pairs[index].name }
    public func value(at index: Int) -> VelocityValue { .string(pairs[index].value) }
}

/// A map is a list whose names are already distinct.
extension OrderedMap: ParameterList {
    public func name(at index: Int) -> String { pairs[index].key }
    public func value(at index: Int) -> VelocityValue { pairs[index].value }
    public func lastValue(named name: String) -> VelocityValue? { self[name] }
}

/// `$input`'s three parameter lists (DG: api-gateway-mapping-template-reference, `$input.params`).
public struct InputParameters: Sendable {
    public let path: any ParameterList
    public let querystring: any ParameterList
    public let headers: any ParameterList

    public init(path: any ParameterList = NamedTexts([]), querystring: any ParameterList = NamedTexts([]),
                headers: any ParameterList = NamedTexts([])) {
        self.path = path
        self.querystring = querystring
        self.headers = headers
    }
}
