/// Pretty-prints JSON text with two-space indentation, keeping the keys in the order they
/// were written (API Gateway's own templates and backends choose that order, and a reader
/// compares it with the template). Strings, numbers and literals are copied byte for byte.
public enum JSONFormatter {
    /// The indented text, or `nil` when `text` is not one valid JSON value.
    public static func pretty(_ text: String) -> String? {
        var parser = Parser(bytes: Array(text.utf8))
        parser.skipSpace()
        guard parser.value(depth: 0), ({ parser.skipSpace(); return parser.atEnd }()) else { return nil }
        return parser.out
    }

    struct Parser {
        let bytes: [UInt8]
        var position = 0
        var out = ""

        var atEnd: Bool { position >= bytes.count }

        mutating func skipSpace() {
            while position < bytes.count, [32, 9, 10, 13].contains(bytes[position]) { position += 1 }
        }

        mutating func newline(_ depth: Int) {
            out += "\n" + String(repeating: "  ", count: depth)
        }

        mutating func value(depth: Int) -> Bool {
            guard depth < 256, !atEnd else { return false }
            switch bytes[position] {
            case UInt8(ascii: "{"):
                return container(close: UInt8(ascii: "}"), depth: depth) { parser in
                    guard parser.string() else { return false }
                    parser.skipSpace()
                    guard !parser.atEnd, parser.bytes[parser.position] == UInt8(ascii: ":") else { return false }
                    parser.position += 1
                    parser.out += ": "
                    parser.skipSpace()
                    return parser.value(depth: depth + 1)
                }
            case UInt8(ascii: "["):
                return container(close: UInt8(ascii: "]"), depth: depth) { parser in parser.value(depth: depth + 1) }
            case UInt8(ascii: "\""):
                return string()
            default:
                let start = position
                while position < bytes.count, ![32, 9, 10, 13, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ":")].contains(bytes[position]) { position += 1 }
                let word = String(decoding: bytes[start..<position], as: UTF8.self)
                guard word == "true" || word == "false" || word == "null" || isNumber(word) else { return false }
                out += word
                return true
            }
        }

        mutating func container(close: UInt8, depth: Int, element: (inout Parser) -> Bool) -> Bool {
            out += close == UInt8(ascii: "}") ? "{" : "["
            position += 1
            skipSpace()
            if !atEnd, bytes[position] == close {
                position += 1
                out += close == UInt8(ascii: "}") ? "}" : "]"
                return true
            }
            while true {
                newline(depth + 1)
                guard element(&self) else { return false }
                skipSpace()
                guard !atEnd else { return false }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                    out += ","
                    skipSpace()
                } else if bytes[position] == close {
                    position += 1
                    newline(depth)
                    out += close == UInt8(ascii: "}") ? "}" : "]"
                    return true
                } else {
                    return false
                }
            }
        }

        mutating func string() -> Bool {
            guard !atEnd, bytes[position] == UInt8(ascii: "\"") else { return false }
            let start = position
            position += 1
            while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
                if bytes[position] < 0x20 { return false }
                if bytes[position] == UInt8(ascii: "\\") { position += 1 }
                position += 1
            }
            guard position < bytes.count else { return false }
            position += 1
            out += String(decoding: bytes[start..<position], as: UTF8.self)
            return true
        }

        func isNumber(_ word: String) -> Bool {
            var scalars = Substring(word)
            if scalars.first == "-" { scalars = scalars.dropFirst() }
            guard let first = scalars.first, first.isASCII, first.isNumber else { return false }
            if first == "0", scalars.count > 1, scalars.dropFirst().first?.isNumber == true { return false }
            return Double(word) != nil && !word.contains("inf") && !word.lowercased().contains("nan") && !word.hasPrefix("+")
        }
    }
}
