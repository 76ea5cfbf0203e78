/// The canonical request of Signature Version 4, built as AWS builds it from a request as it
/// arrived (IAM User Guide: reference_sigv-create-signed-request, "Create a canonical
/// request"; the normalisation rules are those AWS's test suite pins, aws-sig-v4-test-suite
/// normalize-path/*):
///
/// ```
/// GET                                  method
/// /prod/items/caf%25C3%25A9            the path as sent, dot segments and repeated slashes
///                                      removed, then URI-encoded once more (every service but S3)
/// color=red&size=L                     query parameters decoded, re-encoded, sorted by name then value
/// host:abc.execute-api.….amazonaws.com each signed header: lower-case name, values trimmed,
/// x-amz-date:20150830T123600Z          inner runs of spaces made one, repeated ones joined by ","
///                                      (blank line)
/// host;x-amz-date                      the signed header names
/// e3b0c442…                            hex SHA-256 of the body
/// ```
///
/// Built as bytes into one buffer: the verifier hashes the buffer and only turns it into text
/// when a signature does not match (AWS shows it in the answer).
struct CanonicalRequest {
    private(set) var bytes: [UInt8] = []

    /// - Parameters:
    ///   - path: the request target's path exactly as the client sent it (still percent-encoded).
    ///   - query: the raw query after `?`, if any.
    ///   - signedHeaders: the lower-case names the client listed in `SignedHeaders`, in its order.
    ///   - excludingSignature: leave `X-Amz-Signature` out of the query (a presigned request,
    ///     whose signature travels in the query it signs).
    init(method: String, path: Substring, query: Substring?, headers: [HTTPHeader], signedHeaders: [String],
         signedHeaderList: Substring, payloadHash: String, excludingSignature: Bool = false) {
        bytes.reserveCapacity(256 + path.utf8.count + (query?.utf8.count ?? 0))
        bytes.append(contentsOf: method.utf8)
        bytes.append(0x0A)
        Self.appendCanonicalPath(path, to: &bytes)
        bytes.append(0x0A)
        if let query { Self.appendCanonicalQuery(query, excludingSignature: excludingSignature, to: &bytes) }
        bytes.append(0x0A)
        for name in signedHeaders {
            bytes.append(contentsOf: name.utf8)
            bytes.append(UInt8(ascii: ":"))
            var first = true
            for header in headers where header.name.equalsIgnoringASCIICase(name) {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                Self.appendTrimmedValue(header.value, to: &bytes)
            }
            bytes.append(0x0A)
        }
        bytes.append(0x0A)
        bytes.append(contentsOf: signedHeaderList.utf8)
        bytes.append(0x0A)
        bytes.append(contentsOf: payloadHash.utf8)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    // MARK: The path

    /// Removes `.` and `..` segments and empty ones (`//`), keeping a leading slash and a
    /// trailing one after a non-empty path (aws-sig-v4-test-suite: get-slashes `//example//` →
    /// `/example/`, get-relative-relative `/example1/example2/../..` → `/`, get-slash-dot-slash
    /// `/./` → `/`), then URI-encodes every byte but unreserved ones and `/`. The path is
    /// encoded as sent, so `%20` on the wire becomes `%2520`: what every SDK signs for
    /// execute-api (they encode the already encoded path once more; botocore's
    /// `SigV4Auth._normalize_url_path`).
    static func appendCanonicalPath(_ path: Substring, to out: inout [UInt8]) {
        let utf8 = path.utf8
        // The common case needs no normalisation: no `//`, no dot segment.
        if !needsNormalising(utf8) {
            if utf8.isEmpty { out.append(UInt8(ascii: "/")) }
            appendEncoded(utf8, keepingSlash: true, to: &out)
            return
        }
        var segments: [Substring.UTF8View.SubSequence] = []
        for segment in utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if segment.elementsEqual(".".utf8) { continue }
            if segment.elementsEqual("..".utf8) {
                _ = segments.popLast()
                continue
            }
            segments.append(segment)
        }
        if utf8.first == UInt8(ascii: "/") || utf8.isEmpty { out.append(UInt8(ascii: "/")) }
        for (index, segment) in segments.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "/")) }
            appendEncoded(segment, keepingSlash: false, to: &out)
        }
        if utf8.last == UInt8(ascii: "/"), !segments.isEmpty { out.append(UInt8(ascii: "/")) }
    }

    private static func needsNormalising(_ utf8: Substring.UTF8View) -> Bool {
        guard utf8.first == UInt8(ascii: "/") else { return true }
        var previous: UInt8 = 0
        for byte in utf8 {
            if byte == UInt8(ascii: "/"), previous == UInt8(ascii: "/") { return true }
            if byte == UInt8(ascii: "."), previous == UInt8(ascii: "/") || previous == UInt8(ascii: ".") { return true }
            previous = byte
        }
        return false
    }

    // MARK: The query

    /// Each `name=value` pair percent-decoded and encoded again as AWS encodes (so `%e1`,
    /// `%E1` and a raw byte all sign alike: aws-sig-v4-test-suite get-vanilla-utf8-query),
    /// a name without `=` taken with an empty value, pairs sorted by name, then value
    /// (get-vanilla-query-order-key-case, get-vanilla-query-order-value). A `+` stays a plus
    /// (`%2B`): SDKs never send a space as `+`.
    static func appendCanonicalQuery(_ query: Substring, excludingSignature: Bool, to out: inout [UInt8]) {
        var pairs: [(name: [UInt8], value: [UInt8])] = []
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let rawName = equals.map { pair[..<$0] } ?? pair[...]
            let rawValue = equals.map { pair[pair.index(after: $0)...] } ?? pair[pair.endIndex...]
            var name: [UInt8] = []
            appendEncoded(percentDecoded(rawName), keepingSlash: false, to: &name)
            if excludingSignature, name.elementsEqual("X-Amz-Signature".utf8) { continue }
            var value: [UInt8] = []
            appendEncoded(percentDecoded(rawValue), keepingSlash: false, to: &value)
            pairs.append((name, value))
        }
        pairs.sort { $0.name == $1.name ? $0.value.lexicographicallyPrecedes($1.value) : $0.name.lexicographicallyPrecedes($1.name) }
        for (index, pair) in pairs.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            out.append(contentsOf: pair.name)
            out.append(UInt8(ascii: "="))
            out.append(contentsOf: pair.value)
        }
    }

    /// The bytes `%XY` escapes stand for; a `%` not followed by two hex digits stays itself.
    static func percentDecoded(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let first = bytes.index(after: index)
                if first != bytes.endIndex, let high = hexValue(bytes[first]) {
                    let second = bytes.index(after: first)
                    if second != bytes.endIndex, let low = hexValue(bytes[second]) {
                        out.append(high << 4 | low)
                        index = bytes.index(after: second)
                        continue
                    }
                }
            }
            out.append(byte)
            index = bytes.index(after: index)
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    // MARK: Encoding and header values

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// AWS's UriEncode: unreserved characters (`A-Z a-z 0-9 - . _ ~`) as they are, `/` too
    /// when `keepingSlash`, every other byte as `%XY` with capital hex digits.
    static func appendEncoded(_ bytes: some Sequence<UInt8>, keepingSlash: Bool, to out: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where keepingSlash:
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
    }

    /// A header value without leading and trailing spaces and with each inner run of spaces
    /// made one (aws-sig-v4-test-suite get-header-value-trim: ` "a   b   c" ` → `"a b c"`).
    static func appendTrimmedValue(_ value: String, to out: inout [UInt8]) {
        var pendingSpace = false
        var started = false
        for byte in value.utf8 {
            if byte == 0x20 || byte == 0x09 {
                pendingSpace = started
                continue
            }
            if pendingSpace { out.append(0x20) }
            pendingSpace = false
            started = true
            out.append(byte)
        }
    }
}
