/// Collects the diagnostics of one run. A value type: each loader fills its own and the
/// caller merges them, so no engine is shared across threads.
public struct DiagnosticEngine: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init(_ diagnostics: [Diagnostic] = []) {
        self.diagnostics = diagnostics
    }

    public mutating func emit(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    public mutating func emit(contentsOf other: some Sequence<Diagnostic>) {
        diagnostics.append(contentsOf: other)
    }

    public mutating func error(_ id: DiagnosticID, _ message: String, at location: SourceLocation? = nil) {
        emit(.error(id, message, at: location))
    }

    public mutating func warning(_ id: DiagnosticID, _ message: String, at location: SourceLocation? = nil) {
        emit(.warning(id, message, at: location))
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The same diagnostics with the warnings of `ids` made errors (a `--strict` run).
    public func promotingWarnings(of ids: Set<DiagnosticID>) -> DiagnosticEngine {
        DiagnosticEngine(diagnostics.map { diagnostic in
            var diagnostic = diagnostic
            if diagnostic.severity == .warning, ids.contains(diagnostic.id) { diagnostic.severity = .error }
            return diagnostic
        })
    }
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }

    /// In file order, then by line and column; unlocated ones last. Duplicates collapse, so a
    /// file loaded twice does not report its problems twice.
    public var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        let unique = diagnostics.filter { seen.insert($0).inserted }
        return unique.enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case let (l?, r?): return l != r ? l < r : a.offset < b.offset
            case (.some, .none): return true
            case (.none, .some): return false
            case (.none, .none): return a.offset < b.offset
            }
        }.map(\.element)
    }
}
