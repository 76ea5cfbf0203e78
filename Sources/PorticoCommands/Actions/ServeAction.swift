import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import PorticoServer

/// `portico serve`: builds the site, then serves it with the try-it endpoint. A build with
/// errors prints them and serves the last good Site/ if there is one.
public struct ServeAction: Sendable {
    public var projectRoot: String
    public var host: String
    public var port: Int

    public init(projectRoot: String, host: String, port: Int) {
        self.projectRoot = projectRoot
        self.host = host
        self.port = port
    }

    public func run(console: Console) async -> ExitStatus {
        let site = (projectRoot as NSString).appendingPathComponent("Site")
        let built = await BuildAction(projectRoot: projectRoot).run(console: console)
        if built != .success && !FileManager.default.fileExists(atPath: (site as NSString).appendingPathComponent("index.html")) {
            return built
        }
        var diagnostics = DiagnosticEngine()
        guard let project = ProjectLoader(root: projectRoot).load(diagnostics: &diagnostics) else {
            console.err(DiagnosticFormatter.report(diagnostics))
            return .inputProblems
        }
        let server = DocsServer(siteDirectory: site, gateway: Gateway(project: project, clock: SystemClock()), host: host, port: port)
        do {
            try await server.run { port in
                console.out("Serving \(site) at http://\(host):\(port)/ (Ctrl-C to stop)\n")
            }
        } catch {
            console.err("error: cannot serve on \(host):\(port): \(error)\n")
            return .inputProblems
        }
        return .success
    }
}
