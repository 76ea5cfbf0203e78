import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 channel with ``GatewayFastPath`` in front of everything (plain gateway
/// requests answered from the socket's bytes) and ``GatewayHTTPHandler`` placed right after
/// NIO's HTTP/1 decoder, where a request still carries its HTTP version (HTTP/1.0 and keep-alive decide
/// how a connection goes on) and has not yet been converted to HTTP types for the router.
/// Hummingbird's `additionalChannelHandlers` would sit after that conversion, which drops the
/// version; everything else (decoder limits, idle handling, the async bridge, the responder)
/// is Hummingbird's own set-up, unchanged.
///
/// ```
///   GatewayFastPath ─▶ HTTPResponseEncoder · HTTPRequestDecoder ─▶ GatewayHTTPHandler ─▶ HTTP1ToHTTPServerCodec
///     ─▶ HTTPConnectionStateHandler ─▶ NIOAsyncChannel (Hummingbird's router)
/// ```
///
/// A secure listener's ``ConnectionSecurity`` then puts its handlers (TLS) in front of
/// `GatewayFastPath`, so the fast path reads the decrypted bytes; the plain listener has none.
struct GatewayHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let live: LiveGateway
    let security: (any ConnectionSecurity)?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let live = self.live
        let security = self.security
        return http1.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(GatewayHTTPHandler(live: live), position: .after(decoder))
            try pipeline.addHandler(GatewayFastPath(live: live), position: .first)
            try pipeline.addHandler(UnservedConnectionGuard(writer: value.outbound))
            try security?.secure(channel)
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with the simulated gateway answered in the channel pipeline (see
    /// ``GatewayHTTP1Channel``). Gateway answers carry only the transcript's headers: the
    /// `serverName` of the application's configuration names the server on its own answers
    /// (site pages, `/_portico/`) only.
    static func http1(gateway live: LiveGateway, security: (any ConnectionSecurity)? = nil,
                      configuration: HTTP1Channel.Configuration = .init()) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            GatewayHTTP1Channel(http1: HTTP1Channel(responder: responder, configuration: configuration), live: live, security: security)
        }
    }
}
