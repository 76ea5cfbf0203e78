import PorticoGateway
import Synchronization

/// The gateway the server answers with. `serve` swaps in a new one when the project's
/// definitions change, while requests keep running against the one they started with.
public final class LiveGateway: Sendable {
    private let current: Mutex<ServedGateway>
    /// Told of every request served over HTTP (the access log); nil: nobody is, and a request
    /// pays one nil check.
    public let observer: (any ServedRequestObserver)?

    /// The limits every WebSocket connection of this server gets (AWS's unless `serve` was
    /// told to shorten its timeouts).
    public let webSocketLimits: WebSocketLimits

    public init(_ gateway: Gateway, webSocketLimits: WebSocketLimits = .aws, observer: (any ServedRequestObserver)? = nil) {
        current = Mutex(ServedGateway(gateway))
        self.webSocketLimits = webSocketLimits
        self.observer = observer
    }

    public var gateway: Gateway {
        current.withLock { $0.gateway }
    }

    /// The gateway with what the server looks up per request, read under the lock once: a
    /// request uses this one snapshot from its first byte to its answer.
    var served: ServedGateway {
        current.withLock { $0 }
    }

    public func replace(with gateway: Gateway) {
        let served = ServedGateway(gateway)
        current.withLock { $0 = served }
    }
}

/// A gateway as one request uses it. A class: a request takes it with one reference, not a
/// copy of every field.
final class ServedGateway: Sendable {
    let gateway: Gateway
    /// Its WebSocket APIs, prepared once per gateway (``WebSocketGateway``).
    let webSockets: WebSocketGateway

    init(_ gateway: Gateway) {
        self.gateway = gateway
        webSockets = WebSocketGateway(gateway: gateway)
    }
}
