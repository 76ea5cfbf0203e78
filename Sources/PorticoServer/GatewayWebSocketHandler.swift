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
/// client, the socket ending, or the gateway's limits) runs `$disconnect` once.
///
/// The two timeouts of ``WebSocketLimits`` are timers on the channel's event loop: one for the
/// whole connection, set once, and one for idleness, which every data frame either way moves
/// on (control frames do not: API Gateway does not count them).
final class GatewayWebSocketHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOWebSocket.WebSocketFrame
    typealias OutboundOut = NIOWebSocket.WebSocketFrame

    enum Event: Sendable {
        case message(PorticoGateway.WebSocketFrame)
        case closed(code: Int?, reason: String?)
    }

    private let events: AsyncStream<Event>.Continuation
    private var isClosed = false
    private let limits: WebSocketLimits
    /// When the last data frame went either way.
    private var lastActivity = NIODeadline.now()
    private var idleTimer: Scheduled<Void>?
    private var durationTimer: Scheduled<Void>?

    init(webSockets: WebSocketGateway, endpoint: Endpoint, connectionId: String, seed: UInt64, limits: WebSocketLimits = .aws) {
        self.limits = limits
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

    func handlerAdded(context: ChannelHandlerContext) {
        lastActivity = .now()
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        durationTimer = context.eventLoop.scheduleTask(in: Self.timeAmount(limits.maximumDuration)) {
            let (handler, context) = bound.value
            handler.close(.expired, context: context)
        }
        scheduleIdleCheck(context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleTimer?.cancel()
        durationTimer?.cancel()
    }

    /// A data frame went one way or the other: the idle timeout starts again.
    func noteActivity() {
        lastActivity = .now()
    }

    /// Checks idleness when the timeout would end after the last activity; traffic since then
    /// moves the check on rather than rescheduling a timer per frame.
    private func scheduleIdleCheck(context: ChannelHandlerContext) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        idleTimer = context.eventLoop.scheduleTask(deadline: lastActivity + Self.timeAmount(limits.idleTimeout)) {
            let (handler, context) = bound.value
            guard !handler.isClosed else { return }
            if NIODeadline.now() - handler.lastActivity >= Self.timeAmount(handler.limits.idleTimeout) {
                handler.close(.idle, context: context)
            } else {
                handler.scheduleIdleCheck(context: context)
            }
        }
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var frame = unwrapInboundIn(data)
        if isClosed {
            // The gateway closed the connection: the client's close frame ends it; the rest is dropped.
            if frame.opcode == .connectionClose { context.close(promise: nil) }
            return
        }
        if frame.opcode == .text || frame.opcode == .binary { noteActivity() }
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
        switch error {
        case NIOWebSocketError.invalidFrameLength, is NIOWebSocketFrameAggregator.Error:
            close(.tooBig, context: context)
        default:
            // Any other protocol error: 1002 (RFC 6455, 7.4.1).
            close(code: 1002, reason: "", context: context)
        }
    }

    /// The gateway ends the connection: a close frame with the limit's code and reason, then
    /// the socket; `$disconnect` gets the same code and reason.
    private func close(_ closure: WebSocketLimits.Closure, context: ChannelHandlerContext) {
        close(code: closure.code, reason: closure.reason, context: context)
    }

    private func close(code: UInt16, reason: String, context: ChannelHandlerContext) {
        guard !isClosed else { return }
        var data = context.channel.allocator.buffer(capacity: 2 + reason.utf8.count)
        data.writeInteger(code)
        data.writeString(reason)
        let channel = context.channel
        // Only the sending half ends at once: the client may still be writing (the rest of a
        // frame too big, say), and a socket closed with unread bytes resets the connection,
        // losing the close frame on its way. What comes in is read and dropped until the
        // client's close frame or end of input, or for a second at most (RFC 6455, 7.1.1:
        // the server closes the TCP connection first, after the close handshake).
        context.writeAndFlush(wrapOutboundOut(NIOWebSocket.WebSocketFrame(fin: true, opcode: .connectionClose, data: data))).whenComplete { _ in
            channel.close(mode: .output, promise: nil)
            channel.eventLoop.scheduleTask(in: .seconds(1)) { channel.close(promise: nil) }
        }
        finish(code: Int(code), reason: reason)
    }

    private func finish(code: Int?, reason: String?) {
        guard !isClosed else { return }
        isClosed = true
        idleTimer?.cancel()
        durationTimer?.cancel()
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
        write(NIOWebSocket.WebSocketFrame(fin: true, opcode: opcode, data: buffer), thenClose: false, isData: true)
    }

    func close(code: UInt16, reason: String) {
        var data = channel.allocator.buffer(capacity: 2 + reason.utf8.count)
        data.writeInteger(code)
        data.writeString(reason)
        write(NIOWebSocket.WebSocketFrame(fin: true, opcode: .connectionClose, data: data), thenClose: true, isData: false)
    }

    private func write(_ frame: NIOWebSocket.WebSocketFrame, thenClose: Bool, isData: Bool) {
        let channel = self.channel
        channel.eventLoop.execute {
            guard let context = try? channel.pipeline.syncOperations.context(handlerType: GatewayWebSocketHandler.self) else { return }
            // A frame to the client is traffic too: the idle timeout is "direction agnostic".
            if isData, let handler = context.handler as? GatewayWebSocketHandler { handler.noteActivity() }
            let written = context.writeAndFlush(NIOAny(frame))
            if thenClose { written.whenComplete { _ in channel.close(promise: nil) } }
        }
    }
}
