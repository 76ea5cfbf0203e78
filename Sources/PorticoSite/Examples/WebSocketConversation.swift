import PorticoGateway

/// What a ``WebSocketScript`` did, in the order it happened: every frame each way, each
/// close, each `@connections` call, with the trace and function logs of each gateway event.
/// ``WebSocketPanel`` draws it as a transcript and a sequence diagram.
public struct WebSocketConversation: Sendable {
    public var api: String
    public var stage: String
    public var entries: [Entry]

    public enum Entry: Sendable {
        /// A client's upgrade request and what `$connect` made of it.
        case connect(client: String, path: String, headers: [HTTPHeader], outcome: ConnectOutcome, run: WebSocketRun)
        /// A text frame from a client and the gateway event it caused.
        case send(client: String, text: String, run: WebSocketRun)
        /// A frame the gateway sent to a client.
        case received(client: String, frame: WebSocketFrame)
        /// The gateway closed a client's connection with this code and reason.
        case closedByGateway(client: String, code: UInt16, reason: String)
        /// A client closed its connection; `$disconnect` ran.
        case disconnect(client: String, code: UInt16, run: WebSocketRun)
        /// A limit ended a connection; `$disconnect` ran.
        case expired(client: String, closure: WebSocketLimits.Closure, run: WebSocketRun)
        /// An `@connections` call and its answer.
        case manage(method: String, client: String, connectionId: String, body: String, response: GatewayResponse, detail: String)
        /// The page's clock moved on.
        case wait(Duration)
    }

    public enum ConnectOutcome: Sendable, Equatable {
        case accepted(connectionId: String)
        case refused(GatewayResponse)
    }
}
