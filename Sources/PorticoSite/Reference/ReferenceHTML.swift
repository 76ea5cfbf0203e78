import PorticoMarkdown

/// The few HTML shapes the reference pages repeat: tables with column headers, fact tables
/// (a header per row) and code spans. Cells are HTML the caller made (and escaped); headers
/// and ``code(_:)`` escape their text here.
enum ReferenceHTML {
    static func table(_ headers: [String], _ rows: [[String]]) -> String {
        var html = "<table>\n<thead><tr>"
        for header in headers { html += "<th scope=\"col\">\(header.htmlEscaped)</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for row in rows { html += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>\n" }
        return html + "</tbody>\n</table>\n"
    }

    /// `<table class="facts">`: one row per fact, its name as the row header.
    static func facts(_ rows: [(String, String)]) -> String {
        var html = "<table class=\"facts\">\n<tbody>\n"
        for (name, value) in rows { html += "<tr><th scope=\"row\">\(name.htmlEscaped)</th><td>\(value)</td></tr>\n" }
        return html + "</tbody>\n</table>\n"
    }

    static func code(_ text: String) -> String { "<code>\(text.htmlEscaped)</code>" }

    /// `name` = `value` pairs, sorted by name, one per line; `none` when empty.
    static func pairs(_ values: [String: String]) -> String {
        values.isEmpty ? "none" : values.keys.sorted().map { "\(code($0)) = \(code(values[$0]!))" }.joined(separator: "<br>")
    }

    /// A heading with an anchor.
    static func heading(_ level: Int, _ id: String, _ text: String) -> String {
        "<h\(level) id=\"\(id.htmlEscaped)\">\(text.htmlEscaped)</h\(level)>\n"
    }

    /// `2.5` → `2.5`, `10.0` → `10`: rates as AWS users write them.
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
