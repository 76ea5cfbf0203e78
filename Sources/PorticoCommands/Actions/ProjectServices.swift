import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import PorticoRuntime

/// What a project's integrations call, started for a build, a check, an invoke or serve:
/// its Lambda functions (processes start on first use and stay warm), its backends (started
/// now, with a readiness wait), an HTTP client, its S3 buckets (folders), its Kinesis
/// streams and DynamoDB tables (in memory); and its user pools' signing keys
/// (`.portico/user-pools/`, made on first use). The tables are reachable from the functions
/// too: a DynamoDB endpoint on 127.0.0.1, named by their `AWS_ENDPOINT_URL_DYNAMODB`.
/// `shutdown()` stops every process and listener it started.
struct ProjectServices: Sendable {
    let lambda: LambdaRuntime
    let http: HTTPClientTransport
    let backends: BackendSupervisor
    let buckets: FolderBuckets
    let streams: EmbeddedStreams
    let tables: DynamoDBTables
    let userPoolKeys: UserPoolKeyFiles
    /// The endpoint the functions reach the tables at; nil for a project without functions.
    let dynamoDB: DynamoDBServer?
    /// What every function gets beside Lambda's variables (the embedded services' endpoints),
    /// and where Python functions find boto3: runtimes started later (serve's restarts, its
    /// builds) get the same.
    let functionSupport: FunctionSupport

    var gatewayServices: GatewayServices {
        GatewayServices(functions: lambda, http: http, buckets: buckets, streams: streams, userPoolKeys: userPoolKeys, tables: tables)
    }

    /// - Parameter deterministic: sequential request ids and REPORT lines without durations,
    ///   so a site build repeats byte for byte; `serve` and `invoke` pass false. Deterministic
    ///   services also keep bucket writes in memory and date every file of a bucket at the
    ///   site build's instant: a build or a check never changes Content/, and its pages do not
    ///   change with checkout times. `serve` and `invoke` write to the bucket folders.
    /// - Parameter startBackends: false when another `ProjectServices` already runs them.
    /// - Parameter bucketWrites: where bucket writes go when not as `deterministic` says
    ///   (`invoke --seed` is deterministic but still writes to the folders).
    static func start(for project: Project, deterministic: Bool, startBackends: Bool = true,
                      bucketWrites: FolderBuckets.Writes? = nil) async throws -> ProjectServices {
        let (buckets, streams, tables) = storage(for: project, deterministic: deterministic, bucketWrites: bucketWrites)
        // The functions' way to the tables; a project without functions needs none.
        var dynamoDB: DynamoDBServer?
        if !project.functions.isEmpty {
            dynamoDB = try await DynamoDBServer.start(endpoint: DynamoDBEndpoint(tables: tables, project: project))
        }
        let support = FunctionSupport(dynamoDB: dynamoDB)
        let lambda = Self.lambda(for: project, deterministic: deterministic, support: support)
        let http = HTTPClientTransport()
        let backends = BackendSupervisor()
        let services = ProjectServices(lambda: lambda, http: http, backends: backends, buckets: buckets, streams: streams, tables: tables,
                                       userPoolKeys: UserPoolKeyFiles(contentDirectory: project.contentDirectory),
                                       dynamoDB: dynamoDB, functionSupport: support)
        guard startBackends else { return services }
        do {
            try await backends.start(backendDefinitions(for: project))
        } catch {
            await services.shutdown()
            throw error
        }
        return services
    }

    /// The backends `portico.yml` declares, as the supervisor runs them (in Content/).
    static func backendDefinitions(for project: Project) -> [BackendDefinition] {
        let content = URL(fileURLWithPath: project.contentDirectory).standardizedFileURL.path
        return project.backends.compactMap { backend in
            guard let url = backend.url else { return nil }
            return BackendDefinition(name: backend.name, command: backend.command, workingDirectory: content,
                                     url: url, readinessPath: backend.readinessPath ?? "/")
        }
    }

    /// The project's buckets, streams and tables: deterministic buckets keep writes in
    /// memory and date every file at the site build's instant.
    static func storage(for project: Project, deterministic: Bool, bucketWrites: FolderBuckets.Writes? = nil)
        -> (buckets: FolderBuckets, streams: EmbeddedStreams, tables: DynamoDBTables) {
        let buckets = FolderBuckets(buckets: project.buckets.map { ($0.name, $0.directory) },
                                    writes: bucketWrites ?? (deterministic ? .inMemory : .toFolders),
                                    diskTimestamp: deterministic ? FixedClock.siteBuild.instant : nil)
        return (buckets, EmbeddedStreams(streams: project.streams.map { ($0.streamName, $0.shardCount) }), DynamoDBTables(tables: project.tables))
    }

    /// A runtime for the project's functions; their processes start on first use.
    static func lambda(for project: Project, deterministic: Bool, support: FunctionSupport) -> LambdaRuntime {
        // Processes run in their own folders: hand them absolute paths.
        let content = URL(fileURLWithPath: project.contentDirectory).standardizedFileURL.path
        let functions = project.functions.map { function -> PorticoRuntime.FunctionDefinition in
            let folder = URL(fileURLWithPath: function.codeDirectory ?? (content as NSString).appendingPathComponent(function.code ?? "."))
                .standardizedFileURL.path
            let runtime: PorticoRuntime.FunctionDefinition.Runtime
            switch function.runtime {
            case .python3: runtime = .python(handler: function.handler ?? "app.handler", codeDirectory: folder)
            case .nodejs: runtime = .node(handler: function.handler ?? "index.handler", codeDirectory: folder)
            case .command: runtime = .command(function.command, workingDirectory: folder, handler: function.handler ?? "")
            }
            return PorticoRuntime.FunctionDefinition(name: function.name, runtime: runtime, environment: function.environment,
                                                     timeout: .seconds(function.timeout), memorySize: function.memorySize)
        }
        let options = LambdaRuntimeOptions(requestIDs: deterministic ? .sequential : .random,
                                           report: deterministic ? .deterministic : .measured,
                                           serviceEnvironment: support.environment, pythonSDK: support.pythonSDK)
        return LambdaRuntime(functions: functions, options: options)
    }

    func shutdown() async {
        await backends.shutdown()
        await lambda.shutdown()
        await http.shutdown()
        await dynamoDB?.stop()
    }

    /// Runs `body` with the project loaded (nil if it did not load, with what loading
    /// reported) and its services started, and stops them afterwards whatever happens. A
    /// project with errors gets no services; a backend that does not start is an error
    /// printed to `console`, and `body` runs without services.
    static func with<T: Sendable>(projectRoot: String, template: String? = nil, deterministic: Bool, console: Console,
                                  _ body: @Sendable (GatewayServices, Project?, DiagnosticEngine) async -> T) async -> T {
        var diagnostics = DiagnosticEngine()
        let project = ProjectLoader(root: projectRoot, template: template).load(diagnostics: &diagnostics)
        guard let project, !diagnostics.hasErrors else {
            return await body(.none, project, diagnostics)
        }
        let services: ProjectServices
        do {
            services = try await start(for: project, deterministic: deterministic)
        } catch {
            console.err("error: \(error)\n")
            return await body(.none, project, diagnostics)
        }
        let result = await body(services.gatewayServices, project, diagnostics)
        await services.shutdown()
        return result
    }
}

/// What Portico adds to every function's environment: the embedded DynamoDB's endpoint
/// (`AWS_ENDPOINT_URL_DYNAMODB`, read by boto3 1.28+ and the other AWS SDKs: AWS SDKs and
/// Tools Reference Guide, feature-ss-endpoints) and boto3 for Python functions.
struct FunctionSupport: Sendable {
    var environment: [String: String] = [:]
    var pythonSDK: PythonSDK? = PythonSDK()

    init(dynamoDB: DynamoDBServer?) {
        if let dynamoDB { environment["AWS_ENDPOINT_URL_DYNAMODB"] = dynamoDB.url }
    }
}
