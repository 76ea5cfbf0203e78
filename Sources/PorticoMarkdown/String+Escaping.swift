extension String {
    /// The text escaped for HTML text and double-quoted attribute values: `&`, `<`, `>`, `"`
    /// and `'`. The one HTML escaper of Portico: this module is the lowest that writes HTML,
    /// and the site uses it for every page, so no page can forget it.
    public var htmlEscaped: String {
        // Most texts (titles, paths) have nothing to escape: they are returned as they are,
        // without a copy; the others are escaped byte by byte (the five are ASCII, so a UTF-8
        // sequence is never split).
        guard utf8.contains(where: Self.needsEscaping) else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
