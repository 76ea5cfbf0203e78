import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import PorticoRuntime

/// What a project's integrations call, started for a build, a check, an invoke or serve:
/// its Lambda functions (processes start on first use and stay warm), its backends (started
/// now, with a readiness wait) and an HTTP client. `shutdown()` stops every process it started.
struct ProjectServices: Sendable {
    let lambda: LambdaRuntime
    let http: HTTPClientTransport
    let backends: BackendSupervisor

    var gatewayServices: GatewayServices {
        GatewayServices(functions: lambda, http: http)
    }

    /// - Parameter deterministic: sequential request ids and REPORT lines without durations,
    ///   so a site build repeats byte for byte; `serve` and `invoke` pass false.
    static func start(for project: Project, deterministic: Bool) async throws -> ProjectServices {
        let content = URL(fileURLWithPath: project.contentDirectory).standardizedFileURL.path
        let lambda = Self.lambda(for: project, deterministic: deterministic)
        let http = HTTPClientTransport()
        let backends = BackendSupervisor()
        let services = ProjectServices(lambda: lambda, http: http, backends: backends)
        do {
            try await backends.start(project.backends.compactMap { backend in
                guard let url = backend.url else { return nil }
                return BackendDefinition(name: backend.name, command: backend.command, workingDirectory: content,
                                         url: url, readinessPath: backend.readinessPath ?? "/")
            })
        } catch {
            await services.shutdown()
            throw error
        }
        return services
    }

    /// A runtime for the project's functions; their processes start on first use.
    static func lambda(for project: Project, deterministic: Bool) -> LambdaRuntime {
        // Processes run in their own folders: hand them absolute paths.
        let content = URL(fileURLWithPath: project.contentDirectory).standardizedFileURL.path
        let functions = project.functions.map { function -> PorticoRuntime.FunctionDefinition in
            let folder = URL(fileURLWithPath: function.codeDirectory ?? (content as NSString).appendingPathComponent(function.code ?? "."))
                .standardizedFileURL.path
            let runtime: PorticoRuntime.FunctionDefinition.Runtime
            switch function.runtime {
            case .python3: runtime = .python(handler: function.handler ?? "app.handler", codeDirectory: folder)
            case .command: runtime = .command(function.command, workingDirectory: folder, handler: function.handler ?? "")
            }
            return PorticoRuntime.FunctionDefinition(name: function.name, runtime: runtime, environment: function.environment,
                                                     timeout: .seconds(function.timeout), memorySize: function.memorySize)
        }
        let options = LambdaRuntimeOptions(requestIDs: deterministic ? .sequential : .random,
                                           report: deterministic ? .deterministic : .measured)
        return LambdaRuntime(functions: functions, options: options)
    }

    func shutdown() async {
        await backends.shutdown()
        await lambda.shutdown()
        await http.shutdown()
    }

    /// Runs `body` with the project's services started (when the project loads), and stops
    /// them afterwards whatever happens. A backend that does not start is an error printed
    /// to `console`, and `body` runs without services.
    static func with<T: Sendable>(projectRoot: String, deterministic: Bool, console: Console,
                                  _ body: @Sendable (GatewayServices) async -> T) async -> T {
        var diagnostics = DiagnosticEngine()
        guard let project = ProjectLoader(root: projectRoot).load(diagnostics: &diagnostics), !diagnostics.hasErrors else {
            return await body(.none)
        }
        let services: ProjectServices
        do {
            services = try await start(for: project, deterministic: deterministic)
        } catch {
            console.err("error: \(error)\n")
            return await body(.none)
        }
        let result = await body(services.gatewayServices)
        await services.shutdown()
        return result
    }
}
