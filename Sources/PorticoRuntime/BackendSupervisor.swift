import Foundation
import PorticoGateway

/// An HTTP backend that Portico starts for builds, `check` and `serve` (portico.yml's
/// `backends:`), so examples against HTTP integrations run against the real thing.
public struct BackendDefinition: Sendable, Equatable {
    public var name: String
    /// The program and its arguments (`["python3", "backends/service1.py"]`), looked up in
    /// `PATH` when the program has no slash.
    public var command: [String]
    public var workingDirectory: String
    /// The base URL it serves (`http://127.0.0.1:9101`).
    public var url: String
    /// Requested with GET until it answers, whatever the status.
    public var readinessPath: String
    /// Added to Portico's own environment.
    public var environment: [String: String]

    public init(name: String, command: [String], workingDirectory: String, url: String,
                readinessPath: String = "/", environment: [String: String] = [:]) {
        self.name = name
        self.command = command
        self.workingDirectory = workingDirectory
        self.url = url
        self.readinessPath = readinessPath
        self.environment = environment
    }

    var readinessURL: String {
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        return base + (readinessPath.hasPrefix("/") ? readinessPath : "/" + readinessPath)
    }
}

/// Why a backend did not start, with what it printed.
public struct BackendStartError: Error, Sendable, Equatable, CustomStringConvertible {
    public var backend: String
    public var reason: String
    /// The backend's stdout and stderr, one entry per line (the last 200).
    public var output: [String]

    public var description: String {
        var text = "backend \(backend): \(reason)"
        if !output.isEmpty { text += "\n" + output.map { "  | \($0)" }.joined(separator: "\n") }
        return text
    }
}

/// Starts backend processes, waits until each answers, and stops them all (by process
/// group, SIGTERM then SIGKILL) on `shutdown()`.
public actor BackendSupervisor {
    private struct Started {
        let definition: BackendDefinition
        let process: ChildProcess
        var output: [String] = []
    }

    private let readinessTimeout: Duration
    private let terminationGrace: Duration
    private let probe = HTTPClientTransport(maxResponseBody: 1 << 20)
    private var started: [String: Started] = [:]
    private var isShutDown = false
    private static let keptLines = 200

    /// - Parameters:
    ///   - readinessTimeout: how long a backend may take to answer its readiness request.
    ///   - terminationGrace: between SIGTERM and SIGKILL when stopping.
    public init(readinessTimeout: Duration = .seconds(30), terminationGrace: Duration = .seconds(2)) {
        self.readinessTimeout = readinessTimeout
        self.terminationGrace = terminationGrace
    }

    /// Starts `backend` and returns once `GET url+readinessPath` answers. Throws
    /// `BackendStartError` (with the backend's output) if it cannot start, exits, or does not
    /// answer within the readiness timeout; the process is stopped then.
    public func start(_ backend: BackendDefinition) async throws {
        guard !isShutDown else { throw BackendStartError(backend: backend.name, reason: "the supervisor has been shut down", output: []) }
        guard started[backend.name] == nil else {
            throw BackendStartError(backend: backend.name, reason: "a backend of that name is already running", output: [])
        }
        // Something else answering there would make the examples run against it.
        if case .response = await probe.send(OutboundHTTPRequest(method: "GET", url: backend.readinessURL), timeout: .milliseconds(500)) {
            throw BackendStartError(backend: backend.name,
                                    reason: "something already answers at \(backend.readinessURL) before the backend was started", output: [])
        }
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in backend.environment { environment[name] = value }
        let process: ChildProcess
        do {
            process = try ChildProcess.spawn(arguments: backend.command, environment: environment,
                                             workingDirectory: backend.workingDirectory)
        } catch {
            throw BackendStartError(backend: backend.name, reason: "\(error)", output: [])
        }
        started[backend.name] = Started(definition: backend, process: process)

        let deadline = ContinuousClock.now.advanced(by: readinessTimeout)
        while true {
            if let termination = process.termination {
                let output = collect(backend.name)
                started[backend.name] = nil
                process.closeOutput()
                throw BackendStartError(backend: backend.name, reason: "it ended (\(termination)) before answering at \(backend.readinessURL)",
                                        output: output)
            }
            // Cancelled (serve is stopping): every probe and sleep would now return at once.
            if Task.isCancelled {
                let output = collect(backend.name)
                await stop(backend.name)
                throw BackendStartError(backend: backend.name, reason: "cancelled before it answered at \(backend.readinessURL)",
                                        output: output)
            }
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero {
                let output = collect(backend.name)
                await stop(backend.name)
                throw BackendStartError(backend: backend.name,
                                        reason: "it did not answer at \(backend.readinessURL) within \(readinessTimeout)", output: output)
            }
            if case .response = await probe.send(OutboundHTTPRequest(method: "GET", url: backend.readinessURL),
                                                 timeout: min(remaining, .seconds(1))) {
                return
            }
            try? await Task.sleep(for: min(.milliseconds(50), max(remaining, .milliseconds(1))))
        }
    }

    /// Starts every backend, one after another; on the first failure stops those it started
    /// and throws.
    public func start(_ backends: [BackendDefinition]) async throws {
        var mine: [String] = []
        for backend in backends {
            do {
                try await start(backend)
                mine.append(backend.name)
            } catch {
                for name in mine { await stop(name) }
                throw error
            }
        }
    }

    /// Makes the running backends exactly `definitions`: stops those no longer declared, those
    /// whose declaration changed and those named in `restarting` (their code changed), then
    /// starts every declared backend that is not running, one after another. Returns what
    /// could not start; the others keep running.
    public func reconcile(_ definitions: [BackendDefinition], restarting: Set<String> = []) async -> [BackendStartError] {
        guard !isShutDown else { return [] }
        let wanted = Dictionary(definitions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (name, entry) in started where wanted[name] != entry.definition || restarting.contains(name) {
            await stop(name)
        }
        var failures: [BackendStartError] = []
        for definition in wanted.values.sorted(by: { $0.name < $1.name }) where started[definition.name] == nil {
            do {
                try await start(definition)
            } catch let error as BackendStartError {
                failures.append(error)
            } catch {
                failures.append(BackendStartError(backend: definition.name, reason: "\(error)", output: []))
            }
        }
        return failures
    }

    /// The process id of a running backend.
    public func processID(of name: String) -> Int32? { started[name]?.process.pid }

    /// The last lines the backend printed (stdout and stderr together).
    public func output(of name: String) -> [String] { collect(name) }

    private func collect(_ name: String) -> [String] {
        guard var entry = started[name] else { return [] }
        entry.output += entry.process.takeLines()
        if entry.output.count > Self.keptLines { entry.output.removeFirst(entry.output.count - Self.keptLines) }
        started[name] = entry
        return entry.output
    }

    /// Stops one backend.
    public func stop(_ name: String) async {
        guard let entry = started.removeValue(forKey: name) else { return }
        await entry.process.terminate(grace: terminationGrace)
        entry.process.closeOutput()
    }

    /// Stops every backend and the readiness client.
    public func shutdown() async {
        guard !isShutDown else { return }
        isShutDown = true
        let entries = started.values.map(\.process)
        started = [:]
        let grace = terminationGrace
        await withTaskGroup(of: Void.self) { group in
            for process in entries {
                group.addTask {
                    await process.terminate(grace: grace)
                    process.closeOutput()
                }
            }
        }
        await probe.shutdown()
    }
}
