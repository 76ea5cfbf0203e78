import Diagnostics

/// A REST API as read from OpenAPI 3 with API Gateway's extensions: the resource tree
/// flattened to one entry per path and method.
public struct RestAPI: Sendable {
    public var title: String
    public var version: String?
    public var description: String?
    public var operations: [Operation]

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
}

/// HTTP methods as API Gateway knows them; `ANY` stands for all of them (AWS-BEHAVIOUR fact 19).
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

/// One method on one resource.
public struct Operation: Sendable {
    public var path: String
    public var method: HTTPMethod
    public var operationID: String?
    public var summary: String?
    public var description: String?
    public var integration: Integration?
    /// Method responses by status code, in file order.
    public var responses: [MethodResponse]
    public var location: SourceLocation

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
}

public struct MethodResponse: Sendable, Equatable {
    public var statusCode: String
    public var description: String?

    public init(statusCode: String, description: String? = nil) {
        self.statusCode = statusCode
        self.description = description
    }
}
