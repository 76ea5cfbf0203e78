import ArgumentParser
import Foundation
import PorticoServer

/// The process entry point: parses, runs, and maps failures onto the contract's exit
/// statuses (usage errors are 2, not ArgumentParser's 64).
public enum PorticoMain {
    /// Process-wide set-up that must happen on the main thread before any task runs. For
    /// `serve`, Swift concurrency's work goes to NIO's event loops (see ``ServerThreads``):
    /// measured with wrk on the served gateway, 12,100–14,500 requests/s against 5,600–10,900
    /// without, in alternating runs on the same machine. Other commands keep the default pool,
    /// where blocking work (Graphviz, files) never holds up an event loop.
    public static func prepareProcess(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) {
        if arguments.first == "serve" { ServerThreads.runConcurrencyOnEventLoops() }
    }

    public static func run(_ arguments: [String]? = nil) async -> Int32 {
        do {
            var command = try PorticoCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return ExitStatus.success.rawValue
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch {
            let code = PorticoCommand.exitCode(for: error)
            let message = PorticoCommand.fullMessage(for: error)
            if code == .success {
                FileHandle.standardOutput.write(Data((message + "\n").utf8))
                return 0
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            return code == .validationFailure ? ExitStatus.usage.rawValue : code.rawValue
        }
    }
}
