import Velocity

/// Where a `$context` entry can be read.
struct ContextSurfaces: OptionSet, Sendable {
    let rawValue: UInt8

    /// `$context` in mapping templates.
    static let template = ContextSurfaces(rawValue: 1)
    /// `requestContext` of the Lambda proxy event (payload format 1.0).
    static let lambdaEvent = ContextSurfaces(rawValue: 2)
    /// `context.NAME` in parameter mappings.
    static let mapping = ContextSurfaces(rawValue: 4)
    /// `$context.NAME` in access-log formats.
    static let accessLog = ContextSurfaces(rawValue: 8)

    static let request: ContextSurfaces = [.template, .lambdaEvent, .mapping, .accessLog]
}

/// One `$context` entry, declared once: its key, where it can be read, and how it is read
/// from an exchange. A map (`identity`) lists its entries as children.
struct ContextEntry: Sendable {
    let key: String
    let surfaces: ContextSurfaces
    /// The value for a request (and the failure a gateway response renders); nil: absent.
    let read: @Sendable (Exchange, GatewayError?) -> ContextValue?
    let children: [ContextEntry]
    /// The value templates see, when it is the same for every request (made once, shared).
    let templateConstant: VelocityValue?

    init(_ key: String, _ surfaces: ContextSurfaces = .request, template constant: VelocityValue? = nil,
         _ read: @escaping @Sendable (Exchange, GatewayError?) -> ContextValue?) {
        self.key = key
        self.surfaces = surfaces
        self.read = read
        children = []
        templateConstant = constant
    }

    /// A text read from the exchange.
    init(_ key: String, _ surfaces: ContextSurfaces = .request, text: @escaping @Sendable (Exchange) -> String) {
        self.init(key, surfaces) { exchange, _ in .string(text(exchange)) }
    }

    /// A map of child entries.
    init(_ key: String, _ surfaces: ContextSurfaces = .request, children: [ContextEntry]) {
        self.key = key
        self.surfaces = surfaces
        self.children = children
        templateConstant = nil
        read = { exchange, error in
            .map(children.compactMap { child in child.read(exchange, error).map { (child.key, $0) } })
        }
    }
}

/// The `$context` of REST API requests: every entry written once, in the order AWS lists them
/// (DG: api-gateway-mapping-template-reference, "$context variables for data models,
/// authorizers, mapping templates, and access logging"; the order and the nulls of the Lambda
/// event's requestContext as recorded against AWS in LocalStack
/// tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
/// test_lambda_aws_proxy_integration). Templates, the Lambda proxy event, parameter mappings
/// and access logs all read from this table: adding `authorizer.*` or an access-log-only
/// field is one entry here.
enum ContextTable {
    static let rest: [ContextEntry] = [
        ContextEntry("accountId") { $0.context.accountId },
        ContextEntry("apiId") { $0.context.apiId },
        // What the authorizer established; absent when no authorizer ran (DG:
        // set-up-lambda-proxy-integrations, the input format's requestContext.authorizer;
        // api-gateway-mapping-template-reference, "$context.authorizer.*").
        ContextEntry("authorizer") { exchange, _ in exchange.caller.map(authorizerValue) },
        ContextEntry("domainName") { $0.context.domainName },
        ContextEntry("domainPrefix") { $0.context.domainPrefix },
        ContextEntry("extendedRequestId") { $0.context.extendedRequestId },
        ContextEntry("httpMethod") { $0.context.httpMethod },
        // Without an authorizer, only the caller's address and user agent are known.
        ContextEntry("identity", children: [
            identityEntry("accessKey"), identityEntry("accountId"),
            // The API key a method that requires one was called with, and its id; absent when
            // no key was checked (DG: api-gateway-mapping-template-reference, "$context.identity.apiKey").
            ContextEntry("apiKey") { exchange, _ in exchange.client.map { .string($0.key.value) } },
            ContextEntry("apiKeyId") { exchange, _ in exchange.client.map { .string($0.key.id) } },
            identityEntry("caller"), identityEntry("cognitoAuthenticationProvider"),
            identityEntry("cognitoAuthenticationType"), identityEntry("cognitoIdentityId"), identityEntry("cognitoIdentityPoolId"),
            identityEntry("principalOrgId"),
            ContextEntry("sourceIp") { $0.context.sourceIp },
            identityEntry("user"),
            ContextEntry("userAgent") { exchange, _ in exchange.context.userAgent.map(ContextValue.string) ?? .null },
            identityEntry("userArn"),
        ]),
        ContextEntry("path") { $0.context.path },
        ContextEntry("protocol") { $0.context.protocol },
        ContextEntry("requestId") { $0.context.requestId },
        ContextEntry("requestTime") { $0.context.requestTime },
        ContextEntry("requestTimeEpoch") { exchange, _ in .int(exchange.context.requestTimeEpoch) },
        ContextEntry("resourceId") { $0.context.resourceId },
        ContextEntry("resourcePath") { $0.context.resourcePath },
        ContextEntry("stage") { $0.context.stage },
        ContextEntry("deploymentId", [.lambdaEvent]) { $0.context.deploymentId },
        // In gateway responses only: the failure they answer. `messageString` is the message in
        // double quotes (DG: api-gateway-mapping-template-reference); `validationErrorString`
        // the validator's messages (DG: api-gateway-method-request-validation).
        ContextEntry("error", [.template]) { _, error in
            error.map { error in
                .map([("message", error.message.map(ContextValue.string) ?? .null), ("messageString", .string(error.messageString)),
                      ("responseType", .string(error.type.rawValue)), ("validationErrorString", .string(error.validationErrorString))])
            }
        },
        // Maps a template may `#set` into to override the integration request's headers, path
        // and query, or the method response's status and headers (DG: apigateway-override-request-response-parameters).
        ContextEntry("requestOverride", [.template], template: emptyRequestOverride) { _, _ in
            .map([("header", .map([])), ("path", .map([])), ("querystring", .map([]))])
        },
        ContextEntry("responseOverride", [.template], template: emptyResponseOverride) { _, _ in .map([("header", .map([]))]) },
        // Access logs only: what the answer was (DG: api-gateway-mapping-template-reference).
        ContextEntry("status", [.accessLog]) { exchange, _ in exchange.response.map { .int(Int64($0.status)) } },
        ContextEntry("responseLength", [.accessLog]) { exchange, _ in exchange.response.map { .int(Int64($0.payloadSize)) } },
        // Whether the canary served the request, a boolean, present only on a stage with canary
        // settings (DG: api-gateway-mapping-template-reference, "$context.isCanaryRequest";
        // templates render it `true`/`false`: LocalStack's test_apigateway_canary.snapshot.json,
        // test_invoking_canary_deployment, recorded against AWS). The Lambda proxy event carries
        // it too: AWS's documentation is silent there, and LocalStack puts it in requestContext
        // (next_gen/execute_api/handlers/parse.py) after the request's other entries.
        ContextEntry("isCanaryRequest") { exchange, _ in exchange.deployed.hasCanary ? .bool(exchange.deployed.isCanary) : nil },
    ]

    /// An `identity` entry the authorization stage may fill (IAM, Cognito); null otherwise.
    private static func identityEntry(_ key: String) -> ContextEntry {
        ContextEntry(key) { exchange, _ in exchange.caller?.identity[key].map(ContextValue.string) ?? .null }
    }

    /// `authorizer`: the token's claims, a Lambda authorizer's context entries (as strings),
    /// its principal and its latency, each only when the check produced it. A Lambda
    /// authorizer's entries come first, then `principalId`, then `integrationLatency`, as an
    /// event API Gateway delivered shows them (`{"tenant_id": …, "principalId": …,
    /// "integrationLatency": 21}`: a WebSocket $connect event quoted in a public repository,
    /// found by its `"integrationLatency":` key); the DG's own examples list no order.
    private static func authorizerValue(_ caller: AuthorizedCaller) -> ContextValue {
        var pairs: [(String, ContextValue)] = []
        if let claims = caller.claims { pairs.append(("claims", .map(claims.map { ($0.key, $0.value) }))) }
        pairs += caller.context.map { ($0.key, $0.value) }
        if let principal = caller.principalId { pairs.append(("principalId", .string(principal))) }
        if let latency = caller.integrationLatency { pairs.append(("integrationLatency", .int(Int64(latency)))) }
        return .map(pairs)
    }

    /// The entries templates see, in order: what a ``ContextSelection`` indexes.
    static let templateEntries = rest.filter { $0.surfaces.contains(.template) }

    /// A value by dotted path (`identity.sourceIp`) for one surface, without building the
    /// maps around it; nil when the surface has no such entry.
    static func value(at path: some Collection<Substring>, surface: ContextSurfaces, exchange: Exchange) -> ContextValue? {
        var entries = rest[...]
        var remaining = path[...]
        while let key = remaining.first {
            guard let entry = entries.first(where: { $0.key == key && $0.surfaces.contains(surface) }) else { return nil }
            remaining = remaining.dropFirst()
            if remaining.isEmpty { return entry.read(exchange, nil) }
            // A map whose keys vary per request (`authorizer.claims.sub`, `authorizer.principalId`).
            guard !entry.children.isEmpty else { return entry.read(exchange, nil)?.member(at: remaining) }
            entries = entry.children[...]
        }
        return nil
    }

    /// A value as text, for parameter mappings: strings as they are, numbers in decimal;
    /// null and maps have no text.
    static func text(at dotted: String, surface: ContextSurfaces, exchange: Exchange) -> String? {
        text(at: dotted.split(separator: "."), surface: surface, exchange: exchange)
    }

    /// A value as text by its path's names (`["identity", "sourceIp"]`).
    static func text(at path: some Collection<some StringProtocol>, surface: ContextSurfaces, exchange: Exchange) -> String? {
        switch value(at: path.map { Substring($0) }, surface: surface, exchange: exchange) {
        case .string(let text)?: text
        case .int(let number)?: String(number)
        case .bool(let flag)?: flag ? "true" : "false"
        default: nil
        }
    }

    /// The entries of a surface as ordered name/value pairs (the Lambda event's requestContext).
    static func fields(for surface: ContextSurfaces, exchange: Exchange) -> [(String, ContextValue)] {
        rest.compactMap { entry in
            guard entry.surfaces.contains(surface), let value = entry.read(exchange, nil) else { return nil }
            return (entry.key, value)
        }
    }
}

extension ContextValue {
    /// The value at a path of keys inside nested maps; nil when a key is missing.
    func member(at path: some Collection<Substring>) -> ContextValue? {
        var value = self
        for key in path {
            guard case .map(let pairs) = value, let found = pairs.first(where: { $0.0 == key }) else { return nil }
            value = found.1
        }
        return value
    }

    /// The value as templates see it.
    var velocity: VelocityValue {
        switch self {
        case .null: .null
        case .string(let text): .string(text)
        case .int(let number): .int(Int(number))
        case .bool(let flag): .bool(flag)
        case .map(let pairs): .map(OrderedMap(uniqueEntries: pairs.map { OrderedMap.Entry(key: $0.0, value: $0.1.velocity) }))
        }
    }
}

/// The override maps as a template first sees them: shared, immutable values.
private let emptyRequestOverride = VelocityValue.map(OrderedMap(uniqueKeysWithValues: [
    ("header", .map(OrderedMap())), ("path", .map(OrderedMap())), ("querystring", .map(OrderedMap())),
]))
private let emptyResponseOverride = VelocityValue.map(OrderedMap(uniqueKeysWithValues: [("header", .map(OrderedMap()))]))
