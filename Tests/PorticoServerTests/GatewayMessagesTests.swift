import NIOCore
import NIOHTTP1
import PorticoGateway
@testable import PorticoServer
import Testing

/// Requests and answers translated between HTTP/1 and the gateway, without a socket.
@Suite("Gateway messages")
struct GatewayMessagesTests {
    @Test("absolute-form targets lose their scheme and authority (RFC 9112 §3.2.2)", arguments: [
        ("/_gateway/orders/prod/health?x=1", "/_gateway/orders/prod/health?x=1"),
        ("http://127.0.0.1:8080/_gateway/orders/prod/health", "/_gateway/orders/prod/health"),
        ("http://api.example.com?x=1", "/?x=1"),
        ("http://api.example.com", "/"),
        ("*", "*"),
    ])
    func originForm(target: String, expected: String) {
        #expect(GatewayMessages.originForm(target) == expected)
    }

    @Test("of two Host fields, the one that is a gateway host names the host")
    func hosts() throws {
        let endpoints = EndpointTable(project: try loadFixtureProject())
        #expect(GatewayMessages.host(["Host": "localhost"], endpoints: endpoints) == "localhost")
        #expect(GatewayMessages.host(HTTPHeaders([("Host", "localhost"), ("host", "api.example.com:8080")]), endpoints: endpoints) == "api.example.com:8080")
        #expect(GatewayMessages.host(HTTPHeaders([("Host", "a"), ("Host", "b")]), endpoints: endpoints) == "a")
        #expect(GatewayMessages.host(["Accept": "*/*"], endpoints: endpoints) == nil)
    }

    @Test("the request keeps the client's headers, Host first, and the body's bytes")
    func request() {
        let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/x",
                                   headers: HTTPHeaders([("content-type", "image/png"), ("Host", "h"), ("X-A", "1")]))
        let request = GatewayMessages.request(head, path: "/photos/a.png?x=1", body: ByteBuffer(string: "abc"))
        #expect(request == GatewayRequest(method: "POST", path: "/photos/a.png?x=1",
                                          headers: [HTTPHeader("Host", "h"), HTTPHeader("content-type", "image/png"), HTTPHeader("X-A", "1")],
                                          bytes: Array("abc".utf8)))
    }

    // The transcript's headers in its order, and no Server header: API Gateway sends none (recorded
    // AWS responses: LocalStack tests/aws/services/apigateway/test_apigateway_common.snapshot.json,
    // test_invocation_trace_id, whose headers carry no Server). Date and Content-Length are the
    // server's, written where the transcript has them.
    @Test("the answer: the gateway's headers in order, Date and Content-Length the server's in place, no Server header")
    func answer() {
        let response = GatewayResponse(status: 201, headers: [
            HTTPHeader("Date", "Thu, 01 Jan 2026 00:00:00 GMT"), HTTPHeader("Content-Type", "application/json"),
            HTTPHeader("Content-Length", "99"), HTTPHeader("Transfer-Encoding", "chunked"), HTTPHeader("Connection", "x"),
            HTTPHeader("x-amzn-RequestId", "id"), HTTPHeader("Bad Name", "dropped"), HTTPHeader("X-Split", "a\r\nInjected: 1"),
            HTTPHeader("Date", "again"),
        ], body: "{}")
        let answer = GatewayMessages.answer(response, date: "Fri, 02 Jan 2026 00:00:00 GMT", persistence: .keepAlive, isHEAD: false)
        #expect(answer.head.status == .created)
        #expect(answer.head.headers.map { "\($0.name): \($0.value)" } == [
            "Date: Fri, 02 Jan 2026 00:00:00 GMT", "Content-Type: application/json", "Content-Length: 2",
            "x-amzn-RequestId: id", "X-Split: a  Injected: 1",
        ])
        #expect(answer.body == ByteBuffer(string: "{}"))
        #expect(!answer.closesConnection)
    }

    @Test("a base64 answer goes out as its bytes; HEAD keeps the length but not the body; close and HTTP/1.0 keep-alive are said")
    func answerForms() {
        let binary = GatewayResponse(status: 200, body: "AAEC", isBase64Encoded: true)
        let head = GatewayMessages.answer(binary, date: "d", persistence: .close, isHEAD: true)
        #expect(head.body == nil)
        #expect(head.head.headers["Content-Length"] == ["3"])
        #expect(head.head.headers["Connection"] == ["close"])
        #expect(head.head.headers["Server"] == [])
        #expect(head.closesConnection)
        let get = GatewayMessages.answer(binary, date: "d", persistence: .keepAliveHTTP10, isHEAD: false)
        #expect(get.body == ByteBuffer(bytes: [0, 1, 2]))
        #expect(get.head.headers["Connection"] == ["keep-alive"])
    }

    @Test("field names are tokens (RFC 9110 §5.6.2)", arguments: [
        ("x-amzn-RequestId", true), ("Content-Type", true), ("!#$%&'*+-.^_`|~09", true),
        ("", false), ("Bad Name", false), ("a:b", false), ("é", false), ("a\r\n", false),
    ])
    func tokens(name: String, isToken: Bool) {
        #expect(GatewayMessages.isToken(name) == isToken)
    }
}
