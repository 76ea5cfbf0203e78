import Diagnostics
import PorticoSite

/// `portico check`: everything a build does except writing, so every definition is
/// validated and every example runs and meets its expectation; non-zero on any error.
public struct CheckAction: Sendable {
    public var projectRoot: String
    /// Examples whose answers drift from their documented responses are errors.
    public var strict: Bool
    /// A SAM or CloudFormation template to read instead of the one found (`--template`).
    public var template: String?

    public init(projectRoot: String, strict: Bool = false, template: String? = nil) {
        self.template = template
        self.projectRoot = projectRoot
        self.strict = strict
    }

    public func run(console: Console) async -> ExitStatus {
        let root = projectRoot
        let result = await ProjectServices.with(projectRoot: root, template: template, deterministic: true, console: console) { services, project, loaded in
            await SiteBuilder(project: project, loadDiagnostics: loaded, projectRoot: root, services: services).build()
        }
        let diagnostics = strict ? result.diagnostics.promotingWarnings(of: [.exampleResponse]) : result.diagnostics
        console.err(DiagnosticFormatter.report(diagnostics))
        if diagnostics.hasErrors { return .inputProblems }
        console.out("OK: \(result.pageCount) page\(result.pageCount == 1 ? "" : "s"), \(result.exampleCount) example request\(result.exampleCount == 1 ? "" : "s") met their expectations.\n")
        return .success
    }
}
