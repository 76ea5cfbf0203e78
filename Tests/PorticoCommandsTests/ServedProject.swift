import PorticoCommands
import Synchronization
import Testing

/// What a command printed, kept for the test to read.
final class CommandOutput: Sendable {
    let out = Mutex("")
    let err = Mutex("")
    var console: Console {
        Console(out: { text in self.out.withLock { $0 += text } }, err: { text in self.err.withLock { $0 += text } }, interactive: false)
    }
    var outText: String { out.withLock { $0 } }
    var errText: String { err.withLock { $0 } }
}

/// `portico serve` of a project folder on a free loopback port, for the commands that talk to
/// a running server (`usage`, `cache flush`). Cancel ``task`` when done.
struct ServedProject {
    let output: CommandOutput
    let task: Task<PorticoCommands.ExitStatus, Never>
    /// `http://127.0.0.1:PORT`.
    let base: String

    static func start(root: String) async throws -> ServedProject {
        let output = CommandOutput()
        let task = Task { await ServeAction(projectRoot: root, host: "127.0.0.1", port: 0).run(console: output.console) }
        var port: Int?
        for _ in 0..<300 where port == nil {
            port = output.out.withLock { text -> Int? in
                guard text.contains("Serving"), let range = text.range(of: "at http://127.0.0.1:") else { return nil }
                return Int(text[range.upperBound...].prefix { $0.isNumber })
            }
            if port == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        guard let port else {
            task.cancel()
            throw ServeDidNotStart(said: output.outText + output.errText)
        }
        return ServedProject(output: output, task: task, base: "http://127.0.0.1:\(port)")
    }

    struct ServeDidNotStart: Error, CustomStringConvertible {
        let said: String
        var description: String { "portico serve did not start; it said: \(said)" }
    }
}
