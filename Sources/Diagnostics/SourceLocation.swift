/// A point in a file the user wrote, 1-based like compilers print it.
///
/// Locations inside embedded text (a mapping template inside a YAML string, a diagram inside a
/// Markdown fence) are first computed relative to that text and then shifted into file space
/// with ``shifted(into:)``, so every message points at the line the user sees in their editor.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// Moves a location that is relative to an embedded text (line 1 column 1 being the text's
    /// first character) into the file that embeds it, whose first character is `origin`.
    public func shifted(into origin: SourceLocation) -> SourceLocation {
        SourceLocation(
            file: origin.file,
            line: origin.line + line - 1,
            column: line == 1 ? origin.column + column - 1 : column
        )
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
