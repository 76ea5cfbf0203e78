/// Prints diagnostics as compilers do, so editors and CI annotate the right line:
/// `path:line:column: error: message [id]`, notes indented beneath.
public enum DiagnosticFormatter {
    public static func format(_ diagnostic: Diagnostic) -> String {
        var text = ""
        if let location = diagnostic.location {
            text += "\(location.file):\(location.line):\(location.column): "
        }
        text += "\(diagnostic.severity.rawValue): \(diagnostic.message) [\(diagnostic.id.rawValue)]"
        for note in diagnostic.notes {
            text += "\n    note: \(note)"
        }
        return text
    }

    /// All diagnostics, sorted, one per line, then a summary line when anything was reported.
    public static func report(_ engine: DiagnosticEngine) -> String {
        let lines = engine.sorted.map(format)
        guard !lines.isEmpty else { return "" }
        var summary: [String] = []
        if engine.errorCount > 0 { summary.append(plural(engine.errorCount, "error")) }
        if engine.warningCount > 0 { summary.append(plural(engine.warningCount, "warning")) }
        return (lines + (summary.isEmpty ? [] : [summary.joined(separator: ", ") + "."])).joined(separator: "\n") + "\n"
    }

    private static func plural(_ count: Int, _ word: String) -> String {
        "\(count) \(word)\(count == 1 ? "" : "s")"
    }
}
