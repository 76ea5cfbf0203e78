/// GitHub-style heading anchors.
enum HeadingAnchors {
    /// The slug of a heading's text, as GitHub makes it: lower-cased; letters, digits, `-`,
    /// `_` and spaces kept (any script); spaces become `-`; everything else dropped.
    static func slug(_ text: String) -> String {
        var out = ""
        for character in text.lowercased() {
            if character == " " {
                out.append("-")
            } else if character == "-" || character == "_" || character.isLetter || character.isNumber {
                out.append(character)
            }
        }
        return out
    }

    /// Anchors for headings in order: a repeated slug gets `-1`, `-2`, … as on GitHub, skipping
    /// any that another heading already has; an empty slug becomes `section`.
    static func unique(_ texts: [String]) -> [String] {
        var used = Set<String>()
        var counts: [String: Int] = [:]
        return texts.map { text in
            var base = slug(text)
            if base.isEmpty { base = "section" }
            var candidate = base
            var count = counts[base, default: 0]
            while used.contains(candidate) {
                count += 1
                candidate = "\(base)-\(count)"
            }
            counts[base] = count
            used.insert(candidate)
            return candidate
        }
    }

    /// Gives the `n`th `<hN>` opening tag of cmark's output the `n`th anchor.
    ///
    /// In safe mode every `<h1>`…`<h6>` in cmark's output comes from a heading node, in
    /// document order (raw HTML is omitted, text is escaped), and replacement HTML is inserted
    /// only after this step, so the count always matches.
    static func insert(_ anchors: [String], into html: String) -> String {
        guard !anchors.isEmpty else { return html }
        // Scans bytes: `<h` then a digit 1–6 then `>`; everything between is copied whole.
        var out = [UInt8]()
        var bytes = Array(html.utf8)
        out.reserveCapacity(bytes.count + anchors.count * 24)
        var remaining = anchors[...]
        var index = 0
        var copied = 0
        let count = bytes.count
        while index + 3 < count, let anchor = remaining.first {
            if bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "h"),
               bytes[index + 2] >= UInt8(ascii: "1"), bytes[index + 2] <= UInt8(ascii: "6"),
               bytes[index + 3] == UInt8(ascii: ">") {
                out.append(contentsOf: bytes[copied..<index])
                out.append(contentsOf: "<h".utf8)
                out.append(bytes[index + 2])
                out.append(contentsOf: " id=\"".utf8)
                out.append(contentsOf: anchor.htmlEscaped.utf8)
                out.append(contentsOf: "\">".utf8)
                index += 4
                copied = index
                remaining = remaining.dropFirst()
            } else {
                index += 1
            }
        }
        out.append(contentsOf: bytes[copied...])
        bytes = []
        return String(decoding: out, as: UTF8.self)
    }
}

/// Placeholder code blocks standing in for replaced fenced blocks until after rendering; the
/// prefix is lengthened until it does not occur in the Markdown, so no note can forge one.
struct PlaceholderTokens: Sendable {
    let prefix: String

    init(avoiding markdown: String) {
        var prefix = "porticoblock"
        let bytes = Array(markdown.utf8)
        while MarkdownDocument.find(Array(prefix.utf8), in: bytes, from: 0) != nil { prefix += "x" }
        self.prefix = prefix
    }

    func token(for index: Int) -> String { "\(prefix)\(index)end" }

    /// How cmark renders the placeholder code block.
    func rendered(_ index: Int) -> String { "<pre><code>\(token(for: index))</code></pre>\n" }
}
