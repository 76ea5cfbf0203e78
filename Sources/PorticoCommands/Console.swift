import Foundation

/// Where a command's output goes. Commands never call `print` directly, so tests run them in
/// process and read what they said.
public struct Console: Sendable {
    public let out: @Sendable (String) -> Void
    public let err: @Sendable (String) -> Void
    /// Whether progress lines are wanted (a terminal, not CI).
    public let interactive: Bool

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void, interactive: Bool) {
        self.out = out
        self.err = err
        self.interactive = interactive
    }

    /// The process's standard output and error; interactive when stderr is a terminal and
    /// the CI variable is unset.
    public static var standard: Console {
        let interactive = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil
        return Console(
            out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
            err: { text in FileHandle.standardError.write(Data(text.utf8)) },
            interactive: interactive)
    }
}

/// The exit statuses of the command line, as README.md documents them (scripts rely on them).
public enum ExitStatus: Int32, Sendable {
    case success = 0
    /// Problems in the inputs: diagnostics were printed.
    case inputProblems = 1
    /// The command line itself was wrong.
    case usage = 2
}
