import Diagnostics
import PorticoGateway
import PorticoModel

/// What the examples of a build call out to: an HTTP client that lives as long as the site,
/// and Lambda functions started afresh for each build and stopped after it, so their request
/// ids count from 1 and their module state starts empty, as in a one-off `portico build`.
public struct BuildServices: Sendable {
    public var http: (any HTTPTransport)?
    /// Starts the project's functions for one build; nil when examples call no function.
    public var startFunctions: (@Sendable (Project) async -> FunctionSession?)?
    /// The project's buckets, streams and tables for one build (writes kept in memory: a
    /// build never changes Content/); each page then runs against its own sandboxed copy.
    public var storage: (@Sendable (Project) -> (buckets: (any BucketStore)?, streams: (any StreamStore)?, tables: DynamoDBTables?))?
    /// Brings the running backends in line with the project a full build has just loaded,
    /// before its examples run: `serve` restarts the ones named (their code changed) and the
    /// ones whose declaration changed, starts new ones and stops removed ones. What went
    /// wrong comes back as diagnostics, which fail the build.
    public var prepareBackends: (@Sendable (Project, _ codeChanged: Set<String>) async -> [Diagnostic])?
    /// The user pools' signing keys, shared with the served gateway; nil: each build's gateway
    /// makes its own in memory.
    public var userPoolKeys: (any UserPoolKeyStore)?

    public init(http: (any HTTPTransport)? = nil, startFunctions: (@Sendable (Project) async -> FunctionSession?)? = nil,
                storage: (@Sendable (Project) -> (buckets: (any BucketStore)?, streams: (any StreamStore)?, tables: DynamoDBTables?))? = nil,
                userPoolKeys: (any UserPoolKeyStore)? = nil,
                prepareBackends: (@Sendable (Project, _ codeChanged: Set<String>) async -> [Diagnostic])? = nil) {
        self.http = http
        self.startFunctions = startFunctions
        self.storage = storage
        self.userPoolKeys = userPoolKeys
        self.prepareBackends = prepareBackends
    }

    public static let none = BuildServices()
}

/// Function processes started for one build.
public struct FunctionSession: Sendable {
    public var invoker: any FunctionInvoker
    public var stop: @Sendable () async -> Void

    public init(invoker: any FunctionInvoker, stop: @escaping @Sendable () async -> Void) {
        self.invoker = invoker
        self.stop = stop
    }
}

/// The functions the kept gateway calls: a session started on the first invocation of a
/// build and stopped by ``finish()`` at its end, so a rebuild whose pages run no Lambda
/// example starts no process.
actor BuildFunctions: FunctionInvoker {
    private let project: Project
    private let start: @Sendable (Project) async -> FunctionSession?
    private var session: Task<FunctionSession?, Never>?

    init(project: Project, start: @escaping @Sendable (Project) async -> FunctionSession?) {
        self.project = project
        self.start = start
    }

    func invoke(function: String, payload: [UInt8], timeout: Duration) async -> FunctionInvocation {
        if session == nil {
            let start = self.start, project = self.project
            session = Task { await start(project) }
        }
        guard let started = await session?.value else { return FunctionInvocation(outcome: .unknownFunction) }
        return await started.invoker.invoke(function: function, payload: payload, timeout: timeout)
    }

    /// Stops the processes this build started (if any); the next build starts new ones.
    func finish() async {
        guard let running = session else { return }
        session = nil
        await running.value?.stop()
    }

    /// The gateway services of a build: the kept HTTP client, these functions, and the
    /// project's buckets, streams and tables.
    static func services(_ services: BuildServices, project: Project?) -> (GatewayServices, BuildFunctions?) {
        var gateway = GatewayServices(http: services.http, userPoolKeys: services.userPoolKeys)
        if let project, let storage = services.storage?(project) {
            gateway.buckets = storage.buckets
            gateway.streams = storage.streams
            gateway.tables = storage.tables
        }
        guard let start = services.startFunctions, let project else { return (gateway, nil) }
        let functions = BuildFunctions(project: project, start: start)
        gateway.functions = functions
        return (gateway, functions)
    }
}
