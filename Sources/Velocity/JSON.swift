/// Why a JSON text could not be read.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// UTF-8 offset into the text.
    public var offset: Int
    public var description: String { "\(message) at offset \(offset)" }
}

/// Order-preserving JSON → `VelocityValue`. Objects become `.map` (keys in document order),
/// arrays `.jsonList`, integral numbers `.int`, other numbers `.double`.
public enum JSONValueParser {
    /// Nesting deeper than this is refused, so hostile input cannot exhaust the stack.
    public static let maximumDepth = 512

    public static func parse(_ text: String) throws -> VelocityValue {
        try JSONByteParser.parse(text)
    }
}

struct JSONByteParser {
    /// Valid only during `parse`.
    let bytes: UnsafeBufferPointer<UInt8>
    var pos = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Parses a whole JSON document, reading the text's UTF-8 in place.
    static func parse(_ text: String) throws(JSONParseError) -> VelocityValue {
        var text = text
        let result = text.withUTF8 { buffer -> Result<VelocityValue, JSONParseError> in
            var parser = JSONByteParser(bytes: buffer)
            return Result { () throws(JSONParseError) -> VelocityValue in try parser.parseDocument() }
        }
        return try result.get()
    }

    mutating func parseDocument() throws(JSONParseError) -> VelocityValue {
        skipSpace()
        let value = try parseValue(depth: 0)
        skipSpace()
        if pos != bytes.count { throw fail("Unexpected text after JSON value") }
        return value
    }

    private func fail(_ message: String) -> JSONParseError { JSONParseError(message: message, offset: pos) }

    private mutating func skipSpace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> VelocityValue {
        guard depth < JSONValueParser.maximumDepth else { throw fail("JSON nested too deeply") }
        guard pos < bytes.count else { throw fail("Unexpected end of JSON") }
        switch bytes[pos] {
        case UInt8(ascii: "{"):
            pos += 1
            var entries: [OrderedMap.Entry] = []
            skipSpace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") { pos += 1; return .map(OrderedMap()) }
            entries.reserveCapacity(8)
            while true {
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw fail("Expected a string key") }
                let key = try parseString()
                skipSpace()
                guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw fail("Expected ':'") }
                pos += 1
                skipSpace()
                // A repeated key keeps its first position and its last value.
                let length = key.utf8.count
                if let i = entries.firstIndex(where: { $0.key.utf8.count == length && $0.key == key }) {
                    entries[i].value = try parseValue(depth: depth + 1)
                } else {
                    entries.append(OrderedMap.Entry(key: key, value: try parseValue(depth: depth + 1)))
                }
                skipSpace()
                guard pos < bytes.count else { throw fail("Unexpected end of JSON") }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .map(OrderedMap(uniqueEntries: entries)) }
                throw fail("Expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            pos += 1
            var items: [VelocityValue] = []
            skipSpace()
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") { pos += 1; return .jsonList(items) }
            while true {
                skipSpace()
                items.append(try parseValue(depth: depth + 1))
                skipSpace()
                guard pos < bytes.count else { throw fail("Unexpected end of JSON") }
                if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
                if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .jsonList(items) }
                throw fail("Expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"):
            try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"):
            try expectWord("null"); return .null
        default:
            return try parseNumber()
        }
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        guard pos + count <= bytes.count else { throw fail("Invalid literal") }
        let expected = word.utf8Start
        for i in 0..<count where bytes[pos + i] != expected[i] { throw fail("Invalid literal") }
        pos += count
    }

    /// Exact powers of ten as doubles (10^22 is the largest a double holds exactly).
    private static let powersOfTen: [Double] = (0...22).map { (0..<$0).reduce(1.0) { product, _ in product * 10 } }

    private mutating func parseNumber() throws(JSONParseError) -> VelocityValue {
        let start = pos
        let negative = pos < bytes.count && bytes[pos] == UInt8(ascii: "-")
        if negative { pos += 1 }
        var integral = true
        var digits = 0
        // The digits read as one integer (integer and fraction part), while they fit.
        var significand: UInt64 = 0
        while pos < bytes.count, bytes[pos] >= 0x30, bytes[pos] <= 0x39 {
            significand = significand &* 10 &+ UInt64(bytes[pos] &- 0x30)
            pos += 1; digits += 1
        }
        guard digits > 0 else { throw fail("Invalid JSON value") }
        var fraction = 0
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            integral = false
            pos += 1
            while pos < bytes.count, bytes[pos] >= 0x30, bytes[pos] <= 0x39 {
                significand = significand &* 10 &+ UInt64(bytes[pos] &- 0x30)
                pos += 1; fraction += 1
            }
            guard fraction > 0 else { throw fail("Invalid number") }
        }
        var exponent = false
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            integral = false
            exponent = true
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            var exponentDigits = 0
            while pos < bytes.count, bytes[pos] >= 0x30, bytes[pos] <= 0x39 { pos += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { throw fail("Invalid number") }
        }
        if integral, digits <= 18 {
            let value = Int(significand)
            return .int(negative ? -value : value)
        }
        if !exponent, digits + fraction <= 15, fraction <= 22 {
            // Both operands are exact doubles, so the one division rounds correctly, as
            // parsing the text does (Clinger's fast path).
            let value = Double(significand) / Self.powersOfTen[fraction]
            return .double(negative ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
        if integral, let value = Int(text) { return .int(value) }
        guard let value = Double(text) else { throw fail("Invalid number") }
        return .double(value)
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        // Most strings have no escapes: find the closing quote and take the bytes as they are.
        let start = pos + 1
        var i = start
        let end = bytes.count
        guard let base = bytes.baseAddress else { throw fail("Unterminated string") }
        while i < end {
            let byte = base[i]
            if byte == UInt8(ascii: "\"") {
                pos = i + 1
                return String(decoding: UnsafeBufferPointer(start: base + start, count: i - start), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            i += 1
        }
        pos = i
        return try parseEscapedString(from: start)
    }

    /// A string with escapes (or an error) that starts at `start`, read on from `pos`.
    private mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        var text = ByteBuffer(capacity: pos - start + 32)
        var runStart = start
        while pos < bytes.count {
            let byte = bytes[pos]
            if byte == UInt8(ascii: "\"") {
                text.append(UnsafeBufferPointer(rebasing: bytes[runStart..<pos]))
                pos += 1
                return text.string
            }
            if byte == UInt8(ascii: "\\") {
                text.append(UnsafeBufferPointer(rebasing: bytes[runStart..<pos]))
                pos += 1
                guard pos < bytes.count else { break }
                let escape = bytes[pos]
                pos += 1
                switch escape {
                case UInt8(ascii: "\""): text.append(0x22)
                case UInt8(ascii: "\\"): text.append(0x5C)
                case UInt8(ascii: "/"): text.append(0x2F)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try parseHex4()
                    if code >= 0xD800 && code < 0xDC00, pos + 1 < bytes.count,
                       bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") {
                        pos += 2
                        let low = try parseHex4()
                        if low >= 0xDC00 && low < 0xE000 {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                    }
                    for byte in UTF8.encode(Unicode.Scalar(code) ?? "\u{FFFD}")! { text.append(byte) }
                default:
                    throw fail("Invalid escape")
                }
                runStart = pos
                continue
            }
            if byte < 0x20 { throw fail("Control character in string") }
            pos += 1
        }
        throw fail("Unterminated string")
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw fail("Invalid unicode escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw fail("Invalid unicode escape")
            }
            value = value * 16 + digit
            pos += 1
        }
        return value
    }
}

/// Compact JSON text of a value, as `$input.json` and JSON arrays print.
enum JSONWriter {
    static func string(_ value: VelocityValue) -> String {
        var out = ByteBuffer()
        try? write(value, to: &out, limit: Int.max)
        return out.string
    }

    static func write(_ value: VelocityValue, to out: inout ByteBuffer, limit: Int, depth: Int = 0) throws(RenderLimit) {
        guard depth < maximumValueDepth else { throw RenderLimit(tooDeep: true) }
        switch value {
        case .null: out += "null"
        case .string(let s): writeString(s, to: &out)
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite && d == d.rounded() && abs(d) < 1e15 ? javaDouble(d) : javaDouble(d)
        case .bool(let b): out += b ? "true" : "false"
        case .list(let items), .jsonList(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                try write(item, to: &out, limit: limit, depth: depth + 1)
                if out.count > limit { throw RenderLimit() }
            }
            out += "]"
        case .map(let map):
            out += "{"
            var first = true
            for entry in map.pairs {
                if !first { out += "," }
                first = false
                writeString(entry.key, to: &out)
                out += ":"
                try write(entry.value, to: &out, limit: limit, depth: depth + 1)
                if out.count > limit { throw RenderLimit() }
            }
            out += "}"
        case .object(let object):
            switch object.kind {
            case .missingPath: out += "null"
            case .entry(let key, let value):
                out += "{"
                writeString(key, to: &out)
                out += ":"
                try write(value, to: &out, limit: limit, depth: depth + 1)
                out += "}"
            case .input, .util, .loop, .block: out += "null"
            }
        }
    }

    static func writeString(_ s: String, to out: inout ByteBuffer) {
        out += "\""
        var needsEscape = false
        for byte in s.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C { needsEscape = true; break }
        if !needsEscape {
            out += s
        } else {
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                default:
                    if scalar.value < 0x20 {
                        out += "\\u" + hex4(scalar.value)
                    } else {
                        for byte in UTF8.encode(scalar)! { out.append(byte) }
                    }
                }
            }
        }
        out += "\""
    }
}

/// Four upper-case hex digits, zero padded.
func hex4(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
