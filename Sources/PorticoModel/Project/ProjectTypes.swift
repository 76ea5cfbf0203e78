import Diagnostics

/// `throttle` of the account, a usage plan or a usage plan's method: requests per second and
/// bucket size (DG: api-gateway-request-throttling; API reference: ApiStage).
public struct ThrottleSettings: Sendable, Equatable {
    public var rateLimit: Double?
    public var burstLimit: Int?

    public init(rateLimit: Double? = nil, burstLimit: Int? = nil) {
        self.rateLimit = rateLimit
        self.burstLimit = burstLimit
    }
}

/// The project's `account`: settings AWS keeps per account and Region.
public struct AccountSettings: Sendable, Equatable {
    /// Nil means AWS's default: 10,000 requests/s with a burst of 5,000 (DG: limits).
    public var throttle: ThrottleSettings?

    public init(throttle: ThrottleSettings? = nil) {
        self.throttle = throttle
    }
}

/// One entry of a stage's `methodSettings`, keyed `*/*` (every method) or `/path/METHOD`
/// (`/pets/{id}/GET`; AWS escapes `/` inside the path as `~1`, which is accepted too).
public struct MethodSetting: Sendable, Equatable {
    public var key: String
    /// `*` or the resource path.
    public var resourcePath: String
    /// `*` or the HTTP method.
    public var httpMethod: String
    public var throttlingRateLimit: Double?
    public var throttlingBurstLimit: Int?
    public var cachingEnabled: Bool?
    public var cacheTtlInSeconds: Int?
    public var cacheDataEncrypted: Bool?
    public var requireAuthorizationForCacheControl: Bool?
    public var unauthorizedCacheControlHeaderStrategy: CacheControlHeaderStrategy?
    public var metricsEnabled: Bool?
    public var loggingLevel: LoggingLevel?
    public var dataTraceEnabled: Bool?
    public var location: SourceLocation

    public init(key: String, resourcePath: String, httpMethod: String, location: SourceLocation) {
        self.key = key
        self.resourcePath = resourcePath
        self.httpMethod = httpMethod
        self.location = location
    }

    /// Whether the setting covers `method` on `path` (`*/*` covers everything).
    public func applies(toPath path: String, method: String) -> Bool {
        (resourcePath == "*" || resourcePath == path) && (httpMethod == "*" || httpMethod == method)
    }
}

/// What API Gateway does with `Cache-Control: max-age=0` from an unauthorized client (DG: api-gateway-caching).
public enum CacheControlHeaderStrategy: String, Sendable, CaseIterable {
    case failWith403 = "FAIL_WITH_403"
    case succeedWithResponseHeader = "SUCCEED_WITH_RESPONSE_HEADER"
    case succeedWithoutResponseHeader = "SUCCEED_WITHOUT_RESPONSE_HEADER"
}

/// Execution log level of a method setting.
public enum LoggingLevel: String, Sendable, CaseIterable {
    case off = "OFF"
    case error = "ERROR"
    case info = "INFO"
}

/// `canarySettings` of a stage (DG: canary-release).
public struct CanarySettings: Sendable, Equatable {
    public var percentTraffic: Double
    public var stageVariableOverrides: [String: String]
    public var useStageCache: Bool
    /// The deployment the canary runs (one of the API's ``APIDeployment/deployments``); nil:
    /// the stage's own, as right after `create-deployment --canary-settings` made the canary
    /// from the stage's deployment (DG: create-canary-deployment).
    public var deploymentId: String?
    public var deploymentIdLocation: SourceLocation?

    public init(percentTraffic: Double = 0, stageVariableOverrides: [String: String] = [:], useStageCache: Bool = false,
                deploymentId: String? = nil) {
        self.percentTraffic = percentTraffic
        self.stageVariableOverrides = stageVariableOverrides
        self.useStageCache = useStageCache
        self.deploymentId = deploymentId
    }
}

public struct AccessLogSettings: Sendable, Equatable {
    public var format: String
    public var destinationArn: String?

    public init(format: String, destinationArn: String? = nil) {
        self.format = format
        self.destinationArn = destinationArn
    }
}

public enum QuotaPeriod: String, Sendable, CaseIterable {
    case day = "DAY"
    case week = "WEEK"
    case month = "MONTH"
}

public struct QuotaSettings: Sendable, Equatable {
    public var limit: Int
    public var offset: Int
    public var period: QuotaPeriod

    public init(limit: Int, offset: Int = 0, period: QuotaPeriod) {
        self.limit = limit
        self.offset = offset
        self.period = period
    }
}

/// A usage plan's API stage, with per-method throttles keyed `/path/METHOD`.
public struct UsagePlanAPIStage: Sendable, Equatable {
    public var api: String
    public var stage: String
    public var throttle: [String: ThrottleSettings]
    public var location: SourceLocation

    public init(api: String, stage: String, throttle: [String: ThrottleSettings] = [:], location: SourceLocation) {
        self.api = api
        self.stage = stage
        self.throttle = throttle
        self.location = location
    }
}

public struct UsagePlan: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var apiStages: [UsagePlanAPIStage]
    public var throttle: ThrottleSettings?
    public var quota: QuotaSettings?
    public var location: SourceLocation

    public init(name: String, description: String? = nil, apiStages: [UsagePlanAPIStage] = [], throttle: ThrottleSettings? = nil,
                quota: QuotaSettings? = nil, location: SourceLocation) {
        self.name = name
        self.description = description
        self.apiStages = apiStages
        self.throttle = throttle
        self.quota = quota
        self.location = location
    }
}

public struct APIKey: Sendable, Equatable {
    public var name: String
    /// Nil: Portico generates one (from the seeded generator) as AWS would.
    public var value: String?
    public var enabled: Bool
    public var description: String?
    /// Usage plan names.
    public var usagePlans: [String]
    public var location: SourceLocation

    public init(name: String, value: String? = nil, enabled: Bool = true, description: String? = nil, usagePlans: [String] = [],
                location: SourceLocation) {
        self.name = name
        self.value = value
        self.enabled = enabled
        self.description = description
        self.usagePlans = usagePlans
        self.location = location
    }
}

public enum FunctionRuntime: String, Sendable, CaseIterable {
    /// Portico's bootstrap runs `handler` (`module.function`) from `code`.
    case python3
    /// Portico's Node.js bootstrap runs `handler` (`file.export`) from `code`: any `nodejs*`
    /// runtime of Lambda (`nodejs20.x`), with the `node` on this machine.
    case nodejs
    /// `command` implements the Lambda Runtime API itself.
    case command
}

/// A local Lambda function: a process that speaks the Lambda Runtime API.
public struct FunctionDefinition: Sendable, Equatable {
    public var name: String
    public var runtime: FunctionRuntime
    public var handler: String?
    /// The code folder as written, relative to the content folder.
    public var code: String?
    /// ``code`` resolved against the content folder.
    public var codeDirectory: String?
    public var command: [String]
    /// Seconds; Lambda's default is 3.
    public var timeout: Int
    public var environment: [String: String]
    /// MB; Lambda's default is 128.
    public var memorySize: Int
    public var location: SourceLocation

    public init(name: String, runtime: FunctionRuntime, handler: String? = nil, code: String? = nil, codeDirectory: String? = nil,
                command: [String] = [], timeout: Int = 3, environment: [String: String] = [:], memorySize: Int = 128,
                location: SourceLocation) {
        self.name = name
        self.runtime = runtime
        self.handler = handler
        self.code = code
        self.codeDirectory = codeDirectory
        self.command = command
        self.timeout = timeout
        self.environment = environment
        self.memorySize = memorySize
        self.location = location
    }
}

/// A local HTTP backend process Portico starts for HTTP integrations.
public struct Backend: Sendable, Equatable {
    public var name: String
    public var command: [String]
    public var url: String?
    /// A path Portico polls until it answers, before sending traffic.
    public var readinessPath: String?
    public var location: SourceLocation

    public init(name: String, command: [String] = [], url: String? = nil, readinessPath: String? = nil, location: SourceLocation) {
        self.name = name
        self.command = command
        self.url = url
        self.readinessPath = readinessPath
        self.location = location
    }
}

public struct BasePathMapping: Sendable, Equatable {
    /// Empty for the root mapping (AWS writes `(none)`).
    public var basePath: String
    public var api: String
    public var stage: String
    public var location: SourceLocation

    public init(basePath: String, api: String, stage: String, location: SourceLocation) {
        self.basePath = basePath
        self.api = api
        self.stage = stage
        self.location = location
    }
}

public struct CustomDomainName: Sendable, Equatable {
    public var domainName: String
    public var basePathMappings: [BasePathMapping]
    /// The lowest TLS version the domain accepts (`portico serve --tls` enforces it).
    public var securityPolicy: SecurityPolicy
    /// Whether `portico.yml` named the policy, or the domain has AWS's API default.
    public var securityPolicyDeclared: Bool
    public var location: SourceLocation

    public init(domainName: String, basePathMappings: [BasePathMapping] = [], securityPolicy: SecurityPolicy = .default,
                securityPolicyDeclared: Bool = false, location: SourceLocation) {
        self.domainName = domainName
        self.basePathMappings = basePathMappings
        self.securityPolicy = securityPolicy
        self.securityPolicyDeclared = securityPolicyDeclared
        self.location = location
    }
}

/// A custom domain's security policy: "TLS_1_0 accepts TLS 1.0, 1.1, 1.2 and 1.3 traffic;
/// TLS_1_2 accepts TLS 1.2 and 1.3 and rejects TLS 1.0" (DG: apigateway-custom-domain-tls-version).
/// The enhanced `SecurityPolicy_*` policies are not simulated.
public enum SecurityPolicy: String, Sendable, Equatable, CaseIterable {
    case tls10 = "TLS_1_0"
    case tls12 = "TLS_1_2"

    /// A domain created without `securityPolicy`. AWS's API reference gives no default; domains
    /// created through the API or CloudFormation without one have had TLS_1_0 (the reason
    /// linters ask for an explicit TLS_1_2), so Portico takes TLS_1_0 and says so when serving.
    public static let `default` = SecurityPolicy.tls10
}

/// An IAM user whose access keys sign SigV4 requests to AWS_IAM methods.
public struct IAMUser: Sendable, Equatable {
    public var userName: String
    public var accessKeyId: String
    public var secretAccessKey: String
    /// Identity policies as written (Version + Statement).
    public var policies: [JSONValue]
    public var location: SourceLocation

    public init(userName: String, accessKeyId: String, secretAccessKey: String, policies: [JSONValue] = [], location: SourceLocation) {
        self.userName = userName
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.policies = policies
        self.location = location
    }
}

public struct UserPoolClient: Sendable, Equatable {
    public var clientName: String
    public var clientId: String

    public init(clientName: String, clientId: String) {
        self.clientName = clientName
        self.clientId = clientId
    }
}

public struct UserPoolUser: Sendable, Equatable {
    public var username: String
    public var password: String?
    public var attributes: [String: String]
    public var groups: [String]
    public var location: SourceLocation

    public init(username: String, password: String? = nil, attributes: [String: String] = [:], groups: [String] = [],
                location: SourceLocation) {
        self.username = username
        self.password = password
        self.attributes = attributes
        self.groups = groups
        self.location = location
    }
}

/// A Cognito user pool whose tokens Portico signs with a locally generated key.
public struct CognitoUserPool: Sendable, Equatable {
    public var name: String
    /// `us-east-1_Example`: the last part of the pool ARN that Cognito authorizers name.
    public var userPoolId: String
    public var clients: [UserPoolClient]
    public var groups: [String]
    public var users: [UserPoolUser]
    public var location: SourceLocation

    /// `us-east-1_Example`: a Region (letters, digits, hyphens), `_`, then letters and digits
    /// (API reference: UserPoolType, Id, pattern `[\w-]+_[0-9a-zA-Z]+`).
    public static func isValidId(_ id: String) -> Bool {
        guard let underscore = id.lastIndex(of: "_") else { return false }
        let region = id[..<underscore], rest = id[id.index(after: underscore)...]
        return !region.isEmpty && !rest.isEmpty
            && region.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
            && rest.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    public init(name: String, userPoolId: String, clients: [UserPoolClient] = [], groups: [String] = [], users: [UserPoolUser] = [],
                location: SourceLocation) {
        self.name = name
        self.userPoolId = userPoolId
        self.clients = clients
        self.groups = groups
        self.users = users
        self.location = location
    }
}

public struct Identities: Sendable, Equatable {
    public var iamUsers: [IAMUser]
    public var userPools: [CognitoUserPool]

    public init(iamUsers: [IAMUser] = [], userPools: [CognitoUserPool] = []) {
        self.iamUsers = iamUsers
        self.userPools = userPools
    }
}
