import NIOCore

/// Keeps a connection's async writer until the connection's pipeline is torn down, then
/// finishes it.
///
/// SwiftNIO's async server API can accept a connection while the server shuts down and then
/// drop it without the accept loop ever taking it (apple/swift-nio#2637): its writer, released
/// unfinished, traps ("Deinited NIOAsyncWriter without calling finish()") and takes `portico
/// serve` down with it at Ctrl-C. Held here, that writer outlives the dropped value; finished
/// here, it ends as a closed connection. A connection Hummingbird served has had its writer
/// finished already, and finishing again does nothing.
final class UnservedConnectionGuard<Element: Sendable>: ChannelInboundHandler, RemovableChannelHandler {
    /// Whatever reaches the end of the pipeline passes by untouched.
    typealias InboundIn = NIOAny

    private let writer: NIOAsyncChannelOutboundWriter<Element>

    init(writer: NIOAsyncChannelOutboundWriter<Element>) {
        self.writer = writer
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        writer.finish()
    }
}
