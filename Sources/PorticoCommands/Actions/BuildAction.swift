import Diagnostics
import Foundation
import PorticoGateway
import PorticoSite

/// `portico build`: Content/ → Site/, atomically, only when there is no error.
public struct BuildAction: Sendable {
    public var projectRoot: String
    public var outputDirectory: String?
    /// Examples whose answers drift from their documented responses fail the build.
    public var strict: Bool
    /// A SAM or CloudFormation template to read instead of the one found (`--template`).
    public var template: String?

    public init(projectRoot: String, outputDirectory: String? = nil, strict: Bool = false, template: String? = nil) {
        self.template = template
        self.projectRoot = projectRoot
        self.outputDirectory = outputDirectory
        self.strict = strict
    }

    public var resolvedOutput: String {
        outputDirectory ?? (projectRoot as NSString).appendingPathComponent("Site")
    }

    public func run(console: Console) async -> ExitStatus {
        let started = Date()
        let writer = SiteWriter(outputDirectory: resolvedOutput)
        do {
            try writer.checkSafe(projectRoot: projectRoot)
        } catch {
            console.err("error: \(error.description)\n")
            return .usage
        }
        let progress: (@Sendable (String) -> Void)? = console.interactive ? { @Sendable line in console.err(line + "\n") } : nil
        let root = projectRoot
        let result = await ProjectServices.with(projectRoot: root, template: template, deterministic: true, console: console) { services, project, loaded in
            await SiteBuilder(project: project, loadDiagnostics: loaded, projectRoot: root, services: services).build(progress: progress)
        }
        let diagnostics = strict ? result.diagnostics.promotingWarnings(of: [.exampleResponse]) : result.diagnostics
        console.err(DiagnosticFormatter.report(diagnostics))
        guard !diagnostics.hasErrors else {
            console.err("Build failed; \(resolvedOutput) was left as it was.\n")
            return .inputProblems
        }
        do {
            try writer.write(result.files)
        } catch {
            console.err("error: \(error.description)\n")
            return .inputProblems
        }
        let milliseconds = Int(Date().timeIntervalSince(started) * 1000)
        console.out("Built \(result.pageCount) page\(result.pageCount == 1 ? "" : "s") (\(result.exampleCount) example request\(result.exampleCount == 1 ? "" : "s") executed) into \(resolvedOutput) in \(milliseconds) ms.\n")
        return .success
    }
}
