internal import CCmarkGFM
import Synchronization

/// The one place this module touches cmark-gfm. A tree lives only inside ``parse(_:_:)``; no
/// C pointer leaves this file.
struct CmarkTree: ~Copyable {
    private let parser: OpaquePointer
    private let root: OpaquePointer

    private static let options: Int32 = CMARK_OPT_DEFAULT  // safe: raw HTML and unsafe URLs dropped

    /// The GFM extensions every document gets, in the order they are attached.
    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist", "tagfilter"]

    /// Registers the core extensions exactly once per process (a `static let` initialiser runs
    /// once, thread-safely).
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Held while cmark-gfm parses a document's inlines (see ``parse(_:_:)``).
    private static let inlineParsing = Mutex(())

    private init(parser: OpaquePointer, root: OpaquePointer) {
        self.parser = parser
        self.root = root
    }

    /// Parses `markdown`, hands the tree to `body`, then frees it.
    static func parse<T>(_ markdown: String, _ body: (borrowing CmarkTree) -> T) -> T {
        _ = registered
        let parser = cmark_parser_new(options)!
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        var text = markdown
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        // Inline parsing adds the extensions' special characters to a table that cmark-gfm
        // keeps for the whole process and takes them out again when done
        // (github/cmark-gfm#176): two documents finished at once on two threads lose each
        // other's autolinks and strikethroughs. The site renders notes in parallel, so this
        // one step runs alone.
        nonisolated(unsafe) var finished: OpaquePointer?
        Self.inlineParsing.withLock { _ in finished = cmark_parser_finish(parser) }
        let root = finished!
        defer { cmark_node_free(root) }
        return body(CmarkTree(parser: parser, root: root))
    }

    // MARK: Walking

    /// Every node in document order (pre-order), collected before anyone edits the tree.
    private func nodes() -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        let iterator = cmark_iter_new(root)!
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) {
                result.append(node)
            }
        }
        return result
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func isFenced(_ node: OpaquePointer) -> Bool {
        guard cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK else { return false }
        var length: Int32 = 0, offset: Int32 = 0
        var character: CChar = 0
        return cmark_node_get_fenced(node, &length, &offset, &character) != 0
    }

    /// The plain text below a node: text and code spans, breaks as spaces.
    private static func plainText(_ node: OpaquePointer) -> String {
        var text = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                text += string(cmark_node_get_literal(current))
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            } else if type != CMARK_NODE_HTML_INLINE {
                text += plainText(current)
            }
            child = cmark_node_next(current)
        }
        return text
    }

    // MARK: Facts

    struct Facts {
        var blocks: [FencedBlock] = []
        var headings: [Heading] = []
        var links: [Link] = []
    }

    func facts(source: String) -> Facts {
        var facts = Facts()
        var locator = AutolinkLocator(source: source)
        var headingTexts: [(level: Int, text: String, line: Int)] = []
        for node in nodes() {
            let type = cmark_node_get_type(node)
            if Self.isFenced(node) {
                let info = Self.string(cmark_node_get_fence_info(node))
                    .trimmingWhitespace()
                let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
                facts.blocks.append(FencedBlock(
                    index: facts.blocks.count, info: info, language: language,
                    literal: Self.string(cmark_node_get_literal(node)),
                    line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node))))
            } else if type == CMARK_NODE_HEADING {
                headingTexts.append((Int(cmark_node_get_heading_level(node)), Self.plainText(node).trimmingWhitespace(),
                                     Int(cmark_node_get_start_line(node))))
            } else if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE {
                var line = Int(cmark_node_get_start_line(node))
                var column = Int(cmark_node_get_start_column(node))
                let text = Self.plainText(node)
                if line == 0 {
                    // The autolink extension makes nodes without a position: find the text
                    // in the source, after the enclosing block's start.
                    (line, column) = locator.locate([text], from: Self.blockLine(of: node))
                } else if !locator.opens(line: line, column: column, image: type == CMARK_NODE_IMAGE) {
                    // cmark-gfm miscounts columns after a soft break: find the opening on
                    // that line instead.
                    let url = Self.string(cmark_node_get_url(node))
                    let opening = type == CMARK_NODE_IMAGE ? "![\(text)]" : "[\(text)]"
                    (line, column) = locator.locate(["<\(url)>", opening, text], from: line)
                }
                facts.links.append(Link(
                    destination: Self.string(cmark_node_get_url(node)), line: line, column: column,
                    isImage: type == CMARK_NODE_IMAGE))
            }
        }
        let anchors = HeadingAnchors.unique(headingTexts.map(\.text))
        facts.headings = zip(headingTexts, anchors).map { heading, anchor in
            Heading(level: heading.level, text: heading.text, anchor: anchor, line: heading.line)
        }
        return facts
    }

    /// The start line of the nearest ancestor that has one.
    private static func blockLine(of node: OpaquePointer) -> Int {
        var current = cmark_node_parent(node)
        while let ancestor = current {
            let line = Int(cmark_node_get_start_line(ancestor))
            if line > 0 { return line }
            current = cmark_node_parent(ancestor)
        }
        return 1
    }

    // MARK: Rendering

    /// Renders HTML after turning each replaced fenced block into a placeholder and
    /// rewriting link destinations. The parser's extension list goes to the renderer, or the
    /// tag filter and task-list rendering would do nothing.
    func renderHTML(replacing indices: Set<Int>, tokens: PlaceholderTokens, rewritingLinks rewrite: (String) -> String) -> String {
        var fencedIndex = 0
        for node in nodes() {
            let type = cmark_node_get_type(node)
            if Self.isFenced(node) {
                defer { fencedIndex += 1 }
                guard indices.contains(fencedIndex) else { continue }
                // A code block always renders as its own `<pre><code>` element, even in a
                // tight list (where a paragraph would lose its `<p>`), so it is the placeholder.
                cmark_node_set_fence_info(node, "")
                cmark_node_set_literal(node, tokens.token(for: fencedIndex))
            } else if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE {
                let url = Self.string(cmark_node_get_url(node))
                let rewritten = rewrite(url)
                if rewritten != url { cmark_node_set_url(node, rewritten) }
            }
        }
        let extensions = cmark_parser_get_syntax_extensions(parser)
        guard let html = cmark_render_html(root, Self.options, extensions) else { return "" }
        defer { cmark_get_default_mem_allocator().pointee.free(html) }
        return String(cString: html)
    }
}

/// Finds autolinked text in the source, scanning forward so repeated links get successive
/// positions.
struct AutolinkLocator {
    private let bytes: [UInt8]
    /// Byte offset where each line starts; a line ends before the next one's `\n`.
    private let starts: [Int]
    private var cursor: (line: Int, byte: Int) = (1, 0)

    init(source: String) {
        bytes = Array(source.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 10 { starts.append(offset + 1) }
        self.starts = starts
    }

    private var lineCount: Int { starts.count }

    /// The bytes of a 1-based line, without its newline.
    private func line(_ number: Int) -> ArraySlice<UInt8> {
        let start = starts[number - 1]
        let end = number < starts.count ? starts[number] - 1 : bytes.count
        return bytes[start..<end]
    }

    /// Whether the source has a link (or image) opening at a position.
    func opens(line: Int, column: Int, image: Bool) -> Bool {
        guard line >= 1, line <= lineCount else { return false }
        let bytes = self.line(line)
        guard column >= 1, column <= bytes.count else { return false }
        let byte = bytes[bytes.startIndex + column - 1]
        return image ? byte == UInt8(ascii: "!") : (byte == UInt8(ascii: "[") || byte == UInt8(ascii: "<"))
    }

    /// The position of the first of `candidates` found, trying each in turn.
    mutating func locate(_ candidates: [String], from blockLine: Int) -> (line: Int, column: Int) {
        let saved = cursor
        for candidate in candidates {
            cursor = saved
            if let found = locate(candidate, from: blockLine) { return found }
        }
        cursor = saved
        return (blockLine, 1)
    }

    private mutating func locate(_ text: String, from blockLine: Int) -> (line: Int, column: Int)? {
        if blockLine > cursor.line { cursor = (blockLine, 0) }
        var lineNumber = cursor.line
        while lineNumber <= lineCount, !text.isEmpty {
            let bytes = Array(line(lineNumber))
            let start = lineNumber == cursor.line ? cursor.byte : 0
            let needle = Array(text.utf8)
            if bytes.count >= needle.count, start <= bytes.count - needle.count {
                for offset in start...(bytes.count - needle.count) where bytes[offset..<(offset + needle.count)].elementsEqual(needle) {
                    cursor = (lineNumber, offset + needle.count)
                    return (lineNumber, offset + 1)
                }
            }
            lineNumber += 1
        }
        return nil
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
