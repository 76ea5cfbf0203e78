import Diagnostics
import PorticoModel

/// The YAML block between `---` lines at the top of a note: title, description, order.
public struct FrontMatter: Sendable, Equatable {
    public var title: String?
    public var description: String?
    public var order: Int?

    public init(title: String? = nil, description: String? = nil, order: Int? = nil) {
        self.title = title
        self.description = description
        self.order = order
    }

    /// `weight` is Hugo's name for `order`, accepted so Hugo pages move over as they are.
    static let keys = ["title", "description", "order", "weight"]

    /// Splits `text` into front matter and body. `bodyLine` is the 1-based line of the file
    /// where the body starts, so diagnostics in the body can be shifted into file space.
    public static func split(_ text: String, path: String, diagnostics: inout DiagnosticEngine)
        -> (frontMatter: FrontMatter, body: String, bodyLine: Int)
    {
        guard text.hasPrefix("---\n") || text.hasPrefix("---\r\n") else { return (FrontMatter(), text, 1) }
        // Scan line by line (UTF-8) to the closing `---`: the body is never split into lines.
        let utf8 = text.utf8
        var lineStart = utf8.index(after: utf8.firstIndex(of: 10)!)
        var lineNumber = 2
        var lines: [Substring] = []
        var closing: (line: Int, bodyStart: String.Index)?
        while lineStart < utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: 10) ?? utf8.endIndex
            let line = text[lineStart..<lineEnd]
            if line.trimmingCharacters(in: .whitespaces) == "---" {
                closing = (lineNumber, lineEnd == utf8.endIndex ? lineEnd : utf8.index(after: lineEnd))
                break
            }
            lines.append(line)
            lineNumber += 1
            lineStart = lineEnd == utf8.endIndex ? lineEnd : utf8.index(after: lineEnd)
        }
        guard let closing else {
            diagnostics.error(.noteFrontMatter, "front matter opened with '---' is never closed",
                              at: SourceLocation(file: path, line: 1, column: 1))
            return (FrontMatter(), text, 1)
        }
        let end = closing.line - 1
        let body = String(text[closing.bodyStart...])
        if let simple = simple(lines[...]) { return (simple, body, end + 2) }
        let yaml = lines.joined(separator: "\n")
        var matter = FrontMatter()
        // The YAML starts on line 2; pad so marks are file lines.
        let source = YAMLSource(path: path, text: "\n" + yaml)
        if !yaml.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
           let node = source.compose(diagnostics: &diagnostics),
           let reader = MappingReader(node, source: source, what: "front matter", diagnostics: &diagnostics) {
            reader.finish(known: keys, in: "front matter", diagnostics: &diagnostics)
            matter.title = reader.string("title", diagnostics: &diagnostics)
            matter.description = reader.string("description", diagnostics: &diagnostics)
            matter.order = reader.int("order", diagnostics: &diagnostics) ?? reader.int("weight", diagnostics: &diagnostics)
        }
        return (matter, body, end + 2)
    }

    /// The common case read without a YAML parser: only known keys, one per line, each with a
    /// plain, single-quoted or escape-free double-quoted scalar (and an integer for `order`
    /// and `weight`). Anything else returns nil and goes through Yams, which reports problems
    /// with their positions; both paths give the same values for what this one accepts.
    static func simple(_ lines: ArraySlice<Substring>) -> FrontMatter? {
        var matter = FrontMatter()
        var seen = Set<Substring>()
        for rawLine in lines {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let key = line[..<colon]
            guard keys.contains(String(key)), seen.insert(key).inserted else { return nil }
            let afterColon = line[line.index(after: colon)...]
            guard afterColon.first == " " else { return nil }
            var value = afterColon.drop { $0 == " " }
            while value.last == " " { value = value.dropLast() }
            guard !value.isEmpty else { return nil }
            let text: String
            if value.first == "\"" {
                guard value.count >= 2, value.last == "\"" else { return nil }
                let inner = value.dropFirst().dropLast()
                guard !inner.contains("\"") && !inner.contains("\\") else { return nil }
                text = String(inner)
            } else if value.first == "'" {
                guard value.count >= 2, value.last == "'" else { return nil }
                let inner = value.dropFirst().dropLast()
                guard !inner.replacing("''", with: "").contains("'") else { return nil }
                text = String(inner.replacing("''", with: "'"))
            } else {
                guard let first = value.first, !"[]{}&*!|>%@`#?,-:".contains(first),
                      !value.contains(": "), !value.contains(" #"), !value.hasSuffix(":") else { return nil }
                text = String(value)
            }
            switch key {
            case "title": matter.title = text
            case "description": matter.description = text
            default:
                guard value.first != "\"", value.first != "'", let number = Int(text), text.allSatisfy(\.isNumber) else { return nil }
                if key == "order" || matter.order == nil { matter.order = number }
            }
        }
        return matter
    }
}
