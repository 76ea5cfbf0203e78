import Diagnostics
import Foundation
import Hummingbird
import Logging
import PorticoGateway
import PorticoModel
import PorticoRuntime
@testable import PorticoServer
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

/// The gateway's HTTP/1.1 connections over real loopback sockets: requests written byte for
/// byte, several in one write, answered in order (RFC 9112 §9.3.2: "A server MAY process a
/// sequence of pipelined requests in parallel if they all have safe methods, but it MUST send
/// the corresponding responses in the same order that the requests were received").
@Suite("Gateway connections", .serialized, .timeLimit(.minutes(1)))
struct GatewayConnectionTests {
    /// The fixture's MOCK answers (Fixtures/minimal: orders.openapi.yaml's response templates).
    static let health = #"{"status": "ok"}"#
    static let item = "{\"id\": 42, \"name\": \"Widget\", \"price\": 9.5, \"currency\": \"EUR\"}\n"
    static let page = "<!doctype html><title>site</title>"

    /// `relay`: `/wait` is an HTTP_PROXY integration to the test's backend (which answers when
    /// the test opens its gate), `/echo` one whose backend answers with the body it got; `/any`
    /// a MOCK under ANY, so HEAD is routed too.
    static func relayDefinition() -> String {
        """
        openapi: 3.0.1
        info: {title: Relay, version: "1"}
        paths:
          /wait:
            get:
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: GET
                uri: http://${stageVariables.backend}/wait
          /echo:
            post:
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: POST
                uri: http://${stageVariables.backend}/echo
          /any:
            x-amazon-apigateway-any-method:
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"statusCode": 200}'}
                responses:
                  default:
                    statusCode: "200"
                    responseTemplates: {application/json: '{"any": true}'}

        """
    }

    /// Runs `body` against `portico serve`'s application (the fixture's orders API, the relay
    /// API and a one-page site) with a backend behind the relay API; both stop afterwards.
    func withServer(_ body: (_ port: Int, _ gate: Gate, _ server: ServiceGroup) async throws -> Void) async throws {
        let gate = Gate()
        let router = Router()
        router.get("/wait") { _, _ -> String in
            await gate.pass()
            return "waited"
        }
        router.post("/echo") { request, _ -> ByteBuffer in
            try await request.body.collect(upTo: 64 * 1024)
        }
        try await Self.running({ onRunning in
            Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                        onServerRunning: { await onRunning($0.localAddress?.port ?? 0) })
        }) { backendPort, _ in
            let root = try TemporaryDirectory()
            defer { root.remove() }
            try root.write(["Site/index.html": Self.page])
            let project = try Self.relayProject(backend: "127.0.0.1:\(backendPort)", in: root)
            let transport = HTTPClientTransport()
            let gateway = Gateway(project: project, clock: SystemClock(), services: GatewayServices(http: transport))
            let server = DocsServer(siteDirectory: root.path + "/Site", gateway: gateway, port: 0)
            do {
                try await Self.running({ server.makeApplication(onServerRunning: $0) }, body: { port, group in
                    try await body(port, gate, group)
                })
            } catch {
                gate.open()
                await transport.shutdown()
                throw error
            }
            gate.open()
            await transport.shutdown()
        }
    }

    /// The fixture's orders API beside the relay API, whose backend is at `backend`.
    static func relayProject(backend: String, in root: TemporaryDirectory) throws -> Project {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/minimal/Content")
        try root.write([
            "Content/portico.yml": """
                apis:
                  - {name: orders, definition: apis/orders.openapi.yaml, stages: [{stageName: prod}]}
                  - {name: relay, definition: apis/relay.yaml, stages: [{stageName: prod, variables: {backend: "\(backend)"}}]}

                """,
            "Content/apis/orders.openapi.yaml": try String(contentsOf: fixture.appendingPathComponent("apis/orders.openapi.yaml"), encoding: .utf8),
            "Content/apis/relay.yaml": relayDefinition(),
        ])
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        return project
    }

    /// Runs an application in its own service group until `body` returns, then shuts it down
    /// gracefully and waits for it to stop.
    static func running<App: ApplicationProtocol>(_ make: (@escaping @Sendable (Int) async -> Void) -> App,
                                                  body: (Int, ServiceGroup) async throws -> Void) async throws {
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(configuration: .init(services: [make { port.yield($0) }], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let bound = try #require(await iterator.next())
            do {
                try await body(bound, group)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// One connection to a server as ``withServer(_:)`` runs it.
    func withConnection(_ body: (inout RawHTTPConnection, Gate) async throws -> Void) async throws {
        try await withServer { port, gate, _ in
            try await RawHTTPConnection.open(port: port) { connection in try await body(&connection, gate) }
        }
    }

    static func get(_ target: String, _ extra: String = "") -> String {
        "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(extra)\r\n"
    }

    @Test("one write carrying site and MOCK gateway requests: the answers come back in request order")
    func pipelinedSiteThenGateway() async throws {
        try await withConnection { connection, _ in
            try await connection.send(Self.get("/index.html") + Self.get("/_gateway/orders/prod/health")
                                      + Self.get("/index.html") + Self.get("/_gateway/orders/prod/items/42"))
            #expect(try await connection.bodies(4) == [Self.page, Self.health, Self.page, Self.item])
        }
    }

    // The answer of an integration that waits (HTTP_PROXY: the backend's status and body, DG:
    // api-gateway-set-up-simple-proxy) leaves before the answers of the requests behind it.
    @Test("a gateway request that waits for its backend is answered before the MOCK and site requests pipelined behind it")
    func waitingGatewayRequestKeepsItsPlace() async throws {
        try await withConnection { connection, gate in
            try await connection.send(Self.get("/_gateway/relay/prod/wait") + Self.get("/_gateway/orders/prod/health")
                                      + Self.get("/index.html") + Self.get("/_gateway/orders/prod/items/42"))
            // The whole write was read with the first request: the others wait behind it
            // (read, not yet answered) until the backend answers.
            var arrivals = gate.arrivals.makeAsyncIterator()
            await arrivals.next()
            gate.open()
            let first = try #require(try await connection.response())
            #expect(first.status == 200)
            #expect(first.body == "waited")
            #expect(try await connection.bodies(3) == [Self.health, Self.page, Self.item])
        }
    }

    // The answers themselves: a plain request is answered ahead of NIO's decoder (GatewayFastPath)
    // until a request that is not plain (here the site page) hands the connection to the decoder.
    @Test("a plain request answered ahead of NIO's decoder gets the answer NIO's path gives, ids and date aside")
    func fastAndDecodedAnswersAgree() async throws {
        try await withConnection { connection, _ in
            try await connection.send(Self.get("/_gateway/orders/prod/items/42") + Self.get("/index.html")
                                      + Self.get("/_gateway/orders/prod/items/42"))
            let fast = try #require(try await connection.response())
            #expect(try await connection.response()?.body == Self.page)
            let decoded = try #require(try await connection.response())
            let varying: Set = ["Date", "x-amzn-RequestId", "x-amz-apigw-id", "Via", "X-Amz-Cf-Id"]
            func fixed(_ response: RawHTTPResponse) -> [String] {
                response.headers.map { varying.contains($0.name) ? $0.name : "\($0.name): \($0.value)" }
            }
            #expect(fast.statusLine == "HTTP/1.1 200 OK")
            #expect(fixed(fast) == fixed(decoded))
            // The fixture's API is EDGE (the default): CloudFront's headers follow API Gateway's
            // (recorded AWS response: LocalStack tests/aws/services/apigateway/test_apigateway_common.snapshot.json,
            // test_invocation_trace_id, "x-cache": "Miss from cloudfront").
            #expect(fixed(fast) == ["Date", "Content-Type: application/json", "Content-Length: \(Self.item.utf8.count)",
                                    "x-amzn-RequestId", "x-amz-apigw-id", "X-Cache: Miss from cloudfront", "Via",
                                    "X-Amz-Cf-Pop: IAD89-C1", "X-Amz-Cf-Id"])
            #expect(fast.body == Self.item && decoded.body == Self.item)
        }
    }

    // API Gateway's answers carry its headers and no Server header (recorded AWS responses:
    // LocalStack tests/aws/services/apigateway/test_apigateway_common.snapshot.json,
    // test_invocation_trace_id): served answers carry exactly the transcript's header names, in
    // its order, whether the fast path or NIO's decoder read the request; the site keeps its own.
    @Test("a served gateway answer's header names are the transcript's, on both paths; site pages name their server")
    func servedHeadersAreTheTranscripts() async throws {
        let gateway = Gateway(project: try loadFixtureProject(), clock: SystemClock())
        var ids = IdentifierGenerator(seed: 1)
        func transcriptNames(_ path: String) async throws -> [String] {
            let request = GatewayRequest(method: "GET", path: path, headers: [HTTPHeader("Host", "127.0.0.1")])
            return try await gateway.invoke(request, api: "orders", stage: "prod", ids: &ids).response.headers.map(\.name)
        }
        let item = try await transcriptNames("/items/42"), missing = try await transcriptNames("/nowhere")
        // An EDGE API (the fixture's default): API Gateway's headers, then CloudFront's (recorded
        // AWS response as above, test_invocation_trace_id: via, x-amz-cf-id, x-amz-cf-pop, x-cache).
        #expect(item == ["Date", "Content-Type", "Content-Length", "x-amzn-RequestId", "x-amz-apigw-id",
                         "X-Cache", "Via", "X-Amz-Cf-Pop", "X-Amz-Cf-Id"])
        try await withConnection { connection, _ in
            try await connection.send(Self.get("/_gateway/orders/prod/items/42") + Self.get("/_gateway/orders/prod/nowhere")
                                      + Self.get("/index.html")
                                      + Self.get("/_gateway/orders/prod/items/42") + Self.get("/_gateway/orders/prod/nowhere"))
            let fastItem = try #require(try await connection.response())
            let fastMissing = try #require(try await connection.response())
            let page = try #require(try await connection.response())
            let decodedItem = try #require(try await connection.response())
            let decodedMissing = try #require(try await connection.response())
            #expect(fastMissing.statusLine == "HTTP/1.1 403 Forbidden")
            #expect(fastItem.headers.map(\.name) == item)
            #expect(decodedItem.headers.map(\.name) == item)
            #expect(fastMissing.headers.map(\.name) == missing)
            #expect(decodedMissing.headers.map(\.name) == missing)
            #expect(page.header("Server") == "Portico")
        }
    }

    @Test("a request sent a byte at a time, its body in pieces, is answered once whole, and the one behind it too")
    func splitRequest() async throws {
        try await withConnection { connection, _ in
            let body = #"{"echo": "sent in pieces"}"#
            let head = "POST /_gateway/relay/prod/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n"
            for byte in head.utf8 { try await connection.send(ByteBuffer(bytes: [byte])) }
            try await connection.send(String(body.prefix(9)))
            try await connection.send(String(body.dropFirst(9)) + Self.get("/_gateway/orders/prod/health"))
            #expect(try await connection.bodies(2) == [body, Self.health])
        }
    }

    // RFC 9112 §9.6: a server that receives "close" closes after the answer and SHOULD say
    // "close" in it; a request after it on the same connection is not answered.
    @Test("Connection: close is said back and the connection closes after the answer")
    func connectionClose() async throws {
        try await withConnection { connection, _ in
            try await connection.send(Self.get("/_gateway/orders/prod/health", "Connection: close\r\n")
                                      + Self.get("/_gateway/orders/prod/health"))
            let answer = try #require(try await connection.response())
            #expect(answer.body == Self.health)
            #expect(answer.header("Connection") == "close")
            #expect(try await connection.closesWithoutMore())
        }
    }

    // RFC 9112 §9.3: HTTP/1.0 persists only with "keep-alive" (and the answer says it back,
    // RFC 7230 appendix A.1.2); otherwise the server closes after the answer.
    @Test("HTTP/1.0 closes after the answer, unless the client asks for keep-alive")
    func http10() async throws {
        try await withServer { port, _, _ in
            try await RawHTTPConnection.open(port: port) { connection in
                try await connection.send("GET /_gateway/orders/prod/health HTTP/1.0\r\n\r\n")
                let answer = try #require(try await connection.response())
                #expect(answer.statusLine == "HTTP/1.1 200 OK")
                #expect(answer.body == Self.health)
                #expect(answer.header("Connection") == "close")
                #expect(try await connection.closesWithoutMore())
            }
            try await RawHTTPConnection.open(port: port) { connection in
                for _ in 0..<2 {
                    try await connection.send("GET /_gateway/orders/prod/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                    let answer = try #require(try await connection.response())
                    #expect(answer.body == Self.health)
                    #expect(answer.header("Connection") == "keep-alive")
                }
            }
        }
    }

    // RFC 9110 §9.3.2: the answer to HEAD is the GET answer's head, Content-Length included,
    // without the body; the next request on the connection is read right after it.
    @Test("HEAD gets the head of the GET answer and no body")
    func head() async throws {
        try await withConnection { connection, _ in
            try await connection.send("HEAD /_gateway/relay/prod/any HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + Self.get("/_gateway/relay/prod/any"))
            let head = try #require(try await connection.response(toHEAD: true))
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "13")
            #expect(head.header("Content-Type") == "application/json")
            let get = try #require(try await connection.response())
            #expect(get.body == #"{"any": true}"#)
        }
    }

    // A REST request body over 10 MB (DG: limits) is refused with 413 and
    // {"message":"Request Too Long"}; the connection stays usable once the body is read.
    @Test("a body over the payload limit is answered 413 while it is sent, and the next request is answered")
    func tooLong() async throws {
        try await withConnection { connection, _ in
            let size = 10 * 1024 * 1024 + 100
            try await connection.send("POST /_gateway/orders/prod/health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(size)\r\n\r\n")
            let chunk = ByteBuffer(repeating: UInt8(ascii: "b"), count: 1024 * 1024)
            for _ in 0..<10 { try await connection.send(chunk) }
            try await connection.send(ByteBuffer(repeating: UInt8(ascii: "b"), count: 100))
            try await connection.send(Self.get("/_gateway/orders/prod/health"))
            let refused = try #require(try await connection.response())
            #expect(refused.status == 413)
            #expect(refused.body == #"{"message":"Request Too Long"}"#)
            #expect(refused.header("x-amzn-ErrorType") == "RequestTooLongException")
            #expect(try #require(try await connection.response()).body == Self.health)
        }
    }

    // The same answer, given as soon as the head declares a body over the limit: the server
    // keeps none of it (a client declaring 20 MB would otherwise hold 10 MB of the server's
    // memory before it is refused).
    @Test("a Content-Length over the payload limit is answered 413 before any of the body is sent")
    func declaredTooLong() async throws {
        try await withConnection { connection, _ in
            try await connection.send("POST /_gateway/orders/prod/health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 20971520\r\n\r\n")
            let refused = try #require(try await connection.response())
            #expect(refused.status == 413)
            #expect(refused.body == #"{"message":"Request Too Long"}"#)
            #expect(refused.header("x-amzn-ErrorType") == "RequestTooLongException")
        }
    }

    @Test("clients that disconnect mid-body or while their request waits leave the server serving")
    func disconnects() async throws {
        try await withServer { port, gate, _ in
            try await RawHTTPConnection.open(port: port) { connection in
                try await connection.send("POST /_gateway/orders/prod/health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n0123456789")
            }
            try await RawHTTPConnection.open(port: port) { connection in
                try await connection.send(Self.get("/_gateway/relay/prod/wait"))
                var arrivals = gate.arrivals.makeAsyncIterator()
                await arrivals.next()
            }
            // The waiting request's answer comes back to a closed connection.
            gate.open()
            try await RawHTTPConnection.open(port: port) { connection in
                try await connection.send(Self.get("/_gateway/relay/prod/wait") + Self.get("/_gateway/orders/prod/health"))
                #expect(try await connection.bodies(2) == ["waited", Self.health])
            }
        }
    }

    @Test("graceful shutdown lets a gateway request in flight finish, then closes its connection")
    func gracefulShutdown() async throws {
        try await withServer { port, gate, server in
            try await RawHTTPConnection.open(port: port) { connection in
                try await connection.send(Self.get("/_gateway/relay/prod/wait"))
                var arrivals = gate.arrivals.makeAsyncIterator()
                await arrivals.next()
                await server.triggerGracefulShutdown()
                // Shutting down, the server stops accepting connections: once it has, it has
                // also asked this connection to quiesce.
                while (try? await RawHTTPConnection.open(port: port, { _ in })) != nil {
                    try await Task.sleep(for: .milliseconds(10))
                }
                gate.open()
                let answer = try #require(try await connection.response())
                #expect(answer.status == 200)
                #expect(answer.body == "waited")
                #expect(try await connection.closesWithoutMore())
            }
        }
    }
}

/// Where the test backend's `/wait` requests wait until the test opens it; each arrival is
/// announced on `arrivals`.
final class Gate: Sendable {
    let arrivals: AsyncStream<Void>
    private let arrival: AsyncStream<Void>.Continuation
    private let state = Mutex<(isOpen: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    init() {
        (arrivals, arrival) = AsyncStream.makeStream()
    }

    func pass() async {
        arrival.yield()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isOpen = state.withLock { state in
                if !state.isOpen { state.waiting.append(continuation) }
                return state.isOpen
            }
            if isOpen { continuation.resume() }
        }
    }

    func open() {
        let waiting = state.withLock { state in
            state.isOpen = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }
}
