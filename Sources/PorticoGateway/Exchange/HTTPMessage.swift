/// One header as it travels: the name keeps the casing the client or backend used.
public struct HTTPHeader: Sendable, Codable, Equatable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension HTTPHeader {
    /// Whether this header has the given name, compared as HTTP compares field names.
    @inlinable
    public func hasName(_ other: String) -> Bool {
        name.equalsIgnoringASCIICase(other)
    }
}

extension Array where Element == HTTPHeader {
    /// The first value of a header, matched case-insensitively as HTTP requires.
    public func value(for name: String) -> String? {
        first { $0.hasName(name) }?.value
    }

    public mutating func set(_ name: String, _ value: String) {
        removeAll { $0.hasName(name) }
        append(HTTPHeader(name, value))
    }
}

extension String {
    /// Equality with ASCII letters folded: how HTTP compares field names and media types.
    /// Field names are ASCII tokens (RFC 9110 §5.1), so Unicode case folding (Foundation's
    /// `caseInsensitiveCompare`, ten times slower on this hot path) is never needed; non-ASCII
    /// bytes compare exactly.
    @inlinable
    public func equalsIgnoringASCIICase(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        // Both strings' bytes in place (native and small strings have them), compared as
        // buffers: a byte iterator per string costs more than the comparison.
        let compared: Bool?? = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in
                !zip(a, b).contains { $0 != $1 && Self.asciiLowercased($0) != Self.asciiLowercased($1) }
            }
        }
        if let compared = compared ?? nil { return compared }
        return !zip(utf8, other.utf8).contains { $0 != $1 && Self.asciiLowercased($0) != Self.asciiLowercased($1) }
    }

    /// `uppercased()`, without making a new string when there is nothing to change (an
    /// ASCII text without small letters: every request's method, as clients send it).
    func asciiUppercasedIfNeeded() -> String {
        utf8.allSatisfy({ $0 < 0x80 && $0 &- 97 >= 26 }) ? self : uppercased()
    }

    /// A byte with an ASCII capital letter made small; every other byte as it is.
    @inlinable
    static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        byte &- 65 < 26 ? byte | 0x20 : byte
    }
}

/// A request as a client sends it to a stage: the path is relative to the stage's base URL
/// (`/items/42?full=true`); the body is the bytes the client sent. Whether they are text or
/// binary data is the gateway's decision, made once per request by the API's binary media
/// types (``Exchange/payload``), not the caller's.
public struct GatewayRequest: Sendable, Equatable {
    public var method: String
    public var path: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]

    /// A request whose body is text (sent as its UTF-8 bytes).
    public init(method: String, path: String, headers: [HTTPHeader] = [], body: String = "") {
        self.init(method: method, path: path, headers: headers, bytes: Array(body.utf8))
    }

    public init(method: String, path: String, headers: [HTTPHeader] = [], bytes: [UInt8]) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = bytes
    }

    /// The body as the client sent it, as a transcript shows it and a proxy forwards it: text
    /// when the bytes are UTF-8, else base64 with `isBase64Encoded` (whatever the gateway's
    /// binary media types make of it).
    public var bodyAsSent: (body: String, isBase64Encoded: Bool) {
        if body.isEmpty { return ("", false) }
        if let text = String(validating: body, as: UTF8.self) { return (text, false) }
        return (Base64.encode(body), true)
    }

    /// The path without its query string, as sent (still percent-encoded).
    public var rawPath: String {
        guard let index = queryMark else { return path }
        return String(path[..<index])
    }

    /// The path API Gateway routes and hands a Lambda proxy event as `path`: ``rawPath`` with a
    /// run of leading slashes taken as one (`//items` → `/items`); slashes further in and a
    /// trailing slash are kept (recorded AWS responses: LocalStack
    /// tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
    /// test_lambda_aws_proxy_integration › invocation-payload-with-prepended-slash and
    /// invocation-hardcoded: `/stage//proxy-value` routes as `/proxy-value`, `path` is
    /// "/proxy-value"; invocation-payload-with-double-slash keeps `//` inside). A path that
    /// does not start with `//` is ``rawPath`` itself, not copied.
    public var routedPath: String {
        let raw = rawPath
        let bytes = raw.utf8
        guard bytes.count > 1, bytes.first == UInt8(ascii: "/"),
              bytes[bytes.index(after: bytes.startIndex)] == UInt8(ascii: "/") else { return raw }
        let start = bytes.firstIndex { $0 != UInt8(ascii: "/") } ?? bytes.endIndex
        return "/" + raw[start...]
    }

    /// The raw query string after `?`, or nil when there is none.
    public var rawQuery: String? {
        guard let index = queryMark else { return nil }
        return String(path[path.utf8.index(after: index)...])
    }

    /// Where the `?` is: searched in the path's bytes in place (every request asks, three
    /// times), through the UTF-8 view only for a string that does not have its bytes at hand.
    private var queryMark: String.Index? {
        let utf8 = path.utf8
        if let found = utf8.withContiguousStorageIfAvailable({ $0.firstIndex(of: UInt8(ascii: "?")) }) {
            return found.map { utf8.index(utf8.startIndex, offsetBy: $0) }
        }
        return utf8.firstIndex(of: UInt8(ascii: "?"))
    }
}

/// What the gateway answers.
public struct GatewayResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: String
    public var isBase64Encoded: Bool

    public init(status: Int, headers: [HTTPHeader] = [], body: String = "", isBase64Encoded: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }
}
