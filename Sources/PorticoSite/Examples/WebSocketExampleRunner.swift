import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import Synchronization

/// Runs a ``WebSocketScript`` through a gateway's WebSocket APIs, the way `serve` runs real
/// connections, with a recording link per client instead of a socket; checks the script's
/// expectations with a located error on the line that expected otherwise.
///
/// Ids are seeded from the page path and the block's index, and time is the page's virtual
/// clock, so every build writes the same bytes.
public struct WebSocketExampleRunner: Sendable {
    public let gateway: Gateway
    let webSockets: WebSocketGateway

    public init(gateway: Gateway) {
        self.gateway = gateway
        webSockets = WebSocketGateway(gateway: gateway)
    }

    /// Frames and closes sent to the clients, in the order the gateway sent them.
    final class Wire: Sendable {
        enum Delivery: Sendable {
            case frame(WebSocketFrame)
            case close(code: UInt16, reason: String)
        }
        let deliveries = Mutex<[(client: String, delivery: Delivery)]>([])

        func take() -> [(client: String, delivery: Delivery)] {
            deliveries.withLock { taken in defer { taken = [] }; return taken }
        }
    }

    struct Link: WebSocketClientLink {
        let client: String
        let wire: Wire
        func send(_ frame: WebSocketFrame) { wire.deliveries.withLock { $0.append((client, .frame(frame))) } }
        func close(code: UInt16, reason: String) { wire.deliveries.withLock { $0.append((client, .close(code: code, reason: reason))) } }
    }

    /// One client as the script knows it.
    struct Client {
        var connectionId: String?
        /// Frames received and not yet matched by a `NAME<` line.
        var inbox: [WebSocketFrame] = []
        var closeCode: UInt16?
    }

    public func run(_ script: WebSocketScript, seed: String, diagnostics: inout DiagnosticEngine) async -> WebSocketConversation? {
        let apis = gateway.project.apis
        guard let apiName = script.api ?? (apis.count(where: { $0.kind == .webSocket }) == 1 ? apis.first { $0.kind == .webSocket }?.name : nil) else {
            diagnostics.error(.exampleAPI, "the websocket example must name its API (api=\(apis.filter { $0.kind == .webSocket }.map(\.name).joined(separator: "|")))", at: script.location)
            return nil
        }
        guard let api = ExampleTargets.api(named: apiName, in: gateway.project, at: script.location, diagnostics: &diagnostics) else { return nil }
        guard api.kind == .webSocket else {
            diagnostics.error(.exampleAPIKind, "'\(apiName)' is not a WebSocket API: use an http example for it", at: script.location)
            return nil
        }
        guard let stageName = script.stage ?? (api.stages.count == 1 ? api.stages[0].stageName : nil), api.stage(named: stageName) != nil else {
            diagnostics.error(.exampleStage, script.stage.map { "API '\(apiName)' has no stage '\($0)'" }
                              ?? "the example must name its stage (stage=\(api.stages.map(\.stageName).joined(separator: "|")))", at: script.location)
            return nil
        }
        guard case .success(let caller) = ExampleTargets.caller(named: script.caller, in: gateway, at: script.location, diagnostics: &diagnostics) else { return nil }
        let endpoint = Endpoint(api: apiName, stage: stageName)
        let wire = Wire()
        var ids = IdentifierGenerator(seedText: seed)
        var clients: [String: Client] = [:]
        var conversation = WebSocketConversation(api: apiName, stage: stageName, entries: [])

        /// Moves what the gateway sent into the conversation and the clients' inboxes.
        func deliver() {
            for (client, delivery) in wire.take() {
                switch delivery {
                case .frame(let frame):
                    conversation.entries.append(.received(client: client, frame: frame))
                    clients[client, default: Client()].inbox.append(frame)
                case .close(let code, let reason):
                    clients[client, default: Client()].closeCode = code
                    clients[client]?.connectionId = nil
                    conversation.entries.append(.closedByGateway(client: client, code: code, reason: reason))
                }
            }
        }
        func fail(_ message: String, at statement: WebSocketScript.Statement, notes: [String] = []) {
            diagnostics.emit(.error(.exampleFrame, message, at: statement.location, notes: notes))
        }

        // Clients whose upgrade was refused against the script's word: that error is the one
        // to read, so what the script does with them later adds none.
        var refusedUnexpectedly: Set<String> = []
        for statement in script.statements {
            if let client = statement.action.client, refusedUnexpectedly.contains(client) {
                if case .connect = statement.action { refusedUnexpectedly.remove(client) } else { continue }
            }
            do throws(WebSocketGateway.Failure) {
                switch statement.action {
                case let .connect(client, query, headers, expected):
                    if clients[client]?.connectionId != nil {
                        fail("\(client) is connected already", at: statement)
                        continue
                    }
                    let upgrade = WebSocketUpgrade(headers: [HTTPHeader("Host", Gateway.executeAPIHost(for: api))] + headers, rawQuery: query)
                    let result = try await webSockets.connect(upgrade, at: endpoint, link: Link(client: client, wire: wire), ids: &ids)
                    let outcome: WebSocketConversation.ConnectOutcome
                    switch result.outcome {
                    case .accepted:
                        outcome = .accepted(connectionId: result.run.connectionId)
                        clients[client] = Client(connectionId: result.run.connectionId)
                        if let expected { fail("expected the upgrade to be refused with \(expected), but \(client) connected", at: statement) }
                    case .refused(let response):
                        outcome = .refused(response)
                        if expected != response.status {
                            if expected == nil { refusedUnexpectedly.insert(client) }
                            fail(expected.map { "expected the upgrade to be refused with \($0), but it was refused with \(response.status)" }
                                 ?? "\(client)> connect was refused with \(response.status)", at: statement,
                                 notes: (response.body.isEmpty ? [] : ["response body: \(response.body.prefix(200))"]) + result.run.trace.map { "\($0.step.rawValue): \($0.detail)" })
                        }
                    }
                    conversation.entries.append(.connect(client: client, path: "/\(stageName)" + (query.map { "?\($0)" } ?? ""), headers: headers,
                                                         outcome: outcome, run: result.run))
                    deliver()
                case let .send(client, text):
                    guard let id = clients[client]?.connectionId else {
                        fail("\(client) is not connected: write '\(client)> connect' first", at: statement)
                        continue
                    }
                    let run = try await webSockets.receive(.text(text), from: id, at: endpoint, ids: &ids)
                    conversation.entries.append(.send(client: client, text: text, run: run))
                    deliver()
                case let .expectFrame(client, pattern):
                    guard !(clients[client]?.inbox.isEmpty ?? true) else {
                        fail("\(client) received no frame; expected \(pattern.prefix(120))", at: statement)
                        continue
                    }
                    let frame = clients[client]!.inbox.removeFirst()
                    let text = String(decoding: frame.bytes, as: UTF8.self)
                    if !WebSocketScript.matches(text, pattern: pattern) {
                        fail("\(client) received a frame other than expected", at: statement, notes: ["expected: \(pattern.prefix(200))", "received: \(text.prefix(200))"])
                    }
                case let .expectClose(client, code):
                    let closed = clients[client]?.closeCode
                    if closed != code {
                        fail(closed.map { "\(client)'s connection was closed with \($0), not \(code)" } ?? "\(client)'s connection was not closed by the gateway; expected close \(code)",
                             at: statement)
                    }
                case let .disconnect(client, code):
                    guard let id = clients[client]?.connectionId else {
                        fail("\(client) is not connected", at: statement)
                        continue
                    }
                    clients[client]?.connectionId = nil
                    let run = try await webSockets.disconnect(id, at: endpoint, statusCode: Int(code), reason: "", ids: &ids)
                    conversation.entries.append(.disconnect(client: client, code: code, run: run))
                    deliver()
                case let .manage(method, client, body):
                    // A connection that is gone is still addressed by its old id (410 then).
                    guard let id = clients[client]?.connectionId ?? conversation.connectionId(of: client) else {
                        fail("\(client) never connected, so it has no connection id to call", at: statement)
                        continue
                    }
                    var request = GatewayRequest(method: method, path: "/@connections/\(id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id)",
                                                 headers: [HTTPHeader("Host", Gateway.executeAPIHost(for: api))], body: body)
                    if let caller {
                        do { request = try gateway.credentialed(request, as: caller, at: endpoint) } catch {
                            diagnostics.error(.exampleCaller, "as=\(caller.name): \(error.description)", at: statement.location)
                            return nil
                        }
                    }
                    let answer = await webSockets.manageConnection(request, at: endpoint, ids: &ids)
                    conversation.entries.append(.manage(method: method, client: client, connectionId: id, body: body, response: answer.response, detail: answer.detail))
                    deliver()
                case .wait(let duration):
                    guard let clock = gateway.environment.clock as? VirtualClock else {
                        diagnostics.error(.exampleWait, "'@wait' moves a site build's virtual clock; this gateway runs on a real clock", at: statement.location)
                        return nil
                    }
                    clock.advance(by: duration)
                    conversation.entries.append(.wait(duration))
                    for expired in await webSockets.expireConnections(at: endpoint, limits: .aws, ids: &ids) {
                        let client = clients.first { $0.value.connectionId == expired.connectionId }?.key ?? expired.connectionId
                        deliver()
                        conversation.entries.append(.expired(client: client, closure: expired.closure, run: expired.run))
                    }
                }
            } catch {
                diagnostics.error(.exampleStage, error.description, at: statement.location)
                return nil
            }
        }
        // Connections the script left open close at the end of the page, as a reader's tab
        // would: their $disconnect runs so functions' state is left as they expect it.
        for (_, client) in clients.sorted(by: { $0.key < $1.key }) {
            if let id = client.connectionId { _ = try? await webSockets.disconnect(id, at: endpoint, statusCode: 1001, reason: "Going away", ids: &ids) }
        }
        return conversation
    }
}

extension WebSocketConversation {
    /// The id the client's last accepted upgrade got.
    func connectionId(of client: String) -> String? {
        for case let .connect(name, _, _, .accepted(id), _) in entries.reversed() where name == client { return id }
        return nil
    }
}
