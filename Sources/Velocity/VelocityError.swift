import Diagnostics

/// A syntax or rendering error, located in the template text (1-based line and column,
/// columns counting UTF-8 bytes as `LineTable` does).
public struct VelocityError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int

    public init(message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column): \(message)" }

    /// The error as a diagnostic in the file that embeds the template, whose first character
    /// is at `origin`.
    public func diagnostic(id: DiagnosticID = .velocityError, embeddedAt origin: SourceLocation) -> Diagnostic {
        .error(id, message, at: SourceLocation(file: origin.file, line: line, column: column).shifted(into: origin))
    }
}

/// An error located by UTF-8 offset, before it is turned into line and column.
struct LocatedError: Error {
    var message: String
    var offset: Int
}
