import Diagnostics

/// `x-amazon-apigateway-integration`, decoded once into types.
public struct Integration: Sendable, Equatable {
    public var type: IntegrationType
    public var httpMethod: String?
    public var uri: String?
    public var passthroughBehavior: PassthroughBehavior
    /// Templates by content type, in file order.
    public var requestTemplates: [MappingTemplate]
    public var responses: [IntegrationResponse]
    public var timeoutInMillis: Int
    public var location: SourceLocation

    /// The IAM role API Gateway assumes (`arn:aws:iam::…:role/…`), or `arn:aws:iam::*:user/*`.
    public var credentials: String?
    /// REST APIs: `integration.request.path|querystring|header.NAME` from `method.request.…`,
    /// a stage or context variable or a quoted literal, parsed when the definition loads and
    /// sorted by target, the order the gateway applies them in.
    public var requestParameters: [ParameterMapping] = []
    /// HTTP APIs: `requestParameters` as written (`append:header.x: $request.header.y`; DG:
    /// http-api-parameter-mapping), a syntax of their own that Portico neither checks nor applies yet.
    public var httpRequestParameters: [String: String] = [:]
    public var contentHandling: ContentHandling?
    /// Method request parameters whose values key the stage cache (DG: api-gateway-caching).
    public var cacheKeyParameters: [SourceExpression] = []
    public var cacheNamespace: String?
    public var connectionType: ConnectionType?
    public var connectionId: String?
    /// HTTP APIs: `1.0` or `2.0` (Lambda proxy payload); REST ignores it.
    public var payloadFormatVersion: String?
    public var tlsConfig: TLSConfig?
    /// HTTP API AWS service integrations (`SQS-SendMessage`, …).
    public var integrationSubtype: String?
    /// The name under `components.x-amazon-apigateway-integrations` when the method `$ref`s one.
    public var componentName: String?
    /// HTTP APIs: response parameter mappings by backend status code (`"200": {"overwrite:header.x": "…"}`).
    public var statusResponseParameters: [String: [String: String]] = [:]

    /// The local function that serves a Lambda integration: the function name in a Lambda ARN `uri`.
    public var functionName: String? { uri.flatMap(LambdaARN.functionName(in:)) }

    /// Stage variables the `uri` uses (`${stageVariables.backend}` → `backend`), in order.
    public var stageVariablesInURI: [String] { uri.map(stageVariableNames(in:)) ?? [] }

    public init(type: IntegrationType, httpMethod: String? = nil, uri: String? = nil,
                passthroughBehavior: PassthroughBehavior = .whenNoMatch, requestTemplates: [MappingTemplate] = [],
                responses: [IntegrationResponse] = [], timeoutInMillis: Int = 29_000, location: SourceLocation) {
        self.type = type
        self.httpMethod = httpMethod
        self.uri = uri
        self.passthroughBehavior = passthroughBehavior
        self.requestTemplates = requestTemplates
        self.responses = responses
        self.timeoutInMillis = timeoutInMillis
        self.location = location
    }
}

/// Integration types; raw values are AWS's (the extension accepts them in lower case too).
public enum IntegrationType: String, Sendable, CaseIterable, Codable {
    case mock = "MOCK"
    case http = "HTTP"
    case httpProxy = "HTTP_PROXY"
    case aws = "AWS"
    case awsProxy = "AWS_PROXY"
}

/// What API Gateway does with a body no template matches (DG: integration-passthrough-behaviors).
/// `contentHandling` on integrations and integration responses (DG: api-gateway-payload-encodings-workflow).
public enum ContentHandling: String, Sendable, CaseIterable {
    case convertToBinary = "CONVERT_TO_BINARY"
    case convertToText = "CONVERT_TO_TEXT"
}

public enum ConnectionType: String, Sendable, CaseIterable {
    case internet = "INTERNET"
    case vpcLink = "VPC_LINK"
}

/// `tlsConfig` of an HTTP or HTTP_PROXY integration.
public struct TLSConfig: Sendable, Equatable {
    public var insecureSkipVerification: Bool
    public var serverNameToVerify: String?

    public init(insecureSkipVerification: Bool = false, serverNameToVerify: String? = nil) {
        self.insecureSkipVerification = insecureSkipVerification
        self.serverNameToVerify = serverNameToVerify
    }
}

/// `${stageVariables.name}` references in a text, in order, each once.
public func stageVariableNames(in text: String) -> [String] {
    var names: [String] = []
    var rest = Substring(text)
    while let start = rest.range(of: "${stageVariables.") {
        let after = rest[start.upperBound...]
        guard let end = after.firstIndex(of: "}") else { break }
        let name = String(after[..<end])
        if !name.isEmpty, !names.contains(name) { names.append(name) }
        rest = after[after.index(after: end)...]
    }
    return names
}

public enum PassthroughBehavior: String, Sendable, CaseIterable {
    case whenNoMatch = "WHEN_NO_MATCH"
    case whenNoTemplates = "WHEN_NO_TEMPLATES"
    case never = "NEVER"
}

/// A Velocity template with the place it was written, so render errors point into the spec.
public struct MappingTemplate: Sendable, Equatable {
    public var contentType: String
    public var source: String
    /// Where the template's first character sits in the definition file.
    public var location: SourceLocation

    public init(contentType: String, source: String, location: SourceLocation) {
        self.contentType = contentType
        self.source = source
        self.location = location
    }
}

/// One entry of the integration's `responses`, keyed by its selection pattern.
public struct IntegrationResponse: Sendable, Equatable {
    /// Empty for the default response (the extension's `default` key).
    public var selectionPattern: String
    public var statusCode: String
    /// `method.response.header.NAME` from the integration's response, a stage or context
    /// variable or a quoted literal, parsed and sorted by target.
    public var responseParameters: [ParameterMapping]
    public var responseTemplates: [MappingTemplate]
    public var location: SourceLocation
    public var contentHandling: ContentHandling?

    public init(selectionPattern: String, statusCode: String, responseParameters: [ParameterMapping] = [],
                responseTemplates: [MappingTemplate] = [], location: SourceLocation) {
        self.selectionPattern = selectionPattern
        self.statusCode = statusCode
        self.responseParameters = responseParameters
        self.responseTemplates = responseTemplates
        self.location = location
    }

    public var isDefault: Bool { selectionPattern.isEmpty }
}
