/// A Markdown note, parsed once as GitHub Flavored Markdown (tables, strikethrough, autolinks,
/// task lists and the tag filter).
///
/// The value holds only Swift data: the facts a site needs (fenced blocks, headings, links,
/// title) are extracted when it is created, and ``html(replacingBlocks:rewritingLinks:)`` parses
/// the text again into a private tree that it frees before returning. So a document is
/// `Sendable`, and rendering shares no mutable state: call it from any number of tasks.
///
/// Raw HTML written in the Markdown is never passed through (cmark's safe mode: it becomes an
/// `<!-- raw HTML omitted -->` comment, and `javascript:`, `vbscript:`, `file:` and most `data:`
/// link destinations become empty).
public struct MarkdownDocument: Sendable {
    /// The Markdown text, as given.
    public let markdown: String
    /// Every fenced code block, in document order; `index` counts from 0.
    public let fencedBlocks: [FencedBlock]
    /// Every heading, in document order, with its unique anchor.
    public let headings: [Heading]
    /// Every link and image destination, in document order, as written.
    public let links: [Link]

    public init(markdown: String) {
        self.markdown = markdown
        let facts = CmarkTree.parse(markdown) { tree in tree.facts(source: markdown) }
        fencedBlocks = facts.blocks
        headings = facts.headings
        links = facts.links
    }

    /// The plain text of the first level-1 heading, if any.
    public var title: String? {
        headings.first { $0.level == 1 }?.text
    }

    /// The HTML of the document.
    ///
    /// - Parameters:
    ///   - replacements: HTML that replaces the fenced block of each index, verbatim. It is
    ///     trusted (Portico made it: a diagram's SVG, a highlighted example), so it is not
    ///     escaped or filtered. Other fenced blocks render as
    ///     `<pre><code class="language-X">…</code></pre>`.
    ///   - rewrite: maps each link and image destination before rendering, for example
    ///     `other.md#x` to `other.html#x`. What it returns still passes cmark's safe-URL check.
    /// - Returns: HTML fragments, one block per line, headings carrying `id="anchor"`.
    public func html(
        replacingBlocks replacements: [Int: String] = [:],
        rewritingLinks rewrite: (String) -> String = { $0 }
    ) -> String {
        let tokens = PlaceholderTokens(avoiding: markdown)
        let rendered = CmarkTree.parse(markdown) { tree in
            tree.renderHTML(replacing: Set(replacements.keys), tokens: tokens, rewritingLinks: rewrite)
        }
        let html = HeadingAnchors.insert(headings.map(\.anchor), into: rendered)
        guard !replacements.isEmpty else { return html }
        // One pass over the bytes: copy up to each placeholder, then its replacement.
        var bytes = Array(html.utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + replacements.values.reduce(0) { $0 + $1.utf8.count })
        var copied = 0
        for index in replacements.keys.sorted() {
            guard let replacement = replacements[index] else { continue }
            let needle = Array(tokens.rendered(index).utf8)
            guard let found = Self.find(needle, in: bytes, from: copied) else { continue }
            out.append(contentsOf: bytes[copied..<found])
            out.append(contentsOf: replacement.utf8)
            if !replacement.hasSuffix("\n") { out.append(10) }
            copied = found + needle.count
        }
        out.append(contentsOf: bytes[copied...])
        bytes = []
        return String(decoding: out, as: UTF8.self)
    }
}

extension MarkdownDocument {
    /// The offset of the first `needle` in `bytes` at or after `start`.
    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var index = start
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first {
                var matched = 1
                while matched < needle.count, bytes[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return index }
            }
            index += 1
        }
        return nil
    }
}

/// A fenced code block (```` ``` ```` or `~~~`), as written.
public struct FencedBlock: Sendable, Equatable {
    /// Its position among the document's fenced blocks, from 0.
    public var index: Int
    /// The whole info string after the fence, trimmed: `http example api=orders`.
    public var info: String
    /// The first word of the info string: `http`; empty when there is none.
    public var language: String
    /// The content, each line ending in a newline.
    public var literal: String
    /// The 1-based line of the opening fence.
    public var line: Int
    /// The 1-based column (UTF-8 bytes) where the block starts, after any container markers.
    public var column: Int

    public init(index: Int, info: String, language: String, literal: String, line: Int, column: Int) {
        self.index = index
        self.info = info
        self.language = language
        self.literal = literal
        self.line = line
        self.column = column
    }

    /// Where a position inside `literal` (1-based line and UTF-8 column, line 1 being the line
    /// after the opening fence) is in the Markdown file, for diagnostics about the block's
    /// content. A block inside a list or quote has its container's indent added on every line.
    public func contentPosition(line: Int, column: Int) -> (line: Int, column: Int) {
        (self.line + line, column + self.column - 1)
    }

    /// The words of the info string after the language: `["example", "api=orders"]`.
    public var attributes: [String] {
        Array(info.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().map(String.init))
    }
}

/// A heading and the anchor the HTML gives it.
public struct Heading: Sendable, Equatable {
    /// 1 to 6.
    public var level: Int
    /// The heading's plain text: inline markup removed, code spans kept as their text.
    public var text: String
    /// A GitHub-style slug, unique within the page (`intro`, `intro-1`).
    public var anchor: String
    /// The 1-based line of the heading.
    public var line: Int

    public init(level: Int, text: String, anchor: String, line: Int) {
        self.level = level
        self.text = text
        self.anchor = anchor
        self.line = line
    }
}

/// A link or image destination as written, so a site can check or rewrite it.
public struct Link: Sendable, Equatable {
    public var destination: String
    /// The 1-based line where the link starts.
    public var line: Int
    /// The 1-based column (UTF-8 bytes) where the link starts: its `[`, `![` or `<`.
    public var column: Int
    /// Whether this is an image (`![alt](src)`) rather than a link.
    public var isImage: Bool

    public init(destination: String, line: Int, column: Int, isImage: Bool = false) {
        self.destination = destination
        self.line = line
        self.column = column
        self.isImage = isImage
    }
}
