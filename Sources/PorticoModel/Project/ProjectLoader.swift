import Diagnostics
import Foundation
import Yams

/// Loads a docs project: `Content/portico.yml` and every API definition it names.
///
/// Paths in diagnostics are the project path the user typed joined with the file's path in
/// the project (`Content/portico.yml:4:7`), so editors can jump to them from the terminal.
public struct ProjectLoader {
    public static let projectFileName = "portico.yml"
    public static let contentFolderName = "Content"

    static let projectKeys = ["site", "apis", "account", "usagePlans", "apiKeys", "functions", "backends", "domains", "identities"]
    static let siteKeys = ["title", "description"]
    static let apiKeys = ["name", "definition", "endpointType", "stages", "description"]
    static let stageKeys = ["stageName", "variables", "description", "methodSettings", "canarySettings", "cacheClusterEnabled",
                            "cacheClusterSize", "accessLogSettings", "tracingEnabled"]

    /// The project's root folder (the one that holds `Content/`).
    public let root: String

    public init(root: String) {
        self.root = root
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
            diagnostics.error("project.missing", "no \(projectRelative) in '\(root)'; run 'portico init' to create a project",
                              at: SourceLocation(file: displayPath(projectRelative), line: 1, column: 1))
            return nil
        }
        guard let source = YAMLSource.read(path: projectPath, displayPath: displayPath(projectRelative), diagnostics: &diagnostics),
              let node = source.compose(diagnostics: &diagnostics),
              let reader = MappingReader(node, source: source, what: "the project file", diagnostics: &diagnostics)
        else { return nil }
        reader.finish(known: Self.projectKeys, in: "the project file", diagnostics: &diagnostics)

        var site = SiteSettings(title: "API documentation")
        if let siteReader = reader.mapping("site", diagnostics: &diagnostics) {
            siteReader.finish(known: Self.siteKeys, in: "'site'", diagnostics: &diagnostics)
            site.title = siteReader.string("title", diagnostics: &diagnostics) ?? site.title
            site.description = siteReader.string("description", diagnostics: &diagnostics)
        }

        var apis: [APIDeployment] = []
        for node in reader.sequence("apis", diagnostics: &diagnostics) ?? [] {
            if let api = loadAPI(node, source: source, diagnostics: &diagnostics) {
                if apis.contains(where: { $0.name == api.name }) {
                    diagnostics.error("project.duplicate-api", "an API named '\(api.name)' is already declared", at: api.location)
                } else {
                    apis.append(api)
                }
            }
        }
        return Project(contentDirectory: contentDirectory, site: site, apis: apis)
    }

    private func loadAPI(_ node: Node, source: YAMLSource, diagnostics: inout DiagnosticEngine) -> APIDeployment? {
        guard let reader = MappingReader(node, source: source, what: "an API", diagnostics: &diagnostics) else { return nil }
        reader.finish(known: Self.apiKeys, in: "an API", diagnostics: &diagnostics)
        guard let name = reader.requiredString("name", in: "an API", diagnostics: &diagnostics),
              let definitionPath = reader.requiredString("definition", in: "API '\(name)'", diagnostics: &diagnostics)
        else { return nil }

        var endpointType = EndpointType.edge   // AWS's default for REST APIs (AWS-BEHAVIOUR fact 33)
        if let text = reader.string("endpointType", diagnostics: &diagnostics) {
            if let value = EndpointType(rawValue: text.uppercased()) {
                endpointType = value
            } else {
                diagnostics.error("project.endpoint-type", "unknown endpointType '\(text)'; expected EDGE, REGIONAL or PRIVATE",
                                  at: reader.location(ofValue: "endpointType"))
            }
        }

        var stages: [Stage] = []
        for stageNode in reader.sequence("stages", diagnostics: &diagnostics) ?? [] {
            guard let stageReader = MappingReader(stageNode, source: source, what: "a stage", diagnostics: &diagnostics) else { continue }
            stageReader.finish(known: Self.stageKeys, in: "a stage", diagnostics: &diagnostics)
            guard let stageName = stageReader.requiredString("stageName", in: "a stage of API '\(name)'", diagnostics: &diagnostics) else { continue }
            if stages.contains(where: { $0.stageName == stageName }) {
                diagnostics.error("project.duplicate-stage", "API '\(name)' already has a stage named '\(stageName)'",
                                  at: stageReader.location(ofValue: "stageName"))
                continue
            }
            let variables = stageReader.stringMap("variables", diagnostics: &diagnostics) ?? []
            stages.append(Stage(stageName: stageName,
                                variables: Dictionary(variables.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }),
                                description: stageReader.string("description", diagnostics: &diagnostics)))
        }
        if stages.isEmpty {
            diagnostics.error("project.no-stage", "API '\(name)' has no stages; add one under 'stages' (stageName: prod)",
                              at: source.location(of: node))
        }

        let definitionRelative = "\(Self.contentFolderName)/\(definitionPath)"
        let definitionFile = (contentDirectory as NSString).appendingPathComponent(definitionPath)
        guard FileManager.default.fileExists(atPath: definitionFile) else {
            diagnostics.error("project.definition-missing", "definition '\(definitionPath)' of API '\(name)' does not exist",
                              at: reader.location(ofValue: "definition"))
            return nil
        }
        guard let definitionSource = YAMLSource.read(path: definitionFile, displayPath: displayPath(definitionRelative), diagnostics: &diagnostics),
              let definition = OpenAPILoader().load(definitionSource, diagnostics: &diagnostics)
        else { return nil }
        return APIDeployment(name: name, definitionPath: definitionPath, endpointType: endpointType, stages: stages,
                             definition: definition, location: source.location(of: node))
    }
}
