import Foundation
import PorticoGateway
@testable import PorticoRuntime
import Testing

/// Waits that must end when they say, whatever the thing waited for does.
@Suite("Time limits", .serialized, .timeLimit(.minutes(1)))
struct TimeLimitTests {
    @Test("a time limit answers its fallback on time even when the work ignores cancellation")
    func ignoresCancellation() async {
        let started = ContinuousClock.now
        let answer = await withTimeLimit(.milliseconds(200), fallback: "late") {
            // Not cancellable: a plain blocking sleep on another thread's task.
            await withCheckedContinuation { continuation in
                DispatchQueue.global().asyncAfter(deadline: .now() + 10) { continuation.resume() }
            }
            return "done"
        }
        #expect(answer == "late")
        // Well before the work's 10 s: the fallback did not wait for it (a loaded CI machine has
        // taken over 2 s to schedule a 200 ms answer, so the bound leaves room).
        #expect(started.duration(to: .now) < .seconds(5))
    }

    @Test("work that ends first gives its answer")
    func workFirst() async {
        #expect(await withTimeLimit(.seconds(5), fallback: 0) { 42 } == 42)
    }

    @Test("a cancelled caller is answered the fallback at once")
    func cancelledCaller() async {
        let task = Task {
            await withTimeLimit(.seconds(30), fallback: "cancelled") {
                try? await Task.sleep(for: .seconds(30))
                return "slept"
            }
        }
        try? await Task.sleep(for: .milliseconds(100))
        let started = ContinuousClock.now
        task.cancel()
        #expect(await task.value == "cancelled")
        #expect(started.duration(to: .now) < .seconds(2))
    }

    @Test("a process that ignores SIGTERM is killed after the grace period, not waited for")
    func terminateIgnoringSIGTERM() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("stubborn.py", "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('ready', flush=True)\ntime.sleep(60)\n")
        let process = try ChildProcess.spawn(arguments: ["python3", "stubborn.py"], environment: ProcessInfo.processInfo.environment,
                                             workingDirectory: scratch.path)
        defer { process.closeOutput() }
        // Wait until it has installed its handler.
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        var lines: [String] = []
        while !lines.contains("ready") && ContinuousClock.now < deadline {
            lines += process.takeLines()
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(lines.contains("ready"))
        let started = ContinuousClock.now
        let termination = await process.terminate(grace: .milliseconds(300))
        #expect(termination == .signalled(SIGKILL))
        #expect(started.duration(to: .now) < .seconds(5))
    }

    @Test("a backend start cancelled while it waits for readiness stops the process and gives up at once")
    func cancelledBackendStart() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("mute.py", "import os, time\nprint(os.getpid(), flush=True)\ntime.sleep(60)\n")
        let port = try freePort()
        let supervisor = BackendSupervisor(readinessTimeout: .seconds(30), terminationGrace: .milliseconds(300))
        let backend = BackendDefinition(name: "mute", command: ["python3", "mute.py"], workingDirectory: scratch.path,
                                        url: "http://127.0.0.1:\(port)")
        let start = Task { try await supervisor.start(backend) }
        try await Task.sleep(for: .milliseconds(500))
        let cancelled = ContinuousClock.now
        start.cancel()
        await #expect(throws: BackendStartError.self) { try await start.value }
        #expect(cancelled.duration(to: .now) < .seconds(5))
        #expect(await supervisor.processID(of: "mute") == nil)
        await supervisor.shutdown()
    }
}
