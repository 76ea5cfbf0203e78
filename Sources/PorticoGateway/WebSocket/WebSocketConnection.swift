import Foundation

/// One client connection to a WebSocket API's stage, as API Gateway keeps it: what `$context`
/// and the Lambda events say of it (`connectionId`, `connectedAt`, the identity of the
/// upgrade request) and what the `@connections` API's GET answers (DG:
/// apigateway-how-to-call-websocket-api-connections: `connectedAt`, `lastActiveAt`, `identity`).
public struct WebSocketConnection: Sendable {
    /// The id API Gateway gives it (16 characters of base64, like `XfGLwFTktjMFsLg=`).
    public let connectionId: String
    public let api: String
    public let stage: String
    /// When the upgrade request arrived (`$context.connectedAt`, epoch milliseconds).
    public let connectedAt: Date
    /// When the client last sent a message (or connected).
    public var lastActiveAt: Date
    /// When the gateway last sent the client a frame (a route response, an `@connections`
    /// POST), if it has: traffic either way keeps a connection from its idle timeout.
    public var lastSentAt: Date? = nil
    /// `$context.identity.sourceIp` of the upgrade request.
    public let sourceIp: String
    /// `$context.identity.userAgent`: the upgrade request's User-Agent, if it sent one.
    public let userAgent: String?
    /// The headers and query string of the upgrade request: the `$connect` event carries
    /// them, and a `$disconnect` route's `$request.header.*` reads them.
    public let headers: [HTTPHeader]
    public let query: [(name: String, value: String)]
    /// What the `$connect` authorizer returned (`principalId` and its `context`), kept for
    /// every later event of the connection (DG: apigateway-websocket-api-lambda-auth: the
    /// authorizer runs once, on `$connect`).
    public var authorizer: WebSocketAuthorizerResult?
    /// The host the client connected to: `$context.domainName`.
    public let domainName: String
}

/// A Lambda authorizer's principal and context, as later events of the connection carry them.
public struct WebSocketAuthorizerResult: Sendable, Equatable {
    public var principalId: String
    public var context: [(key: String, value: String)]

    public static func == (lhs: WebSocketAuthorizerResult, rhs: WebSocketAuthorizerResult) -> Bool {
        lhs.principalId == rhs.principalId && lhs.context.map(\.key) == rhs.context.map(\.key) && lhs.context.map(\.value) == rhs.context.map(\.value)
    }
}

/// The gateway's way to the client at the other end of a connection: a WebSocket channel in
/// `serve`, a recorder in tests and site builds. The gateway core knows nothing of sockets.
public protocol WebSocketClientLink: Sendable {
    /// Sends one data frame: text when the bytes were text (UTF-8), binary otherwise.
    func send(_ frame: WebSocketFrame)
    /// Closes the connection with a close code (1000 normal, 1001 going away, 1009 too big).
    func close(code: UInt16, reason: String)
}

/// A data frame, as API Gateway sends it to a client.
public enum WebSocketFrame: Sendable, Equatable {
    case text(String)
    case binary([UInt8])

    public var bytes: [UInt8] {
        switch self {
        case .text(let text): Array(text.utf8)
        case .binary(let bytes): bytes
        }
    }
}
