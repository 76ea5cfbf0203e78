import Diagnostics
import Foundation
import Yams

/// Loads a docs project: `Content/portico.yml` and every API definition it names, then checks
/// every cross reference (APIs, stages, usage plans, functions, backends, authorizers,
/// validators, models, stage variables) with a located error that names the closest known name.
///
/// Paths in diagnostics are the project path the user typed joined with the file's path in
/// the project (`Content/portico.yml:4:7`), so editors can jump to them from the terminal.
///
/// Key names follow AWS's API shapes (`aws apigateway get-stage`, `get-usage-plan`, …):
///
/// ```yaml
/// site: {title: API Gateway Field Guide}
/// account: {throttle: {rateLimit: 10000, burstLimit: 5000}}
/// apis:
///   - name: orders
///     definition: apis/orders.openapi.yaml   # OpenAPI (REST or HTTP API) or a WebSocket API file
///     type: REST                             # REST (default for OpenAPI) | HTTP | WEBSOCKET
///     endpointType: REGIONAL                 # EDGE (REST default) | REGIONAL | PRIVATE
///     vpcEndpointIds: [vpce-0123456789abcdef0]   # PRIVATE only: gives the API a {api}-{vpce} host name
///     deployments:                           # snapshots of the definition (portico deploy writes them)
///       - {id: k3x9q2, definition: apis/orders.openapi.k3x9q2.yaml, description: "first release"}
///     stages:
///       - stageName: prod
///         deploymentId: k3x9q2                 # runs the snapshot; without it, the current definition
///         variables: {backend: "http://127.0.0.1:9101"}
///         methodSettings:
///           "*/*": {throttlingRateLimit: 100, throttlingBurstLimit: 50}
///           "/items/{id}/GET": {cachingEnabled: true, cacheTtlInSeconds: 60}
///         cacheClusterEnabled: true
///         cacheClusterSize: "0.5"
///         canarySettings: {percentTraffic: 10, deploymentId: …, stageVariableOverrides: {backend: "…"}, useStageCache: false}
///         accessLogSettings: {format: "$context.requestId $context.status"}
///         tracingEnabled: false
/// usagePlans:
///   - name: basic
///     apiStages: [{api: orders, stage: prod, throttle: {"/items/GET": {rateLimit: 1, burstLimit: 2}}}]
///     throttle: {rateLimit: 5, burstLimit: 10}
///     quota: {limit: 1000, offset: 0, period: DAY}   # DAY | WEEK | MONTH
/// apiKeys: [{name: alice, value: "…", enabled: true, usagePlans: [basic]}]
/// functions:
///   - {name: orders-handler, runtime: python3, handler: app.handler, code: functions/orders,
///      timeout: 3, memorySize: 128, environment: {TABLE: orders}}
///   - {name: native, runtime: command, command: [./bootstrap], code: functions/native}
/// backends: [{name: service1, command: [python3, backends/service1.py], url: "http://127.0.0.1:9101", readinessPath: /health}]
/// domains: [{domainName: api.example.com, securityPolicy: TLS_1_2, basePathMappings: [{basePath: "", api: orders, stage: prod}]}]
/// vpcEndpoints: [{vpcEndpointId: vpce-0123456789abcdef0, vpcId: vpc-0a1b2c3d}]   # PRIVATE APIs' (+VPCEndpoints)
/// buckets: [{name: photos, folder: buckets/photos}]   # S3 buckets; folder relative to Content/
/// streams: [{streamName: events, shardCount: 1}]      # Kinesis streams, in memory
/// tables:                                             # DynamoDB tables, in memory
///   - {tableName: connections, keySchema: [{attributeName: connectionId, keyType: HASH}],
///      attributeDefinitions: [{attributeName: connectionId, attributeType: S}]}
/// identities:
///   iamUsers: [{userName: alice, accessKeyId: AKIA…, secretAccessKey: …, policies: [{Version: "2012-10-17", Statement: […]}]}]
///   userPools:
///     - name: customers
///       userPoolId: us-east-1_Example
///       clients: [{clientName: web, clientId: 1example23456789}]
///       groups: [admins]
///       users: [{username: carol, password: "…", attributes: {email: carol@example.com}, groups: [admins]}]
/// ```
public struct ProjectLoader {
    public static let projectFileName = "portico.yml"
    public static let contentFolderName = "Content"

    static let projectKeys = ["site", "apis", "account", "usagePlans", "apiKeys", "functions", "backends", "domains", "identities",
                              "buckets", "streams", "tables", "vpcEndpoints", "templates"]
    static let siteKeys = ["title", "description"]
    static let apiKeys = ["name", "definition", "endpointType", "vpcEndpointIds", "stages", "description", "type", "deployments"]
    static let stageKeys = ["stageName", "variables", "description", "methodSettings", "canarySettings", "cacheClusterEnabled",
                            "cacheClusterSize", "accessLogSettings", "tracingEnabled", "deploymentId",
                            "autoDeploy", "defaultRouteSettings", "routeSettings"]
    static let deploymentKeys = ["id", "definition", "description"]
    static let methodSettingKeys = ["throttlingRateLimit", "throttlingBurstLimit", "cachingEnabled", "cacheTtlInSeconds",
                                    "cacheDataEncrypted", "requireAuthorizationForCacheControl",
                                    "unauthorizedCacheControlHeaderStrategy", "metricsEnabled", "loggingLevel", "dataTraceEnabled"]
    static let cacheClusterSizes = ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"]

    /// The project's root folder (the one that holds `Content/`).
    public let root: String
    /// A SAM or CloudFormation template to read (`--template FILE`, relative to `root`): in
    /// place of the one found in `root`, or of portico.yml's `templates`.
    public var template: String?

    public init(root: String, template: String? = nil) {
        self.root = root
        self.template = template
    }

    public var contentDirectory: String { (root as NSString).appendingPathComponent(Self.contentFolderName) }

    /// What diagnostics call a file at `relative` (a path inside the project root).
    public func displayPath(_ relative: String) -> String {
        root.isEmpty || root == "." ? relative : (root as NSString).appendingPathComponent(relative)
    }

    public func load(diagnostics: inout DiagnosticEngine) -> Project? {
        let projectRelative = "\(Self.contentFolderName)/\(Self.projectFileName)"
        let projectPath = (contentDirectory as NSString).appendingPathComponent(Self.projectFileName)
        guard FileManager.default.fileExists(atPath: projectPath) else {
            // Zero configuration: a SAM or CloudFormation template is the whole project.
            if let template = template ?? discoveredTemplate() {
                return loadTemplates([TemplateReference(path: template, parameters: [:], location: nil)], diagnostics: &diagnostics)
            }
            diagnostics.error(.projectMissing, "no \(projectRelative) in '\(root)', and no template.yaml, template.yml or template.json; run 'portico init' to create a project",
                              at: SourceLocation(file: displayPath(projectRelative), line: 1, column: 1))
            return nil
        }
        guard let source = YAMLSource.read(path: projectPath, displayPath: displayPath(projectRelative), diagnostics: &diagnostics),
              let node = source.compose(diagnostics: &diagnostics),
              let reader = MappingReader(node, source: source, what: "the project file", diagnostics: &diagnostics)
        else { return nil }
        let loading = ProjectReading(loader: self, source: source)
        var references = loading.readTemplateReferences(reader)
        if let template { references = [TemplateReference(path: template, parameters: [:], location: nil)] }
        let base = references.isEmpty ? nil : loadTemplates(references, diagnostics: &diagnostics)
        let project = loading.read(reader, base: base)
        diagnostics.emit(contentsOf: loading.diagnostics.diagnostics)
        return project
    }
}

/// The state of loading one project file.
final class ProjectReading {
    let loader: ProjectLoader
    let source: YAMLSource
    var diagnostics = DiagnosticEngine()

    init(loader: ProjectLoader, source: YAMLSource) {
        self.loader = loader
        self.source = source
    }

    /// Definitions a template provides in place of files, by the path its APIs name.
    var providedDefinitions: [String: ProvidedDefinition] = [:]

    /// Reads the project; `base` is what its templates declare, which the file adds to.
    func read(_ reader: MappingReader, base: Project? = nil) -> Project {
        reader.finish(known: ProjectLoader.projectKeys, in: "the project file", diagnostics: &diagnostics)

        var site = base?.site ?? SiteSettings(title: "API documentation")
        if let siteReader = reader.mapping("site", diagnostics: &diagnostics) {
            siteReader.finish(known: ProjectLoader.siteKeys, in: "'site'", diagnostics: &diagnostics)
            site.title = siteReader.string("title", diagnostics: &diagnostics) ?? site.title
            site.description = siteReader.string("description", diagnostics: &diagnostics)
        }
        var project = base ?? Project(contentDirectory: loader.contentDirectory, site: site, apis: [])
        project.site = site

        // Functions and backends first: API definitions refer to them.
        for node in reader.sequence("functions", diagnostics: &diagnostics) ?? [] {
            guard let function = readFunction(node) else { continue }
            if project.function(named: function.name) != nil {
                diagnostics.error(.projectDuplicateFunction, "a function named '\(function.name)' is already declared", at: function.location)
            } else {
                project.functions.append(function)
            }
        }
        for node in reader.sequence("backends", diagnostics: &diagnostics) ?? [] {
            guard let backend = readBackend(node) else { continue }
            if project.backend(named: backend.name) != nil {
                diagnostics.error(.projectDuplicateBackend, "a backend named '\(backend.name)' is already declared", at: backend.location)
            } else {
                project.backends.append(backend)
            }
        }

        // Buckets and streams before APIs too: S3 integration URIs name buckets.
        readServiceResources(reader, into: &project)

        // VPC endpoints before APIs too: PRIVATE APIs name them.
        readVPCEndpoints(reader, into: &project)

        // Identities before APIs too: Cognito authorizers name user pools.
        if let identities = reader.mapping("identities", diagnostics: &diagnostics) {
            project.identities = readIdentities(identities)
        }
        for node in reader.sequence("apis", diagnostics: &diagnostics) ?? [] {
            if let api = readAPI(node, project: project) {
                if project.apis.contains(where: { $0.name == api.name }) {
                    diagnostics.error(.projectDuplicateAPI, "an API named '\(api.name)' is already declared", at: api.location)
                } else {
                    project.apis.append(api)
                }
            }
        }

        if let account = reader.mapping("account", diagnostics: &diagnostics) {
            account.finish(known: ["throttle"], in: "'account'", diagnostics: &diagnostics)
            project.account.throttle = account.mapping("throttle", diagnostics: &diagnostics).map(readThrottle)
        }
        for node in reader.sequence("usagePlans", diagnostics: &diagnostics) ?? [] {
            guard let plan = readUsagePlan(node, project: project) else { continue }
            if project.usagePlan(named: plan.name) != nil {
                diagnostics.error(.projectDuplicateUsagePlan, "a usage plan named '\(plan.name)' is already declared", at: plan.location)
            } else {
                project.usagePlans.append(plan)
            }
        }
        for node in reader.sequence("apiKeys", diagnostics: &diagnostics) ?? [] {
            guard let key = readAPIKey(node, project: project) else { continue }
            if project.apiKeys.contains(where: { $0.name == key.name }) {
                diagnostics.error(.projectDuplicateAPIKey, "an API key named '\(key.name)' is already declared", at: key.location)
            } else if let value = key.value, let other = project.apiKeys.first(where: { $0.value == value }) {
                // The gateway finds a key by the value a client sends: two keys with one value
                // could not be told apart.
                diagnostics.error(.projectDuplicateAPIKey, "API key '\(key.name)' has the same value as API key '\(other.name)'", at: key.location)
            } else {
                warnAboutOverlappingPlans(key, project: project)
                project.apiKeys.append(key)
            }
        }
        for node in reader.sequence("domains", diagnostics: &diagnostics) ?? [] {
            if let domain = readDomain(node, project: project) { project.domains.append(domain) }
        }
        return project
    }

    // MARK: - Helpers

    /// A Lambda function an exported definition names but the project does not declare: the
    /// definition still builds (its pages are complete), and a request that reaches the
    /// function gets the answer API Gateway gives when it cannot invoke one.
    private func undeclaredFunction(_ name: String, known: [String], at location: SourceLocation, context: String, consequence: String) {
        var message = "function '\(name)'\(context) is not declared under 'functions', so it has no local code: \(consequence)"
        if let suggestion = closestMatch(to: name, in: known) { message += "; did you mean '\(suggestion)'?" }
        diagnostics.warning(.projectUnknownFunction, message, at: location)
    }

    private func unknown(_ what: String, _ name: String, known: [String], id: DiagnosticID, at location: SourceLocation, context: String = "") {
        var message = "\(what) '\(name)'\(context) is not defined"
        if let suggestion = closestMatch(to: name, in: known) { message += "; did you mean '\(suggestion)'?" }
        diagnostics.error(id, message, at: location)
    }

    func stringList(_ reader: MappingReader, _ key: String) -> [String]? {
        guard let nodes = reader.sequence(key, diagnostics: &diagnostics) else { return nil }
        var result: [String] = []
        for node in nodes {
            guard case .scalar(let scalar) = node else {
                diagnostics.error(.modelType, "'\(key)' must be a list of strings, found \(node.kindDescription)", at: source.location(of: node))
                continue
            }
            result.append(scalar.string)
        }
        return result
    }

    private func stringDictionary(_ reader: MappingReader, _ key: String) -> [String: String] {
        Dictionary((reader.stringMap(key, diagnostics: &diagnostics) ?? []).map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// An enum written with AWS's spelling (case-insensitive); anything else is an error listing the choices.
    private func enumValue<Value: RawRepresentable & CaseIterable>(_ reader: MappingReader, _ key: String) -> Value? where Value.RawValue == String {
        guard let text = reader.string(key, diagnostics: &diagnostics) else { return nil }
        if let value = Value(rawValue: text.uppercased()) { return value }
        diagnostics.error(.projectValue, "unknown \(key) '\(text)'; expected \(Value.allCases.map(\.rawValue).joined(separator: ", "))",
                          at: reader.location(ofValue: key))
        return nil
    }

    private func readThrottle(_ reader: MappingReader) -> ThrottleSettings {
        reader.finish(known: ["rateLimit", "burstLimit"], in: "'throttle'", diagnostics: &diagnostics)
        return ThrottleSettings(rateLimit: reader.double("rateLimit", diagnostics: &diagnostics),
                                burstLimit: reader.int("burstLimit", diagnostics: &diagnostics))
    }

    // MARK: - APIs and stages

    private func readAPI(_ node: Node, project: Project) -> APIDeployment? {
        guard let reader = MappingReader(node, source: source, what: "an API", diagnostics: &diagnostics) else { return nil }
        reader.finish(known: ProjectLoader.apiKeys, in: "an API", diagnostics: &diagnostics)
        guard let name = reader.requiredString("name", in: "an API", diagnostics: &diagnostics),
              let definitionPath = reader.requiredString("definition", in: "API '\(name)'", diagnostics: &diagnostics)
        else { return nil }

        var declaredKind: APIKind?
        if let text = reader.string("type", diagnostics: &diagnostics) {
            declaredKind = APIKind(rawValue: text.uppercased())
            if declaredKind == nil {
                diagnostics.error(.projectAPIType, "unknown API type '\(text)'; expected REST, HTTP or WEBSOCKET", at: reader.location(ofValue: "type"))
            }
        }
        var endpointType: EndpointType?
        if let text = reader.string("endpointType", diagnostics: &diagnostics) {
            if let value = EndpointType(rawValue: text.uppercased()) {
                endpointType = value
            } else {
                diagnostics.error(.projectEndpointType, "unknown endpointType '\(text)'; expected EDGE, REGIONAL or PRIVATE",
                                  at: reader.location(ofValue: "endpointType"))
            }
        }

        var stages: [Stage] = []
        for stageNode in reader.sequence("stages", diagnostics: &diagnostics) ?? [] {
            guard let stage = readStage(stageNode, api: name) else { continue }
            if stages.contains(where: { $0.stageName == stage.stageName }) {
                diagnostics.error(.projectDuplicateStage, "API '\(name)' already has a stage named '\(stage.stageName)'",
                                  at: stage.location ?? source.location(of: stageNode))
                continue
            }
            stages.append(stage)
        }
        if stages.isEmpty {
            diagnostics.error(.projectNoStage, "API '\(name)' has no stages; add one under 'stages' (stageName: prod)",
                              at: source.location(of: node))
        }

        let location = source.location(of: node)
        guard let definition = readDefinition(definitionPath, declaredKind: declaredKind, apiName: name, missing: {
            diagnostics.error(.projectDefinitionMissing, "definition '\(definitionPath)' of API '\(name)' does not exist",
                              at: reader.location(ofValue: "definition"))
        }) else { return nil }
        var deployment: APIDeployment
        switch definition {
        case .webSocket:
            deployment = APIDeployment(name: name, definitionPath: definitionPath, endpointType: endpointType ?? .regional,
                                       stages: stages, apiDefinition: definition, location: location)
        case .rest(let rest), .http(let rest):
            let defaultEndpoint: EndpointType = rest.kind == .rest ? (rest.endpointConfiguration?.types.first ?? .edge) : .regional
            deployment = APIDeployment(name: name, definitionPath: definitionPath, endpointType: endpointType ?? defaultEndpoint,
                                       stages: stages, definition: rest, location: location)
        }
        deployment.description = reader.string("description", diagnostics: &diagnostics)
        deployment.deployments = readDeployments(reader, api: deployment, declaredKind: declaredKind)
        checkDeploymentIds(of: deployment)

        if deployment.kind != .rest, let endpointType, endpointType != .regional {
            // HTTP (and WebSocket) APIs are regional only (DG: api-gateway-api-endpoint-types, http-api-vs-rest).
            diagnostics.error(.awsEndpointTypeOnHTTP,
                              "\(deployment.kind == .http ? "HTTP" : "WebSocket") APIs support only REGIONAL endpoints, found \(endpointType.rawValue)",
                              at: reader.location(ofValue: "endpointType"))
        }
        checkStageSettings(of: deployment)
        readPrivateEndpoint(of: &deployment, reader, project: project)
        checkReferences(of: deployment, project: project)
        return deployment
    }

    /// Loads the definition at `path` (relative to the content folder): a WebSocket API's YAML
    /// or an OpenAPI document; `missing` reports a file that does not exist.
    private func readDefinition(_ path: String, declaredKind: APIKind?, apiName name: String, missing: () -> Void) -> APIDefinition? {
        if let provided = providedDefinitions[path] {
            // Declared in a template: the document is already composed, its marks in the template.
            return OpenAPILoader(declaredKind: declaredKind).load(root: provided.root, references: TemplateNode.references(in: provided.root),
                                                                  source: provided.source, diagnostics: &diagnostics)
                .map { $0.kind == .http ? .http($0) : .rest($0) }
        }
        let definitionRelative = "\(ProjectLoader.contentFolderName)/\(path)"
        let definitionFile = (loader.contentDirectory as NSString).appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: definitionFile) else {
            missing()
            return nil
        }
        guard let definitionSource = YAMLSource.read(path: definitionFile, displayPath: loader.displayPath(definitionRelative), diagnostics: &diagnostics)
        else { return nil }
        if definitionSource.text.utf8.count > OpenAPILoader.maximumDefinitionSize {
            return OpenAPILoader().load(definitionSource, diagnostics: &diagnostics).flatMap { _ in nil }   // reports the size
        }
        guard let (definitionRoot, references) = definitionSource.composeCollectingReferences(diagnostics: &diagnostics) else { return nil }
        if declaredKind == .webSocket || (declaredKind == nil && WebSocketLoader.looksLikeWebSocket(definitionRoot)) {
            return WebSocketLoader().load(definitionRoot, source: definitionSource, defaultName: name, diagnostics: &diagnostics).map(APIDefinition.webSocket)
        }
        guard let definition = OpenAPILoader(declaredKind: declaredKind).load(root: definitionRoot, references: references, source: definitionSource, diagnostics: &diagnostics)
        else { return nil }
        return definition.kind == .http ? .http(definition) : .rest(definition)
    }

    /// The API's `deployments`: each an id and the snapshot of the definition it names, loaded
    /// like the definition itself and of the same kind.
    private func readDeployments(_ reader: MappingReader, api: APIDeployment, declaredKind: APIKind?) -> [Deployment] {
        var deployments: [Deployment] = []
        for node in reader.sequence("deployments", diagnostics: &diagnostics) ?? [] {
            guard let entry = MappingReader(node, source: source, what: "a deployment", diagnostics: &diagnostics) else { continue }
            entry.finish(known: ProjectLoader.deploymentKeys, in: "a deployment", diagnostics: &diagnostics)
            guard let id = entry.requiredString("id", in: "a deployment of API '\(api.name)'", diagnostics: &diagnostics),
                  let path = entry.requiredString("definition", in: "deployment '\(id)' of API '\(api.name)'", diagnostics: &diagnostics)
            else { continue }
            // AWS's deployment ids are letters and digits (`0ltcwh`); Portico takes any such id.
            guard !id.isEmpty, id.count <= 64, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                diagnostics.error(.projectDeploymentId, "deployment id '\(id)' must be 1 to 64 letters or digits", at: entry.location(ofValue: "id"))
                continue
            }
            if deployments.contains(where: { $0.id == id }) {
                diagnostics.error(.projectDeploymentId, "API '\(api.name)' already has a deployment '\(id)'", at: entry.location(ofValue: "id"))
                continue
            }
            guard let definition = readDefinition(path, declaredKind: declaredKind, apiName: api.name, missing: {
                diagnostics.error(.projectDeploymentSnapshot,
                                  "the snapshot '\(path)' of deployment '\(id)' of API '\(api.name)' does not exist; 'portico deploy --api \(api.name) --stage STAGE' writes one",
                                  at: entry.location(ofValue: "definition"))
            }) else { continue }
            guard definition.kind == api.kind else {
                diagnostics.error(.projectDeploymentSnapshot,
                                  "the snapshot '\(path)' of deployment '\(id)' is \(Self.kindName(definition.kind)), but API '\(api.name)' is \(Self.kindName(api.kind))",
                                  at: entry.location(ofValue: "definition"))
                continue
            }
            deployments.append(Deployment(id: id, definitionPath: path, description: entry.string("description", diagnostics: &diagnostics),
                                          apiDefinition: definition, location: entry.location(ofValue: "id")))
        }
        return deployments
    }

    private static func kindName(_ kind: APIKind) -> String {
        switch kind {
        case .rest: "a REST API"
        case .http: "an HTTP API"
        case .webSocket: "a WebSocket API"
        }
    }

    /// Each stage's and canary's `deploymentId` names one of the API's deployments (AWS answers
    /// an unknown one with "Deployment id does not exist": LocalStack's
    /// test_apigateway_canary.snapshot.json, test_create_canary_deployment › bad-canary-deployment-id,
    /// recorded against AWS).
    private func checkDeploymentIds(of api: APIDeployment) {
        let known = api.deployments.map(\.id)
        for stage in api.stages {
            let named = [(stage.deploymentId, stage.deploymentIdLocation, "stage '\(stage.stageName)'"),
                         (stage.canarySettings?.deploymentId, stage.canarySettings?.deploymentIdLocation, "the canary of stage '\(stage.stageName)'")]
            for case let (id?, location?, owner) in named where api.deployment(id: id) == nil {
                var message = "deployment id '\(id)' of \(owner) does not exist"
                message += known.isEmpty ? "; API '\(api.name)' declares no deployments ('portico deploy' makes one)"
                    : (closestMatch(to: id, in: known).map { "; did you mean '\($0)'?" } ?? "; API '\(api.name)' has \(known.joined(separator: ", "))")
                diagnostics.error(.projectUnknownDeployment, message, at: location)
            }
        }
    }

    private func readStage(_ node: Node, api: String) -> Stage? {
        guard let reader = MappingReader(node, source: source, what: "a stage", diagnostics: &diagnostics) else { return nil }
        reader.finish(known: ProjectLoader.stageKeys, in: "a stage", diagnostics: &diagnostics)
        guard let stageName = reader.requiredString("stageName", in: "a stage of API '\(api)'", diagnostics: &diagnostics) else { return nil }
        var stage = Stage(stageName: stageName, description: reader.string("description", diagnostics: &diagnostics))
        stage.location = reader.location(ofValue: "stageName")
        if let id = reader.string("deploymentId", diagnostics: &diagnostics) {
            stage.deploymentId = id
            stage.deploymentIdLocation = reader.location(ofValue: "deploymentId")
        }
        for variable in reader.stringMap("variables", diagnostics: &diagnostics) ?? [] {
            // Names of letters, digits and underscores up to 64 characters; values up to 512 (DG: limits).
            if variable.key.isEmpty || variable.key.count > 64 || !variable.key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
                diagnostics.error(.projectStageVariable, "stage variable name '\(variable.key)' must be 1 to 64 letters, digits or underscores",
                                  at: reader.mapping("variables", diagnostics: &diagnostics)?.location(of: variable.key) ?? variable.location)
            } else if variable.value.count > 512 {
                diagnostics.error(.projectStageVariable, "stage variable '\(variable.key)' is longer than 512 characters", at: variable.location)
            }
            stage.variables[variable.key] = variable.value
        }
        if let settings = reader.mapping("methodSettings", diagnostics: &diagnostics) {
            for pair in settings.pairs {
                guard let body = MappingReader(pair.value, source: source, what: "method setting '\(pair.key)'", diagnostics: &diagnostics) else { continue }
                body.finish(known: ProjectLoader.methodSettingKeys, in: "method setting '\(pair.key)'", diagnostics: &diagnostics)
                guard let (path, method) = methodSettingKey(pair.key) else {
                    diagnostics.error(.projectMethodSettingKey, "method setting key '\(pair.key)' must be '*/*' or '/path/METHOD' (for example '/pets/{id}/GET')",
                                      at: source.location(of: pair.keyNode))
                    continue
                }
                var setting = MethodSetting(key: pair.key, resourcePath: path, httpMethod: method, location: source.location(of: pair.keyNode))
                setting.throttlingRateLimit = body.double("throttlingRateLimit", diagnostics: &diagnostics)
                setting.throttlingBurstLimit = body.int("throttlingBurstLimit", diagnostics: &diagnostics)
                setting.cachingEnabled = body.bool("cachingEnabled", diagnostics: &diagnostics)
                setting.cacheTtlInSeconds = body.int("cacheTtlInSeconds", diagnostics: &diagnostics)
                if let ttl = setting.cacheTtlInSeconds, !(0...3600).contains(ttl) {
                    // 0 to 3600 seconds (DG: api-gateway-caching).
                    diagnostics.error(.projectCacheTTL, "cacheTtlInSeconds must be between 0 and 3600, found \(ttl)",
                                      at: body.location(ofValue: "cacheTtlInSeconds"))
                }
                setting.cacheDataEncrypted = body.bool("cacheDataEncrypted", diagnostics: &diagnostics)
                setting.requireAuthorizationForCacheControl = body.bool("requireAuthorizationForCacheControl", diagnostics: &diagnostics)
                setting.unauthorizedCacheControlHeaderStrategy = enumValue(body, "unauthorizedCacheControlHeaderStrategy")
                setting.metricsEnabled = body.bool("metricsEnabled", diagnostics: &diagnostics)
                setting.loggingLevel = enumValue(body, "loggingLevel")
                setting.dataTraceEnabled = body.bool("dataTraceEnabled", diagnostics: &diagnostics)
                stage.methodSettings.append(setting)
            }
        }
        stage.cacheClusterEnabled = reader.bool("cacheClusterEnabled", diagnostics: &diagnostics) ?? false
        stage.cacheClusterSize = reader.string("cacheClusterSize", diagnostics: &diagnostics)
        if let size = stage.cacheClusterSize, !ProjectLoader.cacheClusterSizes.contains(size) {
            diagnostics.error(.projectCacheClusterSize, "cacheClusterSize '\(size)' is not one of \(ProjectLoader.cacheClusterSizes.joined(separator: ", "))",
                              at: reader.location(ofValue: "cacheClusterSize"))
        }
        if let canary = reader.mapping("canarySettings", diagnostics: &diagnostics) {
            canary.finish(known: ["percentTraffic", "stageVariableOverrides", "useStageCache", "deploymentId"], in: "canarySettings", diagnostics: &diagnostics)
            let percent = canary.double("percentTraffic", diagnostics: &diagnostics) ?? 0
            if !(0...100).contains(percent) {
                // 0.0 to 100.0 inclusive (DG: canary-release).
                diagnostics.error(.projectCanaryPercent, "percentTraffic must be between 0 and 100, found \(canary.string("percentTraffic", diagnostics: &diagnostics) ?? "")",
                                  at: canary.location(ofValue: "percentTraffic"))
            }
            var settings = CanarySettings(percentTraffic: percent, stageVariableOverrides: stringDictionary(canary, "stageVariableOverrides"),
                                          useStageCache: canary.bool("useStageCache", diagnostics: &diagnostics) ?? false,
                                          deploymentId: canary.string("deploymentId", diagnostics: &diagnostics))
            if settings.deploymentId != nil { settings.deploymentIdLocation = canary.location(ofValue: "deploymentId") }
            stage.canarySettings = settings
        }
        if let log = reader.mapping("accessLogSettings", diagnostics: &diagnostics) {
            log.finish(known: ["format", "destinationArn"], in: "accessLogSettings", diagnostics: &diagnostics)
            stage.accessLogSettings = AccessLogSettings(format: log.requiredString("format", in: "accessLogSettings", diagnostics: &diagnostics) ?? "",
                                                        destinationArn: log.string("destinationArn", diagnostics: &diagnostics))
        }
        stage.tracingEnabled = reader.bool("tracingEnabled", diagnostics: &diagnostics) ?? false
        readRouteSettings(of: &stage, reader)
        stage.restOnlySettings = ["methodSettings", "cacheClusterEnabled", "cacheClusterSize", "canarySettings", "tracingEnabled"]
            .filter { reader.value($0) != nil }.map { WrittenSetting(name: $0, location: reader.location(of: $0)) }
        return stage
    }

    /// Stage settings of one kind of API written on the other (DG: http-api-vs-rest): REST's
    /// cache, canary, X-Ray and methodSettings on an HTTP API stage; HTTP's autoDeploy,
    /// route settings and `$default` stage name on a REST API stage.
    private func checkStageSettings(of deployment: APIDeployment) {
        for stage in deployment.stages {
            switch deployment.kind {
            case .http:
                for setting in stage.restOnlySettings {
                    let hint = setting.name == "methodSettings" ? "; HTTP APIs throttle with routeSettings and defaultRouteSettings" : ""
                    diagnostics.error(.awsRestOnlyOnHTTP, "'\(setting.name)' is a REST API stage setting; HTTP APIs do not support it\(hint)",
                                      at: setting.location)
                }
            case .rest:
                if let location = stage.httpOnlySettingsLocation {
                    diagnostics.error(.awsHTTPOnlyOnRest, "autoDeploy, routeSettings and defaultRouteSettings are HTTP API stage settings; a REST API stage uses methodSettings and deployments",
                                      at: location)
                }
                if stage.stageName == "$default" {
                    diagnostics.error(.awsHTTPOnlyOnRest, "the $default stage exists only on HTTP and WebSocket APIs; REST API stage names are letters, digits, hyphens and underscores",
                                      at: stage.location ?? deployment.location)
                }
            case .webSocket:
                break
            }
        }
    }

    /// An HTTP API stage's `autoDeploy`, `defaultRouteSettings` and `routeSettings` (keyed by
    /// route key, `GET /pets` or `$default`), as the ApiGatewayV2 Stage shape writes them (DG:
    /// http-api-throttling). Their throttles become method settings (`*/*` for the default,
    /// `/pets/GET` for a route), which the throttling stage shared with REST APIs applies.
    private func readRouteSettings(of stage: inout Stage, _ reader: MappingReader) {
        stage.autoDeploy = reader.bool("autoDeploy", diagnostics: &diagnostics)
        for key in ["autoDeploy", "defaultRouteSettings", "routeSettings"] where reader.value(key) != nil {
            stage.httpOnlySettingsLocation = stage.httpOnlySettingsLocation ?? reader.location(of: key)
        }
        func throttle(_ body: MappingReader, key: String, path: String, method: String, at location: SourceLocation) {
            body.finish(known: ["throttlingRateLimit", "throttlingBurstLimit", "detailedMetricsEnabled", "loggingLevel", "dataTraceEnabled"],
                        in: "route setting '\(key)'", diagnostics: &diagnostics)
            var setting = MethodSetting(key: key, resourcePath: path, httpMethod: method, location: location)
            setting.throttlingRateLimit = body.double("throttlingRateLimit", diagnostics: &diagnostics)
            setting.throttlingBurstLimit = body.int("throttlingBurstLimit", diagnostics: &diagnostics)
            // Route-level metrics (DG: http-api-metrics: "detailedMetricsEnabled").
            setting.metricsEnabled = body.bool("detailedMetricsEnabled", diagnostics: &diagnostics)
            stage.methodSettings.append(setting)
        }
        if let defaults = reader.mapping("defaultRouteSettings", diagnostics: &diagnostics) {
            throttle(defaults, key: "defaultRouteSettings", path: "*", method: "*", at: reader.location(of: "defaultRouteSettings"))
        }
        if let routes = reader.mapping("routeSettings", diagnostics: &diagnostics) {
            for pair in routes.pairs {
                guard let body = MappingReader(pair.value, source: source, what: "route setting '\(pair.key)'", diagnostics: &diagnostics) else { continue }
                let parts = pair.key.split(separator: " ", maxSplits: 1).map(String.init)
                let place = source.location(of: pair.keyNode)
                if pair.key == "$default" {
                    throttle(body, key: pair.key, path: "$default", method: "ANY", at: place)
                } else if parts.count == 2, HTTPMethod(rawValue: parts[0]) != nil, parts[1].hasPrefix("/") {
                    throttle(body, key: pair.key, path: parts[1], method: parts[0], at: place)
                } else {
                    diagnostics.error(.projectMethodSettingKey, "route setting key '\(pair.key)' must be a route key: '$default' or 'METHOD /path' (for example 'GET /pets/{id}')",
                                      at: place)
                }
            }
        }
    }

    /// `*/*` → (`*`, `*`); `/pets/{id}/GET` or `~1pets~1{id}/GET` → (`/pets/{id}`, `GET`).
    private func methodSettingKey(_ key: String) -> (String, String)? {
        if key == "*/*" { return ("*", "*") }
        let decoded = key.replacingOccurrences(of: "~1", with: "/")
        guard decoded.hasPrefix("/"), let slash = decoded.lastIndex(of: "/"), slash != decoded.startIndex else { return nil }
        let method = String(decoded[decoded.index(after: slash)...])
        guard method == "*" || HTTPMethod(rawValue: method) != nil else { return nil }
        return (String(decoded[..<slash]), method)
    }

    /// A Lambda function named by stage variables (DG: aws-api-gateway-stage-variables-reference),
    /// in an integration's URI or an authorizer's, is looked up per request on the stage that
    /// serves it, so it is no error here; a warning when no stage (nor a canary's overrides)
    /// names a declared function, since every call would then fail. Variables no stage defines
    /// have their own warning.
    private func checkStageFunction(_ function: String, uri: String?, of owner: String, api: APIDeployment,
                                    project: Project, defined: Set<String>, at location: SourceLocation) {
        guard let uri, stageVariableNames(in: function).contains(where: defined.contains) else { return }
        var named: [String] = []
        for stage in api.stages {
            var sets = [(stage.stageName, stage.variables)]
            if let overrides = stage.canarySettings?.stageVariableOverrides, !overrides.isEmpty {
                sets.append(("\(stage.stageName) canary", stage.variables.merging(overrides) { _, override in override }))
            }
            for (label, variables) in sets {
                let name = LambdaARN.functionName(in: uri, stageVariables: variables) ?? ""
                if project.function(named: name) != nil { return }
                named.append("\(label) → '\(name)'")
            }
        }
        let declared = project.functions.map(\.name)
        diagnostics.warning(.projectUnknownFunction,
                            "Lambda function '\(function)' (\(owner)) names no declared function on any stage: "
                            + named.joined(separator: ", ")
                            + (declared.isEmpty ? "; the project declares no functions" : "; declared: \(declared.joined(separator: ", "))"),
                            at: location)
    }

    /// Cross references from an API to the project: functions, backends, stage variables, method settings.
    private func checkReferences(of api: APIDeployment, project: Project) {
        let functionNames = project.functions.map(\.name)
        let defined = Set(api.stages.flatMap { Array($0.variables.keys) + Array($0.canarySettings?.stageVariableOverrides.keys ?? [:].keys) })
        if let webSocket = api.webSocketAPI {
            for integration in webSocket.integrations {
                if let function = integration.functionName, project.function(named: function) == nil {
                    undeclaredFunction(function, known: functionNames, at: integration.location, context: " (integration '\(integration.name)')",
                                       consequence: "WebSocket APIs are not simulated yet")
                }
                if let backend = integration.backendName, project.backend(named: backend) == nil {
                    unknown("backend", backend, known: project.backends.map(\.name), id: .projectUnknownBackend, at: integration.location,
                            context: " (integration '\(integration.name)')")
                }
                for variable in stageVariableNames(in: integration.integrationUri ?? "") where !defined.contains(variable) {
                    diagnostics.warning(.projectUndefinedStageVariable,
                                        "stage variable '\(variable)' used in the URI of integration '\(integration.name)' is defined in no stage of API '\(api.name)'",
                                        at: integration.location)
                }
            }
            for authorizer in webSocket.authorizers {
                if let function = authorizer.functionName, project.function(named: function) == nil {
                    undeclaredFunction(function, known: functionNames, at: authorizer.location, context: " (authorizer '\(authorizer.name)')",
                                       consequence: "WebSocket APIs are not simulated yet")
                }
            }
            return
        }
        let definition = api.definition
        let poolIDs = project.identities.userPools.map(\.userPoolId)
        for authorizer in definition.authorizers {
            for arn in authorizer.providerARNs where !poolIDs.isEmpty {
                let poolID = arn.split(separator: "/").last.map(String.init) ?? arn
                if !poolIDs.contains(poolID) {
                    var message = "user pool '\(poolID)' of authorizer '\(authorizer.name)' is not declared under identities.userPools"
                    if let suggestion = closestMatch(to: poolID, in: poolIDs) { message += "; did you mean '\(suggestion)'?" }
                    diagnostics.warning(.projectUnknownUserPool, message, at: authorizer.location)
                }
            }
            // An authorizer's function may be named by stage variables as an integration's is.
            if let function = authorizer.functionName, LambdaARN.usesStageVariables(function) {
                checkStageFunction(function, uri: authorizer.authorizerUri, of: "authorizer '\(authorizer.name)'", api: api, project: project,
                                   defined: defined, at: authorizer.location)
                for variable in stageVariableNames(in: authorizer.authorizerUri ?? "") where !defined.contains(variable) {
                    diagnostics.warning(.projectUndefinedStageVariable,
                                        "stage variable '\(variable)' used in the URI of authorizer '\(authorizer.name)' is defined in no stage of API '\(api.name)'",
                                        at: authorizer.location)
                }
            } else if let function = authorizer.functionName, project.function(named: function) == nil {
                undeclaredFunction(function, known: functionNames, at: authorizer.location, context: " (authorizer '\(authorizer.name)')",
                                   consequence: api.kind == .rest
                                       ? "requests to the methods it guards answer 500 (AUTHORIZER_CONFIGURATION_ERROR)"
                                       : "HTTP API authorizers are not simulated yet")
            }
        }
        var reported = Set<SourceLocation>()
        for operation in definition.operations {
            guard let integration = operation.integration, reported.insert(integration.location).inserted else { continue }
            if let function = integration.functionName, LambdaARN.usesStageVariables(function) {
                checkStageFunction(function, uri: integration.uri, of: "integration of \(operation.routeKey)", api: api, project: project,
                                   defined: defined, at: integration.location)
            } else if let function = integration.functionName, project.function(named: function) == nil {
                undeclaredFunction(function, known: functionNames, at: integration.location, context: " (integration of \(operation.routeKey))",
                                   consequence: "its requests answer 500 Internal server error")
            }
            checkServiceURI(of: integration, operation: operation, project: project)
            for variable in integration.stageVariablesInURI where !defined.contains(variable) {
                diagnostics.warning(.projectUndefinedStageVariable,
                                    "stage variable '\(variable)' used in the integration URI of \(operation.routeKey) is defined in no stage of API '\(api.name)'",
                                    at: integration.location)
            }
        }
        for stage in api.stages {
            for setting in stage.methodSettings where setting.resourcePath != "*" {
                let exists = definition.operations.contains {
                    $0.path == setting.resourcePath && (setting.httpMethod == "*" || $0.method.rawValue == setting.httpMethod || $0.method == .any)
                }
                if !exists {
                    diagnostics.warning(.projectUnknownMethod,
                                        "method setting '\(setting.key)' of stage '\(stage.stageName)' names no method of API '\(api.name)'",
                                        at: setting.location)
                }
            }
        }
    }

    // MARK: - Functions, backends

    private func readFunction(_ node: Node) -> FunctionDefinition? {
        guard let reader = MappingReader(node, source: source, what: "a function", diagnostics: &diagnostics) else { return nil }
        reader.finish(known: ["name", "runtime", "handler", "code", "command", "timeout", "environment", "memorySize", "description"],
                      in: "a function", diagnostics: &diagnostics)
        guard let name = reader.requiredString("name", in: "a function", diagnostics: &diagnostics) else { return nil }
        let runtimeText = reader.string("runtime", diagnostics: &diagnostics) ?? (reader.value("command") != nil ? "command" : "python3")
        let family = runtimeText.hasPrefix("python3") ? "python3" : runtimeText.hasPrefix("nodejs") ? "nodejs" : runtimeText
        guard let runtime = FunctionRuntime(rawValue: family) else {
            diagnostics.error(.projectFunctionRuntime, "unknown runtime '\(runtimeText)' of function '\(name)'; expected python3, nodejs or command",
                              at: reader.location(ofValue: "runtime"))
            return nil
        }
        var function = FunctionDefinition(name: name, runtime: runtime, location: source.location(of: node))
        function.handler = reader.string("handler", diagnostics: &diagnostics)
        function.command = stringList(reader, "command") ?? []
        if runtime == .python3 || runtime == .nodejs, function.handler == nil {
            diagnostics.error(.modelMissingKey, "function '\(name)' needs 'handler' (\(runtime == .python3 ? "module.function" : "file.export")) for runtime \(runtime.rawValue)",
                              at: source.location(of: node))
        }
        if runtime == .command, function.command.isEmpty {
            diagnostics.error(.modelMissingKey, "function '\(name)' needs 'command' for runtime command", at: source.location(of: node))
        }
        if let code = reader.string("code", diagnostics: &diagnostics) {
            function.code = code
            // Lexically: a template's `../src` must not need a Content/ folder to exist.
            let directory = TemplateLayout.normalized(code.hasPrefix("/") ? code : (loader.contentDirectory as NSString).appendingPathComponent(code))
            function.codeDirectory = directory
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue {
                diagnostics.error(.projectFunctionCodeMissing, "code folder '\(code)' of function '\(name)' does not exist",
                                  at: reader.location(ofValue: "code"))
            }
        }
        if let timeout = reader.int("timeout", diagnostics: &diagnostics) {
            if (1...900).contains(timeout) { function.timeout = timeout } else {
                diagnostics.error(.projectFunctionTimeout, "timeout of function '\(name)' must be between 1 and 900 seconds, found \(timeout)",
                                  at: reader.location(ofValue: "timeout"))
            }
        }
        if let memory = reader.int("memorySize", diagnostics: &diagnostics) {
            if (128...10_240).contains(memory) { function.memorySize = memory } else {
                diagnostics.error(.projectFunctionMemory, "memorySize of function '\(name)' must be between 128 and 10240 MB, found \(memory)",
                                  at: reader.location(ofValue: "memorySize"))
            }
        }
        function.environment = stringDictionary(reader, "environment")
        return function
    }

    private func readBackend(_ node: Node) -> Backend? {
        guard let reader = MappingReader(node, source: source, what: "a backend", diagnostics: &diagnostics) else { return nil }
        reader.finish(known: ["name", "command", "url", "readinessPath", "description"], in: "a backend", diagnostics: &diagnostics)
        guard let name = reader.requiredString("name", in: "a backend", diagnostics: &diagnostics) else { return nil }
        return Backend(name: name, command: stringList(reader, "command") ?? [], url: reader.string("url", diagnostics: &diagnostics),
                       readinessPath: reader.string("readinessPath", diagnostics: &diagnostics), location: source.location(of: node))
    }

    // MARK: - Usage plans, keys, domains

    /// Checks `api`/`stage` names; returns the API when it exists.
    @discardableResult
    private func checkAPIStage(_ reader: MappingReader, api: String, stage: String, project: Project) -> APIDeployment? {
        guard let deployment = project.api(named: api) else {
            unknown("API", api, known: project.apis.map(\.name), id: .projectUnknownAPI, at: reader.location(ofValue: "api"))
            return nil
        }
        if deployment.stage(named: stage) == nil {
            unknown("stage", stage, known: deployment.stages.map(\.stageName), id: .projectUnknownStage, at: reader.location(ofValue: "stage"),
                    context: " of API '\(api)'")
        }
        return deployment
    }

    private func readUsagePlan(_ node: Node, project: Project) -> UsagePlan? {
        guard let reader = MappingReader(node, source: source, what: "a usage plan", diagnostics: &diagnostics) else { return nil }
        reader.finish(known: ["name", "description", "apiStages", "throttle", "quota"], in: "a usage plan", diagnostics: &diagnostics)
        guard let name = reader.requiredString("name", in: "a usage plan", diagnostics: &diagnostics) else { return nil }
        var plan = UsagePlan(name: name, description: reader.string("description", diagnostics: &diagnostics), location: source.location(of: node))
        for stageNode in reader.sequence("apiStages", diagnostics: &diagnostics) ?? [] {
            guard let stageReader = MappingReader(stageNode, source: source, what: "an API stage", diagnostics: &diagnostics) else { continue }
            stageReader.finish(known: ["api", "stage", "throttle"], in: "an API stage", diagnostics: &diagnostics)
            guard let api = stageReader.requiredString("api", in: "an API stage of usage plan '\(name)'", diagnostics: &diagnostics),
                  let stage = stageReader.requiredString("stage", in: "an API stage of usage plan '\(name)'", diagnostics: &diagnostics)
            else { continue }
            if let deployment = checkAPIStage(stageReader, api: api, stage: stage, project: project), deployment.kind == .http {
                // HTTP APIs have no API keys or usage plans (DG: http-api-vs-rest).
                diagnostics.error(.awsUsagePlanOnHTTP, "usage plans are not supported on HTTP APIs ('\(api)' is an HTTP API)",
                                  at: stageReader.location(ofValue: "api"))
            }
            var throttles: [String: ThrottleSettings] = [:]
            if let map = stageReader.mapping("throttle", diagnostics: &diagnostics) {
                for pair in map.pairs {
                    // API:ApiStage: per-method throttles are keyed "/resourcePath/METHOD".
                    if let (path, method) = methodSettingKey(pair.key), path != "*" {
                        if let definition = project.api(named: api)?.definition,
                           !definition.operations.contains(where: { $0.path == path && ($0.method.rawValue == method || $0.method == .any || method == "*") }) {
                            diagnostics.warning(.projectUnknownMethod, "throttle '\(pair.key)' of usage plan '\(name)' names no method of API '\(api)'",
                                                at: source.location(of: pair.keyNode))
                        }
                    } else {
                        diagnostics.error(.projectMethodSettingKey, "throttle key '\(pair.key)' must be '/path/METHOD' (for example '/pets/{id}/GET')",
                                          at: source.location(of: pair.keyNode))
                    }
                    if let body = MappingReader(pair.value, source: source, what: "throttle '\(pair.key)'", diagnostics: &diagnostics) {
                        throttles[pair.key] = readThrottle(body)
                    }
                }
            }
            plan.apiStages.append(UsagePlanAPIStage(api: api, stage: stage, throttle: throttles, location: source.location(of: stageNode)))
        }
        plan.throttle = reader.mapping("throttle", diagnostics: &diagnostics).map(readThrottle)
        if let quota = reader.mapping("quota", diagnostics: &diagnostics) {
            quota.finish(known: ["limit", "offset", "period"], in: "'quota'", diagnostics: &diagnostics)
            let limit = quota.int("limit", diagnostics: &diagnostics) ?? 0
            let periodText = quota.requiredString("period", in: "the quota of usage plan '\(name)'", diagnostics: &diagnostics) ?? "DAY"
            if let period = QuotaPeriod(rawValue: periodText.uppercased()) {
                plan.quota = QuotaSettings(limit: limit, offset: quota.int("offset", diagnostics: &diagnostics) ?? 0, period: period)
            } else {
                diagnostics.error(.projectQuotaPeriod, "unknown quota period '\(periodText)'; expected DAY, WEEK or MONTH", at: quota.location(ofValue: "period"))
            }
        }
        return plan
    }

    /// A key in two plans that include the same stage: the gateway meters its requests there by
    /// the first plan only, so the second plan's limits never apply to them.
    private func warnAboutOverlappingPlans(_ key: APIKey, project: Project) {
        var seen: [String: String] = [:]
        for planName in key.usagePlans {
            guard let plan = project.usagePlan(named: planName) else { continue }
            for stage in plan.apiStages {
                let id = "stage '\(stage.stage)' of API '\(stage.api)'"
                if let first = seen[id], first != planName {
                    diagnostics.warning(.projectAPIKeyPlansOverlap,
                                        "API key '\(key.name)' is in usage plans '\(first)' and '\(planName)', which both include \(id): its requests there are metered by '\(first)' only",
                                        at: key.location)
                } else {
                    seen[id] = seen[id] ?? planName
                }
            }
        }
    }

    private func readAPIKey(_ node: Node, project: Project) -> APIKey? {
        guard let reader = MappingReader(node, source: source, what: "an API key", diagnostics: &diagnostics) else { return nil }
        reader.finish(known: ["name", "value", "enabled", "description", "usagePlans"], in: "an API key", diagnostics: &diagnostics)
        guard let name = reader.requiredString("name", in: "an API key", diagnostics: &diagnostics) else { return nil }
        let plans = stringList(reader, "usagePlans") ?? []
        if let nodes = reader.sequence("usagePlans", diagnostics: &diagnostics) {
            for (plan, planNode) in zip(plans, nodes) where project.usagePlan(named: plan) == nil {
                unknown("usage plan", plan, known: project.usagePlans.map(\.name), id: .projectUnknownUsagePlan, at: source.location(of: planNode))
            }
        }
        if let value = reader.string("value", diagnostics: &diagnostics), value.count < 20 {
            // AWS requires API key values of at least 20 characters.
            diagnostics.error(.projectAPIKeyValue, "the value of API key '\(name)' must be at least 20 characters long", at: reader.location(ofValue: "value"))
        }
        return APIKey(name: name, value: reader.string("value", diagnostics: &diagnostics), enabled: reader.bool("enabled", diagnostics: &diagnostics) ?? true,
                      description: reader.string("description", diagnostics: &diagnostics), usagePlans: plans, location: source.location(of: node))
    }

    private func readDomain(_ node: Node, project: Project) -> CustomDomainName? {
        guard let reader = MappingReader(node, source: source, what: "a domain", diagnostics: &diagnostics) else { return nil }
        reader.finish(known: ["domainName", "basePathMappings", "endpointType", "certificateArn", "securityPolicy"], in: "a domain",
                      diagnostics: &diagnostics)
        guard let domainName = reader.requiredString("domainName", in: "a domain", diagnostics: &diagnostics) else { return nil }
        var domain = CustomDomainName(domainName: domainName, location: source.location(of: node))
        if let text = reader.string("securityPolicy", diagnostics: &diagnostics) {
            if let policy = SecurityPolicy(rawValue: text) {
                domain.securityPolicy = policy
                domain.securityPolicyDeclared = true
            } else {
                // DG: apigateway-custom-domain-tls-version: "specify TLS_1_0 or TLS_1_2 in the securityPolicy parameter".
                diagnostics.error(.projectSecurityPolicy, "unknown securityPolicy '\(text)' of domain '\(domainName)'; expected TLS_1_0 or TLS_1_2",
                                  at: reader.location(ofValue: "securityPolicy"))
            }
        }
        for mappingNode in reader.sequence("basePathMappings", diagnostics: &diagnostics) ?? [] {
            guard let mapping = MappingReader(mappingNode, source: source, what: "a base path mapping", diagnostics: &diagnostics) else { continue }
            mapping.finish(known: ["basePath", "api", "stage"], in: "a base path mapping", diagnostics: &diagnostics)
            guard let api = mapping.requiredString("api", in: "a base path mapping of '\(domainName)'", diagnostics: &diagnostics),
                  let stage = mapping.requiredString("stage", in: "a base path mapping of '\(domainName)'", diagnostics: &diagnostics)
            else { continue }
            var basePath = mapping.string("basePath", diagnostics: &diagnostics) ?? ""
            if basePath == "(none)" { basePath = "" }
            let deployment = checkAPIStage(mapping, api: api, stage: stage, project: project)
            // "For HTTP or WebSocket APIs, API Gateway only supports the TLS_1_2 security policy"
            // (DG: apigateway-custom-domain-tls-version).
            if let kind = deployment?.kind, kind != .rest {
                if domain.securityPolicyDeclared, domain.securityPolicy != .tls12 {
                    diagnostics.error(.projectSecurityPolicy,
                                      "domain '\(domainName)' maps \(kind == .http ? "an HTTP" : "a WebSocket") API, which supports only securityPolicy TLS_1_2",
                                      at: reader.location(ofValue: "securityPolicy"))
                }
                domain.securityPolicy = .tls12
            }
            if domain.basePathMappings.contains(where: { $0.basePath == basePath }) {
                diagnostics.error(.projectDuplicateBasePath, "domain '\(domainName)' already maps base path '\(basePath)'",
                                  at: mapping.location(ofValue: "basePath"))
                continue
            }
            domain.basePathMappings.append(BasePathMapping(basePath: basePath, api: api, stage: stage, location: source.location(of: mappingNode)))
        }
        return domain
    }

    // MARK: - Identities

    private func readIdentities(_ reader: MappingReader) -> Identities {
        reader.finish(known: ["iamUsers", "userPools"], in: "'identities'", diagnostics: &diagnostics)
        var identities = Identities()
        for node in reader.sequence("iamUsers", diagnostics: &diagnostics) ?? [] {
            guard let user = MappingReader(node, source: source, what: "an IAM user", diagnostics: &diagnostics) else { continue }
            user.finish(known: ["userName", "accessKeyId", "secretAccessKey", "policies"], in: "an IAM user", diagnostics: &diagnostics)
            guard let name = user.requiredString("userName", in: "an IAM user", diagnostics: &diagnostics),
                  let keyID = user.requiredString("accessKeyId", in: "IAM user '\(name)'", diagnostics: &diagnostics),
                  let secret = user.requiredString("secretAccessKey", in: "IAM user '\(name)'", diagnostics: &diagnostics)
            else { continue }
            let policies = (user.sequence("policies", diagnostics: &diagnostics) ?? []).compactMap {
                JSONValue.from($0, source: source, diagnostics: &diagnostics)
            }
            identities.iamUsers.append(IAMUser(userName: name, accessKeyId: keyID, secretAccessKey: secret, policies: policies,
                                               location: source.location(of: node)))
        }
        for node in reader.sequence("userPools", diagnostics: &diagnostics) ?? [] {
            guard let pool = MappingReader(node, source: source, what: "a user pool", diagnostics: &diagnostics) else { continue }
            pool.finish(known: ["name", "userPoolId", "clients", "groups", "users"], in: "a user pool", diagnostics: &diagnostics)
            guard let name = pool.requiredString("name", in: "a user pool", diagnostics: &diagnostics) else { continue }
            var entry = CognitoUserPool(name: name, userPoolId: pool.string("userPoolId", diagnostics: &diagnostics) ?? "us-east-1_\(name)",
                                        location: source.location(of: node))
            // Cognito's pattern for a pool id (API reference: UserPoolType, Id): its Region, '_'
            // and letters or digits. Tokens name it in their issuer, and keys are kept under it.
            if !CognitoUserPool.isValidId(entry.userPoolId) {
                diagnostics.error(.projectUserPoolId,
                                  "user pool id '\(entry.userPoolId)' of user pool '\(name)' must be a Region, '_' and letters or digits, such as us-east-1_Example",
                                  at: pool.value("userPoolId") != nil ? pool.location(ofValue: "userPoolId") : pool.location(ofValue: "name"))
            }
            for clientNode in pool.sequence("clients", diagnostics: &diagnostics) ?? [] {
                guard let client = MappingReader(clientNode, source: source, what: "an app client", diagnostics: &diagnostics) else { continue }
                client.finish(known: ["clientName", "clientId"], in: "an app client", diagnostics: &diagnostics)
                guard let clientId = client.requiredString("clientId", in: "an app client of user pool '\(name)'", diagnostics: &diagnostics) else { continue }
                entry.clients.append(UserPoolClient(clientName: client.string("clientName", diagnostics: &diagnostics) ?? clientId, clientId: clientId))
            }
            for groupNode in pool.sequence("groups", diagnostics: &diagnostics) ?? [] {
                if let group = groupNode.string {
                    entry.groups.append(group)
                } else if let group = MappingReader(groupNode, source: source, what: "a group", diagnostics: &diagnostics),
                          let groupName = group.requiredString("groupName", in: "a group", diagnostics: &diagnostics) {
                    entry.groups.append(groupName)
                }
            }
            for userNode in pool.sequence("users", diagnostics: &diagnostics) ?? [] {
                guard let user = MappingReader(userNode, source: source, what: "a user", diagnostics: &diagnostics) else { continue }
                user.finish(known: ["username", "password", "attributes", "groups"], in: "a user", diagnostics: &diagnostics)
                guard let username = user.requiredString("username", in: "a user of user pool '\(name)'", diagnostics: &diagnostics) else { continue }
                let groups = stringList(user, "groups") ?? []
                if let nodes = user.sequence("groups", diagnostics: &diagnostics) {
                    for (group, groupNode) in zip(groups, nodes) where !entry.groups.contains(group) {
                        unknown("group", group, known: entry.groups, id: .projectUnknownGroup, at: source.location(of: groupNode),
                                context: " of user pool '\(name)'")
                    }
                }
                entry.users.append(UserPoolUser(username: username, password: user.string("password", diagnostics: &diagnostics),
                                                attributes: stringDictionary(user, "attributes"), groups: groups, location: source.location(of: userNode)))
            }
            identities.userPools.append(entry)
        }
        return identities
    }
}
