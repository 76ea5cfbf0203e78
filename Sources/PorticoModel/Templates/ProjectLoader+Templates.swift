import Diagnostics
import Foundation
import Yams

/// A template a project reads: its path from the project root and the values of its
/// `Parameters` that portico.yml gives (`templates: [{path: template.yaml, parameters: {…}}]`).
struct TemplateReference {
    var path: String
    var parameters: [String: String]
    var location: SourceLocation?
}

extension ProjectLoader {
    /// The names a template goes by when none is named (SAM's `sam init` writes `template.yaml`).
    public static let templateNames = ["template.yaml", "template.yml", "template.json"]

    /// The template in the project root, or the first `*.template.json` in `cdk.out/` (what
    /// `cdk synth` writes), as a path relative to the root; nil when there is none.
    public func discoveredTemplate() -> String? {
        let manager = FileManager.default
        for name in Self.templateNames where manager.fileExists(atPath: (root as NSString).appendingPathComponent(name)) {
            return name
        }
        let cdk = (root as NSString).appendingPathComponent("cdk.out")
        if let names = try? manager.contentsOfDirectory(atPath: cdk),
           let first = names.filter({ $0.hasSuffix(".template.json") }).sorted().first {
            return "cdk.out/\(first)"
        }
        return nil
    }

    /// Reads each template into one project (later ones add to earlier ones); what portico.yml
    /// declares is added on top by the caller.
    func loadTemplates(_ references: [TemplateReference], diagnostics: inout DiagnosticEngine) -> Project? {
        var project: Project?
        for reference in references {
            let file = reference.path.hasPrefix("/") ? reference.path : (root as NSString).appendingPathComponent(reference.path)
            guard FileManager.default.fileExists(atPath: file) else {
                diagnostics.error(.templateMissing, "template '\(reference.path)' does not exist",
                                  at: reference.location ?? SourceLocation(file: displayPath(reference.path), line: 1, column: 1))
                continue
            }
            guard let source = YAMLSource.read(path: file, displayPath: displayPath(reference.path), diagnostics: &diagnostics),
                  let translation = TemplateTranslation(source: source, layout: layout(of: reference.path), overrides: reference.parameters,
                                                        diagnostics: &diagnostics)
            else { continue }
            for name in reference.parameters.keys.sorted() where TemplateNode.value(TemplateNode.value(translation.root, "Parameters"), name) == nil {
                diagnostics.warning(.templateUnknownName, "template '\(reference.path)' has no parameter '\(name)'",
                                    at: reference.location ?? source.location(line: 1, column: 1))
            }
            let translated = translation.translate()
            diagnostics.emit(contentsOf: translation.diagnostics.diagnostics)
            guard let reader = MappingReader(translated.project, source: source, what: "the template", diagnostics: &diagnostics) else { continue }
            let reading = ProjectReading(loader: self, source: source)
            reading.providedDefinitions = translated.definitions
            project = reading.read(reader, base: project)
            diagnostics.emit(contentsOf: reading.diagnostics.diagnostics)
        }
        return project
    }

    /// Where the template at `path` (from the root) lies, as its resources' paths need it.
    private func layout(of path: String) -> TemplateLayout {
        let directory = (path as NSString).deletingLastPathComponent
        let absolute = path.hasPrefix("/")
        let rootName = URL(fileURLWithPath: root).standardizedFileURL.lastPathComponent
        return TemplateLayout(templateDirectory: absolute ? directory : (root as NSString).appendingPathComponent(directory),
                              displayDirectory: absolute ? directory : displayPath(directory.isEmpty ? "." : directory),
                              templateFromContent: absolute ? path : "../\(path)",
                              directoryFromContent: absolute ? directory : (directory.isEmpty ? ".." : "../\(directory)"),
                              folderName: rootName)
    }
}

extension ProjectReading {
    /// portico.yml's `templates`: paths from the project root, or `{path, parameters}`.
    func readTemplateReferences(_ reader: MappingReader) -> [TemplateReference] {
        var references: [TemplateReference] = []
        for node in reader.sequence("templates", diagnostics: &diagnostics) ?? [] {
            if let path = node.string {
                references.append(TemplateReference(path: path, parameters: [:], location: source.location(of: node)))
                continue
            }
            guard let entry = MappingReader(node, source: source, what: "a template", diagnostics: &diagnostics) else { continue }
            entry.finish(known: ["path", "parameters"], in: "a template", diagnostics: &diagnostics)
            guard let path = entry.requiredString("path", in: "a template", diagnostics: &diagnostics) else { continue }
            let parameters = Dictionary((entry.stringMap("parameters", diagnostics: &diagnostics) ?? []).map { ($0.key, $0.value) },
                                        uniquingKeysWith: { _, last in last })
            references.append(TemplateReference(path: path, parameters: parameters, location: entry.location(ofValue: "path")))
        }
        return references
    }
}
