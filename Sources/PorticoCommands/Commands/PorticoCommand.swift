import ArgumentParser

/// The root command. Each subcommand turns its options into an action that tests can call
/// directly; the command itself only parses.
public struct PorticoCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "portico",
        abstract: "Document and try out APIs that run on Amazon API Gateway.",
        discussion: """
        Exit status: 0 on success, 1 when the inputs have problems (printed as \
        path:line:column: error: message), 2 when the command line is wrong.
        """,
        subcommands: [BuildCommand.self, ServeCommand.self, InvokeCommand.self, TokenCommand.self, UsageCommand.self, DeployCommand.self, CacheCommand.self, CheckCommand.self, InitCommand.self])

    public init() {}
}

/// Turns an action's status into the process's, without printing anything more.
func finish(_ status: ExitStatus) throws {
    if status != .success { throw ExitCode(status.rawValue) }
}
