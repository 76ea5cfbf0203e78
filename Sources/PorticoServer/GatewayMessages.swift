import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
import PorticoGateway

/// The gateway's requests and answers as HTTP/1 messages: what a client sent becomes a
/// ``GatewayRequest``; a ``GatewayResponse`` becomes the head and body written back.
enum GatewayMessages {
    /// The REST payload limit plus one byte: a body this long is handed to the gateway, whose
    /// limits stage answers 413 (DG: limits); a longer one is refused while it is
    /// read, without keeping more than this.
    static let bodyLimit = 10 * 1024 * 1024 + 1

    /// Whether the request says in its `Content-Length` that its body is longer than
    /// ``bodyLimit``: it is then refused at once, rather than after 10 MB of it were kept.
    static func declaresTooLongBody(_ headers: HTTPHeaders) -> Bool {
        headers["Content-Length"].contains { Int($0).map { $0 > bodyLimit } ?? false }
    }

    /// The request target in origin form (`/path?query`): an absolute-form target
    /// (`http://host/path`, RFC 9112 §3.2.2) loses its scheme and authority.
    static func originForm(_ target: String) -> String {
        if target.utf8.first == UInt8(ascii: "/") { return target }
        guard let scheme = target.range(of: "://") else { return target }
        let rest = target[scheme.upperBound...]
        guard let start = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "/" }
        return rest[start] == "?" ? "/" + rest[start...] : String(rest[start...])
    }

    /// The host a request names. A client may send Host twice (Hummingbird's test client
    /// writes its own authority before the caller's Host field): the first that is one of the
    /// gateway's hosts decides, else the first.
    static func host(_ headers: HTTPHeaders, endpoints: EndpointTable) -> String? {
        var first: String?
        for (name, value) in headers where name.equalsIgnoringASCIICase("Host") {
            guard first == nil else { return headers["Host"].first { endpoints.answers(host: $0) } ?? first }
            first = value
        }
        return first
    }

    /// The request as the gateway takes it. Host leads the headers, the others keep the order
    /// and casing the client sent.
    static func request(_ head: HTTPRequestHead, path: String, body: ByteBuffer?) -> GatewayRequest {
        var headers: [HTTPHeader] = []
        headers.reserveCapacity(head.headers.count)
        var host: String?
        for (name, value) in head.headers {
            if host == nil, name.equalsIgnoringASCIICase("Host") {
                host = value
                continue
            }
            headers.append(HTTPHeader(name, value))
        }
        if let host, headers.value(for: "Host") == nil { headers.insert(HTTPHeader("Host", host), at: 0) }
        return GatewayRequest(method: head.method.rawValue, path: path, headers: headers, bytes: body.map(bytes(of:)) ?? [])
    }

    /// A plain request (``GatewayFastPath``) as the gateway takes it: the same request the
    /// function above makes of the same bytes decoded by NIO.
    static func request(_ head: PlainRequestHead, path: String, body: ByteBuffer?) -> GatewayRequest {
        var headers: [HTTPHeader] = []
        headers.reserveCapacity(head.fields.count + 1)
        if let host = head.host { headers.append(HTTPHeader("Host", host)) }
        headers.append(contentsOf: head.fields)
        return GatewayRequest(method: head.method, path: path, headers: headers, bytes: body.map(bytes(of:)) ?? [])
    }

    /// The body's bytes, handed to the gateway as they came: whether they are text or binary
    /// is the gateway's decision (``Exchange``'s payload), made by the API's binary media types.
    static func bytes(of buffer: ByteBuffer) -> [UInt8] {
        buffer.readableBytes == 0 ? [] : Array(buffer.readableBytesView)
    }

    /// Whether a field name is a token (RFC 9110 §5.6.2), checked byte by byte: what
    /// `HTTPField.Name(_:)` decides, without the lower-cased copy it makes.
    static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(isTokenByte)
    }

    /// `tchar` of RFC 9110 §5.6.2.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
             UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// How the connection goes on after an answer, said in its `Connection` header.
    enum Persistence {
        /// HTTP/1.1 keep-alive: nothing to say.
        case keepAlive
        /// HTTP/1.0 with `Connection: keep-alive`: said back, or the client would expect a close.
        case keepAliveHTTP10
        /// `Connection: close`, or HTTP/1.0 without keep-alive: the server closes after this answer.
        case close
    }

    /// The answer on the wire: a body flagged `isBase64Encoded` is sent as the bytes it
    /// encodes; see ``answerFields(of:bodyLength:date:persistence:_:)`` for the head.
    static func answer(_ response: GatewayResponse, date: String, persistence: Persistence,
                       isHEAD: Bool) -> ResponseOrder.Answer {
        let bytes = answerBody(response)
        var headers = HTTPHeaders()
        headers.reserveCapacity(response.headers.count + 4)
        answerFields(of: response, bodyLength: bytes.readableBytes, date: date,
                     persistence: persistence) { headers.add(name: $0, value: $1) }
        let status = HTTPResponseStatus(statusCode: response.status)
        let head = HTTPResponseHead(version: .http1_1, status: status, headers: headers)
        // 1xx, 204 and 304 have no body (RFC 9112 §6.3): NIO's encoder drops their framing
        // headers but would write body bytes, which the client would read as the next answer.
        let body = isHEAD || !status.mayHaveResponseBody ? nil : bytes
        return ResponseOrder.Answer(head: head, body: body, closesConnection: persistence == .close)
    }

    /// A keep-alive HTTP/1.1 answer as the bytes NIO's response encoder would write for
    /// ``answer(_:date:persistence:isHEAD:)``, written in one buffer.
    static func answerBytes(_ response: GatewayResponse, date: String, isHEAD: Bool,
                            allocator: ByteBufferAllocator) -> ByteBuffer {
        // The body goes straight from the response's text into the answer's one buffer.
        let decoded = response.isBase64Encoded ? Base64.decode(response.body) : nil
        let bodyLength = decoded?.count ?? response.body.utf8.count
        var bytes = allocator.buffer(capacity: 160 + response.headers.count * 48 + (isHEAD ? 0 : bodyLength))
        let status = HTTPResponseStatus(statusCode: response.status)
        bytes.writeStaticString("HTTP/1.1 ")
        bytes.writeString(String(status.code))
        bytes.writeStaticString(" ")
        bytes.writeString(status.reasonPhrase)
        bytes.writeStaticString("\r\n")
        // 1xx, 204 and 304 have no body: no Content-Length (NIO's encoder drops it) and no
        // body bytes, as ``answer(_:date:persistence:isHEAD:)`` gives none.
        let hasBody = status.mayHaveResponseBody
        answerFields(of: response, bodyLength: hasBody ? bodyLength : nil, date: date,
                     persistence: .keepAlive) { name, value in
            bytes.writeString(name)
            bytes.writeStaticString(": ")
            bytes.writeString(value)
            bytes.writeStaticString("\r\n")
        }
        bytes.writeStaticString("\r\n")
        if hasBody, !isHEAD {
            if let decoded { bytes.writeBytes(decoded) } else { bytes.writeString(response.body) }
        }
        return bytes
    }

    private static func answerBody(_ response: GatewayResponse) -> ByteBuffer {
        if response.isBase64Encoded, let decoded = Base64.decode(response.body) { return ByteBuffer(bytes: decoded) }
        return ByteBuffer(string: response.body)
    }

    /// The answer's header fields, in the order they are written: exactly the transcript's
    /// headers, in its order, as API Gateway sends them (no `Server` of the simulator's own: AWS
    /// sends none). The server's framing is written in place of the transcript's: `Date` is the
    /// server's now, `Content-Length` the length of the bytes sent (none for 1xx, 204 and 304,
    /// whose framing NIO's encoder drops); `Transfer-Encoding` and `Connection` are the server's
    /// to say. A field the transcript lacks is added after its headers.
    private static func answerFields(of response: GatewayResponse, bodyLength: Int?, date: String,
                                     persistence: Persistence, _ add: (String, String) -> Void) {
        var dated = false, measured = false
        for header in response.headers {
            if header.hasName("Transfer-Encoding") || header.hasName("Connection") { continue }
            if header.hasName("Content-Length") {
                if !measured, let bodyLength { add("Content-Length", String(bodyLength)) }
                measured = true
                continue
            }
            if header.hasName("Date") {
                if !dated { add("Date", date) }
                dated = true
                continue
            }
            // A name that is not a token, or a value with a line break, would let a backend's
            // or a Lambda function's header write into the response: dropped, or made legal
            // as HTTP types make it (the bytes that may not appear become spaces).
            guard isToken(header.name) else { continue }
            let value = HTTPField.isValidValue(header.value) ? header.value
                : HTTPField(name: HTTPField.Name(header.name)!, value: header.value).value
            add(header.name, value)
        }
        if !measured, let bodyLength { add("Content-Length", String(bodyLength)) }
        if !dated { add("Date", date) }
        switch persistence {
        case .keepAlive: break
        case .keepAliveHTTP10: add("Connection", "keep-alive")
        case .close: add("Connection", "close")
        }
    }
}
