import PorticoGateway
import Synchronization

/// The gateway the server answers with. `serve` swaps in a new one when the project's
/// definitions change, while requests keep running against the one they started with.
public final class LiveGateway: Sendable {
    private let current: Mutex<Gateway>

    public init(_ gateway: Gateway) {
        current = Mutex(gateway)
    }

    public var gateway: Gateway {
        current.withLock { $0 }
    }

    public func replace(with gateway: Gateway) {
        current.withLock { $0 = gateway }
    }
}
