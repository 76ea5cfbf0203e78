/// Query-string decoding as API Gateway does it for REST APIs: `+` becomes a space and
/// percent escapes are decoded (`%2B` becomes `+`), keys and values alike; order is kept
/// (AWS-BEHAVIOUR facts 23–24).
public enum QueryString {
    public static func parse(_ raw: String?) -> [(name: String, value: String)] {
        guard let raw, !raw.isEmpty else { return [] }
        // One pass over the bytes; `&` and `=` are ASCII, so their positions are valid
        // string indices. Empty pairs (`a=1&&b=2`) are dropped.
        var parameters: [(name: String, value: String)] = []
        let bytes = raw.utf8
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.endIndex
            if start < end {
                let pair = raw[start..<end]
                if let equals = pair.utf8.firstIndex(of: UInt8(ascii: "=")) {
                    parameters.append((formDecode(pair[..<equals]), formDecode(pair[pair.utf8.index(after: equals)...])))
                } else {
                    parameters.append((formDecode(pair), ""))
                }
            }
            start = end < bytes.endIndex ? bytes.index(after: end) : end
        }
        return parameters
    }

    /// Decodes `application/x-www-form-urlencoded` text; a malformed escape stays as written.
    public static func formDecode(_ text: Substring) -> String {
        // Most names and values need no decoding: copy them as they are.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), iterator.count >= 2,
                      let high = hexValue(iterator[iterator.startIndex]),
                      let low = hexValue(iterator[iterator.startIndex + 1]) {
                bytes.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
