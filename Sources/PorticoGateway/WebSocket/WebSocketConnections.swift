import Foundation

/// The open connections of one deployed stage, kept in its ``StageState`` (they outlive every
/// request: the `@connections` API finds them there). Each entry holds the connection and the
/// link to its client.
struct WebSocketConnections: GatewayStateKey {
    struct Entry: Sendable {
        var connection: WebSocketConnection
        let link: any WebSocketClientLink
    }

    static var initialValue: [String: Entry] { [:] }
}

extension StageState {
    /// The open connection with this id, if there is one.
    func webSocketConnection(_ id: String) -> WebSocketConnections.Entry? {
        slots.update(WebSocketConnections.self) { $0[id] }
    }

    func storeWebSocketConnection(_ entry: WebSocketConnections.Entry) {
        slots.update(WebSocketConnections.self) { $0[entry.connection.connectionId] = entry }
    }

    /// Removes the connection; returns it if it was open.
    @discardableResult
    func removeWebSocketConnection(_ id: String) -> WebSocketConnections.Entry? {
        slots.update(WebSocketConnections.self) { $0.removeValue(forKey: id) }
    }

    /// Marks the connection active now (a message arrived); returns it as it is now.
    func touchWebSocketConnection(_ id: String, at date: Date) -> WebSocketConnection? {
        slots.update(WebSocketConnections.self) { connections in
            connections[id]?.connection.lastActiveAt = date
            return connections[id]?.connection
        }
    }

    /// Records a frame sent to the client now (it counts as traffic for the idle timeout).
    func noteSentToWebSocketConnection(_ id: String, at date: Date) {
        slots.update(WebSocketConnections.self) { $0[id]?.connection.lastSentAt = date }
    }

    /// The open connections, by id.
    var webSocketConnectionEntries: [WebSocketConnections.Entry] {
        slots.update(WebSocketConnections.self) { connections in connections.keys.sorted().compactMap { connections[$0] } }
    }

    /// The ids of the open connections, sorted (for traces and tests).
    var webSocketConnectionIds: [String] {
        slots.update(WebSocketConnections.self) { $0.keys.sorted() }
    }
}
