import Foundation
import PorticoGateway
import Synchronization

/// Runs the project's Lambda functions as real local processes that speak the Lambda Runtime
/// API, which it serves on 127.0.0.1 (a free port per function, as each Lambda execution
/// environment has its own endpoint).
///
/// ```
/// gateway ── invoke(function:payload:timeout:) ──> FunctionHost (one per function)
///                                                   │ queue: one invocation at a time
///                                                   ▼
///        127.0.0.1:PORT  GET  …/invocation/next  <── process (python3 bootstrap | command)
///                        POST …/invocation/{id}/response|error, …/init/error
/// ```
///
/// A function's process starts on its first invocation and stays warm: the same process (and
/// its module-level state) serves the next ones, as in Lambda. Invocations of one function
/// queue, so one process serves them in order (Lambda would start more environments; one
/// keeps a site build deterministic and bounded). A timeout, a crash or an init error ends the
/// process; the next invocation starts a new one. `shutdown()` stops them all.
///
/// Python functions run an unchanged `def handler(event, context)`, and Node.js functions an
/// unchanged `exports.handler` / `export const handler`, through the bootstraps Portico writes
/// to a temporary folder; `.command` functions run any program that implements
/// the Runtime API. What a process prints during an invocation comes back in
/// `FunctionInvocation.logs`, between Lambda's `START`, `END` and `REPORT` lines.
public actor LambdaRuntime: FunctionInvoker {
    private let hosts: [String: FunctionHost]
    private let bootstrapFolder: String?
    private var isShutDown = false

    public init(functions: [FunctionDefinition], options: LambdaRuntimeOptions = LambdaRuntimeOptions()) {
        var folder: String?
        var bootstrapPath = "/nonexistent/\(PythonBootstrap.fileName)"
        var template = Array((FileManager.default.temporaryDirectory.path + "/portico-lambda-XXXXXX").utf8CString)
        if let created = mkdtemp(&template) {
            let path = String(cString: created)
            let file = path + "/" + PythonBootstrap.fileName
            if FileManager.default.createFile(atPath: file, contents: Data(PythonBootstrap.source.utf8)),
               FileManager.default.createFile(atPath: path + "/" + NodeBootstrap.fileName, contents: Data(NodeBootstrap.source.utf8)) {
                folder = path
                bootstrapPath = file
            }
        }
        self.bootstrapFolder = folder
        let limiter = ProcessLimiter()
        var hosts: [String: FunctionHost] = [:]
        for definition in functions where hosts[definition.name] == nil {
            hosts[definition.name] = FunctionHost(definition: definition, options: options,
                                                  bootstrap: bootstrapPath, limiter: limiter)
        }
        self.hosts = hosts
    }

    /// Invokes `function` with the event `payload`, waiting at most `timeout` (the gateway's
    /// integration timeout); the function's own `timeout` applies from the moment its process
    /// takes the event. Either deadline gives `.timeout` and stops the process.
    public nonisolated func invoke(function: String, payload: [UInt8], timeout: Duration) async -> FunctionInvocation {
        guard let host = hosts[function] else { return FunctionInvocation(outcome: .unknownFunction) }
        return await host.invoke(payload: payload, timeout: timeout)
    }

    /// The names of the functions this runtime can invoke, sorted.
    public nonisolated var functionNames: [String] { hosts.keys.sorted() }

    /// The process id serving `function` now, or nil when none is running (not started yet,
    /// or ended by a timeout or a crash).
    public func processID(of function: String) async -> Int32? {
        await hosts[function]?.processID
    }

    /// Stops every function process (SIGTERM, then SIGKILL after the grace period) and every
    /// Runtime API endpoint, and removes the bootstrap's folder. Invocations still waiting end
    /// with `.crashed`; later ones too.
    public func shutdown() async {
        guard !isShutDown else { return }
        isShutDown = true
        await withTaskGroup(of: Void.self) { group in
            for host in hosts.values { group.addTask { await host.shutdown() } }
        }
        if let bootstrapFolder { try? FileManager.default.removeItem(atPath: bootstrapFolder) }
    }
}
