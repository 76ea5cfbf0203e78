import Diagnostics
import Foundation
import Yams

/// A definition the template declares inline (or includes), handed to the project loader in
/// place of a file: the OpenAPI document and the source its marks belong to.
struct ProvidedDefinition {
    let root: Node
    let source: YAMLSource
}

/// A template read into the project's own shape: a `portico.yml`-like node (functions, APIs
/// with their stages, usage plans, keys, domains, user pools, buckets, streams) and the
/// definitions its APIs name, each node marked with the template line it comes from.
struct TemplateProject {
    let source: YAMLSource
    let project: Node
    let definitions: [String: ProvidedDefinition]
}

/// The state of translating one template: its resources, their resolved properties, and what
/// they add to the project so far.
///
/// The order is SAM's: `Globals` are merged into the serverless resources, intrinsic functions
/// are resolved, then each resource is read by its type (``translate()``). A resource no reader
/// takes is listed once as ignored, with where it is declared.
final class TemplateTranslation {
    let source: YAMLSource
    let root: Node
    /// Paths: where the template lies, and how its folder reads from the content folder.
    let layout: TemplateLayout
    var diagnostics = DiagnosticEngine()
    let resolver: IntrinsicResolver
    /// The resources whose `Condition` holds, in template order.
    private(set) var resources: [TemplateResource] = []
    private var resolvedProperties: [String: Node] = [:]
    let globals: SAMGlobals
    /// Logical ids some reader took (the rest are reported as ignored).
    var handled: Set<String> = []

    var functions: [Node] = []
    var apis: [Node] = []
    var usagePlans: [Node] = []
    var apiKeys: [Node] = []
    var domains: [Node] = []
    var userPools: [Node] = []
    var buckets: [Node] = []
    var streams: [Node] = []
    var definitions: [String: ProvidedDefinition] = [:]

    init?(source: YAMLSource, layout: TemplateLayout, overrides: [String: String], diagnostics: inout DiagnosticEngine) {
        guard let root = source.compose(diagnostics: &diagnostics) else { return nil }
        guard case .mapping = root, case .mapping? = TemplateNode.value(root, "Resources") else {
            diagnostics.error(.templateShape, "not a SAM or CloudFormation template: it has no 'Resources' mapping", at: source.location(of: root))
            return nil
        }
        self.source = source
        self.root = root
        self.layout = layout
        globals = SAMGlobals(TemplateNode.value(root, "Globals"))
        var table: [String: TemplateResource] = [:]
        var declared: [TemplateResource] = []
        for (logicalId, node) in TemplateNode.pairs(TemplateNode.value(root, "Resources")) {
            guard let type = TemplateNode.text(node, "Type") else {
                diagnostics.error(.templateShape, "resource '\(logicalId)' has no 'Type'", at: source.location(of: node))
                continue
            }
            let resource = TemplateResource(logicalId: logicalId, type: type, properties: TemplateNode.value(node, "Properties"), node: node,
                                            condition: TemplateNode.text(node, "Condition"))
            table[logicalId] = resource
            declared.append(resource)
        }
        // The role SAM creates for a function without one (`<Function>Role`), which templates
        // name in `!GetAtt MyFunctionRole.Arn` (sam-specification-generated-resources-function).
        for function in declared where function.type == "AWS::Serverless::Function" && table[function.logicalId + "Role"] == nil {
            table[function.logicalId + "Role"] = TemplateResource(logicalId: function.logicalId + "Role", type: "AWS::IAM::Role", properties: nil,
                                                                  node: function.node, condition: nil)
        }
        // The APIs SAM creates for functions' events without an explicit API (implicit APIs).
        for (id, type) in [(SAMEvents.implicitRestAPI, "AWS::Serverless::Api"), (SAMEvents.implicitHTTPAPI, "AWS::Serverless::HttpApi")] where table[id] == nil {
            table[id] = TemplateResource(logicalId: id, type: type, properties: nil, node: root, condition: nil)
        }
        resolver = IntrinsicResolver(template: root, source: source, directory: layout.templateDirectory,
                                     displayDirectory: layout.displayDirectory, overrides: overrides, resources: table)
        resources = declared.filter { resource in
            guard let condition = resource.condition else { return true }
            return resolver.condition(named: condition, at: TemplateNode.value(resource.node, "Condition") ?? resource.node)
        }
    }

    /// A resource's properties with globals merged and intrinsic functions resolved (an empty
    /// mapping when it has none).
    func properties(of resource: TemplateResource) -> Node {
        if let cached = resolvedProperties[resource.logicalId] { return cached }
        let merged = globals.applied(to: resource.properties, type: resource.type)
        let resolved = merged.flatMap(resolver.resolve) ?? TemplateNode.mapping([], at: resource.node.mark)
        resolvedProperties[resource.logicalId] = resolved
        return resolved
    }

    func resources(ofType type: String) -> [TemplateResource] {
        resources.filter { $0.type == type }
    }

    func resource(_ logicalId: String) -> TemplateResource? {
        resources.first { $0.logicalId == logicalId }
    }

    func location(of node: Node?) -> SourceLocation {
        node.map(source.location(of:)) ?? source.location(line: 1, column: 1)
    }

    /// Reads every resource, then lists the ones no reader took.
    func translate() -> TemplateProject {
        translateFunctions()
        translateLocalResources()
        translateSAMRestAPIs()
        translateSAMHTTPAPIs()
        translateRestAPIs()
        translateHTTPAPIs()
        for resource in resources where !handled.contains(resource.logicalId) {
            diagnostics.emit(Diagnostic(.note, id: .templateIgnored,
                                        "resource '\(resource.logicalId)' (\(resource.type)) is ignored: Portico does not simulate it",
                                        at: location(of: resource.node)))
        }
        diagnostics.emit(contentsOf: resolver.diagnostics.diagnostics)

        let mark = root.mark
        var sections: [(String, Node)] = [("site", TemplateNode.mapping([("title", TemplateNode.string(siteTitle, at: mark))], at: mark))]
        let lists: [(String, [Node])] = [("functions", functions), ("buckets", buckets), ("streams", streams), ("apis", apis),
                                         ("usagePlans", usagePlans), ("apiKeys", apiKeys), ("domains", domains)]
        for (key, items) in lists where !items.isEmpty {
            sections.append((key, TemplateNode.sequence(items, at: mark)))
        }
        if !userPools.isEmpty {
            sections.append(("identities", TemplateNode.mapping([("userPools", TemplateNode.sequence(userPools, at: mark))], at: mark)))
        }
        return TemplateProject(source: source, project: TemplateNode.mapping(sections, at: mark), definitions: definitions)
    }

    /// The template's `Description`, else its folder's name.
    private var siteTitle: String {
        if let description = TemplateNode.text(root, "Description")?.trimmingCharacters(in: .whitespacesAndNewlines), !description.isEmpty,
           !description.contains("\n") {
            return description
        }
        return layout.folderName
    }

    /// The name a definition provided by resource `logicalId` goes by (`template.yaml#MyApi`).
    func definitionPath(of logicalId: String) -> String {
        "\(layout.templateFromContent)#\(logicalId)"
    }

    /// The text of `key` in resolved `properties`, reporting a value of the wrong kind.
    func text(_ properties: Node, _ key: String) -> String? {
        guard let value = TemplateNode.value(properties, key) else { return nil }
        guard let text = value.string else {
            diagnostics.error(.modelType, "'\(key)' must be a string, found \(value.kindDescription)", at: location(of: value))
            return nil
        }
        return text
    }
}

/// Where a template lies relative to the project, for the paths its resources name.
struct TemplateLayout {
    /// The template's folder on disk.
    let templateDirectory: String
    /// The same folder as diagnostics name it.
    let displayDirectory: String
    /// The template's path from the content folder (`../template.yaml`), which definitions
    /// provided by the template are named after.
    let templateFromContent: String
    /// The template's folder from the content folder (`..`), for `CodeUri` and other paths.
    let directoryFromContent: String
    let folderName: String

    /// `path` with `name/..` pairs and `.` removed, without asking the file system (which
    /// cannot go through a folder that does not exist, such as a template project's Content/).
    static func normalized(_ path: String) -> String {
        var parts: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true).map(String.init) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if path.hasPrefix("/") { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// `relative` (a path in the template's folder, as `CodeUri` writes it) from the content
    /// folder: the form portico.yml's paths take.
    func fromContent(_ relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        var parts = directoryFromContent.split(separator: "/").map(String.init)
        for part in relative.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
            parts.append(String(part))
        }
        let joined = parts.joined(separator: "/")
        if directoryFromContent.hasPrefix("/") { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
