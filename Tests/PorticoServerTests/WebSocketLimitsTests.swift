import Foundation
import NIOCore
import PorticoGateway
@testable import PorticoServer
import Testing

/// API Gateway's WebSocket limits over real connections (DG:
/// apigateway-execution-service-websocket-limits-table): 32 KB frames and 128 KB messages (a
/// larger one closes the connection with 1009), a 10-minute idle timeout and a 2-hour
/// connection duration, here shortened through ``WebSocketLimits`` as `serve
/// --websocket-idle-timeout` and `--websocket-max-duration` do.
@Suite("WebSocket limits over real connections", .serialized)
struct WebSocketLimitsTests {
    /// Opens a connection to the test API's `prod` stage and runs `body` with it and its frames.
    static func connected(limits: WebSocketLimits = .aws,
                          _ body: (inout RawHTTPConnection, inout ServerFrames, WebSocketGateway) async throws -> Void) async throws {
        try await WebSocketOverHTTPTests.withServer(limits: limits) { port, webSockets in
            try await RawHTTPConnection.open(port: port) { connection in
                try await connection.send(WebSocketOverHTTPTests.upgrade.replacingOccurrences(of: "%@", with: "ana"))
                #expect(try #require(try await connection.response()).status == 101)
                var frames = ServerFrames(buffer: connection.takeBuffered())
                try await body(&connection, &frames, webSockets)
            }
        }
    }

    /// `{"action": "echo", "pad": "aaa…"}` of exactly `bytes` bytes: routed to the echo route.
    static func echo(bytes: Int) -> [UInt8] {
        let head = Array(#"{"action": "echo", "pad": ""#.utf8), tail = Array(#""}"#.utf8)
        return head + [UInt8](repeating: UInt8(ascii: "a"), count: bytes - head.count - tail.count) + tail
    }

    static func isEcho(_ frame: (opcode: UInt8, payload: [UInt8])?) -> Bool {
        frame?.opcode == 0x1 && String(decoding: frame?.payload ?? [], as: UTF8.self).hasPrefix(#"{"route": "echo", "connection": ""#)
    }

    /// A close frame's payload: the code (big-endian) and the reason.
    static func close(_ code: UInt16, _ reason: String) -> [UInt8] {
        [UInt8(code >> 8), UInt8(code & 0xFF)] + Array(reason.utf8)
    }

    @Test("a frame of exactly 32 KB is routed; one byte more closes the connection with 1009")
    func frameSize() async throws {
        try await Self.connected { connection, frames, webSockets in
            try await connection.sendFrame(Self.echo(bytes: 32_768))
            #expect(Self.isEcho(try await connection.nextFrame(&frames)))
            try await connection.sendFrame(Self.echo(bytes: 32_769))
            let closed = try await connection.nextFrame(&frames)
            #expect(closed?.opcode == 0x8)
            #expect(closed?.payload == Self.close(1009, "Message too big"))
            #expect(try await connection.nextFrame(&frames) == nil)
        }
    }

    @Test("a message of four 32 KB frames (128 KB) is routed; five frames of 30,000 bytes (150,000) close the connection with 1009")
    func messageSize() async throws {
        try await Self.connected { connection, frames, webSockets in
            let whole = Self.echo(bytes: 131_072)
            for index in 0..<4 {
                try await connection.sendFrame(Array(whole[index * 32_768 ..< (index + 1) * 32_768]), opcode: index == 0 ? 0x1 : 0x0, fin: index == 3)
            }
            #expect(Self.isEcho(try await connection.nextFrame(&frames)))
            let big = Self.echo(bytes: 150_000)
            for index in 0..<5 {
                try await connection.sendFrame(Array(big[index * 30_000 ..< (index + 1) * 30_000]), opcode: index == 0 ? 0x1 : 0x0, fin: index == 4)
            }
            let closed = try await connection.nextFrame(&frames)
            #expect(closed?.opcode == 0x8)
            #expect(closed?.payload == Self.close(1009, "Message too big"))
        }
    }

    @Test("messages every 300 ms keep a connection with a 1.5 s idle timeout open for 2.4 s; then, silent, it is closed with 1001 Going away and removed")
    func idle() async throws {
        let limits = WebSocketLimits(idleTimeout: .milliseconds(1_500))
        try await Self.connected(limits: limits) { connection, frames, webSockets in
            let opened = ContinuousClock.now
            for _ in 0..<8 {
                try await Task.sleep(for: .milliseconds(300))
                try await connection.sendFrame(Self.echo(bytes: 40))
                #expect(Self.isEcho(try await connection.nextFrame(&frames)))
            }
            #expect(ContinuousClock.now - opened > .milliseconds(2_400))
            let closed = try await connection.nextFrame(&frames)
            #expect(closed?.opcode == 0x8)
            #expect(closed?.payload == Self.close(1001, "Going away"))
            #expect(try await connection.nextFrame(&frames) == nil)
            for _ in 0..<100 where !webSockets.openConnectionIds(api: "chat", stage: "prod").isEmpty {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(webSockets.openConnectionIds(api: "chat", stage: "prod") == [])
        }
    }

    @Test("pings every 300 ms are answered with pongs but do not count as traffic: a 1 s idle timeout still closes the connection")
    func pingIsNotTraffic() async throws {
        let limits = WebSocketLimits(idleTimeout: .seconds(1))
        try await Self.connected(limits: limits) { connection, frames, _ in
            let opened = ContinuousClock.now
            // Were pings traffic, no close would ever come while they go on.
            for index in 0..<30 {
                try? await connection.sendFrame(Array("p\(index)".utf8), opcode: 0x9)
                let frame = try await connection.nextFrame(&frames)
                if frame?.opcode == 0xA {
                    #expect(frame?.payload == Array("p\(index)".utf8))
                    try await Task.sleep(for: .milliseconds(300))
                    continue
                }
                #expect(frame?.opcode == 0x8)
                #expect(frame?.payload == Self.close(1001, "Going away"))
                #expect(ContinuousClock.now - opened >= .seconds(1))
                return
            }
            Issue.record("no close in 9 s of pings: pings kept the connection from its idle timeout")
        }
    }

    @Test("a connection is closed with 1001 Going away at its maximum duration, however busy it is")
    func maximumDuration() async throws {
        let limits = WebSocketLimits(idleTimeout: .seconds(10), maximumDuration: .milliseconds(600))
        try await Self.connected(limits: limits) { connection, frames, _ in
            let opened = ContinuousClock.now
            var answered = 0
            while true {
                // The close may come while this send is on its way: a failed send is no failure.
                try? await connection.sendFrame(Self.echo(bytes: 40))
                let frame = try await connection.nextFrame(&frames)
                if frame?.opcode == 0x8 {
                    #expect(frame?.payload == Self.close(1001, "Going away"))
                    break
                }
                #expect(Self.isEcho(frame))
                answered += 1
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(answered >= 3)
            #expect(ContinuousClock.now - opened >= .milliseconds(600))
        }
    }
}
