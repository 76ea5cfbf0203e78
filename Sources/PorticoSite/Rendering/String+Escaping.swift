import PorticoMarkdown

/// The site's escaping beyond HTML (which is PorticoMarkdown's `htmlEscaped`, the one HTML
/// escaper): JSON string literals safe inside HTML (search index, `data-request`) and shell
/// words (copy-as-curl).
extension String {
    /// A JSON string literal, quotes included. `<`, `>` and `&` are written as `\u003c` …
    /// so the literal is also safe inside a `<script>` file or an HTML attribute.
    public var jsonQuoted: String {
        var out = "\""
        out.reserveCapacity(utf8.count + 2)
        for scalar in unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// One word for a POSIX shell: in single quotes, a `'` written as `'\''`; plain words
    /// (letters, digits, `-_./:=@%+,`) stay bare.
    public var shellQuoted: String {
        let plain = !isEmpty && unicodeScalars.allSatisfy { s in
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || "-_./:=@%+,".unicodeScalars.contains(s))
        }
        if plain { return self }
        return "'" + replacing("'", with: "'\\''") + "'"
    }
}
