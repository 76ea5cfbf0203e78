import Crypto
import Foundation

/// The server's half of the WebSocket opening handshake (RFC 6455, section 4.2).
public enum WebSocketHandshake {
    /// RFC 6455's GUID, appended to the client's key before hashing.
    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// `Sec-WebSocket-Accept` for a `Sec-WebSocket-Key`: base64 of the SHA-1 of key + GUID.
    public static func acceptValue(for key: String) -> String {
        Data(Insecure.SHA1.hash(data: Data((key.trimmingCharacters(in: .whitespaces) + guid).utf8))).base64EncodedString()
    }

    /// Whether a request head asks for a WebSocket: `GET` with `Upgrade: websocket`, a
    /// `Sec-WebSocket-Key` and version 13 (RFC 6455, section 4.2.1).
    public static func isUpgrade(method: String, headers: [HTTPHeader]) -> Bool {
        method == "GET"
            && headers.value(for: "Upgrade")?.lowercased() == "websocket"
            && headers.value(for: "Sec-WebSocket-Key") != nil
            && headers.value(for: "Sec-WebSocket-Version") == "13"
    }
}
