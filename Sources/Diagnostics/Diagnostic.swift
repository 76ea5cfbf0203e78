/// How bad a problem is. Any error stops a build before it writes output.
public enum Severity: String, Sendable, Hashable, Comparable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem found in the user's input, as data: collected, sorted and printed together,
/// never thrown at the first problem.
///
/// `id` is stable across releases (`yaml.syntax`, `model.unknown-key`, …; see ``DiagnosticID``)
/// so scripts and tests can match on it without depending on the wording of `message`.
public struct Diagnostic: Hashable, Sendable, Error, CustomStringConvertible {
    public var id: DiagnosticID
    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    public var notes: [String]

    public init(
        _ severity: Severity, id: DiagnosticID, _ message: String,
        at location: SourceLocation? = nil, notes: [String] = []
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
    }

    public static func error(_ id: DiagnosticID, _ message: String, at location: SourceLocation? = nil, notes: [String] = []) -> Diagnostic {
        Diagnostic(.error, id: id, message, at: location, notes: notes)
    }

    public static func warning(_ id: DiagnosticID, _ message: String, at location: SourceLocation? = nil, notes: [String] = []) -> Diagnostic {
        Diagnostic(.warning, id: id, message, at: location, notes: notes)
    }

    /// Moves the diagnostic from embedded-text space into the embedding file.
    public func shifted(into origin: SourceLocation) -> Diagnostic {
        var copy = self
        copy.location = location.map { $0.shifted(into: origin) } ?? origin
        return copy
    }

    public var description: String { DiagnosticFormatter.format(self) }
}
