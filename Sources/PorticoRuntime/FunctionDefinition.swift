/// One Lambda function as Portico runs it: what `functions:` in portico.yml declares, with
/// Lambda's own settings (timeout, memory) and environment variables.
public struct FunctionDefinition: Sendable, Equatable {
    public enum Runtime: Sendable, Equatable {
        /// A Python 3 handler (`module.function`, as Lambda's `Handler` setting) in
        /// `codeDirectory`, run by the bootstrap Portico supplies.
        case python(handler: String, codeDirectory: String)
        /// A Node.js handler (`file.export`, as Lambda's `Handler` setting for `nodejs*`
        /// runtimes) in `codeDirectory`, run by the bootstrap Portico supplies.
        case node(handler: String, codeDirectory: String)
        /// Any program that implements the Lambda Runtime API itself (a custom runtime's
        /// `bootstrap`), started in `workingDirectory`. `handler` becomes `_HANDLER`.
        case command([String], workingDirectory: String, handler: String = "")
    }

    public var name: String
    public var runtime: Runtime
    /// The function's own environment variables, added to those Lambda sets.
    public var environment: [String: String]
    /// Lambda's function timeout (default 3 s, as Lambda's).
    public var timeout: Duration
    /// Lambda's memory size in MB (default 128); reported to the function, not enforced.
    public var memorySize: Int

    public init(name: String, runtime: Runtime, environment: [String: String] = [:],
                timeout: Duration = .seconds(3), memorySize: Int = 128) {
        self.name = name
        self.runtime = runtime
        self.environment = environment
        self.timeout = timeout
        self.memorySize = memorySize
    }

    /// The ARN Lambda passes as `Lambda-Runtime-Invoked-Function-Arn`.
    public func arn(region: String, accountId: String) -> String {
        "arn:aws:lambda:\(region):\(accountId):function:\(name)"
    }

    var taskRoot: String {
        switch runtime {
        case .python(_, let codeDirectory), .node(_, let codeDirectory): return codeDirectory
        case .command(_, let workingDirectory, _): return workingDirectory
        }
    }

    var handler: String {
        switch runtime {
        case .python(let handler, _), .node(let handler, _): return handler
        case .command(_, _, let handler): return handler
        }
    }
}

/// How `LambdaRuntime` runs functions. The defaults suit a site build: request ids and log
/// lines come out the same on every run.
public struct LambdaRuntimeOptions: Sendable {
    /// How request ids are made.
    public enum RequestIDs: Sendable, Equatable {
        /// UUID-shaped ids from the function's name and a per-function counter
        /// (`…-000000000001`), the same on every run that invokes in the same order.
        case sequential
        /// Random UUIDs, as Lambda gives (for `serve`).
        case random
    }

    /// What the REPORT line says.
    public enum Report: Sendable, Equatable {
        /// `REPORT RequestId: …	Memory Size: 128 MB`: nothing measured, so byte-identical.
        case deterministic
        /// Lambda's full line: `Duration`, `Billed Duration`, `Memory Size`,
        /// `Max Memory Used` and, after a cold start, `Init Duration`.
        case measured
    }

    public var requestIDs: RequestIDs
    public var report: Report
    /// The Python 3 interpreter for `.python` functions.
    public var python: String
    /// The Node.js program for `.node` functions.
    public var node: String
    /// The region in `AWS_REGION` and the ARNs.
    public var region: String
    public var accountId: String
    /// The most function processes running at once; an invocation that would start one more
    /// fails with `.crashed`.
    public var maxProcesses: Int
    /// The most invocations waiting for one function's process (it serves one at a time).
    public var maxQueuedInvocations: Int
    /// How long a new process may take to ask for its first event (Lambda's init phase is
    /// limited to 10 s).
    public var initTimeout: Duration
    /// Between SIGTERM and SIGKILL when a process is stopped.
    public var terminationGrace: Duration
    /// Environment variables passed through from Portico's own environment (the rest are not,
    /// so a user's AWS credentials never reach a handler).
    public var inheritedEnvironment: [String]
    /// Variables every function gets beside Lambda's own: the endpoints of the services
    /// Portico embeds (`AWS_ENDPOINT_URL_DYNAMODB`), which AWS SDKs read.
    public var serviceEnvironment: [String: String]
    /// Where Python functions find boto3 when their code uses it; nil: Portico provides none.
    public var pythonSDK: PythonSDK?

    public init(requestIDs: RequestIDs = .sequential, report: Report = .deterministic,
                python: String = "python3", node: String = "node", region: String = "us-east-1",
                accountId: String = "123456789012", maxProcesses: Int = 64,
                maxQueuedInvocations: Int = 256, initTimeout: Duration = .seconds(10),
                terminationGrace: Duration = .seconds(2),
                inheritedEnvironment: [String] = ["PATH", "HOME", "LANG", "TMPDIR", "PYENV_ROOT", "PYENV_VERSION", "VIRTUAL_ENV", "PYTHONPATH", "NODE_PATH"],
                serviceEnvironment: [String: String] = [:], pythonSDK: PythonSDK? = nil) {
        self.requestIDs = requestIDs
        self.report = report
        self.python = python
        self.node = node
        self.region = region
        self.accountId = accountId
        self.maxProcesses = maxProcesses
        self.maxQueuedInvocations = maxQueuedInvocations
        self.initTimeout = initTimeout
        self.terminationGrace = terminationGrace
        self.inheritedEnvironment = inheritedEnvironment
        self.serviceEnvironment = serviceEnvironment
        self.pythonSDK = pythonSDK
    }
}

/// Lambda's synchronous invocation limits.
public enum LambdaLimits {
    /// The largest event a synchronous invocation accepts (6 MB).
    public static let maxRequestPayload = 6_291_456
    /// The largest response a function may return, as Lambda's error message states it.
    public static let maxResponsePayload = 6_291_556
}
