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

    init(api: APIDeployment, stage: Stage, index: Int, pipeline: Pipeline?, facts: APIFacts, routes: RouteTable, project: Project) {
        self.api = api
        self.stage = stage
        self.index = index
        self.pipeline = pipeline
        self.facts = facts
        self.routes = routes
        stageVariables = stage.variables.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        stageVariablesMap = OrderedMap(texts: stageVariables)
        binaryMediaTypes = api.binaryMediaTypes
        unsimulatedFeatures = routes.allMethods.map { UnsimulatedFeatures(method: $0, api: api, stage: stage, project: project) }
    }

    func unsimulated(for method: RoutedMethod) -> UnsimulatedFeatures {
        unsimulatedFeatures[method.number]
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

    /// - Parameters:
    ///   - templates: the project's parsed mapping templates.
    ///   - pipelines: the pipeline each kind of API runs.
    public init(project: Project, templates: TemplateLibrary, pipelines: Pipelines = .standard) {
        var byAPI: [String: [String: DeployedStage]] = [:]
        var all: [DeployedStage] = []
        var allFacts: [String: APIFacts] = [:]
        for api in project.apis where byAPI[api.name] == nil {
            let facts = APIFacts(apiName: api.name)
            allFacts[api.name] = facts
            let routes = RouteTable(api: api.definition, templates: templates)
            var stages: [String: DeployedStage] = [:]
            let pipeline = pipelines.pipeline(for: api.kind)
            for stage in api.stages where stages[stage.stageName] == nil {
                let deployed = DeployedStage(api: api, stage: stage, index: all.count, pipeline: pipeline, facts: facts, routes: routes, project: project)
                stages[stage.stageName] = deployed
                all.append(deployed)
            }
            byAPI[api.name] = stages
        }
        self.byAPI = byAPI
        self.all = all
        self.pipelines = pipelines
        facts = allFacts
    }

    public subscript(api api: String, stage stage: String) -> DeployedStage? {
        byAPI[api]?[stage]
    }
}
