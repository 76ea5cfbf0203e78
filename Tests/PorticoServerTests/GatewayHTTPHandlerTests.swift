import NIOCore
import NIOEmbedded
import NIOHTTP1
import PorticoGateway
@testable import PorticoServer
import Synchronization
import TestSupport
import Testing

/// The order of answers, as a value, without I/O.
@Suite("Response order")
struct ResponseOrderTests {
    static func answer(_ status: HTTPResponseStatus) -> ResponseOrder.Answer {
        ResponseOrder.Answer(head: HTTPResponseHead(version: .http1_1, status: status), body: nil, closesConnection: false)
    }

    @Test("a gateway answer behind a site request waits for the site answer's end")
    func behindSite() {
        var order = ResponseOrder()
        order.appendSite()
        let number = order.appendGateway()
        let answered = order.answer(number, with: Self.answer(.ok))
        let early = order.nextWritable()
        let siteDone = order.siteAnswerWritten()
        let next = order.nextWritable()
        #expect(answered && early == nil && siteDone)
        #expect(next?.head.status == .ok)
        #expect(order.count == 0)
    }

    @Test("answers given out of order leave in request order")
    func outOfOrder() {
        var order = ResponseOrder()
        let first = order.appendGateway(), second = order.appendGateway()
        let secondAnswered = order.answer(second, with: Self.answer(.accepted))
        #expect(secondAnswered && order.unanswered == 1)
        let early = order.nextWritable()
        let firstAnswered = order.answer(first, with: Self.answer(.ok))
        let statuses = [order.nextWritable(), order.nextWritable()].map { $0?.head.status }
        #expect(early == nil && firstAnswered)
        #expect(statuses == [.ok, .accepted])
        #expect(order.gatewayEntries == 0)
    }

    @Test("an answer for no waiting request, and a site end with a gateway request in front, change nothing")
    func strays() {
        var order = ResponseOrder()
        let number = order.appendGateway()
        let stray = order.answer(number + 1, with: Self.answer(.ok))
        let siteDone = order.siteAnswerWritten()
        let answered = order.answer(number, with: Self.answer(.ok))
        let again = order.answer(number, with: Self.answer(.ok))
        #expect([stray, siteDone, answered, again] == [false, false, true, false])
    }
}

/// The handler in a test channel: what it passes on, and when it reads.
@Suite("Gateway HTTP handler", .timeLimit(.minutes(1)))
struct GatewayHTTPHandlerTests {
    /// An HTTP backend that answers once the gate opens.
    struct GatedTransport: HTTPTransport {
        let gate: Gate
        func send(_ request: OutboundHTTPRequest, timeout: Duration) async -> OutboundHTTPResult {
            await gate.pass()
            return .response(status: 200, headers: [], body: Array("waited".utf8))
        }
    }

    /// Counts the reads that reach the socket's end of the pipeline.
    final class ReadCounter: ChannelOutboundHandler, Sendable {
        typealias OutboundIn = Any
        let reads = Mutex(0)
        func read(context: ChannelHandlerContext) {
            reads.withLock { $0 += 1 }
            context.read()
        }
    }

    static func request(_ target: String) -> HTTPRequestHead {
        HTTPRequestHead(version: .http1_1, method: .GET, uri: target, headers: ["Host": "127.0.0.1"])
    }

    /// A test channel with the handler over the relay project, whose backend waits at `gate`;
    /// `counter` sits on the socket's side of it.
    static func channel(gate: Gate, before counter: ReadCounter) async throws -> NIOAsyncTestingChannel {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        let project = try GatewayConnectionTests.relayProject(backend: "127.0.0.1:9", in: root)
        let live = LiveGateway(Gateway(project: project, clock: SystemClock(), services: GatewayServices(http: GatedTransport(gate: gate))))
        let channel = NIOAsyncTestingChannel()
        try await channel.testingEventLoop.executeInContext {
            try channel.pipeline.syncOperations.addHandlers([counter, GatewayHTTPHandler(live: live)])
        }
        return channel
    }

    @Test("reading stops while 32 answers are owed and goes on once they are written, in order")
    func backpressure() async throws {
        let gate = Gate(), counter = ReadCounter()
        let channel = try await Self.channel(gate: gate, before: counter)
        for index in 0..<GatewayHTTPHandler.maximumWaitingAnswers {
            try await channel.writeInbound(HTTPServerRequestPart.head(Self.request("/_gateway/relay/prod/wait?n=\(index)")))
            try await channel.writeInbound(HTTPServerRequestPart.end(nil))
            if index == GatewayHTTPHandler.maximumWaitingAnswers - 2 {
                channel.read()
                try await channel.testingEventLoop.executeInContext {}
                #expect(counter.reads.withLock { $0 } == 1)
            }
        }
        channel.read()
        try await channel.testingEventLoop.executeInContext {}
        #expect(counter.reads.withLock { $0 } == 1)

        gate.open()
        for _ in 0..<GatewayHTTPHandler.maximumWaitingAnswers {
            guard case .head(let head) = try await channel.waitForOutboundWrite(as: HTTPServerResponsePart.self) else {
                Issue.record("expected a response head")
                return
            }
            #expect(head.status == .ok)
            #expect(try await channel.waitForOutboundWrite(as: HTTPServerResponsePart.self) == .body(.byteBuffer(ByteBuffer(string: "waited"))))
            #expect(try await channel.waitForOutboundWrite(as: HTTPServerResponsePart.self) == .end(nil))
        }
        try await channel.testingEventLoop.executeInContext {}
        #expect(counter.reads.withLock { $0 } == 2)
        _ = try await channel.finish()
    }

    @Test("a site request behind a waiting gateway request reaches Hummingbird only once that one is answered")
    func siteRequestHeld() async throws {
        let gate = Gate()
        let channel = try await Self.channel(gate: gate, before: ReadCounter())
        try await channel.writeInbound(HTTPServerRequestPart.head(Self.request("/_gateway/relay/prod/wait")))
        try await channel.writeInbound(HTTPServerRequestPart.end(nil))
        try await channel.writeInbound(HTTPServerRequestPart.head(Self.request("/index.html")))
        try await channel.writeInbound(HTTPServerRequestPart.end(nil))
        #expect(try await channel.readInbound(as: HTTPServerRequestPart.self) == nil)
        gate.open()
        guard case .head(let head) = try await channel.waitForInboundWrite(as: HTTPServerRequestPart.self) else {
            Issue.record("expected the site request's head")
            return
        }
        #expect(head.uri == "/index.html")
        #expect(try await channel.waitForInboundWrite(as: HTTPServerRequestPart.self) == .end(nil))
        // The gateway's answer went out first.
        guard case .head(let answer) = try await channel.waitForOutboundWrite(as: HTTPServerResponsePart.self) else {
            Issue.record("expected the gateway's answer")
            return
        }
        #expect(answer.status == .ok)
        _ = try await channel.finish()
    }
}
