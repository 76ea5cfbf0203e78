import Foundation

extension WebSocketGateway {
    /// A connection a limit ended: which, why, and its `$disconnect`.
    public struct Expired: Sendable {
        public var connectionId: String
        public var closure: WebSocketLimits.Closure
        public var run: WebSocketRun
    }

    /// Closes the stage's connections that the timeouts of `limits` have ended by the
    /// gateway clock's now (DG: apigateway-execution-service-websocket-limits-table: idle
    /// connection timeout, connection duration), as `serve`'s timers do on a real clock: the
    /// client gets a close frame (1001 Going away) and `$disconnect` runs with that code. A
    /// site build calls it when a page's clock moves (`@wait`), so a page can show a timeout
    /// the same on every build.
    public func expireConnections(at endpoint: Endpoint, limits: WebSocketLimits,
                                  ids: inout IdentifierGenerator) async -> [Expired] {
        guard let deployed = (try? stage(endpoint))?.0 else { return [] }
        let now = gateway.environment.clock.now()
        var expired: [Expired] = []
        for entry in gateway.environment.state[deployed].webSocketConnectionEntries {
            let connection = entry.connection
            let lastTraffic = max(connection.lastActiveAt, connection.lastSentAt ?? connection.lastActiveAt)
            let closure: WebSocketLimits.Closure
            if now.timeIntervalSince(connection.connectedAt) >= Self.seconds(limits.maximumDuration) {
                closure = .expired
            } else if now.timeIntervalSince(lastTraffic) >= Self.seconds(limits.idleTimeout) {
                closure = .idle
            } else {
                continue
            }
            entry.link.close(code: closure.code, reason: closure.reason)
            guard var run = try? await disconnect(connection.connectionId, at: endpoint, statusCode: Int(closure.code), reason: closure.reason, ids: &ids) else { continue }
            run.trace.insert(WebSocketTraceEntry(.connection, closure == .idle
                ? "no data frame either way for \(Self.words(limits.idleTimeout)) (the idle connection timeout): closed with \(closure.code) \(closure.reason)"
                : "open for \(Self.words(limits.maximumDuration)) (the maximum connection duration): closed with \(closure.code) \(closure.reason)"), at: 0)
            expired.append(Expired(connectionId: connection.connectionId, closure: closure, run: run))
        }
        return expired
    }

    /// "10 min", "2 h", "1.5 s": a limit in the words a trace uses.
    static func words(_ duration: Duration) -> String {
        let seconds = seconds(duration)
        for (unit, size) in [("h", 3600.0), ("min", 60.0), ("s", 1.0)] where seconds >= size && seconds.truncatingRemainder(dividingBy: size) == 0 {
            return "\(Int(seconds / size)) \(unit)"
        }
        return "\(seconds) s"
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
