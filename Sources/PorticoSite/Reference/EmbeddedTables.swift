import Diagnostics
import PorticoModel

/// Tables a note embeds with a fenced `portico` block, drawn from the model at build time so
/// they never drift from the definitions:
///
/// ````markdown
/// ```portico authorizers api=orders
/// ```
/// ```portico endpoint-types
/// ```
/// ```portico authorizer-support
/// ```
/// ````
enum EmbeddedTables {
    static let kinds = ["authorizers", "endpoint-types", "authorizer-support"]

    /// The table's HTML, or nil with a diagnostic at `location` (the block's fence).
    static func html(info: String, project: Project, location: SourceLocation, diagnostics: inout DiagnosticEngine) -> String? {
        let words = info.split(separator: " ").dropFirst().map(String.init)
        guard let kind = words.first, kinds.contains(kind) else {
            diagnostics.error(.noteTable, "expected a table name after 'portico' (\(kinds.joined(separator: ", "))), found '\(words.first ?? "nothing")'", at: location)
            return nil
        }
        switch kind {
        case "authorizers":
            let apiName = words.dropFirst().first { $0.hasPrefix("api=") }.map { String($0.dropFirst(4)) }
                ?? (project.apis.count == 1 ? project.apis[0].name : nil)
            guard let apiName, let api = project.api(named: apiName) else {
                diagnostics.error(.noteTable, "the authorizers table needs api=NAME naming an API of portico.yml (\(project.apis.map(\.name).joined(separator: ", ")))", at: location)
                return nil
            }
            guard !api.definition.authorizers.isEmpty else {
                return "<p>The <code>\(api.name.htmlEscaped)</code> API declares no authorizers.</p>\n"
            }
            // Links go to the API's reference pages, relative to the site root.
            let folder = ReferencePages.apiFolder(api)
            return ReferencePages.authorizersTable(api, in: project, slugs: ReferencePages.operationSlugs(api).map { folder + $0 }, rootRelative: true)
        case "endpoint-types":
            return ReferenceHTML.table(["API", "Type", "Endpoint type", "Stages"], project.apis.map { api in
                [ReferenceHTML.code(api.name), api.kind.rawValue, api.endpointType.rawValue, api.stages.map { $0.stageName.htmlEscaped }.joined(separator: ", ")]
            })
        default:
            return AuthorizationSupport.embeddedTable(linking: AuthorizationSupport.isDrawn(for: project.apis))
        }
    }
}
