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
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            diagnostics.error("note.front-matter", "front matter opened with '---' is never closed",
                              at: SourceLocation(file: path, line: 1, column: 1))
            return (FrontMatter(), text, 1)
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n")
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
}
