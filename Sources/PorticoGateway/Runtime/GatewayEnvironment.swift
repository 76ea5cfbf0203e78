import Foundation

/// What stages may use besides the exchange: compiled templates, the clock, the services
/// integrations call and the state that outlives requests. Shared by all requests; what
/// changes is behind locks (the state's scopes, the texts of the current second); everything
/// request-scoped lives in ``Exchange``. A class: every request refers to it, and copying a
/// dozen references in and out per request cost more than the stages that read them.
public final class GatewayEnvironment: Sendable {
    public let templates: TemplateLibrary
    public let clock: any GatewayClock
    public let services: GatewayServices
    /// Each API's stages with their routes, identifiers and stage variables, prepared once.
    public let deployments: DeployedStages
    public let selectionPatterns: SelectionPatterns
    /// What the gateway remembers between requests, owned by whoever runs it.
    public let state: GatewayState
    /// The project's Cognito user pools with their keys: who issues the tokens the
    /// COGNITO_USER_POOLS authorizer verifies.
    public let userPools: UserPoolDirectory
    /// The `Date` header and `$context.requestTime` of the current second.
    let dates = DateTexts()
    /// The metric handles of every deployed stage, made once from ``GatewayServices/metrics``;
    /// nil when the gateway publishes no metrics.
    let metrics: GatewayMetrics?

    public init(templates: TemplateLibrary, clock: any GatewayClock, services: GatewayServices = .none,
                deployments: DeployedStages, selectionPatterns: SelectionPatterns = SelectionPatterns(), state: GatewayState,
                userPools: UserPoolDirectory = .empty, metrics: GatewayMetrics? = nil) {
        self.metrics = metrics
        self.templates = templates
        self.clock = clock
        self.services = services
        self.deployments = deployments
        self.selectionPatterns = selectionPatterns
        self.state = state
        self.userPools = userPools
    }
}

/// What the gateway derives from an API's name once, not per request.
public struct APIFacts: Sendable, Equatable {
    public let apiId: String
    public let host: String
    public let deploymentId: String

    public init(apiName: String) {
        apiId = apiIdentifier(for: apiName)
        host = "\(apiId).execute-api.\(Gateway.region).amazonaws.com"
        deploymentId = resourceIdentifier(for: "deployment:" + apiName)
    }

    private init(apiId: String, host: String, deploymentId: String) {
        self.apiId = apiId
        self.host = host
        self.deploymentId = deploymentId
    }

    /// The same API running deployment `id`: `$context.deploymentId` is the deployment's id.
    func pinned(to id: String) -> APIFacts {
        APIFacts(apiId: apiId, host: host, deploymentId: id)
    }
}
