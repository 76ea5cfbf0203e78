import Diagnostics
import PorticoModel
import Velocity

/// One stage of one API as the gateway prepares it when it is made: everything a request to
/// that stage needs that does not depend on the request. A request then finds one object by
/// its endpoint instead of looking up the API, the stage, the API's identifiers and its routes
/// one by one, and nothing here is rebuilt per request.
public final class DeployedStage: Sendable {
    public let api: APIDeployment
    public let stage: Stage
    /// Its place among the gateway's deployed stages: where its ``StageState`` sits in ``GatewayState``.
    public let index: Int
    /// The pipeline of the API's kind; nil when that kind is not simulated yet.
    public let pipeline: Pipeline?
    /// Identifiers derived from the API's name.
    public let facts: APIFacts
    /// The API's resources and methods (shared by its stages).
    public let routes: RouteTable
    /// Stage variables in name order: how templates and the Lambda proxy event list them.
    public let stageVariables: [(name: String, value: String)]
    /// `$stageVariables` as templates see it.
    let stageVariablesMap: OrderedMap
    /// The API's binary media types, parsed.
    public let binaryMediaTypes: BinaryMediaTypes
    /// What the configuration asks of each method here that is not simulated yet, by ``RoutedMethod/number``.
    private let unsimulatedFeatures: [UnsimulatedFeatures]
    /// Each method's throttles and usage plan limits here, by ``RoutedMethod/number``.
    private let methodLimits: [MethodLimits]
    /// What each method's Cognito user pool authorizer asks, by ``RoutedMethod/number``
    /// (nil for methods without one).
    private let cognitoRules: [CognitoAuthorizerRule?]
    /// Why this stage has no response cache (disabled, or a canary that does not use the
    /// stage's); nil when it has one. Checked first, so a stage without a cache pays nothing more.
    let cacheOff: TraceDetail?
    /// How each method uses the stage cache, by ``RoutedMethod/number``; empty without a cache.
    private let methodCaching: [MethodCaching]
    /// Each method's Lambda authorizer on this stage, by ``RoutedMethod/number``; nil for a
    /// method without one.
    private let lambdaAuthorizers: [PreparedLambdaAuthorizer?]
    /// How many entries the stage cache holds at most (``MethodCaching/capacity(of:)``).
    let cacheCapacity: Int
    /// Where the API's keys come from (read here once: reading it through `api.definition`
    /// copies the whole definition).
    let apiKeySource: APIKeySource
    /// The usage plans (``UsagePlanDirectory/Plan/index``) that include this stage: an API key
    /// is valid here only when attached to one of them.
    let usagePlans: [Int]
    /// Whether the API is edge-optimized: its requests and answers pass through CloudFront
    /// (``EdgeRequestHeaders``, ``EdgeResponseHeaders``). Read once here, so a REGIONAL request
    /// pays one test of a flag.
    public let isEdge: Bool
    /// Whether the API is PRIVATE: answered only through a VPC endpoint (DG: apigateway-private-apis).
    public let isPrivate: Bool
    /// The ARNs of this stage's methods, for resource policies and authorizers.
    let arn: ExecuteAPIARN
    /// The API's resource policy, read once for all its stages.
    let resourcePolicy: ResourcePolicy
    /// What precedes the request's path in `$context.path`: `/{stage}`, or nothing for an HTTP
    /// API's `$default` stage, served at the API's root (DG: http-api-stages).
    public let pathPrefix: String
    /// Whether the API is an HTTP API, whose `$context.requestId` is the short id its answers
    /// carry as `apigw-requestid` (DG: http-api-logging-variables).
    public let isHTTPAPI: Bool
    /// An HTTP API's CORS configuration (`x-amazon-apigateway-cors`); nil for REST APIs,
    /// which answer preflight only through OPTIONS methods.
    let cors: CORSConfiguration?
    /// Each HTTP API route's JWT authorizer on this stage, by ``RoutedMethod/number``; empty
    /// for REST APIs.
    private let jwtRules: [JWTAuthorizerRule?]
    /// Whether this is a stage's canary: the canary's deployment with the stage's variables
    /// overridden by the canary's.
    public let isCanary: Bool
    /// Whether the stage has `canarySettings` at all: only then does `$context.isCanaryRequest`
    /// exist (LocalStack's router sets it only for a stage with canary settings; AWS gives
    /// `"false"` on the main channel of a stage with a canary at 0 %: LocalStack's
    /// test_apigateway_canary.snapshot.json, test_invoking_canary_deployment › response-deployment-1,
    /// recorded against AWS).
    public let hasCanary: Bool
    /// The stage's canary and the share of requests it takes (0 to 100), when the stage has one.
    public let canary: (stage: DeployedStage, percentTraffic: Double)?
    /// The deployment this stage (or canary) runs; nil: the API's current definition.
    public let deploymentId: String?
    /// Whether the response cache this stage uses is the canary's own: a canary without
    /// `useStageCache` keeps its entries apart from the stage's (DG: canary-release: with
    /// separate deployments, "the canary and production releases … are cached separately";
    /// useStageCache, API reference CanarySettings: "whether the canary deployment uses the
    /// stage cache or not").
    let usesCanaryCache: Bool
    /// The stage's access-log format, parsed once; nil when the stage keeps no access log.
    public let accessLog: AccessLogFormat?
    /// What execution log each method's settings ask for, by ``RoutedMethod/number``; and what
    /// the stage-wide `*/*` setting asks for a request that matched no method.
    private let executionLogging: [ExecutionLogging?]
    private let unroutedLogging: ExecutionLogging?

    /// - Parameters:
    ///   - release: what the API runs when pinned to a deployment (or not): the API with that
    ///     deployment's definition, its routes, resource policy and identifiers, made once per
    ///     deployment by ``DeployedStages``.
    ///   - mainRoutes: for a canary, the routes of the stage it belongs to (a canary that shares
    ///     the stage cache keys its entries by the stage's methods).
    init(release: (String?) -> Release, stage: Stage, index: Int, pipeline: Pipeline?, project: Project,
         plans: UsagePlanDirectory, isCanary: Bool = false, mainRoutes: RouteTable? = nil) {
        deploymentId = isCanary ? (stage.canarySettings?.deploymentId ?? stage.deploymentId) : stage.deploymentId
        let running = release(deploymentId)
        let api = running.api, routes = running.routes, facts = running.facts
        self.api = api
        self.stage = stage
        self.index = index
        self.isCanary = isCanary
        hasCanary = stage.canarySettings != nil
        usesCanaryCache = isCanary && stage.canarySettings?.useStageCache != true
        isEdge = api.endpointType == .edge
        isPrivate = api.endpointType == .private
        isHTTPAPI = api.kind == .http
        pathPrefix = DeployedStage.pathPrefix(stage: stage.stageName, isHTTPAPI: isHTTPAPI)
        cors = isHTTPAPI ? api.definition.cors : nil
        jwtRules = DeployedStage.jwtRules(for: routes, api: api, pools: project.identities.userPools.map(\.userPoolId))
        arn = ExecuteAPIARN(apiId: facts.apiId, stage: stage.stageName)
        self.resourcePolicy = running.resourcePolicy
        self.pipeline = pipeline
        self.facts = facts
        self.routes = routes
        stageVariables = stage.variables.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        stageVariablesMap = OrderedMap(texts: stageVariables)
        binaryMediaTypes = api.binaryMediaTypes
        unsimulatedFeatures = routes.allMethods.map { UnsimulatedFeatures(method: $0, api: api, stage: stage) }
        methodLimits = routes.allMethods.map { MethodLimits(method: $0, stage: stage, api: api, plans: plans) }
        cognitoRules = DeployedStage.cognitoRules(for: routes, api: api.definition, stage: stage)
        cacheOff = MethodCaching.stageOff(stage)
        let shared = isCanary && !usesCanaryCache ? mainRoutes : nil
        methodCaching = cacheOff == nil ? routes.allMethods.map { MethodCaching(method: $0, stage: stage, keyNumber: MethodCaching.keyNumber(of: $0, in: routes, sharing: shared)) } : []
        lambdaAuthorizers = PreparedLambdaAuthorizer.byMethod(routes.allMethods, api: api.definition, stage: stage, apiId: facts.apiId,
                                                              isHTTPAPI: isHTTPAPI)
        cacheCapacity = MethodCaching.capacity(of: stage)
        accessLog = stage.accessLogSettings.flatMap { $0.format.isEmpty ? nil : AccessLogFormat($0.format) }
        // Execution logs are REST's (DG: http-api-vs-rest).
        let logsExecution = api.kind == .rest
        executionLogging = routes.allMethods.map { method in
            logsExecution ? ExecutionLogging(setting: stage.methodSetting(path: method.operation.path, method: method.operation.method.rawValue)) : nil
        }
        unroutedLogging = logsExecution ? ExecutionLogging(setting: stage.methodSettings.first { $0.resourcePath == "*" && $0.httpMethod == "*" }) : nil
        usagePlans = plans.plans(including: api.name, stage: stage.stageName)
        apiKeySource = api.definition.apiKeySource
        // A canary runs its deployment with the stage's variables overridden by its own (DG:
        // canary-release: "stageVariableOverrides … override the stage variables of the base
        // release"); it shares the stage's state (its buckets and counters, and the response
        // cache, whose canary entries are kept apart unless useStageCache says otherwise).
        if !isCanary, let settings = stage.canarySettings {
            var canaryStage = stage
            canaryStage.variables.merge(settings.stageVariableOverrides) { _, override in override }
            canary = (DeployedStage(release: release, stage: canaryStage, index: index, pipeline: pipeline, project: project, plans: plans,
                                    isCanary: true, mainRoutes: routes), min(100, settings.percentTraffic))
        } else {
            canary = nil
        }
    }

    /// What a stage runs, by deployment: made once per deployment of an API and shared by the
    /// stages (and canaries) pinned to it.
    struct Release {
        let api: APIDeployment
        let routes: RouteTable
        let resourcePolicy: ResourcePolicy
        let facts: APIFacts
    }

    /// The stage a request runs on: the channel the request pins (``ReleaseChannel``), else the
    /// canary for `percentTraffic` percent of requests, drawn from the request's id generator
    /// (seeded in a site build, so a page's choice is the same on every build), else this
    /// stage. A stage without a canary pays one nil check.
    func choosingCanary(_ ids: inout IdentifierGenerator, pinned: ReleaseChannel? = nil) -> DeployedStage? {
        guard let canary else { return pinned == .canary ? nil : self }
        switch pinned {
        case .canary: return canary.stage
        case .main: return self
        case nil:
            // Hundredths of a percent, as precise as percentTraffic is written.
            return Double(ids.next() % 10_000) < canary.percentTraffic * 100 ? canary.stage : self
        }
    }

    /// What precedes a request's path on `stage` (``pathPrefix``): `/{stage}`, nothing for an
    /// HTTP API's `$default` stage.
    static func pathPrefix(stage: String, isHTTPAPI: Bool) -> String {
        isHTTPAPI && stage == EndpointTable.defaultStage ? "" : "/" + stage
    }

    /// The execution log `method` (nil: none matched) writes on this stage, if any.
    func executionLogging(for method: RoutedMethod?) -> ExecutionLogging? {
        guard let method else { return unroutedLogging }
        return executionLogging[method.number]
    }

    func unsimulated(for method: RoutedMethod) -> UnsimulatedFeatures {
        unsimulatedFeatures[method.number]
    }

    func cognitoRule(for method: RoutedMethod) -> CognitoAuthorizerRule? {
        cognitoRules[method.number]
    }

    /// The JWT authorizer `method` (an HTTP API route) names, as this stage runs it.
    func jwtRule(for method: RoutedMethod) -> JWTAuthorizerRule? {
        jwtRules.isEmpty ? nil : jwtRules[method.number]
    }

    func limits(for method: RoutedMethod) -> MethodLimits {
        methodLimits[method.number]
    }

    /// The Lambda authorizer `method` names, as this stage runs it.
    func lambdaAuthorizer(for method: RoutedMethod) -> PreparedLambdaAuthorizer? {
        lambdaAuthorizers[method.number]
    }

    /// How `method` uses the stage cache; only for a stage with one (`cacheOff == nil`).
    func caching(for method: RoutedMethod) -> MethodCaching {
        methodCaching[method.number]
    }
}

/// The deployed stages of a project's APIs, by API name, then stage name.
public struct DeployedStages: Sendable {
    private let byAPI: [String: [String: DeployedStage]]
    /// Every deployed stage, by ``DeployedStage/index``: APIs in project order, their stages in file order.
    public let all: [DeployedStage]
    /// Identifiers of every API, stages or not.
    public let facts: [String: APIFacts]
    /// The pipeline of each kind of API.
    public let pipelines: Pipelines
    /// The project's usage plans and API keys.
    public let usagePlans: UsagePlanDirectory
    /// The project's VPC endpoints by id.
    public let vpcEndpoints: [String: VPCEndpoint]
    /// Problems found while preparing the stages (a resource policy that does not parse).
    public let diagnostics: [Diagnostic]
    /// The project's IAM users, by access key: whom AWS_IAM methods admit.
    public let iamUsers: IAMUserDirectory

    /// - Parameters:
    ///   - templates: the project's parsed mapping templates.
    ///   - pipelines: the pipeline each kind of API runs.
    public init(project: Project, templates: TemplateLibrary, pipelines: Pipelines = .standard) {
        var byAPI: [String: [String: DeployedStage]] = [:]
        var all: [DeployedStage] = []
        var allFacts: [String: APIFacts] = [:]
        var diagnostics: [Diagnostic] = []
        let plans = UsagePlanDirectory(project: project)
        for api in project.apis where byAPI[api.name] == nil {
            let facts = APIFacts(apiName: api.name)
            allFacts[api.name] = facts
            // Each deployment's routes and policy are made once, the first time a stage or canary runs it.
            var releases: [String: DeployedStage.Release] = [:]
            func release(_ id: String?) -> DeployedStage.Release {
                if let made = releases[id ?? ""] { return made }
                let running = api.running(deployment: id)
                let policy = ResourcePolicy(running.definition.policy)
                if case .invalid(let reason) = policy.document {
                    let what = id.map { "deployment '\($0)' of API '\(api.name)'" } ?? "API '\(api.name)'"
                    diagnostics.append(.error(.openAPIPolicy, "x-amazon-apigateway-policy of \(what) is not a policy document IAM accepts: \(reason)",
                                              at: running.definition.policyLocation ?? api.location))
                }
                let made = DeployedStage.Release(api: running, routes: RouteTable(api: running.definition, templates: templates), resourcePolicy: policy,
                                                 facts: id.flatMap { api.deployment(id: $0)?.id }.map { facts.pinned(to: $0) } ?? facts)
                releases[id ?? ""] = made
                return made
            }
            _ = release(nil)
            var stages: [String: DeployedStage] = [:]
            let pipeline = pipelines.pipeline(for: api.kind)
            for stage in api.stages where stages[stage.stageName] == nil {
                let deployed = DeployedStage(release: release, stage: stage, index: all.count, pipeline: pipeline, project: project, plans: plans)
                stages[stage.stageName] = deployed
                all.append(deployed)
            }
            byAPI[api.name] = stages
        }
        self.byAPI = byAPI
        self.all = all
        self.pipelines = pipelines
        usagePlans = plans
        iamUsers = IAMUserDirectory(project: project)
        facts = allFacts
        self.diagnostics = diagnostics
        vpcEndpoints = Dictionary(project.vpcEndpoints.map { ($0.vpcEndpointId, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The VPC of the endpoint `vpce` (nil: no endpoint, or one declared without its VPC): what
    /// a resource policy's `aws:SourceVpc` sees.
    func vpcId(through vpce: String?) -> String? {
        vpce.flatMap { vpcEndpoints[$0]?.vpcId }
    }

    /// Why API Gateway's front end refuses a request that came through VPC endpoint `vpce` to
    /// `stage`, before any stage of its pipeline runs; nil when the request goes on.
    ///
    /// An `execute-api` VPC endpoint routes to private APIs only: a public (EDGE or REGIONAL)
    /// API called through one answers 403 Forbidden (AWS Knowledge Center:
    /// api-gateway-vpc-connections). Portico knows the endpoints portico.yml declares, and
    /// refuses the same way a request through any other.
    func refusal(through vpce: String, to stage: DeployedStage) -> String? {
        guard vpcEndpoints[vpce] != nil else {
            return "no VPC endpoint '\(vpce)' is declared (vpcEndpoints in portico.yml)"
        }
        guard stage.api.endpointType == .private else {
            return "API '\(stage.api.name)' is \(stage.api.endpointType.rawValue): a VPC endpoint for execute-api reaches PRIVATE APIs only, and answers 403 Forbidden for the others"
        }
        return nil
    }

    public subscript(api api: String, stage stage: String) -> DeployedStage? {
        byAPI[api]?[stage]
    }
}
