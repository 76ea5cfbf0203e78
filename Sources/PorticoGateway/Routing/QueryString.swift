/// Query-string decoding as API Gateway does it for REST APIs: `+` becomes a space and
/// percent escapes are decoded (`%2B` becomes `+`), keys and values alike; order is kept
/// (recorded AWS response: LocalStack tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
/// test_lambda_aws_proxy_integration › invocation-payload-with-params-encoding, -encoding-multi).
public enum QueryString {
    public static func parse(_ raw: String?) -> [(name: String, value: String)] {
        guard var raw, !raw.isEmpty else { return [] }
        // One pass over the bytes in place, by offsets: `&` and `=` are ASCII, so they never
        // split a character. Empty pairs (`a=1&&b=2`) are dropped.
        return raw.withUTF8 { bytes in
            var parameters: [(name: String, value: String)] = []
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "&") { end += 1 }
                if start < end {
                    var equals = start
                    while equals < end && bytes[equals] != UInt8(ascii: "=") { equals += 1 }
                    if equals < end {
                        parameters.append((formDecode(bytes[start..<equals]), formDecode(bytes[(equals + 1)..<end])))
                    } else {
                        parameters.append((formDecode(bytes[start..<end]), ""))
                    }
                }
                start = end + 1
            }
            return parameters
        }
    }

    /// Decodes `application/x-www-form-urlencoded` text; a malformed escape stays as written.
    public static func formDecode(_ text: Substring) -> String {
        var text = text
        return text.withUTF8 { formDecode($0[...]) }
    }

    private static func formDecode(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        // Most names and values need no decoding: copy them as they are.
        if !text.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) {
            return String(decoding: UnsafeBufferPointer(rebasing: text), as: UTF8.self)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), text.endIndex - index > 2,
                      let high = hexValue(text[index + 1]), let low = hexValue(text[index + 2]) {
                bytes.append(high << 4 | low)
                index += 2
            } else {
                bytes.append(byte)
            }
            index += 1
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
