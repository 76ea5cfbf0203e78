import Foundation

/// The open connections of a WebSocket API stage, by connection id, with API Gateway's two
/// limits: a connection closes after 10 minutes without traffic and after 2 hours in all (DG:
/// limits, "API Gateway quotas for configuring and running a WebSocket API": idle connection
/// timeout 10 minutes, connection duration 2 hours).
public struct ConnectionRegistry: Sendable, Equatable {
    public struct Connection: Sendable, Equatable {
        public let connectionId: String
        /// Wall-clock time of `$connect`, for `@connections` GET's `connectedAt`.
        public let connectedAt: Date
        public let opened: GatewayInstant
        public fileprivate(set) var lastActive: GatewayInstant
        public let sourceIp: String
        public let userAgent: String?
    }

    public static let idleTimeout: Duration = .seconds(600)
    public static let maximumDuration: Duration = .seconds(7_200)

    /// At most this many connections are kept; opening one more is refused.
    public let capacity: Int
    private var connections: [String: Connection] = [:]

    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    public var count: Int { connections.count }

    /// Registers a new connection; false when the id is taken or the registry is full.
    public mutating func open(_ connectionId: String, connectedAt: Date, at instant: GatewayInstant,
                              sourceIp: String, userAgent: String?) -> Bool {
        guard connections[connectionId] == nil, connections.count < capacity else { return false }
        connections[connectionId] = Connection(connectionId: connectionId, connectedAt: connectedAt, opened: instant,
                                               lastActive: instant, sourceIp: sourceIp, userAgent: userAgent)
        return true
    }

    /// The connection if it is still open at `instant`; one past either limit is removed.
    public mutating func connection(_ connectionId: String, at instant: GatewayInstant) -> Connection? {
        guard let connection = connections[connectionId] else { return nil }
        guard Self.isOpen(connection, at: instant) else {
            connections[connectionId] = nil
            return nil
        }
        return connection
    }

    /// Records traffic on a connection (it resets the idle timeout); false when it is closed.
    public mutating func touch(_ connectionId: String, at instant: GatewayInstant) -> Bool {
        guard connection(connectionId, at: instant) != nil else { return false }
        connections[connectionId]?.lastActive = instant
        return true
    }

    /// Closes a connection; returns it when it was open.
    @discardableResult
    public mutating func close(_ connectionId: String) -> Connection? {
        connections.removeValue(forKey: connectionId)
    }

    /// Removes every connection past a limit at `instant` and returns their ids, sorted (the
    /// `$disconnect` events the gateway owes).
    public mutating func expire(at instant: GatewayInstant) -> [String] {
        let expired = connections.values.filter { !Self.isOpen($0, at: instant) }.map(\.connectionId).sorted()
        for id in expired { connections[id] = nil }
        return expired
    }

    private static func isOpen(_ connection: Connection, at instant: GatewayInstant) -> Bool {
        instant.duration(since: connection.lastActive) < idleTimeout && instant.duration(since: connection.opened) < maximumDuration
    }
}
