import PorticoModel
import Velocity

/// One stage of one API as the gateway prepares it when it is made: everything a request to
/// that stage needs that does not depend on the request. A request then finds one object by
/// its endpoint instead of looking up the API, the stage, the API's identifiers and its routes
/// one by one, and nothing here is rebuilt per request.
public final class DeployedStage: Sendable {
    public let api: APIDeployment
    public let stage: Stage
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

    init(api: APIDeployment, stage: Stage, facts: APIFacts, routes: RouteTable) {
        self.api = api
        self.stage = stage
        self.facts = facts
        self.routes = routes
        stageVariables = stage.variables.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        stageVariablesMap = OrderedMap(texts: stageVariables)
        binaryMediaTypes = api.binaryMediaTypes
    }
}

/// The deployed stages of a project's APIs, by API name, then stage name.
public struct DeployedStages: Sendable {
    private let byAPI: [String: [String: DeployedStage]]
    /// Identifiers of every API, stages or not.
    public let facts: [String: APIFacts]

    /// - Parameter templates: the project's parsed mapping templates.
    public init(project: Project, templates: TemplateLibrary) {
        var byAPI: [String: [String: DeployedStage]] = [:]
        var allFacts: [String: APIFacts] = [:]
        for api in project.apis where byAPI[api.name] == nil {
            let facts = APIFacts(apiName: api.name)
            allFacts[api.name] = facts
            let routes = RouteTable(api: api.definition, templates: templates)
            var stages: [String: DeployedStage] = [:]
            for stage in api.stages where stages[stage.stageName] == nil {
                stages[stage.stageName] = DeployedStage(api: api, stage: stage, facts: facts, routes: routes)
            }
            byAPI[api.name] = stages
        }
        self.byAPI = byAPI
        facts = allFacts
    }

    public subscript(api api: String, stage stage: String) -> DeployedStage? {
        byAPI[api]?[stage]
    }
}
