import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import PorticoRuntime
import PorticoServer
import PorticoSite
import Prometheus
import Synchronization

/// `portico serve`: builds the site, serves it with try-it and the gateway, and keeps it up
/// to date as Content/ changes: an edited note rewrites its own page (and the pages whose
/// sidebar it changes), and only those pages reload; a change to the project itself
/// (`portico.yml`, a definition, the theme, function code) rebuilds everything and replaces
/// the gateway. A change that breaks the build prints the diagnostics, shows them over the
/// page, and leaves the last good site served.
public struct ServeAction: Sendable {
    public var projectRoot: String
    public var host: String
    public var port: Int
    public var watch: Bool
    /// The pipeline each kind of API runs in the served gateway.
    public var pipelines: Pipelines
    /// The port of the HTTPS listener for the custom domains (`--tls`), or nil for none.
    public var tlsPort: Int?
    /// The limits of WebSocket connections (AWS's, or shorter timeouts from the command line).
    public var webSocketLimits: WebSocketLimits
    /// A SAM or CloudFormation template to read instead of the one found (`--template`).
    public var template: String?
    /// Where the access logs of stages with `accessLogSettings` go (`--access-log DIR|-`);
    /// nil: `PROJECT/.portico/logs/`, a file per stage.
    public var accessLog: AccessLogWriter.Destination?

    public init(projectRoot: String, host: String, port: Int, watch: Bool = true, pipelines: Pipelines = .standard, tlsPort: Int? = nil,
                webSocketLimits: WebSocketLimits = .aws) {
        self.webSocketLimits = webSocketLimits
        self.projectRoot = projectRoot
        self.host = host
        self.port = port
        self.watch = watch
        self.pipelines = pipelines
        self.tlsPort = tlsPort
    }

    public func run(console: Console) async -> ExitStatus {
        let site = (projectRoot as NSString).appendingPathComponent("Site")
        var diagnostics = DiagnosticEngine()
        guard let project = ProjectLoader(root: projectRoot, template: template).load(diagnostics: &diagnostics) else {
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
        let support = services.functionSupport
        let incremental = IncrementalSite(projectRoot: projectRoot, template: template, outputDirectory: site, services: BuildServices(
            http: services.http,
            startFunctions: { project in
                let lambda = ProjectServices.lambda(for: project, deterministic: true, support: support)
                return FunctionSession(invoker: lambda, stop: { await lambda.shutdown() })
            },
            storage: { project in
                let stores = ProjectServices.storage(for: project, deterministic: true)
                return (stores.buckets, stores.streams, stores.tables)
            },
            userPoolKeys: services.userPoolKeys,
            prepareBackends: { [backends = services.backends] project, codeChanged in
                // A backend's script changed, or portico.yml changed its declaration: the
                // examples of this build and the served gateway must meet the new code.
                let failures = await backends.reconcile(ProjectServices.backendDefinitions(for: project), restarting: codeChanged)
                return failures.map { failure in
                    .error(.backendStart, failure.description, at: project.backend(named: failure.backend)?.location)
                }
            }))
        let started = ContinuousClock.now
        let progress: (@Sendable (String) -> Void)? = console.interactive ? { @Sendable line in console.err(line + "\n") } : nil
        let built = await incremental.rebuildAll(progress: progress)
        console.err(DiagnosticFormatter.report(built.diagnostics))
        if built.outcome == .failed {
            console.err("Build failed; \(site) was left as it was.\n")
            if !FileManager.default.fileExists(atPath: (site as NSString).appendingPathComponent("index.html")) {
                await services.shutdown()
                return .inputProblems
            }
        } else {
            console.out("Built \(built.filesWritten) files into \(site) in \(Self.milliseconds(since: started)) ms.\n")
        }
        // serve owns the registry its gateways count in: a rebuilt gateway's handles find the
        // same series, so counts go on across rebuilds.
        let functions = ServeFunctions(services.lambda, buckets: services.buckets, streams: services.streams, tables: services.tables,
                                       userPoolKeys: services.userPoolKeys, support: support, metrics: PrometheusCollectorRegistry())
        let status = await serve(project: project, site: site, incremental: incremental, services: services, functions: functions,
                                 console: console)
        // Function and backend processes run in their own process groups: stop them here.
        await functions.shutdown()
        await services.shutdown()
        return status
    }

    private func serve(project: Project, site: String, incremental: IncrementalSite, services: ProjectServices,
                       functions: ServeFunctions, console: Console) async -> ExitStatus {
        let hub = LiveReloadHub()
        let accessLog = AccessLogWriter(destination: self.accessLog ?? .directory(
            (URL(fileURLWithPath: projectRoot).standardizedFileURL.path as NSString).appendingPathComponent(".portico/logs")))
        let live = LiveGateway(Gateway(project: project, clock: SystemClock(), services: functions.services(http: services.http),
                                       pipelines: pipelines), webSocketLimits: webSocketLimits, observer: accessLog)
        let secure: SecureListener?
        do {
            // The domains and their certificates are those of the project at start; a rebuild
            // changes the gateway (base path mappings included) but not the listener's names.
            secure = try tlsPort.flatMap { try ServeTLS(port: $0).listener(for: project, projectRoot: projectRoot, host: host, console: console) }
        } catch {
            console.err("error: --tls: \(error)\n")
            return .inputProblems
        }
        let server = DocsServer(siteDirectory: site, gateway: live, host: host, port: port, liveReload: hub,
                                renderPanel: TryItPanels.renderer(for: live), secure: secure, metrics: functions.metrics)
        let watcher = ContentWatcher(directory: incremental.contentDirectory)
        let context = RebuildContext(site: incremental, console: console, hub: hub, live: live, functions: functions, http: services.http,
                                     pipelines: pipelines)
        defer { context.search.withLock { $0?.cancel() } }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await server.run { port in
                        console.out("Serving \(site) at http://\(host):\(port)/ (Ctrl-C to stop)\n")
                        console.out("Gateway: http://\(host):\(port)/_gateway/{api}/{stage}/path, or Host {apiId}.execute-api.localhost\n")
                        if let dynamoDB = services.dynamoDB {
                            console.out("DynamoDB: \(dynamoDB.url) (the functions' AWS_ENDPOINT_URL_DYNAMODB; SigV4 with their role or an IAM user)\n")
                        }
                        if !Self.isLoopback(host) {
                            console.err("warning: serving on \(host), beyond this machine: whoever reaches it can call the gateway, which runs the project's functions and backends\n")
                        }
                    }
                }
                // Access-log lines are written off the request path, every 100 ms.
                group.addTask { await accessLog.run() }
                if watch {
                    group.addTask {
                        await watcher.run(onStart: { mechanism in
                            console.out("Watching \(watcher.directory) for changes (\(mechanism.rawValue)).\n")
                        }, onChange: { changed in
                            await Self.rebuild(changed: changed, context: context)
                        })
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

    /// What a rebuild after a change talks to.
    final class RebuildContext: Sendable {
        let site: IncrementalSite
        let console: Console
        let hub: LiveReloadHub
        let live: LiveGateway
        let functions: ServeFunctions
        let http: HTTPClientTransport
        let pipelines: Pipelines
        /// The search index update after the last rebuild, if it is still to run.
        let search = Mutex<Task<Void, Never>?>(nil)

        init(site: IncrementalSite, console: Console, hub: LiveReloadHub, live: LiveGateway, functions: ServeFunctions,
             http: HTTPClientTransport, pipelines: Pipelines) {
            self.pipelines = pipelines
            self.site = site
            self.console = console
            self.hub = hub
            self.live = live
            self.functions = functions
            self.http = http
        }
    }

    /// How long the search index waits after a rebuild: the reloading pages get the machine
    /// first, and a burst of saves draws the index once.
    static let searchDelay: Duration = .milliseconds(150)

    /// Updates the site for the changed paths, tells the pages, and (for a change to the
    /// project) replaces the gateway. The search index follows a moment later, in its own
    /// task, so neither the reload nor the next change waits for it.
    static func rebuild(changed: [String], context: RebuildContext) async {
        let started = ContinuousClock.now
        let update = await context.site.apply(changed)
        let report = DiagnosticFormatter.report(update.diagnostics)
        let what: String
        switch update.outcome {
        case .unchanged:
            return
        case .failed:
            context.console.err(report)
            await context.hub.publish(.failed(report))
            return
        case .updated(let pages):
            await context.hub.publish(.reload(pages: pages))
            what = pages.count == 1 ? pages[0] : "\(pages.count) pages"
        case .rebuilt:
            if let project = update.project {
                // Warm processes keep the code they started with: new ones load the new code.
                let retired = update.functionsChanged ? context.functions.restart(for: project) : nil
                // Each stage whose configuration did not change keeps its state (token buckets,
                // caches, counters) in the new gateway.
                context.live.replace(with: Gateway(project: project, clock: SystemClock(), services: context.functions.services(http: context.http),
                                                   pipelines: context.pipelines, replacing: context.live.gateway))
                await retired?.shutdown()
            }
            await context.hub.publish(.reload())
            let restarted = update.backendsChanged.sorted()
            what = "the whole site" + (restarted.isEmpty ? "" : " (restarted backend \(restarted.joined(separator: ", ")))")
        }
        if !report.isEmpty { context.console.err(report) }
        context.console.out("Rebuilt \(what) after \(changed.count) change\(changed.count == 1 ? "" : "s") in \(milliseconds(since: started)) ms.\n")
        let search = Task {
            try? await Task.sleep(for: searchDelay)
            if Task.isCancelled { return }
            let started = ContinuousClock.now
            let files = await context.site.updateSearch()
            if files > 0 { context.console.out("Search index updated (\(files) files) in \(milliseconds(since: started)) ms.\n") }
        }
        context.search.withLock { previous in
            previous?.cancel()
            previous = search
        }
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = start.duration(to: .now)
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    /// Whether `host` keeps the server to this machine (127.0.0.0/8, ::1, localhost).
    static func isLoopback(_ host: String) -> Bool {
        let name = host.lowercased()
        return name == "localhost" || name == "::1" || name == "[::1]" || name.hasPrefix("127.")
    }
}

/// The Lambda runtime `serve`'s gateway calls. A change to `portico.yml` or to a function's
/// code starts a new one (warm processes would keep running the old code) and stops the old.
final class ServeFunctions: Sendable {
    private let current: Mutex<LambdaRuntime>
    /// The bucket folders and streams `serve` writes to, kept across gateway replacements.
    private let buckets: (any BucketStore)?
    private let streams: (any StreamStore)?
    /// The tables `serve`'s gateway and its functions share, kept across gateway replacements.
    private let tables: DynamoDBTables?
    /// The user pools' key files: every gateway `serve` makes signs with the same keys.
    private let userPoolKeys: (any UserPoolKeyStore)?
    /// What a restarted runtime's functions get (the same DynamoDB endpoint, the same boto3).
    private let support: FunctionSupport
    /// Where every gateway `serve` makes counts its metrics (`/_portico/metrics`).
    let metrics: PrometheusCollectorRegistry

    init(_ runtime: LambdaRuntime, buckets: (any BucketStore)?, streams: (any StreamStore)?, tables: DynamoDBTables?,
         userPoolKeys: (any UserPoolKeyStore)?, support: FunctionSupport, metrics: PrometheusCollectorRegistry) {
        self.metrics = metrics
        current = Mutex(runtime)
        self.buckets = buckets
        self.streams = streams
        self.tables = tables
        self.userPoolKeys = userPoolKeys
        self.support = support
    }

    func services(http: HTTPClientTransport) -> GatewayServices {
        GatewayServices(functions: current.withLock { $0 }, http: http, buckets: buckets, streams: streams, userPoolKeys: userPoolKeys,
                        tables: tables, metrics: PrometheusMetricsFactory(registry: metrics))
    }

    /// Puts a new runtime for `project` in place; returns the old one, for the caller to stop
    /// once the gateway that calls it is replaced.
    func restart(for project: Project) -> LambdaRuntime {
        let fresh = ProjectServices.lambda(for: project, deterministic: false, support: support)
        return current.withLock { runtime in
            defer { runtime = fresh }
            return runtime
        }
    }

    func shutdown() async {
        await current.withLock { $0 }.shutdown()
    }

}
