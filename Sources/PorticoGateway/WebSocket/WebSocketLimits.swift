/// The limits API Gateway applies to a WebSocket connection (DG:
/// apigateway-execution-service-websocket-limits-table): "WebSocket frame size 32 KB",
/// "Message payload size 128 KB" (a larger frame or message closes the connection with 1009),
/// "Idle Connection Timeout 10 minutes", "Connection duration for WebSocket API 2 hours".
/// AWS does not let an API change them; Portico lets `serve` shorten the two timeouts
/// (`--websocket-idle-timeout`, `--websocket-max-duration`) so a test or a reader can watch
/// them act without waiting ten minutes.
public struct WebSocketLimits: Sendable, Equatable {
    /// The largest frame a client may send.
    public var maximumFrameBytes: Int
    /// The largest message (its frames together) a client may send.
    public var maximumMessageBytes: Int
    /// A connection with no data frame either way for this long is closed. Only data frames
    /// count: API Gateway ignores ping and pong for idleness (observed:
    /// andyrichardson/subscriptionless issue 3, "API Gateway does not support WebSocket protocol
    /// level ping/pong … no message is sent on the socket for the defined duration (direction
    /// agnostic), API Gateway will close the socket").
    public var idleTimeout: Duration
    /// A connection is closed this long after it opened, whatever its traffic.
    public var maximumDuration: Duration

    public init(maximumFrameBytes: Int = 32 * 1024, maximumMessageBytes: Int = 128 * 1024,
                idleTimeout: Duration = .seconds(600), maximumDuration: Duration = .seconds(7_200)) {
        self.maximumFrameBytes = maximumFrameBytes
        self.maximumMessageBytes = maximumMessageBytes
        self.idleTimeout = idleTimeout
        self.maximumDuration = maximumDuration
    }

    /// AWS's values.
    public static let aws = WebSocketLimits()

    /// Why the gateway closes a connection, with the close frame it sends.
    public enum Closure: Sendable, Equatable {
        case tooBig, idle, expired

        /// The close code: 1009 for a frame or message over the limits (DG:
        /// apigateway-execution-service-websocket-limits-table, "the connection is closed with
        /// code 1009"); 1001 "Going away" when a timeout ends it. AWS documents no code for
        /// the timeouts; 1001 is RFC 6455's code for a server ending a connection (section
        /// 7.4.1), and the one clients of API Gateway report after ten idle minutes.
        public var code: UInt16 {
            switch self {
            case .tooBig: 1009
            case .idle, .expired: 1001
            }
        }

        public var reason: String {
            switch self {
            case .tooBig: "Message too big"
            case .idle, .expired: "Going away"
            }
        }
    }
}
