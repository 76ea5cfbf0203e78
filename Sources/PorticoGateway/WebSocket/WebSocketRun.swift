/// The steps of one WebSocket event (a `$connect` upgrade, a message, a `$disconnect`), in the
/// order API Gateway takes them, as traces print them.
public enum WebSocketStep: String, Sendable, Codable {
    case endpoint
    case authorization
    case routeSelection = "route-selection"
    case integrationRequest = "integration-request"
    case integration
    case integrationResponse = "integration-response"
    case routeResponse = "route-response"
    case connection
}

/// One line of a WebSocket event's trace: the step and what it decided, in plain words.
public struct WebSocketTraceEntry: Sendable, Equatable, Codable {
    public var step: WebSocketStep
    public var detail: String

    public init(_ step: WebSocketStep, _ detail: String) {
        self.step = step
        self.detail = detail
    }
}

/// What one event did: its trace, what the functions printed, the Lambda events sent, and the
/// frames the gateway sent to the client because of it (route responses and error messages).
public struct WebSocketRun: Sendable {
    public var connectionId: String
    public var routeKey: String?
    public var trace: [WebSocketTraceEntry] = []
    public var logs: [String] = []
    /// The JSON each Lambda function invoked for the event received (authorizer, integration).
    public var functionEvents: [(function: String, event: String)] = []
    /// Frames sent to this client as the event's answer.
    public var replies: [WebSocketFrame] = []

    public init(connectionId: String, routeKey: String? = nil) {
        self.connectionId = connectionId
        self.routeKey = routeKey
    }

    mutating func note(_ step: WebSocketStep, _ detail: String) {
        trace.append(WebSocketTraceEntry(step, detail))
    }
}

/// What became of a `$connect` upgrade request.
public enum WebSocketConnectOutcome: Sendable, Equatable {
    /// The upgrade goes ahead: the connection is open under this id.
    case accepted
    /// The upgrade is refused with this HTTP response (401, 403, 500, or the status a
    /// `$connect` integration answered).
    case refused(GatewayResponse)
}

/// The answer to an upgrade request: the outcome and how it came about.
public struct WebSocketConnectResult: Sendable {
    public var outcome: WebSocketConnectOutcome
    public var run: WebSocketRun
}
