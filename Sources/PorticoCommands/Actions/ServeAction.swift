import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import PorticoServer
import PorticoSite

/// `portico serve`: builds the site, serves it with try-it and the gateway, and rebuilds
/// when Content/ changes. A change that breaks the build prints the diagnostics, shows them
/// over the page, and leaves the last good site served.
public struct ServeAction: Sendable {
    public var projectRoot: String
    public var host: String
    public var port: Int
    public var watch: Bool

    public init(projectRoot: String, host: String, port: Int, watch: Bool = true) {
        self.projectRoot = projectRoot
        self.host = host
        self.port = port
        self.watch = watch
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
        let services: ProjectServices
        do {
            services = try await ProjectServices.start(for: project, deterministic: false)
        } catch {
            console.err("error: \(error)\n")
            return .inputProblems
        }
        let status = await serve(project: project, site: site, services: services, console: console)
        // Function and backend processes run in their own process groups: stop them here.
        await services.shutdown()
        return status
    }

    private func serve(project: Project, site: String, services: ProjectServices, console: Console) async -> ExitStatus {
        let hub = LiveReloadHub()
        let live = LiveGateway(Gateway(project: project, clock: SystemClock(), services: services.gatewayServices))
        let server = DocsServer(siteDirectory: site, gateway: live, host: host, port: port, liveReload: hub,
                                renderPanel: TryItPanels.renderer(for: live))
        let watcher = ContentWatcher(directory: (projectRoot as NSString).appendingPathComponent(ProjectLoader.contentFolderName))
        let root = projectRoot
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await server.run { port in
                        console.out("Serving \(site) at http://\(host):\(port)/ (Ctrl-C to stop)\n")
                        console.out("Gateway: http://\(host):\(port)/_gateway/{api}/{stage}/path, or Host {apiId}.execute-api.localhost\n")
                    }
                }
                if watch {
                    group.addTask {
                        await watcher.run { changed in
                            await Self.rebuild(root: root, changed: changed, console: console, hub: hub, live: live, services: services)
                        }
                    }
                }
                // The server returns on Ctrl-C after in-flight requests finish; stop watching then.
                try await group.next()
                group.cancelAll()
            }
        } catch {
            console.err("error: cannot serve on \(host):\(port): \(error)\n")
            return .inputProblems
        }
        return .success
    }

    static func rebuild(root: String, changed: [String], console: Console, hub: LiveReloadHub, live: LiveGateway,
                        services: ProjectServices) async {
        let started = Date()
        // The build gets its own Lambda processes (sequential ids, so pages repeat byte for
        // byte), buckets that keep writes in memory and fresh streams, and shares the server's
        // HTTP client and backends.
        var buildServices = GatewayServices(http: services.http)
        var loaded = DiagnosticEngine()
        let project = ProjectLoader(root: root).load(diagnostics: &loaded)
        var buildLambda: ProjectServices?
        if let project, let started = try? await ProjectServices.start(for: project, deterministic: true, startBackends: false) {
            buildServices.functions = started.lambda
            buildServices.buckets = started.buckets
            buildServices.streams = started.streams
            buildLambda = started
        }
        let result = await SiteBuilder(project: project, loadDiagnostics: loaded, projectRoot: root, services: buildServices).build()
        await buildLambda?.shutdown()
        let report = DiagnosticFormatter.report(result.diagnostics)
        if result.diagnostics.hasErrors {
            console.err(report)
            await hub.publish(.failed(report))
            return
        }
        do {
            try SiteWriter(outputDirectory: (root as NSString).appendingPathComponent("Site")).write(result.files)
        } catch {
            console.err("error: \(error.description)\n")
            await hub.publish(.failed(error.description))
            return
        }
        if let project {
            live.replace(with: Gateway(project: project, clock: SystemClock(), services: services.gatewayServices))
        }
        if !report.isEmpty { console.err(report) }
        console.out("Rebuilt after \(changed.count) change\(changed.count == 1 ? "" : "s") in \(Int(Date().timeIntervalSince(started) * 1000)) ms.\n")
        await hub.publish(.reload)
    }
}
