/// The variables one rendering sees. For API Gateway: `$input`, `$util`, `$context` and
/// `$stageVariables`; any other variable can be added with `setting(_:to:)`.
public struct VelocityEnvironment: Sendable {
    /// Everything a template reads, in one immutable object, so that starting a rendering
    /// retains one reference instead of each map and string.
    final class Variables: Sendable {
        let hasGatewayObjects: Bool
        let pathParameters: OrderedMap
        let queryParameters: OrderedMap
        let headers: OrderedMap
        let context: VelocityValue
        let stageVariables: VelocityValue
        let variables: [String: VelocityValue]

        init(hasGatewayObjects: Bool = false, pathParameters: OrderedMap = OrderedMap(),
             queryParameters: OrderedMap = OrderedMap(), headers: OrderedMap = OrderedMap(),
             context: VelocityValue = .null, stageVariables: VelocityValue = .null,
             variables: [String: VelocityValue] = [:]) {
            self.hasGatewayObjects = hasGatewayObjects
            self.pathParameters = pathParameters
            self.queryParameters = queryParameters
            self.headers = headers
            self.context = context
            self.stageVariables = stageVariables
            self.variables = variables
        }

        func setting(_ name: String, to value: VelocityValue) -> Variables {
            var variables = variables
            variables[name] = value
            return Variables(hasGatewayObjects: hasGatewayObjects, pathParameters: pathParameters,
                             queryParameters: queryParameters, headers: headers, context: context,
                             stageVariables: stageVariables, variables: variables)
        }
    }

    let storage: Variables
    /// `$input.body`: apart from the other variables, because the request and response
    /// templates of one request share everything else.
    let body: String
    var hasGatewayObjects: Bool { storage.hasGatewayObjects }
    var pathParameters: OrderedMap { storage.pathParameters }
    var queryParameters: OrderedMap { storage.queryParameters }
    var headers: OrderedMap { storage.headers }
    var context: VelocityValue { storage.context }
    var stageVariables: VelocityValue { storage.stageVariables }
    var variables: [String: VelocityValue] { storage.variables }

    /// When true, a reference that resolves to nothing renders as empty text, as if written
    /// quietly (`$!x`). Velocity 1.7 prints the reference as written (`$x`), which is what a
    /// plain environment does; `apiGateway(...)` turns it on, because API Gateway prints null
    /// objects as empty strings (toqoz/api-gateway-mapping-template issue #5 and PR #4; and
    /// AWS-BEHAVIOUR fact 55: `$input.path('$.nonExisting')` renders empty).
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
    /// maps are added to it when missing so templates can `#set` into them (fact 63).
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
        return apiGateway(
            body: body,
            pathParameters: OrderedMap(texts: pathParameters.map { (name: $0.0, value: $0.1) }),
            queryParameters: OrderedMap(texts: queryParameters.map { (name: $0.0, value: $0.1) }),
            headers: OrderedMap(texts: headers.map { (name: $0.0, value: $0.1) }),
            context: contextMap,
            stageVariables: OrderedMap(texts: stageVariables.map { (name: $0.0, value: $0.1) }))
    }

    /// The same, from maps the caller has built (the gateway builds them once per request or
    /// once per stage). `requestOverride` and `responseOverride` are added to `context` when
    /// missing.
    public static func apiGateway(
        body: String,
        pathParameters: OrderedMap,
        queryParameters: OrderedMap,
        headers: OrderedMap,
        context: OrderedMap,
        stageVariables: OrderedMap
    ) -> VelocityEnvironment {
        var contextMap = context
        if contextMap["requestOverride"] == nil {
            contextMap["requestOverride"] = .map(OrderedMap([
                ("header", .map(OrderedMap())), ("path", .map(OrderedMap())), ("querystring", .map(OrderedMap())),
            ]))
        }
        if contextMap["responseOverride"] == nil {
            contextMap["responseOverride"] = .map(OrderedMap([("header", .map(OrderedMap()))]))
        }
        let variables = Variables(
            hasGatewayObjects: true, pathParameters: pathParameters, queryParameters: queryParameters,
            headers: headers, context: .map(contextMap), stageVariables: .map(stageVariables))
        return VelocityEnvironment(storage: variables, body: body, undefinedReferencesRenderEmpty: true)
    }

    /// The same variables with another `$input.body`: the gateway renders a request and a
    /// response template with the same parameters and `$context`, so it builds them once.
    public func replacingBody(_ body: String) -> VelocityEnvironment {
        VelocityEnvironment(storage: storage, body: body, undefinedReferencesRenderEmpty: undefinedReferencesRenderEmpty)
    }

    /// A copy with one more variable (`$name`).
    public func setting(_ name: String, to value: VelocityValue) -> VelocityEnvironment {
        VelocityEnvironment(storage: storage.setting(name, to: value), body: body, undefinedReferencesRenderEmpty: undefinedReferencesRenderEmpty)
    }

    /// `$input.params()`: `path`, `querystring` and `header` maps (fact 56).
    var allParameters: VelocityValue {
        .map(OrderedMap([
            ("path", .map(pathParameters)), ("querystring", .map(queryParameters)), ("header", .map(headers)),
        ]))
    }

    /// `$input.params(name)`: path, then query string, then header (fact 56).
    func parameter(_ name: String) -> VelocityValue {
        if let value = pathParameters[name] { return value }
        if let value = queryParameters[name] { return value }
        if let value = headers[name] { return value }
        let lowered = name.lowercased()
        for key in headers.keys where key.lowercased() == lowered { return headers[key] ?? .string("") }
        return .string("")
    }
}
