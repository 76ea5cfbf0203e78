import Foundation
import NIOCore
import NIOPosix
import Testing

/// One TCP connection to the server on 127.0.0.1 that writes bytes exactly as given and reads
/// the answers as they come: what URLSession and Hummingbird's test client cannot send
/// (pipelined requests in one write, HTTP/1.0, a body cut off halfway).
struct RawHTTPConnection {
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var buffer = ByteBuffer()

    /// Connects, runs `body`, and closes the connection.
    static func open<T: Sendable>(port: Int, _ body: (inout RawHTTPConnection) async throws -> T) async throws -> T {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var connection = RawHTTPConnection(inbound: inbound.makeAsyncIterator(), outbound: outbound)
            return try await body(&connection)
        }
    }

    private init(inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.inbound = inbound
        self.outbound = outbound
    }

    /// Sends text as it is; `\n` is not turned into `\r\n`, so requests spell out their CRLFs.
    mutating func send(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    mutating func send(_ bytes: ByteBuffer) async throws {
        try await outbound.write(bytes)
    }

    /// The next response, framed by its Content-Length (none for a HEAD request's answer);
    /// nil when the server closed the connection before sending one.
    mutating func response(toHEAD: Bool = false) async throws -> RawHTTPResponse? {
        while true {
            if let response = try RawHTTPResponse.parse(&buffer, toHEAD: toHEAD) { return response }
            guard var more = try await inbound.next() else { return nil }
            buffer.writeBuffer(&more)
        }
    }

    /// The bodies of the next `count` responses; fewer when the server closes before.
    mutating func bodies(_ count: Int) async throws -> [String] {
        var bodies: [String] = []
        while bodies.count < count, let response = try await response() { bodies.append(response.body) }
        return bodies
    }

    /// Whether the server closes the connection without sending anything more.
    mutating func closesWithoutMore() async throws -> Bool {
        while let more = try await inbound.next() {
            if more.readableBytes > 0 { return false }
        }
        return buffer.readableBytes == 0
    }
}

/// A response as it came over the wire.
struct RawHTTPResponse: Sendable {
    var statusLine: String
    var headers: [(name: String, value: String)]
    var body: String

    var status: Int { Int(statusLine.split(separator: " ")[1]) ?? 0 }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    static func parse(_ buffer: inout ByteBuffer, toHEAD: Bool) throws -> RawHTTPResponse? {
        let bytes = buffer.readableBytesView
        guard let end = bytes.firstRange(of: Array("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: bytes[bytes.startIndex..<end.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let headers = lines.map { line -> (name: String, value: String) in
            let colon = line.firstIndex(of: ":")!
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var response = RawHTTPResponse(statusLine: statusLine, headers: headers, body: "")
        let length = toHEAD ? 0 : try #require(Int(response.header("Content-Length") ?? "0"))
        let headLength = end.upperBound - bytes.startIndex
        guard buffer.readableBytes >= headLength + length else { return nil }
        buffer.moveReaderIndex(forwardBy: headLength)
        response.body = buffer.readString(length: length)!
        return response
    }
}

extension RawHTTPConnection {
    /// What was read past the last response (the first WebSocket frames after a 101).
    mutating func takeBuffered() -> ByteBuffer {
        let rest = buffer
        buffer = ByteBuffer()
        return rest
    }

    /// The next bytes from the server; nil when it closed the connection.
    mutating func nextBytes() async throws -> ByteBuffer? {
        try await inbound.next()
    }
}
