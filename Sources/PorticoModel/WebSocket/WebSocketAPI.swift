import Diagnostics

/// A WebSocket API, mirroring `AWS::ApiGatewayV2::Api` with `ProtocolType: WEBSOCKET` and its
/// routes, integrations, route responses and authorizers (see ``WebSocketLoader`` for the file).
public struct WebSocketAPI: Sendable, Equatable {
    public var name: String
    public var description: String?
    /// `$request.body.action` and the like (DG: websocket-api-develop-routes,
    /// apigateway-websocket-api-selection-expressions).
    public var routeSelectionExpression: String
    /// `$request.header.x-api-key` or `$context.authorizer.usageIdentifierKey`.
    public var apiKeySelectionExpression: String?
    public var routes: [WebSocketRoute]
    public var integrations: [WebSocketIntegration]
    public var authorizers: [Authorizer]
    public var location: SourceLocation

    public init(name: String, description: String? = nil, routeSelectionExpression: String, apiKeySelectionExpression: String? = nil,
                routes: [WebSocketRoute] = [], integrations: [WebSocketIntegration] = [], authorizers: [Authorizer] = [],
                location: SourceLocation) {
        self.name = name
        self.description = description
        self.routeSelectionExpression = routeSelectionExpression
        self.apiKeySelectionExpression = apiKeySelectionExpression
        self.routes = routes
        self.integrations = integrations
        self.authorizers = authorizers
        self.location = location
    }

    public func route(forKey key: String) -> WebSocketRoute? { routes.first { $0.routeKey == key } }
    public func integration(named name: String) -> WebSocketIntegration? { integrations.first { $0.name == name } }
    public func authorizer(named name: String) -> Authorizer? { authorizers.first { $0.name == name } }
}

public struct WebSocketRoute: Sendable, Equatable {
    /// `$connect`, `$disconnect`, `$default` or a custom key.
    public var routeKey: String
    public var authorizationType: AuthorizationType
    /// The authorizer's `name` (`authorizerId` in the file); only on `$connect`.
    public var authorizerName: String?
    public var apiKeyRequired: Bool
    /// The integration `target` names (`integrations/<name>` → `<name>`).
    public var integrationName: String?
    public var operationName: String?
    public var routeResponseSelectionExpression: String?
    public var routeResponses: [WebSocketRouteResponse]
    public var modelSelectionExpression: String?
    public var requestModels: [String: String]
    public var location: SourceLocation

    public init(routeKey: String, authorizationType: AuthorizationType = .none, authorizerName: String? = nil,
                apiKeyRequired: Bool = false, integrationName: String? = nil, operationName: String? = nil,
                routeResponseSelectionExpression: String? = nil, routeResponses: [WebSocketRouteResponse] = [],
                modelSelectionExpression: String? = nil, requestModels: [String: String] = [:], location: SourceLocation) {
        self.routeKey = routeKey
        self.authorizationType = authorizationType
        self.authorizerName = authorizerName
        self.apiKeyRequired = apiKeyRequired
        self.integrationName = integrationName
        self.operationName = operationName
        self.routeResponseSelectionExpression = routeResponseSelectionExpression
        self.routeResponses = routeResponses
        self.modelSelectionExpression = modelSelectionExpression
        self.requestModels = requestModels
        self.location = location
    }
}

public struct WebSocketRouteResponse: Sendable, Equatable {
    /// Currently only `$default` (DG: apigateway-websocket-api-selection-expressions).
    public var routeResponseKey: String
    public var modelSelectionExpression: String?
    public var responseModels: [String: String]
    public var location: SourceLocation

    public init(routeResponseKey: String, modelSelectionExpression: String? = nil, responseModels: [String: String] = [:],
                location: SourceLocation) {
        self.routeResponseKey = routeResponseKey
        self.modelSelectionExpression = modelSelectionExpression
        self.responseModels = responseModels
        self.location = location
    }
}

public struct WebSocketIntegration: Sendable, Equatable {
    public var name: String
    public var integrationType: IntegrationType
    public var integrationUri: String?
    public var integrationMethod: String?
    /// A project function that serves the integration: `function:` in the file, or the name
    /// in a Lambda ARN `integrationUri`.
    public var functionName: String?
    /// A project backend whose `url` is the integration URI (`backend:` in the file).
    public var backendName: String?
    public var requestTemplates: [MappingTemplate]
    public var templateSelectionExpression: String?
    public var passthroughBehavior: PassthroughBehavior?
    public var contentHandlingStrategy: ContentHandling?
    public var timeoutInMillis: Int
    public var credentialsArn: String?
    public var requestParameters: [String: String]
    public var integrationResponses: [WebSocketIntegrationResponse]
    public var location: SourceLocation

    public init(name: String, integrationType: IntegrationType, integrationUri: String? = nil, integrationMethod: String? = nil,
                functionName: String? = nil, backendName: String? = nil, requestTemplates: [MappingTemplate] = [],
                templateSelectionExpression: String? = nil, passthroughBehavior: PassthroughBehavior? = nil,
                contentHandlingStrategy: ContentHandling? = nil, timeoutInMillis: Int = 29_000, credentialsArn: String? = nil,
                requestParameters: [String: String] = [:], integrationResponses: [WebSocketIntegrationResponse] = [],
                location: SourceLocation) {
        self.name = name
        self.integrationType = integrationType
        self.integrationUri = integrationUri
        self.integrationMethod = integrationMethod
        self.functionName = functionName
        self.backendName = backendName
        self.requestTemplates = requestTemplates
        self.templateSelectionExpression = templateSelectionExpression
        self.passthroughBehavior = passthroughBehavior
        self.contentHandlingStrategy = contentHandlingStrategy
        self.timeoutInMillis = timeoutInMillis
        self.credentialsArn = credentialsArn
        self.requestParameters = requestParameters
        self.integrationResponses = integrationResponses
        self.location = location
    }
}

public struct WebSocketIntegrationResponse: Sendable, Equatable {
    /// `$default` or a `/regex/` on the integration's status.
    public var integrationResponseKey: String
    public var responseTemplates: [MappingTemplate]
    public var templateSelectionExpression: String?
    public var location: SourceLocation

    public init(integrationResponseKey: String, responseTemplates: [MappingTemplate] = [], templateSelectionExpression: String? = nil,
                location: SourceLocation) {
        self.integrationResponseKey = integrationResponseKey
        self.responseTemplates = responseTemplates
        self.templateSelectionExpression = templateSelectionExpression
        self.location = location
    }
}
