import Foundation
import PorticoGateway
@testable import PorticoRuntime
import Testing

/// Faults from outside a function: its process killed while it works, and a handler that
/// floods its output. Each gives Lambda's answer, and the next invocation works.
@Suite("Function faults", .serialized, .timeLimit(.minutes(2)))
struct FunctionFaultTests {
    @Test("a function process killed mid-invocation is Runtime.ExitError 'signal: killed', and the next invocation runs in a new process")
    func killedMidInvocation() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let marker = scratch.path + "/pid"
        let function = try pythonFunction("victim", in: scratch, source: """
            import os, time
            def handler(event, context):
                if event.get("wait"):
                    with open(\(String(reflecting: marker)), "w") as f:
                        f.write(str(os.getpid()))
                    time.sleep(60)
                return os.getpid()
            """, timeout: .seconds(90))
        try await withRuntime([function]) { runtime in
            async let killed = runtime.invoke(function: "victim", payload: json(["wait": true]), timeout: .seconds(90))
            var victim: Int32?
            for _ in 0..<300 where victim == nil {
                victim = (try? String(contentsOfFile: marker, encoding: .utf8)).flatMap { Int32($0) }
                if victim == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            let pid = try #require(victim, "the handler never started")
            #expect(kill(pid, SIGKILL) == 0)
            let result = await killed
            // Lambda's words for a runtime killed by a signal (Runtime.ExitError, "signal: killed").
            #expect(result.outcome == .crashed("Runtime exited with error: signal: killed"))
            let id = RequestIDs.make(.sequential, function: "victim", sequence: 1)
            #expect(result.logs.suffix(4) == [
                "RequestId: \(id) Error: Runtime exited with error: signal: killed",
                "Runtime.ExitError",
                "END RequestId: \(id)",
                "REPORT RequestId: \(id)\tMemory Size: 128 MB\tStatus: error\tError Type: Runtime.ExitError",
            ])
            let next = await runtime.invoke(function: "victim", payload: json([:]), timeout: .seconds(20))
            let nextPID = try #require(next.successText.flatMap { Int32($0) }, "\(next)")
            #expect(nextPID != pid)
        }
    }

    @Test("a handler that prints 64 MB: its logs stop at 1 MiB with a notice, and it still answers")
    func floodedOutput() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let function = try pythonFunction("chatty", in: scratch, source: """
            import sys
            def handler(event, context):
                line = "x" * 1023 + "\\n"
                for _ in range(64 * 1024):
                    sys.stdout.write(line)
                sys.stdout.flush()
                return "done"
            """, timeout: .seconds(60))
        try await withRuntime([function]) { runtime in
            let result = await runtime.invoke(function: "chatty", payload: json([:]), timeout: .seconds(60))
            #expect(result.successText == "\"done\"")
            #expect(result.logs.contains("[portico] output beyond 1048576 bytes in one invocation was dropped"))
            let logged = result.logs.reduce(0) { $0 + $1.utf8.count }
            #expect(logged < 1_100_000)
            // The next invocation's logs start clean.
            let next = await runtime.invoke(function: "chatty", payload: json([:]), timeout: .seconds(60))
            #expect(next.logs.filter { $0.hasPrefix("[portico]") }.count == 1)
        }
    }
}
