import Diagnostics
import Foundation
import Yams

/// Reads a WebSocket API from a small YAML file whose keys mirror CloudFormation's
/// `AWS::ApiGatewayV2` Api, Route, RouteResponse, Integration, IntegrationResponse and
/// Authorizer properties, in camelCase (OpenAPI cannot describe WebSocket APIs):
///
/// ```yaml
/// name: chat                                   # optional; the project's API name otherwise
/// description: A chat room
/// routeSelectionExpression: $request.body.action        # required
/// apiKeySelectionExpression: $request.header.x-api-key  # optional
/// authorizers:                                 # Lambda REQUEST authorizers, $connect only
///   - name: token-check
///     authorizerType: REQUEST
///     function: chat-authorizer                # a project function, or authorizerUri: <Lambda ARN>
///     identitySource: [route.request.querystring.token]
///     authorizerResultTtlInSeconds: 0
/// routes:
///   - routeKey: $connect                       # $connect | $disconnect | $default | custom
///     authorizationType: CUSTOM                # NONE (default) | AWS_IAM | CUSTOM
///     authorizerId: token-check                # an authorizer's name
///     apiKeyRequired: false
///     target: integrations/connect             # AWS's form: integrations/<integration name>
///   - routeKey: sendmessage
///     target: integrations/send
///     routeResponseSelectionExpression: $default
///     routeResponses: [{routeResponseKey: $default}]
/// integrations:
///   - name: connect
///     integrationType: AWS_PROXY               # AWS | AWS_PROXY | HTTP | HTTP_PROXY | MOCK
///     function: chat-connect                   # or integrationUri: <Lambda ARN or URL>; or backend: <name>
///   - name: send
///     integrationType: MOCK
///     templateSelectionExpression: \$default
///     requestTemplates: {$default: '{"statusCode": 200}'}
///     integrationResponses:
///       - integrationResponseKey: $default
///         responseTemplates: {$default: '{"ok": true}'}
/// ```
///
/// Every problem is a located diagnostic: unknown keys (with the closest known one), a route
/// whose target or authorizer is not declared, duplicate route keys, and an authorizer on a
/// route other than `$connect`, which AWS refuses (DG: apigateway-websocket-api-lambda-auth).
public struct WebSocketLoader {
    public init() {}

    static let apiKeys = ["name", "description", "protocolType", "routeSelectionExpression", "apiKeySelectionExpression",
                          "authorizers", "routes", "integrations", "disableSchemaValidation", "tags"]
    static let routeKeys = ["routeKey", "authorizationType", "authorizerId", "apiKeyRequired", "target", "operationName",
                            "routeResponseSelectionExpression", "routeResponses", "modelSelectionExpression", "requestModels",
                            "requestParameters", "authorizationScopes"]
    static let routeResponseKeys = ["routeResponseKey", "modelSelectionExpression", "responseModels", "responseParameters"]
    static let integrationKeys = ["name", "integrationType", "integrationUri", "integrationMethod", "function", "backend",
                                  "requestTemplates", "templateSelectionExpression", "passthroughBehavior", "contentHandlingStrategy",
                                  "timeoutInMillis", "credentialsArn", "requestParameters", "integrationResponses", "description",
                                  "connectionType", "connectionId"]
    static let integrationResponseKeys = ["integrationResponseKey", "responseTemplates", "templateSelectionExpression",
                                          "contentHandlingStrategy", "responseParameters"]
    static let authorizerKeys = ["name", "authorizerType", "authorizerUri", "function", "identitySource", "authorizerCredentialsArn",
                                 "authorizerResultTtlInSeconds", "identityValidationExpression"]

    /// Whether a composed document looks like this format rather than OpenAPI.
    static func looksLikeWebSocket(_ node: Node) -> Bool {
        guard case .mapping(let mapping) = node else { return false }
        return mapping.value(forKey: "openapi") == nil && mapping.value(forKey: "routeSelectionExpression") != nil
    }

    public func load(_ source: YAMLSource, defaultName: String, diagnostics: inout DiagnosticEngine) -> WebSocketAPI? {
        guard let root = source.compose(diagnostics: &diagnostics) else { return nil }
        return load(root, source: source, defaultName: defaultName, diagnostics: &diagnostics)
    }

    func load(_ root: Node, source: YAMLSource, defaultName: String, diagnostics: inout DiagnosticEngine) -> WebSocketAPI? {
        guard let reader = MappingReader(root, source: source, what: "a WebSocket API", diagnostics: &diagnostics) else { return nil }
        reader.finish(known: Self.apiKeys, in: "the WebSocket API", diagnostics: &diagnostics)
        if let protocolType = reader.string("protocolType", diagnostics: &diagnostics), protocolType.uppercased() != "WEBSOCKET" {
            diagnostics.error(.webSocketProtocolType, "protocolType must be WEBSOCKET in a WebSocket API file, found '\(protocolType)'",
                              at: reader.location(ofValue: "protocolType"))
        }
        guard let selection = reader.requiredString("routeSelectionExpression", in: "a WebSocket API", diagnostics: &diagnostics) else { return nil }
        var api = WebSocketAPI(name: reader.string("name", diagnostics: &diagnostics) ?? defaultName,
                               description: reader.string("description", diagnostics: &diagnostics),
                               routeSelectionExpression: selection,
                               apiKeySelectionExpression: reader.string("apiKeySelectionExpression", diagnostics: &diagnostics),
                               location: source.location(of: root))
        if let expression = api.apiKeySelectionExpression,
           expression != "$request.header.x-api-key", expression != "$context.authorizer.usageIdentifierKey" {
            // Only these two are accepted (DG: apigateway-websocket-api-selection-expressions).
            diagnostics.error(.webSocketAPIKeySelection, "apiKeySelectionExpression must be $request.header.x-api-key or $context.authorizer.usageIdentifierKey, found '\(expression)'",
                              at: reader.location(ofValue: "apiKeySelectionExpression"))
        }

        for node in reader.sequence("authorizers", diagnostics: &diagnostics) ?? [] {
            guard let auth = MappingReader(node, source: source, what: "an authorizer", diagnostics: &diagnostics) else { continue }
            auth.finish(known: Self.authorizerKeys, in: "an authorizer", diagnostics: &diagnostics)
            guard let name = auth.requiredString("name", in: "an authorizer", diagnostics: &diagnostics) else { continue }
            let typeText = auth.string("authorizerType", diagnostics: &diagnostics) ?? "REQUEST"
            if typeText.uppercased() != "REQUEST" {
                diagnostics.error(.webSocketAuthorizerType, "WebSocket APIs support only REQUEST (Lambda) authorizers, found '\(typeText)'",
                                  at: auth.location(ofValue: "authorizerType"))
            }
            var identity: [String] = []
            if let value = auth.value("identitySource") {
                switch value {
                case .scalar(let scalar): identity = Authorizer.split(scalar.string)
                case .sequence(let list): identity = list.compactMap(\.string)
                default: break
                }
            }
            var authorizer = Authorizer(
                name: name, type: .request, identitySource: identity.isEmpty ? nil : identity.joined(separator: ", "),
                identityValidationExpression: auth.string("identityValidationExpression", diagnostics: &diagnostics),
                authorizerResultTtlInSeconds: auth.int("authorizerResultTtlInSeconds", diagnostics: &diagnostics),
                authorizerUri: auth.string("authorizerUri", diagnostics: &diagnostics),
                authorizerCredentials: auth.string("authorizerCredentialsArn", diagnostics: &diagnostics),
                location: source.location(of: node))
            if let function = auth.string("function", diagnostics: &diagnostics) { authorizer.functionName = function }
            authorizer.identitySources = auth.identitySources("identitySource", syntax: .webSocket, id: .webSocketIdentitySource,
                                                              diagnostics: &diagnostics)
            api.authorizers.append(authorizer)
        }

        for node in reader.sequence("integrations", diagnostics: &diagnostics) ?? [] {
            if let integration = loadIntegration(node, source: source, diagnostics: &diagnostics) {
                if api.integration(named: integration.name) != nil {
                    diagnostics.error(.webSocketDuplicateIntegration, "an integration named '\(integration.name)' is already declared",
                                      at: integration.location)
                } else {
                    api.integrations.append(integration)
                }
            }
        }

        for node in reader.sequence("routes", diagnostics: &diagnostics) ?? [] {
            guard let route = MappingReader(node, source: source, what: "a route", diagnostics: &diagnostics) else { continue }
            route.finish(known: Self.routeKeys, in: "a route", diagnostics: &diagnostics)
            guard let key = route.requiredString("routeKey", in: "a route", diagnostics: &diagnostics) else { continue }
            if api.route(forKey: key) != nil {
                diagnostics.error(.webSocketDuplicateRoute, "a route with key '\(key)' is already declared", at: route.location(ofValue: "routeKey"))
                continue
            }
            var entry = WebSocketRoute(routeKey: key, location: source.location(of: node))
            if let text = route.string("authorizationType", diagnostics: &diagnostics) {
                if let type = AuthorizationType(rawValue: text.uppercased()), [.none, .awsIAM, .custom].contains(type) {
                    entry.authorizationType = type
                } else {
                    diagnostics.error(.webSocketAuthorizationType, "unknown authorizationType '\(text)'; expected NONE, AWS_IAM or CUSTOM",
                                      at: route.location(ofValue: "authorizationType"))
                }
            }
            if let name = route.string("authorizerId", diagnostics: &diagnostics) {
                entry.authorizerName = name
                if entry.authorizationType == .none { entry.authorizationType = .custom }
                if api.authorizer(named: name) == nil {
                    var message = "authorizer '\(name)' is not declared in 'authorizers'"
                    if let suggestion = closestMatch(to: name, in: api.authorizers.map(\.name)) { message += "; did you mean '\(suggestion)'?" }
                    diagnostics.error(.webSocketUnknownAuthorizer, message, at: route.location(ofValue: "authorizerId"))
                }
            }
            if key != "$connect", entry.authorizationType != .none {
                // Authorization happens on $connect only (DG: apigateway-websocket-api-lambda-auth).
                diagnostics.error(.awsWebSocketAuthorizerNotConnect,
                                  "route '\(key)' cannot have authorization; WebSocket APIs authorize on the $connect route only",
                                  at: route.location(of: route.value("authorizerId") != nil ? "authorizerId" : "authorizationType"))
            }
            entry.apiKeyRequired = route.bool("apiKeyRequired", diagnostics: &diagnostics) ?? false
            if let target = route.string("target", diagnostics: &diagnostics) {
                let name = target.hasPrefix("integrations/") ? String(target.dropFirst("integrations/".count)) : target
                entry.integrationName = name
                if api.integration(named: name) == nil {
                    var message = "route '\(key)' targets integration '\(name)', which is not declared in 'integrations'"
                    if let suggestion = closestMatch(to: name, in: api.integrations.map(\.name)) { message += "; did you mean '\(suggestion)'?" }
                    diagnostics.error(.webSocketUnknownIntegration, message, at: route.location(ofValue: "target"))
                }
            }
            entry.operationName = route.string("operationName", diagnostics: &diagnostics)
            entry.routeResponseSelectionExpression = route.string("routeResponseSelectionExpression", diagnostics: &diagnostics)
            entry.modelSelectionExpression = route.string("modelSelectionExpression", diagnostics: &diagnostics)
            entry.requestModels = Dictionary((route.stringMap("requestModels", diagnostics: &diagnostics) ?? []).map { ($0.key, $0.value) },
                                             uniquingKeysWith: { _, last in last })
            for responseNode in route.sequence("routeResponses", diagnostics: &diagnostics) ?? [] {
                guard let response = MappingReader(responseNode, source: source, what: "a route response", diagnostics: &diagnostics) else { continue }
                response.finish(known: Self.routeResponseKeys, in: "a route response", diagnostics: &diagnostics)
                guard let responseKey = response.requiredString("routeResponseKey", in: "a route response", diagnostics: &diagnostics) else { continue }
                entry.routeResponses.append(WebSocketRouteResponse(
                    routeResponseKey: responseKey,
                    modelSelectionExpression: response.string("modelSelectionExpression", diagnostics: &diagnostics),
                    responseModels: Dictionary((response.stringMap("responseModels", diagnostics: &diagnostics) ?? []).map { ($0.key, $0.value) },
                                               uniquingKeysWith: { _, last in last }),
                    location: source.location(of: responseNode)))
            }
            api.routes.append(entry)
        }
        return api
    }

    private func loadIntegration(_ node: Node, source: YAMLSource, diagnostics: inout DiagnosticEngine) -> WebSocketIntegration? {
        guard let reader = MappingReader(node, source: source, what: "an integration", diagnostics: &diagnostics) else { return nil }
        reader.finish(known: Self.integrationKeys, in: "an integration", diagnostics: &diagnostics)
        guard let name = reader.requiredString("name", in: "an integration", diagnostics: &diagnostics),
              let typeText = reader.requiredString("integrationType", in: "integration '\(name)'", diagnostics: &diagnostics)
        else { return nil }
        guard let type = IntegrationType(rawValue: typeText.uppercased()) else {
            diagnostics.error(.integrationType, "unknown integration type '\(typeText)'; expected one of \(IntegrationType.allCases.map(\.rawValue).joined(separator: ", "))",
                              at: reader.location(ofValue: "integrationType"))
            return nil
        }
        let uri = reader.string("integrationUri", diagnostics: &diagnostics)
        var integration = WebSocketIntegration(
            name: name, integrationType: type, integrationUri: uri,
            integrationMethod: reader.string("integrationMethod", diagnostics: &diagnostics),
            functionName: reader.string("function", diagnostics: &diagnostics) ?? uri.flatMap(LambdaARN.functionName(in:)),
            backendName: reader.string("backend", diagnostics: &diagnostics),
            requestTemplates: templates(reader, "requestTemplates", diagnostics: &diagnostics),
            templateSelectionExpression: reader.string("templateSelectionExpression", diagnostics: &diagnostics),
            credentialsArn: reader.string("credentialsArn", diagnostics: &diagnostics),
            requestParameters: Dictionary((reader.stringMap("requestParameters", diagnostics: &diagnostics) ?? []).map { ($0.key, $0.value) },
                                          uniquingKeysWith: { _, last in last }),
            location: source.location(of: node))
        if let text = reader.string("passthroughBehavior", diagnostics: &diagnostics) {
            integration.passthroughBehavior = PassthroughBehavior(rawValue: text.uppercased())
            if integration.passthroughBehavior == nil {
                diagnostics.error(.integrationPassthrough, "unknown passthroughBehavior '\(text)'; expected \(PassthroughBehavior.allCases.map(\.rawValue).joined(separator: ", "))",
                                  at: reader.location(ofValue: "passthroughBehavior"))
            }
        }
        if let text = reader.string("contentHandlingStrategy", diagnostics: &diagnostics) {
            integration.contentHandlingStrategy = ContentHandling(rawValue: text.uppercased())
        }
        if let timeout = reader.int("timeoutInMillis", diagnostics: &diagnostics) {
            // WebSocket integrations time out after at most 29 s (DG: limits).
            if (50...29_000).contains(timeout) {
                integration.timeoutInMillis = timeout
            } else {
                diagnostics.error(.integrationTimeout, "timeoutInMillis must be between 50 and 29000, found \(timeout)",
                                  at: reader.location(ofValue: "timeoutInMillis"))
            }
        }
        for responseNode in reader.sequence("integrationResponses", diagnostics: &diagnostics) ?? [] {
            guard let response = MappingReader(responseNode, source: source, what: "an integration response", diagnostics: &diagnostics) else { continue }
            response.finish(known: Self.integrationResponseKeys, in: "an integration response", diagnostics: &diagnostics)
            guard let key = response.requiredString("integrationResponseKey", in: "an integration response", diagnostics: &diagnostics) else { continue }
            integration.integrationResponses.append(WebSocketIntegrationResponse(
                integrationResponseKey: key, responseTemplates: templates(response, "responseTemplates", diagnostics: &diagnostics),
                templateSelectionExpression: response.string("templateSelectionExpression", diagnostics: &diagnostics),
                location: source.location(of: responseNode)))
        }
        return integration
    }

    private func templates(_ reader: MappingReader, _ key: String, diagnostics: inout DiagnosticEngine) -> [MappingTemplate] {
        (reader.stringMap(key, diagnostics: &diagnostics) ?? []).map {
            MappingTemplate(contentType: $0.key, source: $0.value, location: $0.location)
        }
    }
}
