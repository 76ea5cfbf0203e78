/// Build-time syntax highlighting for the languages of API Gateway docs: JSON, YAML, HTTP
/// messages, Velocity templates and shell. The output is escaped HTML with `<span class="tok-…">`
/// around tokens, so a page reads well with no script:
///
/// | class | JSON | YAML | HTTP | VTL | shell |
/// | --- | --- | --- | --- | --- | --- |
/// | `tok-key` | object keys | mapping keys | header names | | |
/// | `tok-str` | strings | quoted scalars | | strings | quoted words |
/// | `tok-num` | numbers | numbers | status codes | numbers | |
/// | `tok-kw` | true/false/null | booleans, null | methods, versions | directives | commands |
/// | `tok-var` | | anchors, aliases | | `$references` | `$VARIABLES` |
/// | `tok-com` | | comments | | comments | comments |
/// | `tok-opt` | | | | | `-options` |
///
/// The scanners only split text at ASCII bytes, so multi-byte characters pass through whole.
public enum Highlighter {
    public enum Language: String, Sendable, CaseIterable {
        case json, yaml, http, vtl, shell
    }

    /// The language of a fenced block's info word (`json`, `yml`, `bash`, `velocity` …).
    public static func language(named name: String) -> Language? {
        switch name.lowercased() {
        case "json", "jsonc", "json5": .json
        case "yaml", "yml": .yaml
        case "http", "https": .http
        case "vtl", "velocity", "vm": .vtl
        case "sh", "bash", "shell", "console", "zsh", "curl": .shell
        default: nil
        }
    }

    public static func html(_ text: String, as language: Language) -> String {
        var scanner = Scanner(text)
        switch language {
        case .json: scanner.json()
        case .yaml: scanner.yaml()
        case .http: scanner.http()
        case .vtl: scanner.vtl()
        case .shell: scanner.shell()
        }
        return scanner.out
    }

    /// A fenced block, highlighted: `<pre><code class="language-X">…</code></pre>`.
    public static func block(_ text: String, as language: Language, label: String? = nil) -> String {
        var body = text
        if body.hasSuffix("\n") { body.removeLast() }
        let aria = label.map { " aria-label=\"\($0.htmlEscaped)\"" } ?? ""
        return "<pre class=\"highlight\"\(aria)><code class=\"language-\(language.rawValue)\">\(html(body, as: language))</code></pre>\n"
    }

    struct Scanner {
        let bytes: [UInt8]
        var position = 0
        var out = ""

        init(_ text: String) {
            bytes = Array(text.utf8)
            out.reserveCapacity(bytes.count * 2)
        }

        var atEnd: Bool { position >= bytes.count }
        func peek(_ offset: Int = 0) -> UInt8 { position + offset < bytes.count ? bytes[position + offset] : 0 }

        mutating func emit(_ range: Range<Int>, _ cssClass: String? = nil) {
            guard !range.isEmpty else { return }
            let text = String(decoding: bytes[range], as: UTF8.self).htmlEscaped
            if let cssClass { out += "<span class=\"\(cssClass)\">\(text)</span>" } else { out += text }
        }

        /// Emits bytes up to `end` as plain text and moves there.
        mutating func plain(to end: Int) {
            emit(position..<end)
            position = end
        }

        mutating func token(to end: Int, _ cssClass: String) {
            emit(position..<end, cssClass)
            position = end
        }

        func lineEnd(from start: Int) -> Int {
            var end = start
            while end < bytes.count, bytes[end] != 10 { end += 1 }
            return end
        }

        func stringEnd(from start: Int, quote: UInt8, escapes: Bool = true) -> Int {
            var end = start + 1
            while end < bytes.count, bytes[end] != quote, bytes[end] != 10 {
                if escapes, bytes[end] == UInt8(ascii: "\\") { end += 1 }
                end += 1
            }
            return min(end + 1, bytes.count)
        }

        static func isWordByte(_ b: UInt8) -> Bool {
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b >= 128
        }

        func numberEnd(from start: Int) -> Int? {
            var end = start
            if end < bytes.count, bytes[end] == UInt8(ascii: "-") { end += 1 }
            let digits = end
            while end < bytes.count, (bytes[end] >= 48 && bytes[end] <= 57) || bytes[end] == UInt8(ascii: ".")
                || bytes[end] == UInt8(ascii: "e") || bytes[end] == UInt8(ascii: "E") || bytes[end] == UInt8(ascii: "+")
                || (bytes[end] == UInt8(ascii: "-") && end > digits) { end += 1 }
            guard end > digits, bytes[digits] >= 48, bytes[digits] <= 57 else { return nil }
            if end < bytes.count, Self.isWordByte(bytes[end]) { return nil }
            return end
        }

        // MARK: JSON

        mutating func json(until limit: Int? = nil) {
            let stop = limit ?? bytes.count
            while position < stop {
                let b = bytes[position]
                if b == UInt8(ascii: "\"") {
                    let end = min(stringEnd(from: position, quote: b), stop)
                    var after = end
                    while after < stop, bytes[after] == 32 || bytes[after] == 9 { after += 1 }
                    token(to: end, after < stop && bytes[after] == UInt8(ascii: ":") ? "tok-key" : "tok-str")
                } else if b == UInt8(ascii: "-") || (b >= 48 && b <= 57), let end = numberEnd(from: position), end <= stop {
                    token(to: end, "tok-num")
                } else if Self.isWordByte(b) {
                    var end = position
                    while end < stop, Self.isWordByte(bytes[end]) { end += 1 }
                    let word = String(decoding: bytes[position..<end], as: UTF8.self)
                    if word == "true" || word == "false" || word == "null" { token(to: end, "tok-kw") } else { plain(to: end) }
                } else {
                    var end = position + 1
                    while end < stop, !Self.isWordByte(bytes[end]), bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "-") { end += 1 }
                    plain(to: end)
                }
            }
        }

        // MARK: YAML

        mutating func yaml() {
            while !atEnd {
                let end = lineEnd(from: position)
                yamlLine(until: end)
                if end < bytes.count { plain(to: end + 1) }
            }
        }

        mutating func yamlLine(until end: Int) {
            var start = position
            while start < end, bytes[start] == 32 || bytes[start] == 9 { start += 1 }
            plain(to: start)
            if position < end, bytes[position] == UInt8(ascii: "#") { token(to: end, "tok-com"); return }
            if end - position >= 3, bytes[position] == UInt8(ascii: "-"), bytes[position + 1] == UInt8(ascii: "-"), bytes[position + 2] == UInt8(ascii: "-") {
                token(to: end, "tok-kw"); return
            }
            while position < end, bytes[position] == UInt8(ascii: "-"), position + 1 == end || bytes[position + 1] == 32 {
                plain(to: min(position + 2, end))
            }
            // A key: text up to `: ` or `:` at the line's end, not inside quotes.
            var scan = position
            if scan < end, bytes[scan] == UInt8(ascii: "\"") || bytes[scan] == UInt8(ascii: "'") {
                scan = stringEnd(from: scan, quote: bytes[scan], escapes: bytes[scan] == UInt8(ascii: "\""))
            }
            while scan < end, !(bytes[scan] == UInt8(ascii: ":") && (scan + 1 == end || bytes[scan + 1] == 32)), bytes[scan] != UInt8(ascii: "#") || (scan > position && bytes[scan - 1] != 32) { scan += 1 }
            if scan < end, bytes[scan] == UInt8(ascii: ":"), scan > position, bytes[position] != UInt8(ascii: "{"), bytes[position] != UInt8(ascii: "[") {
                token(to: scan, "tok-key")
                plain(to: scan + 1)
            }
            yamlValue(until: end)
        }

        mutating func yamlValue(until end: Int) {
            while position < end {
                let b = bytes[position]
                if b == UInt8(ascii: "#"), position == 0 || bytes[position - 1] == 32 {
                    token(to: end, "tok-com")
                } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                    token(to: min(stringEnd(from: position, quote: b, escapes: b == UInt8(ascii: "\"")), end), "tok-str")
                } else if b == UInt8(ascii: "&") || b == UInt8(ascii: "*") || b == UInt8(ascii: "!") {
                    var stopAt = position + 1
                    while stopAt < end, bytes[stopAt] != 32 { stopAt += 1 }
                    token(to: stopAt, "tok-var")
                } else if Self.isWordByte(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") {
                    var stopAt = position
                    while stopAt < end, bytes[stopAt] != 32, bytes[stopAt] != UInt8(ascii: ","), bytes[stopAt] != UInt8(ascii: "]"), bytes[stopAt] != UInt8(ascii: "}") { stopAt += 1 }
                    let word = String(decoding: bytes[position..<stopAt], as: UTF8.self)
                    if ["true", "false", "null", "yes", "no", "on", "off", "~"].contains(word.lowercased()) {
                        token(to: stopAt, "tok-kw")
                    } else if let numberEnd = numberEnd(from: position), numberEnd == stopAt {
                        token(to: stopAt, "tok-num")
                    } else if word == "|" || word == ">" {
                        plain(to: stopAt)
                    } else {
                        plain(to: stopAt)
                    }
                } else {
                    plain(to: position + 1)
                }
            }
        }

        // MARK: HTTP

        mutating func http() {
            var first = true
            var inBody = false
            var bodyIsJSON = false
            while !atEnd {
                let end = lineEnd(from: position)
                if inBody {
                    if bodyIsJSON { json(until: end) } else { plain(to: end) }
                } else if first || (end > position && bytes[position] == UInt8(ascii: "#") && bytes[position + 1] == UInt8(ascii: "#")) {
                    if first { startLine(until: end) } else { token(to: end, "tok-com") }
                    first = false
                } else if end == position {
                    inBody = true
                } else if let colon = bytes[position..<end].firstIndex(of: UInt8(ascii: ":")) {
                    let name = String(decoding: bytes[position..<colon], as: UTF8.self)
                    if name.lowercased() == "content-type" {
                        bodyIsJSON = String(decoding: bytes[colon..<end], as: UTF8.self).lowercased().contains("json")
                    }
                    token(to: colon, "tok-key")
                    plain(to: end)
                } else {
                    plain(to: end)
                }
                if position < bytes.count, bytes[position] == 10 { plain(to: position + 1) }
                if inBody, !bodyIsJSON, let next = bytes[position...].first(where: { $0 != 32 && $0 != 10 }),
                   next == UInt8(ascii: "{") || next == UInt8(ascii: "[") { bodyIsJSON = true }
            }
        }

        /// `GET /path HTTP/1.1` or `HTTP/1.1 200 OK`.
        mutating func startLine(until end: Int) {
            var words = 0
            while position < end {
                var stopAt = position
                while stopAt < end, bytes[stopAt] != 32 { stopAt += 1 }
                let word = String(decoding: bytes[position..<stopAt], as: UTF8.self)
                if word.hasPrefix("HTTP/") || (words == 0 && word.allSatisfy(\.isUppercase)) {
                    token(to: stopAt, "tok-kw")
                } else if Int(word) != nil, words == 1 {
                    token(to: stopAt, "tok-num")
                } else {
                    plain(to: stopAt)
                }
                words += 1
                var space = position
                while space < end, bytes[space] == 32 { space += 1 }
                plain(to: space)
            }
        }

        // MARK: VTL

        mutating func vtl() {
            while !atEnd {
                let b = bytes[position]
                if b == UInt8(ascii: "#"), peek(1) == UInt8(ascii: "#") {
                    token(to: lineEnd(from: position), "tok-com")
                } else if b == UInt8(ascii: "#"), peek(1) == UInt8(ascii: "*") {
                    var end = position + 2
                    while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "*") && bytes[end + 1] == UInt8(ascii: "#")) { end += 1 }
                    token(to: min(end + 2, bytes.count), "tok-com")
                } else if b == UInt8(ascii: "#"), Self.isWordByte(peek(1)) || peek(1) == UInt8(ascii: "{") {
                    var end = position + 1
                    if bytes[end] == UInt8(ascii: "{") { end += 1 }
                    while end < bytes.count, Self.isWordByte(bytes[end]) { end += 1 }
                    if end < bytes.count, bytes[end] == UInt8(ascii: "}") { end += 1 }
                    token(to: end, "tok-kw")
                } else if b == UInt8(ascii: "$") {
                    var end = position + 1
                    if end < bytes.count, bytes[end] == UInt8(ascii: "!") { end += 1 }
                    if end < bytes.count, bytes[end] == UInt8(ascii: "{") {
                        while end < bytes.count, bytes[end] != UInt8(ascii: "}"), bytes[end] != 10 { end += 1 }
                        end = min(end + 1, bytes.count)
                    } else {
                        while end < bytes.count, Self.isWordByte(bytes[end]) || (bytes[end] == UInt8(ascii: ".") && end + 1 < bytes.count && Self.isWordByte(bytes[end + 1])) { end += 1 }
                    }
                    token(to: end, "tok-var")
                } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                    token(to: stringEnd(from: position, quote: b), "tok-str")
                } else if (b >= 48 && b <= 57), position == 0 || !Self.isWordByte(bytes[position - 1]), let end = numberEnd(from: position) {
                    token(to: end, "tok-num")
                } else {
                    var end = position + 1
                    while end < bytes.count, ![UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "\""), UInt8(ascii: "'")].contains(bytes[end]),
                          !(bytes[end] >= 48 && bytes[end] <= 57 && !Self.isWordByte(bytes[end - 1])) { end += 1 }
                    plain(to: end)
                }
            }
        }

        // MARK: Shell

        mutating func shell() {
            var commandPosition = true
            while !atEnd {
                let b = bytes[position]
                if b == 10 || b == UInt8(ascii: ";") || b == UInt8(ascii: "|") || b == UInt8(ascii: "&") {
                    // A new command starts unless the newline was escaped.
                    let escaped = b == 10 && position > 0 && bytes[position - 1] == UInt8(ascii: "\\")
                    if !escaped { commandPosition = true }
                    plain(to: position + 1)
                } else if b == 32 || b == 9 || b == UInt8(ascii: "\\") {
                    plain(to: position + 1)
                } else if b == UInt8(ascii: "#"), position == 0 || bytes[position - 1] == 32 || bytes[position - 1] == 10 {
                    token(to: lineEnd(from: position), "tok-com")
                } else if b == UInt8(ascii: "'") {
                    token(to: stringEnd(from: position, quote: b, escapes: false), "tok-str")
                    commandPosition = false
                } else if b == UInt8(ascii: "\"") {
                    token(to: stringEnd(from: position, quote: b), "tok-str")
                    commandPosition = false
                } else if b == UInt8(ascii: "$") {
                    var end = position + 1
                    if end < bytes.count, bytes[end] == UInt8(ascii: "{") {
                        while end < bytes.count, bytes[end] != UInt8(ascii: "}") { end += 1 }
                        end = min(end + 1, bytes.count)
                    } else {
                        while end < bytes.count, Self.isWordByte(bytes[end]) { end += 1 }
                    }
                    token(to: end, "tok-var")
                } else {
                    var end = position
                    while end < bytes.count, ![32, 9, 10, UInt8(ascii: ";"), UInt8(ascii: "|"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "$")].contains(bytes[end]) { end += 1 }
                    if end == position { end += 1 }
                    if commandPosition, b != UInt8(ascii: "-") {
                        token(to: end, "tok-kw")
                        commandPosition = false
                    } else if b == UInt8(ascii: "-") {
                        token(to: end, "tok-opt")
                    } else {
                        plain(to: end)
                    }
                }
            }
        }
    }
}
