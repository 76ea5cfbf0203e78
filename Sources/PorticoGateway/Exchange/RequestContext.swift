import Foundation

/// The facts of one request that `$context` shows, as the gateway records them; what
/// `$context` holds, in which order and where, is ``ContextTable``'s.
public struct RequestContext: Sendable, Equatable {
    public var accountId: String
    public var apiId: String
    public var domainName: String
    public var domainPrefix: String
    public var extendedRequestId: String
    public var httpMethod: String
    public var path: String
    public var `protocol`: String
    public var requestId: String
    public var requestTime: String
    public var requestTimeEpoch: Int64
    public var resourceId: String
    public var resourcePath: String
    public var stage: String
    public var sourceIp: String
    public var userAgent: String?
    /// The deployment the stage points at: stable per API, as a deployment id is per deploy.
    public var deploymentId: String = ""
    /// The X-Ray trace header value, `Root=1-{epoch seconds, hex}-{96 random bits, hex}`.
    public var traceId: String = ""

    public init(accountId: String, apiId: String, domainName: String, domainPrefix: String, extendedRequestId: String,
                httpMethod: String, path: String, protocol: String, requestId: String, requestTime: String,
                requestTimeEpoch: Int64, resourceId: String, resourcePath: String, stage: String,
                sourceIp: String, userAgent: String?) {
        self.accountId = accountId
        self.apiId = apiId
        self.domainName = domainName
        self.domainPrefix = domainPrefix
        self.extendedRequestId = extendedRequestId
        self.httpMethod = httpMethod
        self.path = path
        self.protocol = `protocol`
        self.requestId = requestId
        self.requestTime = requestTime
        self.requestTimeEpoch = requestTimeEpoch
        self.resourceId = resourceId
        self.resourcePath = resourcePath
        self.stage = stage
        self.sourceIp = sourceIp
        self.userAgent = userAgent
    }
}

/// A `$context` value: strings, numbers, booleans, null and nested maps are all AWS puts there.
public indirect enum ContextValue: Sendable, Equatable {
    case null
    case string(String)
    case int(Int64)
    case bool(Bool)
    case map([(String, ContextValue)])

    public static func == (lhs: ContextValue, rhs: ContextValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.string(a), .string(b)): a == b
        case let (.int(a), .int(b)): a == b
        case let (.bool(a), .bool(b)): a == b
        case let (.map(a), .map(b)): a.elementsEqual(b, by: { $0.0 == $1.0 && $0.1 == $1.1 })
        default: false
        }
    }
}
