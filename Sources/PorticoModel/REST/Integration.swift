import Diagnostics

/// `x-amazon-apigateway-integration`, decoded once into types.
public struct Integration: Sendable {
    public var type: IntegrationType
    public var httpMethod: String?
    public var uri: String?
    public var passthroughBehavior: PassthroughBehavior
    /// Templates by content type, in file order.
    public var requestTemplates: [MappingTemplate]
    public var responses: [IntegrationResponse]
    public var timeoutInMillis: Int
    public var location: SourceLocation

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
public enum IntegrationType: String, Sendable, CaseIterable {
    case mock = "MOCK"
    case http = "HTTP"
    case httpProxy = "HTTP_PROXY"
    case aws = "AWS"
    case awsProxy = "AWS_PROXY"
}

/// What API Gateway does with a body no template matches (AWS-BEHAVIOUR facts 65–68).
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
    public var responseParameters: [String: String]
    public var responseTemplates: [MappingTemplate]
    public var location: SourceLocation

    public init(selectionPattern: String, statusCode: String, responseParameters: [String: String] = [:],
                responseTemplates: [MappingTemplate] = [], location: SourceLocation) {
        self.selectionPattern = selectionPattern
        self.statusCode = statusCode
        self.responseParameters = responseParameters
        self.responseTemplates = responseTemplates
        self.location = location
    }

    public var isDefault: Bool { selectionPattern.isEmpty }
}
