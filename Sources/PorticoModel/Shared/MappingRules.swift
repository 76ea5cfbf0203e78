import Diagnostics

/// Where a parameter map is written. Each place sets its own kind of target and reads only
/// what exists at that point of a request: an integration request cannot read the
/// integration's response, which has not happened yet (DG: request-response-data-mappings;
/// gateway responses: DG: api-gateway-swagger-extensions-gateway-responses.responseParameters,
/// set-up-gateway-response-using-the-console).
public enum MappingPlace: Sendable, CaseIterable {
    /// An integration's `requestParameters`: method request → integration request.
    case integrationRequest
    /// An integration response's `responseParameters`: integration response → method response.
    case integrationResponse
    /// A gateway response's `responseParameters`: method request → gateway response.
    case gatewayResponse

    public func accepts(_ target: MappingTarget) -> Bool {
        switch (self, target) {
        case (.integrationRequest, .integrationRequestPath), (.integrationRequest, .integrationRequestQuery),
             (.integrationRequest, .integrationRequestHeader),
             (.integrationResponse, .methodResponseHeader),
             (.gatewayResponse, .gatewayResponseHeader): true
        default: false
        }
    }

    public func accepts(_ source: MappingSource) -> Bool {
        if source.isMethodRequest { return self != .integrationResponse }
        if source.isIntegrationResponse { return self == .integrationResponse }
        return true   // literals, stage variables and context variables exist everywhere
    }

    /// The place, as messages name it.
    var name: String {
        switch self {
        case .integrationRequest: "an integration request"
        case .integrationResponse: "an integration response"
        case .gatewayResponse: "a gateway response"
        }
    }

    var expectedTargets: String {
        switch self {
        case .integrationRequest: "integration.request.path|querystring|header.NAME"
        case .integrationResponse: "method.response.header.NAME"
        case .gatewayResponse: "gatewayresponse.header.NAME"
        }
    }

    var expectedSources: String {
        let read = switch self {
        case .integrationRequest, .gatewayResponse:
            "method.request.path|querystring|multivaluequerystring|header|multivalueheader.NAME, method.request.body"
        case .integrationResponse:
            "integration.response.header|multivalueheader.NAME, integration.response.body"
        }
        return read + ", stageVariables.NAME, context.NAME or a 'quoted' value"
    }

    var diagnosticID: DiagnosticID {
        switch self {
        case .integrationRequest: .integrationParameter
        case .integrationResponse: .integrationResponseParameter
        case .gatewayResponse: .openAPIGatewayResponseParameter
        }
    }
}

/// The identity source forms an authorizer's kind of API writes. REST: DG:
/// api-gateway-swagger-extensions-authorizer and the API reference's Authorizer
/// `identitySource` (`method.request.header.Auth`, `method.request.querystring.Name`,
/// `stageVariables.Name`, `context.Name`). HTTP APIs: DG: http-api-lambda-authorizer
/// (`$request.header.Name`, `$request.querystring.Name`, `$context.Name`,
/// `$stageVariables.Name`). WebSocket APIs: DG: apigateway-websocket-api-lambda-auth
/// (`route.request.header.Name`, `route.request.querystring.Name`, `stageVariables.Name`,
/// `context.Name`), and the HTTP API forms, which the API Gateway V2 API shares.
public enum IdentitySourceSyntax: Sendable, CaseIterable {
    case rest
    case http
    case webSocket

    /// What `text` names in this syntax, or nil when it is not one of its forms.
    public func parse(_ text: String) -> MappingSource? {
        switch self {
        case .rest:
            guard let source = MappingSource(expression: text) else { return nil }
            switch source {
            case .methodRequestHeader, .methodRequestQuery, .stageVariable, .context: return source
            default: return nil
            }
        case .http:
            return Self.dollarForm(text)
        case .webSocket:
            if let source = Self.dollarForm(text) { return source }
            if let rest = text.dropPrefix("route.request."), let source = MappingSource(expression: "method.request." + rest) {
                switch source {
                case .methodRequestHeader, .methodRequestQuery: return source
                default: return nil
                }
            }
            guard let source = MappingSource(expression: text) else { return nil }
            switch source {
            case .stageVariable, .context: return source
            default: return nil
            }
        }
    }

    /// `$request.header.N`, `$request.querystring.N`, `$context.N`, `$stageVariables.N`.
    private static func dollarForm(_ text: String) -> MappingSource? {
        guard text.hasPrefix("$") else { return nil }
        let rest = String(text.dropFirst())
        if let request = rest.dropPrefix("request.") {
            guard let source = MappingSource(expression: "method.request." + request) else { return nil }
            switch source {
            case .methodRequestHeader, .methodRequestQuery: return source
            default: return nil
            }
        }
        guard rest.hasPrefix("context.") || rest.hasPrefix("stageVariables."), let source = MappingSource(expression: rest) else { return nil }
        return source
    }

    /// Any syntax's reading of `text`: for authorizers made in code, whose API is not known.
    static func parseAny(_ text: String) -> MappingSource? {
        allCases.lazy.compactMap { $0.parse(text) }.first
    }

    var expected: String {
        switch self {
        case .rest: "method.request.header.NAME, method.request.querystring.NAME, stageVariables.NAME or context.NAME"
        case .http: "$request.header.NAME, $request.querystring.NAME, $context.NAME or $stageVariables.NAME"
        case .webSocket: "route.request.header.NAME, route.request.querystring.NAME, stageVariables.NAME or context.NAME"
        }
    }
}

/// Cache key parameters name method request parameters (API reference: Integration
/// `cacheKeyParameters`; DG: api-gateway-caching).
enum CacheKeyRule {
    static func accepts(_ source: MappingSource) -> Bool {
        source.methodRequestParameter != nil
    }

    static let expected = "method.request.path|querystring|multivaluequerystring|header|multivalueheader.NAME"
}
