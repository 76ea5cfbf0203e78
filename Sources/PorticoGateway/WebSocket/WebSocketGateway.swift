import Diagnostics
import Foundation
import PorticoModel
import Velocity

/// The WebSocket APIs of a gateway, transport-free: `serve` (or a test, or a page of a site
/// build) hands it the events of a connection — the upgrade request, each message, the close —
/// and a ``WebSocketClientLink`` to the client, and it runs them as API Gateway does:
///
/// ```
/// upgrade ─> $connect: authorizer (if any) ─> integration ─> open (or refuse 401/403/…)
/// message ─> routeSelectionExpression ─> route (exact key, else $default, else error)
///            ─> integration request ─> integration ─> integration response ─> route response
/// close   ─> $disconnect (best effort) ─> removed
/// ```
///
/// Everything that does not depend on the event is prepared here once, per deployed stage
/// (``PreparedWebSocketAPI``); connections live in the stage's ``StageState``, so the
/// `@connections` API and every event of a stage see the same ones.
public struct WebSocketGateway: Sendable {
    public let gateway: Gateway
    /// By ``DeployedStage/index``; nil for stages of other kinds of API.
    private let prepared: [PreparedWebSocketAPI?]

    public init(gateway: Gateway) {
        self.gateway = gateway
        prepared = gateway.environment.deployments.all.map { deployed in
            deployed.api.webSocketAPI.map { PreparedWebSocketAPI(api: $0, stage: deployed.stage, apiId: deployed.facts.apiId) }
        }
    }

    /// Problems found while preparing the WebSocket APIs (templates that do not parse).
    public var diagnostics: [Diagnostic] { prepared.compactMap { $0 }.flatMap(\.diagnostics) }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unknownStage(api: String, stage: String)
        case notWebSocket(api: String)

        public var description: String {
            switch self {
            case let .unknownStage(api, stage): "no stage '\(stage)' of an API '\(api)'"
            case let .notWebSocket(api): "API '\(api)' is not a WebSocket API"
            }
        }
    }

    /// The deployed stage and its prepared API.
    func stage(_ endpoint: Endpoint) throws(Failure) -> (DeployedStage, PreparedWebSocketAPI) {
        guard let deployed = gateway.environment.deployments[api: endpoint.api, stage: endpoint.stage] else {
            throw .unknownStage(api: endpoint.api, stage: endpoint.stage)
        }
        guard let api = prepared[deployed.index] else { throw .notWebSocket(api: endpoint.api) }
        return (deployed, api)
    }

    /// Whether the endpoint names a stage of a WebSocket API.
    public func isWebSocket(_ endpoint: Endpoint) -> Bool {
        (try? stage(endpoint)) != nil
    }

    /// The ids of a stage's open connections, sorted.
    public func openConnectionIds(api: String, stage: String) -> [String] {
        guard let deployed = (try? self.stage(Endpoint(api: api, stage: stage)))?.0 else { return [] }
        return gateway.environment.state[deployed].webSocketConnectionIds
    }

    // MARK: $connect

    /// Runs `$connect` for an upgrade request (DG: apigateway-websocket-api-route-keys-connect-disconnect):
    /// the connection exists only once its authorizer and integration succeed; until then a
    /// `@connections` call for it answers 410. On success the connection is stored with `link`.
    public func connect(_ upgrade: WebSocketUpgrade, at endpoint: Endpoint, link: any WebSocketClientLink,
                        ids: inout IdentifierGenerator) async throws(Failure) -> WebSocketConnectResult {
        let (deployed, api) = try stage(endpoint)
        let environment = gateway.environment
        let now = environment.clock.now()
        let connectionId = ids.apigwID()
        var event = makeEvent(.connect, routeKey: "$connect", deployed: deployed, endpoint: endpoint, now: now, ids: &ids,
                              connection: (connectionId, now, upgrade.sourceIp, upgrade.headers.value(for: "User-Agent"), nil))
        var run = WebSocketRun(connectionId: connectionId, routeKey: "$connect")
        let state = environment.state[deployed]
        run.note(.endpoint, "upgrade to WebSocket API '\(deployed.api.name)', stage '\(deployed.stage.stageName)'; connection id \(connectionId)")

        if api.routes["$connect"]?.route.apiKeyRequired == true {
            run.note(.authorization, "$connect requires an API key (apiKeyRequired), which is not simulated for WebSocket APIs: not checked")
        }
        if let unsimulated = api.unsimulatedConnectAuthorization {
            run.note(.authorization, "$connect asks for \(unsimulated.rawValue) authorization, which is not simulated for WebSocket APIs: not checked")
        } else if let authorizer = api.connectAuthorizer {
            let methodArn = "arn:aws:execute-api:\(Gateway.region):\(Gateway.accountId):\(deployed.facts.apiId)/\(deployed.stage.stageName)/$connect"
            switch await WebSocketAuthorization.decide(authorizer, event: event, upgrade: upgrade, methodArn: methodArn,
                                                         environment: environment, state: state, run: &run) {
            case .refuse(let status):
                return WebSocketConnectResult(outcome: .refused(Self.refusal(status)), run: run)
            case .allow(let result, let latency):
                event.authorizer = result
                event.authorizerLatency = latency
            }
        } else {
            run.note(.authorization, "$connect has no authorizer: every upgrade is admitted")
        }

        if let route = api.routes["$connect"], let integration = route.integration {
            let call = WebSocketIntegrationCall(prepared: integration, environment: environment)
            switch await call.run(event: event, input: .init(body: "", frame: nil, upgrade: upgrade), run: &run) {
            case .failed:
                // Our reading: a $connect integration that fails refuses the upgrade like a
                // REST integration failure, 500 (the DG says only that "the connection will not
                // be made").
                run.note(.connection, "the $connect integration failed, so the connection is not made: 500")
                return WebSocketConnectResult(outcome: .refused(Self.refusal(500)), run: run)
            case .answered(let status, let body):
                guard (200..<300).contains(status) else {
                    run.note(.connection, "the $connect integration answered \(status), so the connection is not made")
                    return WebSocketConnectResult(outcome: .refused(GatewayResponse(status: status, body: body ?? "")), run: run)
                }
            }
        } else {
            run.note(.integration, "no $connect route integration: the connection is made at once")
        }
        let connection = WebSocketConnection(connectionId: connectionId, api: deployed.api.name, stage: deployed.stage.stageName,
                                             connectedAt: now, lastActiveAt: now, sourceIp: upgrade.sourceIp,
                                             userAgent: upgrade.headers.value(for: "User-Agent"), headers: upgrade.headers,
                                             query: upgrade.query, authorizer: event.authorizer, domainName: event.domainName)
        state.storeWebSocketConnection(WebSocketConnections.Entry(connection: connection, link: link))
        run.note(.connection, "connection \(connectionId) is open")
        return WebSocketConnectResult(outcome: .accepted, run: run)
    }

    /// The HTTP answer to a refused upgrade: the status with REST's message bodies (our
    /// reading: AWS documents the status only, "the client will receive a 401 or 403 response").
    static func refusal(_ status: Int) -> GatewayResponse {
        let message = switch status {
        case 401: "Unauthorized"
        case 403: "Forbidden"
        default: "Internal server error"
        }
        return GatewayResponse(status: status, headers: [HTTPHeader("Content-Type", "application/json")], body: #"{"message":"\#(message)"}"#)
    }

    // MARK: Messages

    /// Routes one message from the client and runs its route (DG: websocket-api-develop-routes).
    /// Frames for the client (a two-way route's response, an error message) go through the
    /// connection's link and are listed in the returned run.
    public func receive(_ frame: WebSocketFrame, from connectionId: String, at endpoint: Endpoint,
                        ids: inout IdentifierGenerator) async throws(Failure) -> WebSocketRun {
        let (deployed, api) = try stage(endpoint)
        let environment = gateway.environment
        let state = environment.state[deployed]
        let now = environment.clock.now()
        var run = WebSocketRun(connectionId: connectionId)
        guard let connection = state.touchWebSocketConnection(connectionId, at: now),
              let link = state.webSocketConnection(connectionId)?.link else {
            run.note(.connection, "connection \(connectionId) is not open: the message is dropped")
            return run
        }
        let text: String?
        switch frame {
        case .text(let value): text = value
        case .binary: text = nil
        }
        // Non-JSON messages go to $default (DG: websocket-api-develop-routes).
        let isJSON = text.map { (try? JSONValueParser.parse($0)) != nil } ?? false
        let selected: String
        if isJSON, let text {
            let key = api.routeSelection.evaluate(in: SelectionSource(body: text))
            if api.routes[key] != nil, key != "$connect", key != "$disconnect" {
                selected = key
                run.note(.routeSelection, "\(api.routeSelection.source) → '\(key)': route '\(key)'")
            } else {
                selected = "$default"
                run.note(.routeSelection, "\(api.routeSelection.source) → '\(key)', which no route has: $default")
            }
        } else {
            selected = "$default"
            run.note(.routeSelection, "the message is not JSON, so it goes to $default")
        }
        let requestId = ids.apigwID()
        guard let route = api.routes[selected] else {
            // No matching route and no $default: API Gateway answers the client with a
            // Forbidden message (observed: aws-samples/simple-websockets-chat-app issue 24,
            // `{"message": "Forbidden", "connectionId":"…", "requestId":"…"}`).
            run.note(.routeSelection, "the API has no $default route, so API Gateway answers Forbidden")
            let reply = WebSocketFrame.text(Self.errorMessage("Forbidden", connectionId: connectionId, requestId: requestId))
            link.send(reply)
            run.replies.append(reply)
            return run
        }
        run.routeKey = selected
        let event = makeEvent(.message, routeKey: selected, deployed: deployed, endpoint: endpoint, now: now, ids: &ids,
                              connection: (connectionId, connection.connectedAt, connection.sourceIp, connection.userAgent, connection.authorizer),
                              requestId: requestId, domainName: connection.domainName)
        guard let integration = route.integration else {
            run.note(.integration, "route '\(selected)' has no integration: nothing runs")
            return run
        }
        let call = WebSocketIntegrationCall(prepared: integration, environment: environment)
        let body = text ?? Base64.encode(frame.bytes)
        switch await call.run(event: event, input: .init(body: body, frame: frame, upgrade: nil), run: &run) {
        case .failed:
            // The client is told, as API Gateway tells it (observed: the same message form,
            // "Internal server error").
            let reply = WebSocketFrame.text(Self.errorMessage("Internal server error", connectionId: connectionId, requestId: requestId))
            link.send(reply)
            run.replies.append(reply)
            run.note(.routeResponse, "the integration failed: the client gets Internal server error")
        case .answered(_, let body):
            guard route.isTwoWay else {
                run.note(.routeResponse, "route '\(selected)' has no route response (one-way): nothing is sent back")
                return run
            }
            guard let body, !body.isEmpty else {
                run.note(.routeResponse, "route response $default: the integration gave no body, so nothing is sent")
                return run
            }
            let reply = WebSocketFrame.text(body)
            link.send(reply)
            state.noteSentToWebSocketConnection(connectionId, at: now)
            run.replies.append(reply)
            run.note(.routeResponse, "route response $default: sent \(body.utf8.count) bytes to the client")
        }
        return run
    }

    /// API Gateway's error message to a client, spaced as AWS writes it.
    static func errorMessage(_ message: String, connectionId: String, requestId: String) -> String {
        #"{"message": "\#(message)", "connectionId":"\#(connectionId)", "requestId":"\#(requestId)"}"#
    }

    // MARK: $disconnect

    /// Removes the connection and runs `$disconnect`, best effort (DG:
    /// apigateway-websocket-api-route-keys-connect-disconnect): its answer goes nowhere.
    /// `statusCode` 1005 when the client's close frame had none.
    public func disconnect(_ connectionId: String, at endpoint: Endpoint, statusCode: Int?, reason: String?,
                           ids: inout IdentifierGenerator) async throws(Failure) -> WebSocketRun {
        let (deployed, api) = try stage(endpoint)
        let environment = gateway.environment
        var run = WebSocketRun(connectionId: connectionId, routeKey: "$disconnect")
        guard let entry = environment.state[deployed].removeWebSocketConnection(connectionId) else {
            run.note(.connection, "connection \(connectionId) was not open")
            return run
        }
        run.note(.connection, "connection \(connectionId) closed (\(statusCode.map(String.init) ?? "no status"))")
        let connection = entry.connection
        var event = makeEvent(.disconnect, routeKey: "$disconnect", deployed: deployed, endpoint: endpoint, now: environment.clock.now(), ids: &ids,
                              connection: (connectionId, connection.connectedAt, connection.sourceIp, connection.userAgent, connection.authorizer),
                              domainName: connection.domainName)
        // With no status in the close frame, AWS reports 1005 and says why (the fixture
        // example-apigw-websocket-request-disconnect-route.json of aws-lambda-rust-runtime).
        event.disconnectStatusCode = statusCode ?? 1005
        event.disconnectReason = statusCode == nil ? "Client-side close frame status not set" : (reason ?? "")
        guard let route = api.routes["$disconnect"], let integration = route.integration else {
            run.note(.integration, "no $disconnect route integration: nothing runs")
            return run
        }
        let call = WebSocketIntegrationCall(prepared: integration, environment: environment)
        _ = await call.run(event: event, input: .init(body: "", frame: nil, upgrade: nil), run: &run)
        return run
    }

    // MARK: Events

    private func makeEvent(_ type: WebSocketEvent.EventType, routeKey: String, deployed: DeployedStage, endpoint: Endpoint, now: Date,
                           ids: inout IdentifierGenerator,
                           connection: (id: String, connectedAt: Date, sourceIp: String, userAgent: String?, authorizer: WebSocketAuthorizerResult?),
                           requestId: String? = nil, domainName: String? = nil) -> WebSocketEvent {
        let requestId = requestId ?? ids.apigwID()
        return WebSocketEvent(
            eventType: type, routeKey: routeKey, messageId: type == .message ? ids.apigwID() : nil, requestId: requestId,
            requestTime: HTTPDate.commonLogFormat(now), requestTimeEpoch: Self.milliseconds(now), stage: deployed.stage.stageName,
            apiId: deployed.facts.apiId, domainName: domainName ?? endpoint.customDomainName ?? deployed.facts.host,
            connectionId: connection.id, connectedAt: Self.milliseconds(connection.connectedAt), sourceIp: connection.sourceIp,
            userAgent: connection.userAgent, authorizer: connection.authorizer,
            stageVariables: deployed.stageVariables, traceId: ids.traceID(epochSeconds: Int64(now.timeIntervalSince1970)))
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
