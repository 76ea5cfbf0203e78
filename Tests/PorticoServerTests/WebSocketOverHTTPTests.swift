import Diagnostics
import Foundation
import Hummingbird
import NIOCore
import PorticoGateway
import PorticoModel
@testable import PorticoServer
import ServiceLifecycle
import TestSupport
import Testing

extension RawHTTPConnection {
    /// Sends one masked frame, as RFC 6455 requires of a client (section 5.3): FIN set,
    /// `opcode`, the payload masked with a fixed key.
    mutating func sendFrame(_ payload: [UInt8], opcode: UInt8 = 0x1, fin: Bool = true) async throws {
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | opcode]
        let mask: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]
        switch payload.count {
        case ..<126: bytes.append(0x80 | UInt8(payload.count))
        case ..<65_536: bytes += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default: bytes.append(0x80 | 127); bytes += (0..<8).reversed().map { UInt8((payload.count >> (8 * $0)) & 0xFF) }
        }
        bytes += mask
        bytes += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        try await send(ByteBuffer(bytes: bytes))
    }

    mutating func sendText(_ text: String) async throws {
        try await sendFrame(Array(text.utf8))
    }

    /// The next frame the server sends, reading more bytes as needed; nil when it closes first.
    mutating func nextFrame(_ frames: inout ServerFrames) async throws -> (opcode: UInt8, payload: [UInt8])? {
        while true {
            if let frame = frames.next() { return frame }
            guard var more = try await nextBytes() else { return nil }
            frames.buffer.writeBuffer(&more)
        }
    }
}

/// Frames as a server sends them (unmasked), read from what follows a 101 answer.
struct ServerFrames {
    var buffer: ByteBuffer

    /// The next complete frame: opcode and payload; nil when more bytes are needed.
    mutating func next() -> (opcode: UInt8, payload: [UInt8])? {
        let bytes = Array(buffer.readableBytesView)
        guard bytes.count >= 2 else { return nil }
        var length = Int(bytes[1] & 0x7F), offset = 2
        if length == 126 {
            guard bytes.count >= 4 else { return nil }
            length = Int(bytes[2]) << 8 | Int(bytes[3]); offset = 4
        }
        guard bytes.count >= offset + length else { return nil }
        buffer.moveReaderIndex(forwardBy: offset + length)
        return (bytes[0] & 0x0F, Array(bytes[offset..<offset + length]))
    }
}

/// `portico serve`'s gateway with a WebSocket API, over real connections to 127.0.0.1.
@Suite("WebSocket APIs over real connections", .serialized)
struct WebSocketOverHTTPTests {
    static let api = WebSocketEchoProject.api
    static let portico = WebSocketEchoProject.portico

    static func withServer(limits: WebSocketLimits = .aws, _ body: (Int, WebSocketGateway) async throws -> Void) async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(["Site/index.html": "<p>site</p>", "Content/portico.yml": Self.portico,
                        "Content/apis/chat.yaml": api])
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        let server = DocsServer(siteDirectory: root.path + "/Site", gateway: LiveGateway(Gateway(project: project, clock: SystemClock()), webSocketLimits: limits), port: 0)
        try await GatewayConnectionTests.running({ server.makeApplication(onServerRunning: $0) }, body: { port, _ in
            try await body(port, server.gateway.served.webSockets)
        })
    }

    static let upgrade = "GET /_gateway/chat/prod?name=%@ HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"

    @Test("the upgrade runs $connect and answers 101 with RFC 6455's accept value; a message is routed and answered on the socket; a close runs $disconnect")
    func chat() async throws {
        try await Self.withServer { port, webSockets in
            try await RawHTTPConnection.open(port: port) { connection in
                try await connection.send(Self.upgrade.replacingOccurrences(of: "%@", with: "ana"))
                let switched = try #require(try await connection.response())
                #expect(switched.statusLine == "HTTP/1.1 101 Switching Protocols")
                // RFC 6455, section 1.3: this key's accept value is s3pPLMBiTxaQ9kYGzzhZRbK+xOo=.
                #expect(switched.header("Sec-WebSocket-Accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
                #expect(switched.header("Upgrade") == "websocket")

                try await connection.sendText(#"{"action": "echo", "text": "hello"}"#)
                var frames = ServerFrames(buffer: connection.takeBuffered())
                let reply = try await connection.nextFrame(&frames)
                #expect(reply?.opcode == 0x1)
                let text = String(decoding: reply?.payload ?? [], as: UTF8.self)
                let ids = try #require(text.range(of: #"(?<="connection": ")[^"]+"#, options: .regularExpression))
                #expect(text == #"{"route": "echo", "connection": "\#(text[ids])"}"#)
                #expect(webSockets.openConnectionIds(api: "chat", stage: "prod") == [String(text[ids])])

                // A close frame with 1000: the server answers with a close frame and ends the connection.
                try await connection.sendFrame([0x03, 0xE8], opcode: 0x8)
                let close = try await connection.nextFrame(&frames)
                #expect(close?.opcode == 0x8)
                #expect(close?.payload == [0x03, 0xE8])
            }
            // $disconnect ran (best effort, in its own task): the connection is gone.
            for _ in 0..<100 where !webSockets.openConnectionIds(api: "chat", stage: "prod").isEmpty {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(webSockets.openConnectionIds(api: "chat", stage: "prod") == [])
        }
    }

    @Test("a signed POST to /_gateway/chat/prod/@connections/{id} pushes a frame to that client; after close it answers 410")
    func connectionsOverHTTP() async throws {
        try await Self.withServer { port, webSockets in
            let pusher = IAMUser(userName: "pusher", accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                 location: SourceLocation(file: "", line: 0, column: 0))
            func post(_ id: String, _ text: String) -> String {
                let path = "/_gateway/chat/prod/@connections/\(id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id)"
                let signed = SigV4.sign(GatewayRequest(method: "POST", path: path, body: text), host: "127.0.0.1:\(port)", path: path,
                                        credentials: pusher, date: Date())
                return "POST \(path) HTTP/1.1\r\n" + signed.headers.map { "\($0.name): \($0.value)\r\n" }.joined()
                    + "Content-Length: \(text.utf8.count)\r\n\r\n" + text
            }
            var id = ""
            try await RawHTTPConnection.open(port: port) { socket in
                try await socket.send(Self.upgrade.replacingOccurrences(of: "%@", with: "ana"))
                #expect(try #require(try await socket.response()).status == 101)
                id = try #require(webSockets.openConnectionIds(api: "chat", stage: "prod").first)
                let answer = try await RawHTTPConnection.open(port: port) { caller in
                    try await caller.send(post(id, "pushed"))
                    return try await caller.response()
                }
                #expect(answer?.status == 200)
                var frames = ServerFrames(buffer: socket.takeBuffered())
                let pushed = try await socket.nextFrame(&frames)
                #expect(pushed?.opcode == 0x1)
                #expect(pushed?.payload == Array("pushed".utf8))
                try await socket.sendFrame([0x03, 0xE8], opcode: 0x8)
            }
            for _ in 0..<100 where !webSockets.openConnectionIds(api: "chat", stage: "prod").isEmpty {
                try await Task.sleep(for: .milliseconds(10))
            }
            let gone = try await RawHTTPConnection.open(port: port) { caller in
                try await caller.send(post(id, "late"))
                return try await caller.response()
            }
            // KC: 410-gone-api-gateway; x-amzn-ErrorType names the SDKs' GoneException.
            #expect(gone?.status == 410)
            #expect(gone?.header("x-amzn-ErrorType") == "GoneException")
        }
    }

    @Test("a $connect integration that answers 403 refuses the upgrade with that status")
    func refused() async throws {
        try await Self.withServer { port, webSockets in
            try await RawHTTPConnection.open(port: port) { connection in
                try await connection.send(Self.upgrade.replacingOccurrences(of: "%@", with: "mallory"))
                let refused = try #require(try await connection.response())
                #expect(refused.status == 403)
            }
            #expect(webSockets.openConnectionIds(api: "chat", stage: "prod") == [])
        }
    }
}
