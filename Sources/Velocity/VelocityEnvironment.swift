/// The variables one rendering sees. For API Gateway: `$input`, `$util`, `$context` and
/// `$stageVariables`; any other variable can be added with `setting(_:to:)`.
public struct VelocityEnvironment: Sendable {
    var hasGatewayObjects = false
    var body = ""
    var pathParameters = OrderedMap()
    var queryParameters = OrderedMap()
    var headers = OrderedMap()
    var context: VelocityValue = .null
    var stageVariables: VelocityValue = .null
    var variables: [String: VelocityValue] = [:]

    /// When true, a reference that resolves to nothing renders as empty text, as if written
    /// quietly (`$!x`). Velocity 1.7 prints the reference as written (`$x`), which is what a
    /// plain environment does; `apiGateway(...)` turns it on, because API Gateway prints null
    /// objects as empty strings (toqoz/api-gateway-mapping-template issue #5 and PR #4; and
    /// AWS-BEHAVIOUR fact 55: `$input.path('$.nonExisting')` renders empty).
    public var undefinedReferencesRenderEmpty = false

    /// An environment with only the given variables (plain Velocity, no `$input`/`$util`).
    public init(variables: [String: VelocityValue] = [:]) {
        self.variables = variables
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
        var environment = VelocityEnvironment()
        environment.hasGatewayObjects = true
        environment.undefinedReferencesRenderEmpty = true
        environment.body = body
        environment.pathParameters = OrderedMap(pathParameters.map { ($0.0, .string($0.1)) })
        environment.queryParameters = OrderedMap(queryParameters.map { ($0.0, .string($0.1)) })
        environment.headers = OrderedMap(headers.map { ($0.0, .string($0.1)) })
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
        environment.context = .map(contextMap)
        environment.stageVariables = .map(OrderedMap(stageVariables.map { ($0.0, .string($0.1)) }))
        return environment
    }

    /// A copy with one more variable (`$name`).
    public func setting(_ name: String, to value: VelocityValue) -> VelocityEnvironment {
        var copy = self
        copy.variables[name] = value
        return copy
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
