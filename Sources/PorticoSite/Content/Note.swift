import Diagnostics
import Foundation
import PorticoModel

/// One Markdown file of Content/, read and split; rendering happens later.
public struct Note: Sendable {
    /// Path inside Content/, with `/` separators (`guide/caching.md`).
    public var relativePath: String
    /// What diagnostics call the file.
    public var displayPath: String
    public var frontMatter: FrontMatter
    public var body: String
    /// The file line on which `body` starts.
    public var bodyLine: Int

    /// The page the note becomes: `guide/caching.md` → `guide/caching.html`.
    public var outputPath: String {
        String(relativePath.dropLast(3)) + ".html"
    }

    /// How many folders deep the page is, for relative links that work from `file://`.
    public var depth: Int { relativePath.split(separator: "/").count - 1 }
}

/// Finds and reads every `.md` file below Content/ (the theme folder excluded), sorted by path
/// so the build does not depend on directory order.
public struct NoteLoader {
    public let contentDirectory: String
    public let displayPrefix: String

    public init(contentDirectory: String, displayPrefix: String) {
        self.contentDirectory = contentDirectory
        self.displayPrefix = displayPrefix
    }

    public func load(diagnostics: inout DiagnosticEngine) -> [Note] {
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: contentDirectory) else { return [] }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.hasPrefix("theme/") || path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            if path.hasSuffix(".md") { paths.append(path) }
        }
        return paths.sorted().compactMap { relative in
            let display = displayPrefix.isEmpty ? relative : "\(displayPrefix)/\(relative)"
            let full = (contentDirectory as NSString).appendingPathComponent(relative)
            guard let data = manager.contents(atPath: full), let text = String(data: data, encoding: .utf8) else {
                diagnostics.error("note.unreadable", "cannot read the note as UTF-8 text", at: SourceLocation(file: display, line: 1, column: 1))
                return nil
            }
            let parts = FrontMatter.split(text, path: display, diagnostics: &diagnostics)
            return Note(relativePath: relative, displayPath: display, frontMatter: parts.frontMatter,
                        body: parts.body, bodyLine: parts.bodyLine)
        }
    }
}
