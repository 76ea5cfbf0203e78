/// Turns Graphviz's SVG document into an element to inline in HTML.
enum SVGPostProcessor {
    /// Letters, digits, `-` and `_` kept; anything else becomes `_`; a leading digit gets a `d`.
    static func sanitisedPrefix(_ prefix: String) -> String {
        var out = String(prefix.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
                ? Character(scalar) : "_"
        })
        if let first = out.first, first.isNumber || first == "-" { out = "d" + out }
        return out
    }

    static func process(_ svg: String, idPrefix: String, label: String, description: String?) -> String {
        // Drop the XML prolog, DOCTYPE and every comment (generator, title and node comments).
        var text = svg
        if let start = text.firstRange(of: "<svg") { text = String(text[start.lowerBound...]) }
        text = removingComments(text)
        // Prefix every id and every reference to one.
        text = text.replacing(" id=\"", with: " id=\"\(idPrefix)")
            .replacing("url(#", with: "url(#\(idPrefix)")
            .replacing("href=\"#", with: "href=\"#\(idPrefix)")
        // Accessible name: role and aria-label on the element, a <title> (and <desc>) inside.
        if let open = text.firstRange(of: "<svg"), let close = text[open.upperBound...].firstIndex(of: ">") {
            let escapedLabel = escape(label)
            var inner = "\n<title>\(escapedLabel)</title>"
            if let description { inner += "\n<desc>\(escape(description))</desc>" }
            text = String(text[..<open.upperBound]) + " role=\"img\" aria-label=\"\(escapedLabel)\""
                + String(text[open.upperBound..<close]) + ">" + inner + String(text[text.index(after: close)...])
        }
        // Blank lines left where comments were.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        return lines.joined(separator: "\n") + "\n"
    }

    static func removingComments(_ text: String) -> String {
        var out = ""
        var rest = text[...]
        while let open = rest.firstRange(of: "<!--") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstRange(of: "-->") else { return out }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
