import Foundation
import PorticoGateway
import PorticoModel
import Synchronization
import Testing

/// The frames a client received and how it was closed: a WebSocket client without a socket.
final class RecordingLink: WebSocketClientLink {
    private let state = Mutex<(frames: [WebSocketFrame], closes: [UInt16])>(([], []))

    func send(_ frame: WebSocketFrame) { state.withLock { $0.frames.append(frame) } }
    func close(code: UInt16, reason: String) { state.withLock { $0.closes.append(code) } }

    var frames: [WebSocketFrame] { state.withLock { $0.frames } }
    var texts: [String] { frames.map { if case .text(let text) = $0 { text } else { "<binary>" } } }
    var closes: [UInt16] { state.withLock { $0.closes } }
}

/// Functions that record the events they get and answer as told (for the exact event
/// bytes; real Python functions: PorticoRuntimeTests' WebSocketLambdaTests).
final class RecordingFunctions: FunctionInvoker {
    private let events = Mutex<[(String, String)]>([])
    let answer: @Sendable (String) -> FunctionInvocation.Outcome

    init(answer: @escaping @Sendable (String) -> FunctionInvocation.Outcome = { _ in .success(Array(#"{"statusCode": 200}"#.utf8)) }) {
        self.answer = answer
    }

    func invoke(function: String, payload: [UInt8], timeout: Duration) async -> FunctionInvocation {
        events.withLock { $0.append((function, String(decoding: payload, as: UTF8.self))) }
        return FunctionInvocation(outcome: answer(function))
    }

    var received: [(function: String, event: String)] { events.withLock { $0.map { (function: $0.0, event: $0.1) } } }
}

struct WebSocketHarness {
    let gateway: WebSocketGateway
    let link = RecordingLink()

    init(fixture: String = "websocket", services: GatewayServices = .none) throws {
        let harness = try GatewayHarness(fixture: fixture)
        gateway = WebSocketGateway(gateway: harness.gateway.replacingServices(services))
        #expect(gateway.diagnostics.isEmpty, "\(gateway.diagnostics)")
    }

    func connect(api: String = "chat", headers: [HTTPHeader] = [HTTPHeader("Host", "example")], query: String? = nil,
                 ids: inout IdentifierGenerator) async throws -> WebSocketConnectResult {
        try await gateway.connect(WebSocketUpgrade(headers: headers, rawQuery: query, sourceIp: "198.51.100.7"),
                                  at: Endpoint(api: api, stage: "prod"), link: link, ids: &ids)
    }

    /// A harness with one client connected to the chat API: the harness, the connection id
    /// and the id generator to go on with.
    static func connected() async throws -> (WebSocketHarness, String, IdentifierGenerator) {
        let harness = try WebSocketHarness()
        var ids = IdentifierGenerator(seed: 7)
        let id = try await harness.connect(ids: &ids).run.connectionId
        return (harness, id, ids)
    }

    func send(_ text: String, on id: String, api: String = "chat", ids: inout IdentifierGenerator) async throws -> WebSocketRun {
        try await gateway.receive(.text(text), from: id, at: Endpoint(api: api, stage: "prod"), ids: &ids)
    }
}

@Suite("WebSocket gateway: routes, MOCK integrations, route responses")
struct WebSocketGatewayTests {
    @Test("$connect with a MOCK integration opens the connection")
    func connects() async throws {
        let harness = try WebSocketHarness()
        var ids = IdentifierGenerator(seed: 7)
        let result = try await harness.connect(ids: &ids)
        #expect(result.outcome == .accepted)
        #expect(result.run.trace.map(\.step) == [.endpoint, .authorization, .integrationRequest, .integration, .integrationResponse, .connection])
        #expect(result.run.trace.last?.detail == "connection \(result.run.connectionId) is open")
        #expect(result.run.connectionId.count == 16)
    }

    @Test("an exact route key wins; a two-way route sends its integration response, rendered with the WebSocket $context")
    func exactRoute() async throws {
        let (harness, id, start) = try await WebSocketHarness.connected()
        var ids = start
        let run = try await harness.send(#"{"action": "echo", "text": "hi"}"#, on: id, ids: &ids)
        #expect(run.routeKey == "echo")
        // A MOCK integration answers with no body (as REST's MOCK: LocalStack
        // test_apigateway_basic.snapshot.json, test_mock_integration_response), so the
        // response template's $input.body is what an empty body renders as, `{}` (the Velocity
        // module's API Gateway behaviour, as for REST templates).
        let expected = #"{"route": "echo", "connection": "\#(id)", "room": "lobby", "event": "MESSAGE", "body": "{}"}"#
        #expect(harness.link.texts == [expected])
        #expect(run.replies == [.text(expected)])
        #expect(run.trace.first?.detail == "$request.body.action → 'echo': route 'echo'")
    }

    @Test("no matching key goes to $default; so does a message that is not JSON (DG: websocket-api-develop-routes)")
    func defaultRoute() async throws {
        let (harness, id, start) = try await WebSocketHarness.connected()
        var ids = start
        let unknown = try await harness.send(#"{"action": "dance"}"#, on: id, ids: &ids)
        let plain = try await harness.send("hello there", on: id, ids: &ids)
        #expect(unknown.routeKey == "$default")
        #expect(unknown.trace.first?.detail == "$request.body.action → 'dance', which no route has: $default")
        #expect(plain.trace.first?.detail == "the message is not JSON, so it goes to $default")
        #expect(harness.link.texts == ["the $default route answered", "the $default route answered"])
    }

    @Test("without $default an unmatched message is answered Forbidden, as AWS writes it")
    func forbiddenWithoutDefault() async throws {
        let harness = try WebSocketHarness()
        var ids = IdentifierGenerator(seed: 3)
        let connected = try await harness.connect(api: "strict", ids: &ids)
        let id = connected.run.connectionId
        #expect(connected.run.trace.map(\.detail).contains("$connect requires an API key (apiKeyRequired), which is not simulated for WebSocket APIs: not checked"))
        let joined = try await harness.send(#"{"service": "chat", "action": "join"}"#, on: id, api: "strict", ids: &ids)
        let refused = try await harness.send(#"{"service": "chat", "action": "leave"}"#, on: id, api: "strict", ids: &ids)
        #expect(joined.routeKey == "chat/join")
        #expect(refused.routeKey == nil)
        #expect(refused.trace.map(\.detail) == ["${request.body.service}/${request.body.action} → 'chat/leave', which no route has: $default",
                                               "the API has no $default route, so API Gateway answers Forbidden"])
        // aws-samples/simple-websockets-chat-app issue 24: {"message": "Forbidden", "connectionId":"…", "requestId":"…"}
        let texts = harness.link.texts
        #expect(texts.count == 2)
        #expect(texts[0].hasPrefix(#"{"joined": ""#) && texts[0].count == #"{"joined": ""}"#.count + 16)
        let pattern = #"^\{"message": "Forbidden", "connectionId":"\#(NSRegularExpression.escapedPattern(for: id))", "requestId":"[A-Za-z0-9+/]{15}="\}$"#
        #expect(texts[1].range(of: pattern, options: .regularExpression) != nil, "\(texts[1])")
    }

    @Test("a one-way route sends nothing back; an integration response is chosen by a /regex/ on the status")
    func oneWayAndPatterns() async throws {
        let (harness, id, start) = try await WebSocketHarness.connected()
        var ids = start
        let silent = try await harness.send(#"{"action": "silent", "text": "x"}"#, on: id, ids: &ids)
        #expect(silent.replies.isEmpty)
        #expect(silent.trace.last?.detail == "route 'silent' has no route response (one-way): nothing is sent back")
        let refused = try await harness.send(#"{"action": "refuse"}"#, on: id, ids: &ids)
        // 2026-01-01T12:00:00Z, the site build's instant, in epoch milliseconds.
        #expect(refused.replies == [.text(#"{"refused": 1767268800000}"#)])
        #expect(refused.trace.map(\.detail).contains("integration response '/4\\d\\d/' matched '418'; template '$default' rendered 26 bytes"))
    }

    @Test("templateSelectionExpression picks the request template; an integration that fails answers Internal server error")
    func templateSelectionAndFailure() async throws {
        let (harness, id, start) = try await WebSocketHarness.connected()
        var ids = start
        let run = try await harness.send(#"{"action": "echo", "kind": "broken"}"#, on: id, ids: &ids)
        #expect(run.trace.map(\.detail).contains(#"request template 'broken' (templateSelectionExpression ${request.body.kind} → 'broken') rendered 21 bytes"#))
        #expect(run.trace.map(\.detail).contains(#"MOCK: the rendered request has no statusCode ({"status": "no code"}), so the integration fails"#))
        let text = try #require(harness.link.texts.last)
        #expect(text.hasPrefix(#"{"message": "Internal server error", "connectionId":"\#(id)", "requestId":""#))
    }

    @Test("after $disconnect the connection is gone: messages are dropped")
    func disconnects() async throws {
        let (harness, id, start) = try await WebSocketHarness.connected()
        var ids = start
        let closed = try await harness.gateway.disconnect(id, at: Endpoint(api: "chat", stage: "prod"), statusCode: 1000, reason: "bye", ids: &ids)
        #expect(closed.trace.map(\.detail) == ["connection \(id) closed (1000)", "no $disconnect route integration: nothing runs"])
        let late = try await harness.send(#"{"action": "echo"}"#, on: id, ids: &ids)
        #expect(late.trace.map(\.detail) == ["connection \(id) is not open: the message is dropped"])
        #expect(harness.link.frames.isEmpty)
    }
}
