import Foundation
import PorticoGateway
import Synchronization

/// One function's execution environment: its Runtime API endpoint and its one warm process.
///
/// The process serves one invocation at a time, as a Lambda execution environment does;
/// concurrent invocations of the same function wait in a queue (bounded) instead of starting
/// a second process, so a handler's module-level state behaves the same on every run and a
/// site build stays deterministic. Each invocation moves through
///
/// ```
/// queued ──> current (waiting for the process to ask for it) ──> delivered ──> finished
///    │                 │  process started lazily, init ≤ initTimeout              ▲
///    └─────────────────┴──── gateway deadline / function timeout / crash / init error ┘
/// ```
///
/// and every transition happens in one synchronous actor method, so no `await` can split one.
/// A timeout kills the process (SIGKILL, as Lambda resets the environment); the next
/// invocation starts a new one.
actor FunctionHost: RuntimeAPIHandler {
    let definition: FunctionDefinition
    private let options: LambdaRuntimeOptions
    private let bootstrap: String
    private let limiter: ProcessLimiter
    private let arn: String

    private struct Invocation {
        let id: String
        let payload: [UInt8]
        let continuation: CheckedContinuation<FunctionInvocation, Never>
        let received: ContinuousClock.Instant
        var delivered: ContinuousClock.Instant?
        var generation = 0
        var earlyLogs: [String] = []
        /// The gateway's deadline, from the call.
        var gatewayTimer: Task<Void, Never>?
        /// The init deadline of a cold start, then the function's own timeout.
        var phaseTimer: Task<Void, Never>?
        var coldStart = false
        /// Why the SDK is missing, for the log of an invocation that starts a process.
        var sdkNote: String?
    }

    private struct Running {
        let process: ChildProcess
        let generation: Int
        let started: ContinuousClock.Instant
        var initDuration: Duration?
    }

    private var server: RuntimeAPIServer?
    private var serverStart: Task<RuntimeAPIServer, any Error>?
    private var running: Running?
    private var generation = 0
    private var queue: [Invocation] = []
    private var current: Invocation?
    private var parkedNext: CheckedContinuation<NextEvent?, Never>?
    private var sequence = 0
    private var isShutDown = false
    /// Whether boto3 is there for this function (``PythonSDK``): nil when not needed, else
    /// nil on success or Portico's note on failure. Started by the first invocation.
    private var sdkReady: Task<String?, Never>?

    init(definition: FunctionDefinition, options: LambdaRuntimeOptions, bootstrap: String, limiter: ProcessLimiter) {
        self.definition = definition
        self.options = options
        self.bootstrap = bootstrap
        self.limiter = limiter
        self.arn = definition.arn(region: options.region, accountId: options.accountId)
    }

    // MARK: Invoking

    func invoke(payload: [UInt8], timeout: Duration) async -> FunctionInvocation {
        if isShutDown { return FunctionInvocation(outcome: .crashed("the Lambda runtime has been shut down")) }
        if payload.count > LambdaLimits.maxRequestPayload {
            return FunctionInvocation(outcome: .crashed(
                "RequestEntityTooLargeException: Request must be smaller than \(LambdaLimits.maxRequestPayload) bytes for the InvokeFunction operation"))
        }
        if queue.count >= options.maxQueuedInvocations {
            return FunctionInvocation(outcome: .crashed(
                "TooManyRequestsException: more than \(options.maxQueuedInvocations) invocations are waiting for \(definition.name)"))
        }
        if server == nil {
            // Concurrent first invocations share one start.
            let starting = serverStart ?? Task { try await RuntimeAPIServer.start(handler: self) }
            serverStart = starting
            do {
                let started = try await starting.value
                if server == nil { server = started }
            } catch {
                serverStart = nil
                return FunctionInvocation(outcome: .crashed("the Runtime API could not start: \(error)"))
            }
            if isShutDown {
                await shutdown()
                return FunctionInvocation(outcome: .crashed("the Lambda runtime has been shut down"))
            }
        }
        var sdkNote: String?
        if case .python(_, let code) = definition.runtime, let sdk = options.pythonSDK {
            // Concurrent first invocations share one check (and at most one install).
            let ready = sdkReady ?? Task {
                guard PythonSDK.isNeeded(byCodeIn: code) else { return nil }
                if case .failure(let unavailable) = await sdk.ensure() { return unavailable.description }
                return nil
            }
            sdkReady = ready
            sdkNote = await ready.value
        }
        sequence += 1
        let id = RequestIDs.make(options.requestIDs, function: definition.name, sequence: sequence)
        let received = ContinuousClock.now
        return await withCheckedContinuation { continuation in
            var invocation = Invocation(id: id, payload: payload, continuation: continuation, received: received)
            invocation.sdkNote = sdkNote
            invocation.gatewayTimer = deadlineTimer(for: id, at: received.advanced(by: timeout), reason: .gateway(timeout))
            queue.append(invocation)
            pump()
        }
    }

    private enum Expiry: Sendable {
        case gateway(Duration)
        case function
        case initialisation
    }

    private func deadlineTimer(for id: String, at instant: ContinuousClock.Instant, reason: Expiry) -> Task<Void, Never> {
        Task { [weak self] in
            do { try await Task.sleep(until: instant, clock: .continuous) } catch { return }
            await self?.expire(id, reason: reason)
        }
    }

    /// Makes the first queued invocation current, starting the process if there is none.
    private func pump() {
        guard current == nil, !queue.isEmpty else { return }
        var invocation = queue.removeFirst()
        if running == nil {
            guard limiter.acquire(limit: options.maxProcesses) else {
                finish(invocation, .crashed("too many function processes running (the limit is \(options.maxProcesses))"))
                return pump()
            }
            do {
                try startProcess()
            } catch {
                limiter.release()
                finish(invocation, .crashed("Runtime.InvalidEntrypoint: \(error)"))
                return pump()
            }
            invocation.coldStart = true
            invocation.phaseTimer = deadlineTimer(for: invocation.id, at: ContinuousClock.now.advanced(by: options.initTimeout),
                                                  reason: .initialisation)
        }
        invocation.generation = running!.generation
        current = invocation
        if let waiting = parkedNext {
            parkedNext = nil
            waiting.resume(returning: deliver())
        }
    }

    private func startProcess() throws {
        guard let server else { throw RuntimeError("no Runtime API endpoint") }
        generation += 1
        let generation = generation
        var environment: [String: String] = [:]
        let inherited = ProcessInfo.processInfo.environment
        for name in options.inheritedEnvironment {
            if let value = inherited[name] { environment[name] = value }
        }
        let arguments: [String]
        switch definition.runtime {
        case .python:
            arguments = [options.python, bootstrap]
            environment["PYTHONUNBUFFERED"] = "1"
            environment["PYTHONDONTWRITEBYTECODE"] = "1"
            if let sdk = options.pythonSDK {
                // After the function's own code and whatever PYTHONPATH it inherited: a
                // bundled boto3 wins, as on Lambda.
                environment["PYTHONPATH"] = [environment["PYTHONPATH"], sdk.folder].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ":")
            }
        case .node:
            // The Node.js bootstrap is written beside the Python one.
            arguments = [options.node, (bootstrap as NSString).deletingLastPathComponent + "/" + NodeBootstrap.fileName]
        case .command(let command, _, _):
            arguments = command
        }
        environment["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:\(server.port)"
        environment["_HANDLER"] = definition.handler
        environment["AWS_LAMBDA_FUNCTION_NAME"] = definition.name
        environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST"
        environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = String(definition.memorySize)
        environment["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/\(definition.name)"
        environment["AWS_LAMBDA_LOG_STREAM_NAME"] = "$LATEST"
        environment["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand"
        environment["AWS_REGION"] = options.region
        environment["AWS_DEFAULT_REGION"] = options.region
        environment["LAMBDA_TASK_ROOT"] = definition.taskRoot
        environment["TZ"] = ":UTC"
        // The execution role's session, as Lambda hands it to the function (Lambda DG:
        // configuration-envvars, reserved variables), and the endpoints of the services
        // Portico embeds (`AWS_ENDPOINT_URL_DYNAMODB`, …), which the AWS SDKs read.
        let credentials = FunctionCredentials(function: definition.name, accountId: options.accountId)
        environment["AWS_ACCESS_KEY_ID"] = credentials.accessKeyId
        environment["AWS_SECRET_ACCESS_KEY"] = credentials.secretAccessKey
        environment["AWS_SESSION_TOKEN"] = credentials.sessionToken
        for (name, value) in options.serviceEnvironment { environment[name] = value }
        for (name, value) in definition.environment { environment[name] = value }

        let limiter = limiter
        let process = try ChildProcess.spawn(arguments: arguments, environment: environment,
                                             workingDirectory: definition.taskRoot) { [weak self] termination in
            limiter.release()
            Task { await self?.processExited(generation: generation, termination) }
        }
        running = Running(process: process, generation: generation, started: .now)
    }

    /// Hands the current invocation to the process; called when it has asked for one.
    private func deliver() -> NextEvent? {
        guard var invocation = current, invocation.delivered == nil, let running else { return nil }
        let now = ContinuousClock.now
        if invocation.coldStart, self.running?.initDuration == nil {
            self.running?.initDuration = running.started.duration(to: now)
        }
        invocation.earlyLogs = running.process.takeLines()
        invocation.delivered = now
        // The function's own timeout runs from delivery, the gateway's from the call; a cold
        // start's init deadline is over now.
        invocation.phaseTimer?.cancel()
        invocation.phaseTimer = deadlineTimer(for: invocation.id, at: now.advanced(by: definition.timeout), reason: .function)
        current = invocation
        let wallDeadline = Int64(Date().timeIntervalSince1970 * 1000) + definition.timeout.runtimeMilliseconds
        return NextEvent(requestID: invocation.id, payload: invocation.payload, deadlineMs: wallDeadline,
                         functionARN: arn, traceID: RequestIDs.traceID(for: invocation.id))
    }

    private func expire(_ id: String, reason: Expiry) {
        if let index = queue.firstIndex(where: { $0.id == id }) {
            let invocation = queue.remove(at: index)
            finish(invocation, .timeout, extra: ["[portico] the invocation waited in the queue longer than the integration timeout"])
            return
        }
        guard let invocation = current, invocation.id == id else { return }
        let extra: [String]
        var outcome = FunctionInvocation.Outcome.timeout
        switch reason {
        case .function:
            // The function's own timeout is a function error for its caller: Lambda's Invoke
            // answers with this payload and X-Amz-Function-Error (seek-oss/aws-codedeploy-hooks
            // changelog 2.1.2 quotes it; LocalStack's Lambda init writes the same shape).
            let message = "RequestId: \(id) Error: Task timed out after \(Self.seconds(definition.timeout)) seconds"
            extra = [message]
            outcome = .functionError(type: "Sandbox.Timedout", payload: Array(
                "{\"errorMessage\":\(jsonQuoted(message)),\"errorType\":\"Sandbox.Timedout\"}".utf8))
        case .gateway(let timeout):
            extra = ["[portico] the integration timed out after \(timeout.runtimeMilliseconds) ms; the function process was stopped"]
        case .initialisation:
            extra = ["RequestId: \(id) Error: Runtime failed to start: the runtime did not ask for an event within \(Self.seconds(options.initTimeout)) seconds"]
        }
        finish(invocation, outcome, extra: extra, status: "timeout")
        killProcess()
        pump()
    }

    private static func seconds(_ duration: Duration) -> String {
        String(format: "%.2f", Double(duration.runtimeMilliseconds) / 1000)
    }

    /// Ends `invocation` with `outcome` and the logs Lambda would show for it.
    private func finish(_ invocation: Invocation, _ outcome: FunctionInvocation.Outcome, extra: [String] = [],
                        status: String? = nil, errorType: String? = nil) {
        invocation.gatewayTimer?.cancel()
        invocation.phaseTimer?.cancel()
        if current?.id == invocation.id { current = nil }
        let ended = ContinuousClock.now
        var logs: [String] = invocation.coldStart ? invocation.sdkNote.map { [$0] } ?? [] : []
        logs += invocation.earlyLogs
        var during: [String] = []
        if let running, running.generation == invocation.generation, invocation.generation != 0 {
            during = running.process.takeLines()
        }
        if invocation.delivered == nil {
            logs += during
            during = []
        }
        logs.append("START RequestId: \(invocation.id) Version: $LATEST")
        logs += during
        logs += extra
        logs.append("END RequestId: \(invocation.id)")
        var report = "REPORT RequestId: \(invocation.id)"
        if options.report == .measured {
            let duration = (invocation.delivered ?? invocation.received).duration(to: ended)
            let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
            report += "\tDuration: \(String(format: "%.2f", milliseconds)) ms"
            report += "\tBilled Duration: \(max(1, Int(milliseconds.rounded(.up)))) ms"
            report += "\tMemory Size: \(definition.memorySize) MB"
            if let running, running.generation == invocation.generation, let peak = running.process.peakMemoryMB() {
                report += "\tMax Memory Used: \(peak) MB"
            }
            if invocation.coldStart, let running, running.generation == invocation.generation, let initDuration = running.initDuration {
                let initMilliseconds = Double(initDuration.components.seconds) * 1000 + Double(initDuration.components.attoseconds) / 1e15
                report += "\tInit Duration: \(String(format: "%.2f", initMilliseconds)) ms"
            }
        } else {
            report += "\tMemory Size: \(definition.memorySize) MB"
        }
        if let status { report += "\tStatus: \(status)" }
        if let errorType { report += "\tError Type: \(errorType)" }
        logs.append(report)
        invocation.continuation.resume(returning: FunctionInvocation(outcome: outcome, logs: logs))
    }

    /// Stops the current process at once (SIGKILL, as Lambda resets a timed-out environment).
    private func killProcess() {
        guard let running else { return }
        self.running = nil
        running.process.signal(SIGKILL)
        if let waiting = parkedNext {
            parkedNext = nil
            waiting.resume(returning: nil)
        }
    }

    private func processExited(generation: Int, _ termination: ChildProcess.Termination) {
        guard let running, running.generation == generation else { return }
        if let invocation = current, invocation.generation == generation {
            let reason = "Runtime exited with error: \(termination)"
            finish(invocation, .crashed(reason),
                   extra: ["RequestId: \(invocation.id) Error: \(reason)", "Runtime.ExitError"],
                   status: "error", errorType: "Runtime.ExitError")
        }
        self.running = nil
        running.process.closeOutput()
        if let waiting = parkedNext {
            parkedNext = nil
            waiting.resume(returning: nil)
        }
        pump()
    }

    // MARK: The Runtime API

    func nextEvent() async -> NextEvent? {
        if isShutDown { return nil }
        if let invocation = current {
            if invocation.delivered == nil { return deliver() }
            // Asking again before answering breaks the protocol: the invocation cannot end well.
            finish(invocation, .crashed("the runtime asked for the next event before answering invocation \(invocation.id)"),
                   status: "error")
            killProcess()
            pump()
            return nil
        }
        if let earlier = parkedNext {
            parkedNext = nil
            earlier.resume(returning: nil)
        }
        return await withCheckedContinuation { continuation in
            parkedNext = continuation
        }
    }

    func invocationResponse(requestID: String, payload: [UInt8], tooLarge: Bool) async -> RuntimeAPIReply {
        guard let invocation = current, invocation.id == requestID, invocation.delivered != nil else {
            return .invalidRequestID
        }
        if tooLarge {
            let error = #"{"errorMessage":"Response payload size exceeded maximum allowed payload size (\#(LambdaLimits.maxResponsePayload) bytes).","errorType":"Function.ResponseSizeTooLarge"}"#
            finish(invocation, .functionError(type: "Function.ResponseSizeTooLarge", payload: Array(error.utf8)),
                   status: "error", errorType: "Function.ResponseSizeTooLarge")
            pump()
            return .payloadTooLarge
        }
        finish(invocation, .success(payload))
        pump()
        return .accepted
    }

    func invocationError(requestID: String, errorType: String?, payload: [UInt8]) async -> RuntimeAPIReply {
        guard let invocation = current, invocation.id == requestID, invocation.delivered != nil else {
            return .invalidRequestID
        }
        finish(invocation, .functionError(type: errorType ?? Self.errorType(in: payload), payload: payload))
        pump()
        return .accepted
    }

    func initError(errorType: String?, payload: [UInt8]) async -> RuntimeAPIReply {
        guard let invocation = current, invocation.delivered == nil else { return .invalidState }
        let type = errorType ?? Self.errorType(in: payload)
        // Lambda resets an environment whose init failed; the next invocation starts afresh.
        // The process's last words are read before it is stopped.
        let running = running
        finish(invocation, .functionError(type: type, payload: payload), status: "error", errorType: type)
        if running != nil { killProcess() }
        pump()
        return .accepted
    }

    private static func errorType(in payload: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any] else { return nil }
        return object["errorType"] as? String
    }

    // MARK: Shutting down

    /// Ends every waiting invocation, stops the process (SIGTERM, then SIGKILL after the grace
    /// period) and closes the endpoint.
    func shutdown() async {
        isShutDown = true
        for invocation in queue { finish(invocation, .crashed("the Lambda runtime was shut down")) }
        queue = []
        if let invocation = current {
            finish(invocation, .crashed("the Lambda runtime was shut down"))
        }
        if let waiting = parkedNext {
            parkedNext = nil
            waiting.resume(returning: nil)
        }
        if let running {
            self.running = nil
            await running.process.terminate(grace: options.terminationGrace)
            running.process.closeOutput()
        }
        if let server {
            self.server = nil
            await server.stop()
        }
    }

    /// The process serving this function now, if one is running (for tests and `serve`'s status).
    var processID: Int32? { running?.process.pid }
}

extension Duration {
    var runtimeMilliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}

/// Counts the function processes running, across functions.
final class ProcessLimiter: Sendable {
    private let count = Mutex(0)

    func acquire(limit: Int) -> Bool {
        count.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func release() {
        count.withLock { $0 = max(0, $0 - 1) }
    }
}
