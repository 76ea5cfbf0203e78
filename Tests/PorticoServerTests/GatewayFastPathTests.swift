import NIOCore
import NIOEmbedded
import NIOHTTP1
import PorticoGateway
@testable import PorticoServer
import Testing

/// The fast path's reading and writing, held against NIO's own decoder and encoder: for every
/// plain head the gateway must get the request the decoder would have given it, and a client
/// must get the bytes the encoder would have written.
@Suite("Gateway fast path")
struct GatewayFastPathTests {
    static func head(_ text: String) -> PlainRequestHead? {
        ByteBuffer(string: text).withUnsafeReadableBytes { bytes in
            guard case .found(let length) = PlainRequestHead.end(in: bytes, from: 0) else { return nil }
            return PlainRequestHead(UnsafeRawBufferPointer(rebasing: bytes[..<length]))
        }
    }

    @Test("a plain head: method, target, Host apart, the other fields in order and casing, the length of the head")
    func plainHead() throws {
        let text = "POST /_gateway/orders/prod/items?x=1&y=%20 HTTP/1.1\r\nhost: 127.0.0.1:8080\r\nX-Empty:\r\n"
            + "Content-Type:  application/json\r\nconnection: Keep-Alive\r\nContent-Length: 2\r\n\r\n{}"
        let head = try #require(Self.head(text))
        #expect(head.method == "POST")
        #expect(head.target == "/_gateway/orders/prod/items?x=1&y=%20")
        #expect(head.host == "127.0.0.1:8080")
        #expect(head.fields == [HTTPHeader("X-Empty", ""), HTTPHeader("Content-Type", "application/json"),
                                HTTPHeader("connection", "Keep-Alive"), HTTPHeader("Content-Length", "2")])
        #expect(head.contentLength == 2)
        #expect(head.length == text.utf8.count - 2)
    }

    @Test("heads that are not plain go to NIO's decoder", arguments: [
        "GET / HTTP/1.0\r\n\r\n",                                      // HTTP/1.0: persistence differs
        "get / HTTP/1.1\r\n\r\n",                                      // a method llhttp does not know
        "PROPFIND / HTTP/1.1\r\n\r\n",
        "GET  / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",                 // two Hosts: GatewayMessages.host decides
        "GET / HTTP/1.1\r\nConnection: close\r\n\r\n",
        "GET / HTTP/1.1\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: 1234567890\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A: 1 \r\n\r\n",                            // trailing whitespace the decoder trims
        "GET / HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n",                   // obs-fold
        "GET / HTTP/1.1\r\nX A: 1\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A : 1\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A: caf\u{e9}\r\n\r\n",                     // not ASCII: the decoder's UTF-8 decides
        "GET /caf\u{e9} HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A: a\u{1}b\r\n\r\n",
        "\r\nGET / HTTP/1.1\r\n\r\n",                                   // a leading empty line
    ])
    func notPlain(text: String) {
        #expect(Self.head(text) == nil)
    }

    @Test("a bare LF, or no end within 16 KiB, is not plain; a head read a byte at a time is found once complete")
    func ends() {
        let bare = ByteBuffer(string: "GET / HTTP/1.1\nHost: a\n\n")
        #expect(bare.withUnsafeReadableBytes { PlainRequestHead.end(in: $0, from: 0) } == .notPlain)
        let long = ByteBuffer(string: "GET / HTTP/1.1\r\nX-Long: " + String(repeating: "a", count: PlainRequestHead.maximumLength) + "\r\n\r\n")
        #expect(long.withUnsafeReadableBytes { PlainRequestHead.end(in: $0, from: 0) } == .notPlain)

        let text = Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        var scanned = 0
        var ends: [PlainRequestHead.End] = []
        for count in 1...text.count {
            let end = text[..<count].withUnsafeBytes { PlainRequestHead.end(in: $0, from: scanned) }
            if case .notYet(let next) = end { scanned = next }
            ends.append(end)
        }
        #expect(ends.last == .found(length: text.count))
        #expect(ends.dropLast().allSatisfy { if case .notYet = $0 { true } else { false } })
    }

    /// What NIO's decoder makes of the bytes, through the same translation the server used
    /// before the fast path.
    static func decodedByNIO(_ text: String, path: String) throws -> GatewayRequest {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(HTTPRequestDecoder()))
        try channel.writeInbound(ByteBuffer(string: text))
        var head: HTTPRequestHead?
        var body: ByteBuffer?
        while let part = try channel.readInbound(as: HTTPServerRequestPart.self) {
            switch part {
            case .head(let value): head = value
            case .body(var bytes):
                if body == nil { body = bytes } else { body!.writeBuffer(&bytes) }
            case .end: break
            }
        }
        _ = try channel.finish()
        return GatewayMessages.request(try #require(head), path: path, body: body)
    }

    @Test("the gateway gets the request NIO's decoder would have given it", arguments: [
        "GET /_gateway/orders/prod/items/42 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: wrk\r\n\r\n",
        "GET /_gateway/orders/prod/items/42?a=1&a=2&b=%C3%A9 HTTP/1.1\r\nAccept: */*\r\nhost: localhost\r\n\r\n",
        "POST /x HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"a\": \"b\\u1\"}",
        "PUT /photos/a.png HTTP/1.1\r\nContent-Type: image/png\r\nContent-Length: 4\r\nX-Empty:\r\nX-Tab:\tv\r\n\r\n\u{0}\u{1}\u{2}\u{3}",
        "DELETE /x HTTP/1.1\r\nConnection: keep-alive\r\nX-Many: 1\r\nX-Many: 2\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: api.example.com\r\n\r\n",
    ])
    func sameRequestAsNIO(text: String) throws {
        let head = try #require(Self.head(text))
        let bytes = Array(text.utf8)
        let body = head.contentLength > 0 ? ByteBuffer(bytes: bytes[head.length..<(head.length + head.contentLength)]) : nil
        let fast = GatewayMessages.request(head, path: "/p", body: body)
        #expect(fast == (try Self.decodedByNIO(text, path: "/p")))
    }

    /// What NIO's response encoder writes for the answer the server made before the fast path.
    static func encodedByNIO(_ answer: ResponseOrder.Answer) throws -> String {
        let channel = EmbeddedChannel(handler: HTTPResponseEncoder())
        try channel.writeOutbound(HTTPServerResponsePart.head(answer.head))
        if let body = answer.body, body.readableBytes > 0 { try channel.writeOutbound(HTTPServerResponsePart.body(.byteBuffer(body))) }
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
        var written = ByteBuffer()
        while var part = try channel.readOutbound(as: ByteBuffer.self) { written.writeBuffer(&part) }
        _ = try channel.finish()
        return String(decoding: written.readableBytesView, as: UTF8.self)
    }

    @Test("the answer's bytes are those NIO's encoder writes for the same answer", arguments: [
        (GatewayResponse(status: 200, headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("x-amzn-RequestId", "r")],
                         body: #"{"id": 42}"#), false),
        (GatewayResponse(status: 403, headers: [HTTPHeader("Date", "x"), HTTPHeader("Server", "y"), HTTPHeader("Content-Length", "9"),
                                                HTTPHeader("X-Split", "a\r\nInjected: 1"), HTTPHeader("Bad Name", "z")],
                         body: #"{"message":"Missing Authentication Token"}"#), false),
        (GatewayResponse(status: 599, headers: [], body: ""), false),
        (GatewayResponse(status: 204, headers: [HTTPHeader("X-A", "1")], body: ""), false),
        (GatewayResponse(status: 304, headers: [HTTPHeader("ETag", "\"1\"")], body: "not sent"), false),
        (GatewayResponse(status: 200, headers: [HTTPHeader("Content-Type", "image/png")], body: "AAECAw==", isBase64Encoded: true), false),
        (GatewayResponse(status: 200, headers: [HTTPHeader("Content-Type", "text/plain")], body: "hello"), true),
    ])
    func sameBytesAsNIO(response: GatewayResponse, isHEAD: Bool) throws {
        let date = "Sun, 06 Dec 2026 06:00:00 GMT"
        let fast = GatewayMessages.answerBytes(response, date: date, isHEAD: isHEAD, allocator: ByteBufferAllocator())
        let answer = GatewayMessages.answer(response, date: date, persistence: .keepAlive, isHEAD: isHEAD)
        let nio = try Self.encodedByNIO(answer)
        #expect(String(decoding: fast.readableBytesView, as: UTF8.self) == nio, "\(nio.debugDescription)")
    }
}
