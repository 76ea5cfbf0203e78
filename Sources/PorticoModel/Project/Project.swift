import Diagnostics

/// Everything a docs project declares: the site, its APIs with their stages, loaded and
/// checked. Built once by ``ProjectLoader``; the gateway and the site only read it.
public struct Project: Sendable {
    /// The folder that holds `portico.yml` (`Content/`).
    public var contentDirectory: String
    public var site: SiteSettings
    public var apis: [APIDeployment]
    public var account = AccountSettings()
    public var usagePlans: [UsagePlan] = []
    public var apiKeys: [APIKey] = []
    public var functions: [FunctionDefinition] = []
    public var backends: [Backend] = []
    public var domains: [CustomDomainName] = []
    public var identities = Identities()
    /// S3 buckets that local folders stand for (`buckets`).
    public var buckets: [BucketDefinition] = []
    /// Kinesis streams embedded in memory (`streams`).
    public var streams: [StreamDefinition] = []
    /// DynamoDB tables embedded in memory (`tables`).
    public var tables: [TableDefinition] = []
    /// The VPC endpoints requests to PRIVATE APIs come through (`vpcEndpoints`).
    public var vpcEndpoints: [VPCEndpoint] = []

    public init(contentDirectory: String, site: SiteSettings, apis: [APIDeployment]) {
        self.contentDirectory = contentDirectory
        self.site = site
        self.apis = apis
    }

    public func api(named name: String) -> APIDeployment? {
        apis.first { $0.name == name }
    }

    public func function(named name: String) -> FunctionDefinition? { functions.first { $0.name == name } }
    public func backend(named name: String) -> Backend? { backends.first { $0.name == name } }
    public func usagePlan(named name: String) -> UsagePlan? { usagePlans.first { $0.name == name } }
    public func domain(named name: String) -> CustomDomainName? { domains.first { $0.domainName == name } }
    public func bucket(named name: String) -> BucketDefinition? { buckets.first { $0.name == name } }
    public func stream(named name: String) -> StreamDefinition? { streams.first { $0.streamName == name } }
    public func table(named name: String) -> TableDefinition? { tables.first { $0.tableName == name } }
    public func vpcEndpoint(id: String) -> VPCEndpoint? { vpcEndpoints.first { $0.vpcEndpointId == id } }
}

public struct SiteSettings: Sendable, Equatable {
    public var title: String
    public var description: String?

    public init(title: String, description: String? = nil) {
        self.title = title
        self.description = description
    }
}

/// One API of the project as it is deployed: its definition and its stages.
public struct APIDeployment: Sendable {
    public var name: String
    /// The definition's path relative to the content folder, as the user wrote it.
    public var definitionPath: String
    public var endpointType: EndpointType
    /// The VPC endpoints associated with a PRIVATE API (portico.yml's `vpcEndpointIds`, else
    /// the definition's `x-amazon-apigateway-endpoint-configuration`): each gives the API a
    /// `{rest-api-id}-{vpce-id}` host name (DG: apigateway-private-apis, "Associate or
    /// disassociate a VPC endpoint with a private REST API").
    public var vpcEndpointIds: [String] = []
    public var stages: [Stage]
    /// What the API is: a REST or an HTTP API described in OpenAPI, or a WebSocket API.
    public var apiDefinition: APIDefinition
    public var location: SourceLocation
    public var description: String?
    /// The API's deployments: named snapshots of its definition that stages and canaries may
    /// run instead of the current one (``Stage/deploymentId``, ``CanarySettings/deploymentId``).
    public var deployments: [Deployment] = []

    /// A REST or HTTP API (``RestAPI/kind`` says which) from its OpenAPI document.
    public init(name: String, definitionPath: String, endpointType: EndpointType, stages: [Stage], definition: RestAPI, location: SourceLocation) {
        self.init(name: name, definitionPath: definitionPath, endpointType: endpointType, stages: stages,
                  apiDefinition: definition.kind == .http ? .http(definition) : .rest(definition), location: location)
    }

    public init(name: String, definitionPath: String, endpointType: EndpointType, stages: [Stage], apiDefinition: APIDefinition,
                location: SourceLocation) {
        self.name = name
        self.definitionPath = definitionPath
        self.endpointType = endpointType
        self.stages = stages
        self.apiDefinition = apiDefinition
        self.location = location
    }

    /// REST, HTTP or WEBSOCKET.
    public var kind: APIKind { apiDefinition.kind }

    /// The OpenAPI document of a REST or HTTP API; for a WebSocket API an empty document with
    /// its name and description, so pages that list APIs read every kind alike.
    public var definition: RestAPI {
        get {
            switch apiDefinition {
            case .rest(let api), .http(let api): api
            case .webSocket(let api):
                { var placeholder = RestAPI(title: api.name, description: api.description, operations: []); placeholder.kind = .webSocket; return placeholder }()
            }
        }
        set {
            switch apiDefinition {
            case .rest: apiDefinition = .rest(newValue)
            case .http: apiDefinition = .http(newValue)
            case .webSocket: break
            }
        }
    }

    /// The WebSocket API, when it is one.
    public var webSocketAPI: WebSocketAPI? {
        if case .webSocket(let api) = apiDefinition { return api }
        return nil
    }

    public func stage(named name: String) -> Stage? {
        stages.first { $0.stageName == name }
    }

    public func deployment(id: String) -> Deployment? {
        deployments.first { $0.id == id }
    }

    /// The API as a stage pinned to deployment `id` runs it: the deployment's definition in
    /// place of the current one; with nil (or an unknown id, already reported by the loader)
    /// the API as it is.
    public func running(deployment id: String?) -> APIDeployment {
        guard let id, let deployment = deployment(id: id) else { return self }
        var pinned = self
        pinned.apiDefinition = deployment.apiDefinition
        pinned.definitionPath = deployment.definitionPath
        return pinned
    }
}

/// A deployment: a snapshot of an API's definition that a stage can run while the definition
/// itself moves on (DG: how-to-deploy-api: "you must deploy the API … to make it callable";
/// set-up-deployments). Portico keeps the snapshot as a file beside the definition, declared
/// in portico.yml under the API's `deployments` (`portico deploy` writes both).
public struct Deployment: Sendable, Equatable {
    /// The id stages name (`deploymentId`) and `$context.deploymentId` reads.
    public var id: String
    /// The snapshot's path relative to the content folder.
    public var definitionPath: String
    public var description: String?
    public var apiDefinition: APIDefinition
    public var location: SourceLocation

    public init(id: String, definitionPath: String, description: String? = nil, apiDefinition: APIDefinition, location: SourceLocation) {
        self.id = id
        self.definitionPath = definitionPath
        self.description = description
        self.apiDefinition = apiDefinition
        self.location = location
    }
}

/// An API of one of API Gateway's three kinds, each with its own definition.
public enum APIDefinition: Sendable, Equatable {
    case rest(RestAPI)
    /// An HTTP API (API Gateway v2), from an OpenAPI document with its extensions.
    case http(RestAPI)
    case webSocket(WebSocketAPI)

    public var kind: APIKind {
        switch self {
        case .rest: .rest
        case .http: .http
        case .webSocket: .webSocket
        }
    }
}

/// API Gateway's endpoint types; raw values are AWS's spelling.
public enum EndpointType: String, Sendable, CaseIterable {
    case edge = "EDGE"
    case regional = "REGIONAL"
    case `private` = "PRIVATE"
}

/// A setting as written in portico.yml: its key and where.
public struct WrittenSetting: Sendable, Equatable {
    public var name: String
    public var location: SourceLocation
    public init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
    }
}

/// A stage, keyed as `aws apigateway get-stage` prints it.
public struct Stage: Sendable, Equatable {
    public var stageName: String
    public var variables: [String: String]
    public var description: String?
    /// In file order; look one up with ``methodSetting(path:method:)``.
    public var methodSettings: [MethodSetting] = []
    public var cacheClusterEnabled: Bool = false
    /// `0.5`, `1.6`, `6.1`, `13.5`, `28.4`, `58.2`, `118` or `237` (GB).
    public var cacheClusterSize: String?
    public var canarySettings: CanarySettings?
    public var accessLogSettings: AccessLogSettings?
    public var tracingEnabled: Bool = false
    public var location: SourceLocation?
    /// The deployment the stage runs (one of its API's ``APIDeployment/deployments``); nil: the
    /// API's current definition, as an HTTP API stage with auto-deploy does (DG: http-api-stages).
    public var deploymentId: String?
    public var deploymentIdLocation: SourceLocation?
    /// HTTP APIs: whether changes deploy themselves (DG: http-api-stages). Portico always
    /// serves the definition as it is, so this is shown, not acted on.
    public var autoDeploy: Bool?
    /// HTTP APIs: where `autoDeploy`, `routeSettings` or `defaultRouteSettings` are written,
    /// for the diagnostic when a REST API's stage uses them.
    public var httpOnlySettingsLocation: SourceLocation?
    /// REST-only settings as written (`methodSettings`, `cacheClusterEnabled`, …), for the
    /// diagnostic when an HTTP API's stage uses them.
    public var restOnlySettings: [WrittenSetting] = []

    /// The most specific method setting for `method` on `path`: `/path/METHOD` over `*/*`.
    public func methodSetting(path: String, method: String) -> MethodSetting? {
        methodSettings.first { $0.resourcePath == path && $0.httpMethod == method }
            ?? methodSettings.first { $0.applies(toPath: path, method: method) }
    }

    public init(stageName: String, variables: [String: String] = [:], description: String? = nil) {
        self.stageName = stageName
        self.variables = variables
        self.description = description
    }
}
