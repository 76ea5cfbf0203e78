import Diagnostics
import PorticoSite

/// `portico check`: everything a build does except writing, so every definition is
/// validated and every example runs and meets its expectation; non-zero on any error.
public struct CheckAction: Sendable {
    public var projectRoot: String

    public init(projectRoot: String) {
        self.projectRoot = projectRoot
    }

    public func run(console: Console) async -> ExitStatus {
        let root = projectRoot
        let result = await ProjectServices.with(projectRoot: root, deterministic: true, console: console) { services, project, loaded in
            await SiteBuilder(project: project, loadDiagnostics: loaded, projectRoot: root, services: services).build()
        }
        console.err(DiagnosticFormatter.report(result.diagnostics))
        if result.diagnostics.hasErrors { return .inputProblems }
        console.out("OK: \(result.pageCount) page\(result.pageCount == 1 ? "" : "s"), \(result.exampleCount) example request\(result.exampleCount == 1 ? "" : "s") met their expectations.\n")
        return .success
    }
}
