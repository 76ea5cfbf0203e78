import Diagnostics
import PorticoModel
import Velocity

/// Every mapping template of a project, parsed once when the gateway is made and reused by
/// every request. Templates that do not parse are reported as diagnostics in the file that
/// holds them, and a request that needs one answers as AWS does for a broken mapping.
public struct TemplateLibrary: Sendable {
    private var compiled: [SourceKey: PreparedTemplate] = [:]
    public private(set) var diagnostics: [Diagnostic] = []

    public init(project: Project) {
        // The deployments' snapshots too: a stage pinned to one runs its templates.
        for definition in project.apis.flatMap({ api in [api.definition] + api.deployments.map { api.running(deployment: $0.id).definition } }) {
            for response in definition.gatewayResponses {
                for template in response.responseTemplates { add(template) }
            }
            for operation in definition.operations {
                guard let integration = operation.integration else { continue }
                for template in integration.requestTemplates { add(template) }
                for response in integration.responses {
                    for template in response.responseTemplates { add(template) }
                }
            }
        }
    }

    private mutating func add(_ template: MappingTemplate) {
        guard compiled[SourceKey(template.source)] == nil else { return }
        do {
            let parsed = try VelocityTemplate(source: template.source)
            compiled[SourceKey(template.source)] = PreparedTemplate(template: parsed, context: ContextSelection(names: parsed.contextNamesRead))
        } catch {
            let relative = SourceLocation(file: "", line: error.line, column: error.column)
            diagnostics.append(.error(.templateSyntax, "mapping template for '\(template.contentType)': \(error.message)",
                                      at: relative.shifted(into: template.location)))
        }
    }

    public func template(for mapping: MappingTemplate) -> VelocityTemplate? {
        prepared(for: mapping)?.template
    }

    func prepared(for mapping: MappingTemplate) -> PreparedTemplate? {
        compiled[SourceKey(mapping.source)]
    }
}

/// A parsed template with the `$context` entries it reads.
struct PreparedTemplate: Sendable {
    let template: VelocityTemplate
    let context: ContextSelection
}

/// A template's source as a dictionary key, hashed by its length and first bytes only: every
/// render looks its template up, and hashing a whole template each time cost more than the
/// lookup should. Equality still compares the whole text (instantly, when the request's
/// template is the very string the library was built from).
private struct SourceKey: Hashable {
    let source: String

    init(_ source: String) {
        self.source = source
    }

    func hash(into hasher: inout Hasher) {
        var source = source
        source.withUTF8 { bytes in
            hasher.combine(bytes.count)
            hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.prefix(32))))
        }
    }

    static func == (lhs: SourceKey, rhs: SourceKey) -> Bool {
        lhs.source == rhs.source
    }
}
