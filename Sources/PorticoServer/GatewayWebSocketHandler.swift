import NIOCore
import NIOWebSocket
import PorticoGateway

/// One upgraded connection to a WebSocket API: frames in, gateway events out.
///
/// ```
///   socket ─▶ frame decoder (≤ 32 KB) ─▶ aggregator (≤ 128 KB) ─▶ GatewayWebSocketHandler
///                                                                   │ text / binary
///                                                                   ▼ one task, in order
///                                                        WebSocketGateway.receive ─▶ link ─▶ frames out
/// ```
///
/// Messages run in the order they came, one at a time, in one task per connection; the
/// gateway answers through the connection's ``ChannelWebSocketLink``. A close (from the
/// client, or the socket ending) runs `$disconnect` once.
final class GatewayWebSocketHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOWebSocket.WebSocketFrame
    typealias OutboundOut = NIOWebSocket.WebSocketFrame

    enum Event: Sendable {
        case message(PorticoGateway.WebSocketFrame)
        case closed(code: Int?, reason: String?)
    }

    private let events: AsyncStream<Event>.Continuation
    private var isClosed = false

    init(webSockets: WebSocketGateway, endpoint: Endpoint, connectionId: String, seed: UInt64) {
        let (stream, continuation) = AsyncStream<Event>.makeStream()
        events = continuation
        Task {
            var ids = IdentifierGenerator(seed: seed)
            for await event in stream {
                switch event {
                case .message(let frame):
                    _ = try? await webSockets.receive(frame, from: connectionId, at: endpoint, ids: &ids)
                case .closed(let code, let reason):
                    _ = try? await webSockets.disconnect(connectionId, at: endpoint, statusCode: code, reason: reason, ids: &ids)
                    return
                }
            }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            events.yield(.message(.text(frame.unmaskedData.getString(at: frame.unmaskedData.readerIndex, length: frame.unmaskedData.readableBytes) ?? "")))
        case .binary:
            events.yield(.message(.binary(Array(frame.unmaskedData.readableBytesView))))
        case .ping:
            context.writeAndFlush(wrapOutboundOut(NIOWebSocket.WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)), promise: nil)
        case .connectionClose:
            var data = frame.unmaskedData
            let code = data.readInteger(as: UInt16.self)
            let reason = data.readString(length: data.readableBytes)
            // The close handshake: answer with the same code, then end the connection.
            var reply = context.channel.allocator.buffer(capacity: 2)
            if let code { reply.writeInteger(code) }
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(NIOWebSocket.WebSocketFrame(fin: true, opcode: .connectionClose, data: reply))).whenComplete { _ in
                channel.close(promise: nil)
            }
            finish(code: code.map(Int.init), reason: reason)
        default:
            frame.data.clear()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // The socket ended without a close frame: 1006, "abnormal closure" (RFC 6455, 7.1.5).
        finish(code: 1006, reason: "")
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A frame or message over API Gateway's limits closes the connection with 1009
        // (DG: limits); any other protocol error with 1002.
        let code: UInt16
        switch error {
        case NIOWebSocketError.invalidFrameLength, is NIOWebSocketFrameAggregator.Error: code = 1009
        default: code = 1002
        }
        var data = context.channel.allocator.buffer(capacity: 2)
        data.writeInteger(code)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(NIOWebSocket.WebSocketFrame(fin: true, opcode: .connectionClose, data: data))).whenComplete { _ in
            channel.close(promise: nil)
        }
        finish(code: Int(code), reason: "")
    }

    private func finish(code: Int?, reason: String?) {
        guard !isClosed else { return }
        isClosed = true
        events.yield(.closed(code: code, reason: reason))
        events.finish()
    }
}

/// The gateway's way to a client connected over a real socket: frames written from
/// ``GatewayWebSocketHandler``'s place in the pipeline (the handlers behind it are HTTP's and
/// read no frames), on the channel's event loop, from whichever thread the gateway calls.
struct ChannelWebSocketLink: WebSocketClientLink {
    let channel: any Channel

    func send(_ frame: PorticoGateway.WebSocketFrame) {
        let opcode: WebSocketOpcode
        switch frame {
        case .text: opcode = .text
        case .binary: opcode = .binary
        }
        let bytes = frame.bytes
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        write(NIOWebSocket.WebSocketFrame(fin: true, opcode: opcode, data: buffer), thenClose: false)
    }

    func close(code: UInt16, reason: String) {
        var data = channel.allocator.buffer(capacity: 2 + reason.utf8.count)
        data.writeInteger(code)
        data.writeString(reason)
        write(NIOWebSocket.WebSocketFrame(fin: true, opcode: .connectionClose, data: data), thenClose: true)
    }

    private func write(_ frame: NIOWebSocket.WebSocketFrame, thenClose: Bool) {
        let channel = self.channel
        channel.eventLoop.execute {
            guard let context = try? channel.pipeline.syncOperations.context(handlerType: GatewayWebSocketHandler.self) else { return }
            let written = context.writeAndFlush(NIOAny(frame))
            if thenClose { written.whenComplete { _ in channel.close(promise: nil) } }
        }
    }
}
