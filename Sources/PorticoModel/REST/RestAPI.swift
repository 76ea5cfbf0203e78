import Diagnostics

/// What kind of API a definition describes. REST and HTTP APIs are read from OpenAPI;
/// WebSocket APIs from Portico's `AWS::ApiGatewayV2`-shaped YAML (``WebSocketLoader``).
public enum APIKind: String, Sendable, CaseIterable {
    case rest = "REST"
    case http = "HTTP"
    case webSocket = "WEBSOCKET"
}

/// A REST API (or an HTTP API: see ``kind``) as read from OpenAPI 3 with API Gateway's
/// extensions: the resource tree flattened to one entry per path and method, plus everything
/// declared at the API level.
public struct RestAPI: Sendable, Equatable {
    public var title: String
    public var version: String?
    public var description: String?
    public var operations: [Operation]

    /// REST unless the definition is an HTTP API export or the project says so.
    public var kind: APIKind = .rest
    /// The document's `openapi` version (`3.0.1`, …).
    public var openAPIVersion: String?
    /// Authorizers declared in `components.securitySchemes` (Lambda, Cognito, JWT, IAM), in file order.
    public var authorizers: [Authorizer] = []
    /// Every security scheme, including API key schemes that declare no authorizer.
    public var securitySchemes: [SecurityScheme] = []
    /// The document's top-level `security`, applied to operations that declare none.
    public var security: [SecurityRequirement]?
    /// `components.schemas`: the API's models (JSON Schema draft 4), in file order.
    public var models: [Model] = []
    /// `x-amazon-apigateway-request-validators`, in file order.
    public var requestValidators: [RequestValidator] = []
    /// The root-level `x-amazon-apigateway-request-validator`: the validator of every method
    /// that names none.
    public var defaultRequestValidator: String?
    /// `x-amazon-apigateway-gateway-responses`, in file order.
    public var gatewayResponses: [GatewayResponseDefinition] = []
    /// `x-amazon-apigateway-binary-media-types`.
    public var binaryMediaTypes: [String] = []
    /// `x-amazon-apigateway-api-key-source` (HEADER when absent, AWS's default).
    public var apiKeySource: APIKeySource = .header
    /// `x-amazon-apigateway-endpoint-configuration`.
    public var endpointConfiguration: EndpointConfiguration?
    /// `x-amazon-apigateway-minimum-compression-size` in bytes (nil: compression disabled).
    public var minimumCompressionSize: Int?
    /// `x-amazon-apigateway-policy`: the resource policy document, as written.
    public var policy: JSONValue?
    /// Where ``policy`` is written, for the diagnostics of a policy that does not parse.
    public var policyLocation: SourceLocation?
    /// `x-amazon-apigateway-cors` (HTTP APIs).
    public var cors: CORSConfiguration?
    /// `x-amazon-apigateway-importexport-version` (HTTP API exports carry `1.0`).
    public var importExportVersion: String?
    /// `x-amazon-apigateway-documentation`, as written (version + documentationParts).
    public var documentation: JSONValue?
    /// Tags with their `x-amazon-apigateway-tag-value`.
    public var tags: [APITag] = []
    /// `components.x-amazon-apigateway-integrations`: named integrations that routes `$ref`.
    public var integrationComponents: [Integration] = []

    public init(title: String, version: String? = nil, description: String? = nil, operations: [Operation]) {
        self.title = title
        self.version = version
        self.description = description
        self.operations = operations
    }

    /// Resource paths in the order the definition lists them, each once.
    public var resourcePaths: [String] {
        var seen = Set<String>()
        return operations.map(\.path).filter { seen.insert($0).inserted }
    }

    public func authorizer(named name: String) -> Authorizer? { authorizers.first { $0.name == name } }
    public func model(named name: String) -> Model? { models.first { $0.name == name } }
    public func requestValidator(named name: String) -> RequestValidator? { requestValidators.first { $0.name == name } }
    public func operation(path: String, method: HTTPMethod) -> Operation? {
        operations.first { $0.path == path && $0.method == method }
    }
}

/// HTTP methods as API Gateway knows them; `ANY` stands for all of them (DG: set-up-lambda-proxy-integrations).
public enum HTTPMethod: String, Sendable, CaseIterable, Comparable {
    case get = "GET", put = "PUT", post = "POST", delete = "DELETE", options = "OPTIONS",
         head = "HEAD", patch = "PATCH", any = "ANY"

    /// OpenAPI's key for the method (`x-amazon-apigateway-any-method` for ANY).
    public var openAPIKey: String {
        self == .any ? "x-amazon-apigateway-any-method" : rawValue.lowercased()
    }

    public static func < (lhs: HTTPMethod, rhs: HTTPMethod) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One method on one resource (REST) or one route (HTTP API; the `$default` route has path
/// `$default` and method ANY).
public struct Operation: Sendable, Equatable {
    public var path: String
    public var method: HTTPMethod
    public var operationID: String?
    public var summary: String?
    public var description: String?
    public var integration: Integration?
    /// Method responses by status code, in file order.
    public var responses: [MethodResponse]
    public var location: SourceLocation

    /// From `security` and the schemes it names: NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS or JWT.
    public var authorizationType: AuthorizationType = .none
    /// The security scheme (authorizer) name for CUSTOM, COGNITO_USER_POOLS and JWT.
    public var authorizerName: String?
    /// OAuth scopes listed beside the authorizer in `security`.
    public var authorizationScopes: [String] = []
    /// True when `security` names an API key scheme (`type: apiKey` without an authorizer).
    public var apiKeyRequired: Bool = false
    /// The effective request validator: the method's `x-amazon-apigateway-request-validator`,
    /// else the API's default.
    public var requestValidatorName: String?
    /// Path-item and operation parameters, `$ref`s resolved, operation entries winning.
    public var parameters: [RequestParameter] = []
    /// The request body, `$ref`s resolved.
    public var requestBody: RequestBody?
    public var tags: [String] = []
    public var deprecated: Bool = false
    /// The security requirements as written (nil: inherited from the document).
    public var security: [SecurityRequirement]?

    public init(path: String, method: HTTPMethod, operationID: String? = nil, summary: String? = nil,
                description: String? = nil, integration: Integration? = nil, responses: [MethodResponse] = [],
                location: SourceLocation) {
        self.path = path
        self.method = method
        self.operationID = operationID
        self.summary = summary
        self.description = description
        self.integration = integration
        self.responses = responses
        self.location = location
    }

    /// The path of an HTTP API's `$default` route, the catch-all (DG: http-api-develop-routes).
    public static let defaultRoutePath = "$default"

    /// HTTP API route key: `GET /pets`, `ANY /{proxy+}` or `$default`.
    public var routeKey: String { path == Self.defaultRoutePath ? Self.defaultRoutePath : "\(method.rawValue) \(path)" }

    /// Request models by content type (model names from `$ref`s), as REST's `requestModels`.
    public var requestModels: [String: String] {
        var models: [String: String] = [:]
        for content in requestBody?.content ?? [] {
            if let name = content.modelName { models[content.contentType] = name }
        }
        return models
    }
}

public struct MethodResponse: Sendable, Equatable {
    public var statusCode: String
    public var description: String?
    /// Response headers (`method.response.header.<name>`), in file order.
    public var headers: [ResponseHeader] = []
    /// Response bodies by content type.
    public var content: [MediaTypeContent] = []

    public init(statusCode: String, description: String? = nil) {
        self.statusCode = statusCode
        self.description = description
    }

    public init(statusCode: String, description: String?, headers: [ResponseHeader], content: [MediaTypeContent]) {
        self.statusCode = statusCode
        self.description = description
        self.headers = headers
        self.content = content
    }

    /// Response models by content type, as REST's `responseModels`.
    public var responseModels: [String: String] {
        var models: [String: String] = [:]
        for item in content {
            if let name = item.modelName { models[item.contentType] = name }
        }
        return models
    }
}

public struct ResponseHeader: Sendable, Equatable {
    public var name: String
    public var schema: JSONValue?

    public init(name: String, schema: JSONValue? = nil) {
        self.name = name
        self.schema = schema
    }
}

/// A body by content type: the model it names (`$ref: '#/components/schemas/Pet'` → `Pet`)
/// and the schema as written.
public struct MediaTypeContent: Sendable, Equatable {
    public var contentType: String
    public var modelName: String?
    public var schema: JSONValue?

    public init(contentType: String, modelName: String? = nil, schema: JSONValue? = nil) {
        self.contentType = contentType
        self.modelName = modelName
        self.schema = schema
    }
}

public enum ParameterLocation: String, Sendable, CaseIterable {
    case path, query, header, cookie
}

/// A method request parameter (`method.request.<location>.<name>`).
public struct RequestParameter: Sendable, Equatable {
    public var name: String
    public var location: ParameterLocation
    public var required: Bool
    public var schema: JSONValue?
    public var description: String?
    public var sourceLocation: SourceLocation

    public init(name: String, location: ParameterLocation, required: Bool, schema: JSONValue? = nil,
                description: String? = nil, sourceLocation: SourceLocation) {
        self.name = name
        self.location = location
        self.required = required
        self.schema = schema
        self.description = description
        self.sourceLocation = sourceLocation
    }

    /// API Gateway's name for it: `method.request.querystring.limit`, `method.request.path.id`, …
    public var mappingExpression: String {
        let place = switch location {
        case .query: "querystring"
        case .path: "path"
        case .header: "header"
        case .cookie: "cookie"
        }
        return "method.request.\(place).\(name)"
    }

    /// What ``mappingExpression`` names, for reading the parameter from a request; nil for
    /// cookies, which no mapping expression reads.
    public var mappingSource: MappingSource? {
        switch location {
        case .path: .methodRequestPath(name)
        case .query: .methodRequestQuery(name)
        case .header: .methodRequestHeader(name)
        case .cookie: nil
        }
    }
}

public struct RequestBody: Sendable, Equatable {
    public var required: Bool
    public var description: String?
    public var content: [MediaTypeContent]

    public init(required: Bool = false, description: String? = nil, content: [MediaTypeContent] = []) {
        self.required = required
        self.description = description
        self.content = content
    }
}

/// A model (`components.schemas` entry): JSON Schema draft 4, kept as written.
public struct Model: Sendable, Equatable {
    public var name: String
    public var contentType: String
    public var schema: JSONValue
    public var location: SourceLocation

    public init(name: String, contentType: String = "application/json", schema: JSONValue, location: SourceLocation) {
        self.name = name
        self.contentType = contentType
        self.schema = schema
        self.location = location
    }
}

/// One entry of `x-amazon-apigateway-request-validators`.
public struct RequestValidator: Sendable, Equatable {
    public var name: String
    public var validateRequestBody: Bool
    public var validateRequestParameters: Bool
    public var location: SourceLocation

    public init(name: String, validateRequestBody: Bool = false, validateRequestParameters: Bool = false, location: SourceLocation) {
        self.name = name
        self.validateRequestBody = validateRequestBody
        self.validateRequestParameters = validateRequestParameters
        self.location = location
    }
}

/// Gateway response types; raw values are AWS's keys (DG: supported-gateway-response-types).
public enum GatewayResponseKind: String, Sendable, CaseIterable {
    case accessDenied = "ACCESS_DENIED"
    case apiConfigurationError = "API_CONFIGURATION_ERROR"
    case authorizerConfigurationError = "AUTHORIZER_CONFIGURATION_ERROR"
    case authorizerFailure = "AUTHORIZER_FAILURE"
    case badRequestParameters = "BAD_REQUEST_PARAMETERS"
    case badRequestBody = "BAD_REQUEST_BODY"
    case default4XX = "DEFAULT_4XX"
    case default5XX = "DEFAULT_5XX"
    case expiredToken = "EXPIRED_TOKEN"
    case integrationFailure = "INTEGRATION_FAILURE"
    case integrationTimeout = "INTEGRATION_TIMEOUT"
    case invalidAPIKey = "INVALID_API_KEY"
    case invalidSignature = "INVALID_SIGNATURE"
    case missingAuthenticationToken = "MISSING_AUTHENTICATION_TOKEN"
    case quotaExceeded = "QUOTA_EXCEEDED"
    case requestTooLarge = "REQUEST_TOO_LARGE"
    case resourceNotFound = "RESOURCE_NOT_FOUND"
    case throttled = "THROTTLED"
    case unauthorized = "UNAUTHORIZED"
    case unsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
    case wafFiltered = "WAF_FILTERED"
}

/// One entry of `x-amazon-apigateway-gateway-responses`.
public struct GatewayResponseDefinition: Sendable, Equatable {
    public var type: GatewayResponseKind
    public var statusCode: String?
    /// `gatewayresponse.header.NAME` from the method request, a stage or context variable or a
    /// quoted literal, parsed and sorted by target.
    public var responseParameters: [ParameterMapping]
    public var responseTemplates: [MappingTemplate]
    public var location: SourceLocation

    public init(type: GatewayResponseKind, statusCode: String? = nil, responseParameters: [ParameterMapping] = [],
                responseTemplates: [MappingTemplate] = [], location: SourceLocation) {
        self.type = type
        self.statusCode = statusCode
        self.responseParameters = responseParameters
        self.responseTemplates = responseTemplates
        self.location = location
    }
}

public enum APIKeySource: String, Sendable, CaseIterable {
    case header = "HEADER"
    case authorizer = "AUTHORIZER"
}

/// `x-amazon-apigateway-endpoint-configuration`.
public struct EndpointConfiguration: Sendable, Equatable {
    public var types: [EndpointType]
    public var vpcEndpointIds: [String]
    public var disableExecuteApiEndpoint: Bool

    public init(types: [EndpointType] = [], vpcEndpointIds: [String] = [], disableExecuteApiEndpoint: Bool = false) {
        self.types = types
        self.vpcEndpointIds = vpcEndpointIds
        self.disableExecuteApiEndpoint = disableExecuteApiEndpoint
    }
}

/// `x-amazon-apigateway-cors` (HTTP APIs).
public struct CORSConfiguration: Sendable, Equatable {
    public var allowOrigins: [String]
    public var allowCredentials: Bool
    public var exposeHeaders: [String]
    public var maxAge: Int?
    public var allowMethods: [String]
    public var allowHeaders: [String]

    public init(allowOrigins: [String] = [], allowCredentials: Bool = false, exposeHeaders: [String] = [], maxAge: Int? = nil,
                allowMethods: [String] = [], allowHeaders: [String] = []) {
        self.allowOrigins = allowOrigins
        self.allowCredentials = allowCredentials
        self.exposeHeaders = exposeHeaders
        self.maxAge = maxAge
        self.allowMethods = allowMethods
        self.allowHeaders = allowHeaders
    }
}

/// An OpenAPI tag and its `x-amazon-apigateway-tag-value`.
public struct APITag: Sendable, Equatable {
    public var name: String
    public var value: String?
    public var description: String?

    public init(name: String, value: String? = nil, description: String? = nil) {
        self.name = name
        self.value = value
        self.description = description
    }
}
