import NIOCore
import PorticoGateway

/// Answers plain gateway requests straight from the socket's bytes, ahead of NIO's HTTP/1
/// decoder and encoder: the path a client like curl, wrk or an SDK takes on every request.
///
/// ```
///   socket ─▶ GatewayFastPath ─▶ HTTP/1 decoder ─▶ GatewayHTTPHandler ─▶ … Hummingbird
///               │ plain gateway request                 ▲
///               ▼                                       │ first request that is not:
///     Gateway.start ─▶ answer bytes written             │ handed on, and every byte after it
///               └▶ waiting: reading stops until it is answered
/// ```
///
/// A connection starts here. A request whose head is plain (``PlainRequestHead``) and whose
/// target is the gateway's is read, run and answered with the bytes NIO's encoder would
/// write for the same answer (``GatewayMessages/answerBytes(_:date:isHEAD:allocator:)``).
/// The first request that is anything else (a site page, `/_portico/…`, HTTP/1.0, chunked,
/// `Connection: close`, a head NIO must judge) is handed on with every byte after it, and the
/// connection stays with the decoder and ``GatewayHTTPHandler`` for good. Every answer this
/// handler wrote is in the channel before the first byte it hands on, so answers keep the
/// order of their requests.
///
/// One request runs at a time: one whose integration waits (Lambda, HTTP, S3, Kinesis) stops
/// reading until its answer is written. Reading also stops while the channel is not
/// writable, so a client that sends without reading cannot pile up answers here.
final class GatewayFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private var gateway: ConnectionGateway

    /// Bytes read and not yet taken into a request.
    private var unread: ByteBuffer?
    /// How far into `unread` the end of the head has been looked for.
    private var scanned = 0
    private var isHandedOn = false
    /// A request waits for its integration; nothing more is read or run until it is answered.
    private var isWaiting = false
    private var readRequested = false
    private var needsFlush = false
    private var isActive = true
    /// The shutdown event, kept back while a request waits: Hummingbird, which has seen no
    /// request on this connection, would close it at once.
    private var heldQuiesceEvent: Any?

    init(live: LiveGateway) {
        gateway = ConnectionGateway(live: live)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        gateway.connected(context.channel)
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !isHandedOn else {
            context.fireChannelRead(data)
            return
        }
        var bytes = unwrapInboundIn(data)
        if unread == nil {
            unread = bytes
        } else {
            unread!.writeBuffer(&bytes)
        }
        runReadRequests(context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        guard isHandedOn else {
            // Nothing was passed on: the handlers behind need not hear of it.
            flushAfterThisRound(context)
            return
        }
        flushIfNeeded(context)
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if !isHandedOn, context.channel.isWritable {
            runReadRequests(context)
            flushIfNeeded(context)
            readIfRequested(context)
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        isActive = false
        unread = nil
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard !isHandedOn, event is ChannelShouldQuiesceEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        // No new request begins; one that waits is answered first.
        unread = nil
        heldQuiesceEvent = event
        passOnQuiesceEventWhenIdle(context)
    }

    // MARK: Outbound

    func read(context: ChannelHandlerContext) {
        if !isHandedOn, isWaiting || !context.channel.isWritable {
            readRequested = true
        } else {
            context.read()
        }
    }

    // MARK: Requests

    /// Runs the complete requests read so far, in order, until one waits or one is not plain.
    private func runReadRequests(_ context: ChannelHandlerContext) {
        while !isWaiting, !isHandedOn, heldQuiesceEvent == nil, context.channel.isWritable,
              let buffer = unread, buffer.readableBytes > 0 {
            let end = buffer.withUnsafeReadableBytes { PlainRequestHead.end(in: $0, from: scanned) }
            switch end {
            case .notYet(let scanned):
                self.scanned = scanned
                return
            case .notPlain:
                handOn(context)
                return
            case .found(let length):
                guard let head = buffer.withUnsafeReadableBytes({ PlainRequestHead(UnsafeRawBufferPointer(rebasing: $0[..<length])) }),
                      head.contentLength < GatewayMessages.bodyLimit else {
                    handOn(context)
                    return
                }
                let served = gateway.live.served
                guard case .endpoint(let endpoint, let path)? = GatewayAddress.find(
                    host: head.host, target: GatewayMessages.originForm(head.target), endpoints: served.gateway.endpoints,
                    apiIdHeader: head.fields.value(for: "x-apigw-api-id")), !served.webSockets.isWebSocket(endpoint) else {
                    // A WebSocket API's address (its upgrades, its @connections API) is
                    // GatewayHTTPHandler's.
                    handOn(context)
                    return
                }
                // The whole body must be here before the request runs.
                guard buffer.readableBytes >= length + head.contentLength else { return }
                unread!.moveReaderIndex(forwardBy: length)
                let body = head.contentLength > 0 ? unread!.readSlice(length: head.contentLength) : nil
                if unread!.readableBytes == 0 { unread = nil }
                scanned = 0
                run(head, path: path, body: body, endpoint: endpoint, served: served, context: context)
            }
        }
    }

    private func run(_ head: PlainRequestHead, path: String, body: ByteBuffer?, endpoint: Endpoint, served: ServedGateway,
                     context: ChannelHandlerContext) {
        let request = GatewayMessages.request(head, path: path, body: body)
        let isHEAD = head.method == "HEAD"
        switch gateway.start(request, at: endpoint, on: served) {
        case .answered(let response):
            write(response, isHEAD: isHEAD, context: context)
        case .waiting(let pending):
            isWaiting = true
            let handler = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            ConnectionGateway.finish(pending, on: context.eventLoop, observer: gateway.live.observer) { response in
                let (handler, context) = handler.value
                handler.answerWaiting(with: response, isHEAD: isHEAD, context: context)
            }
        }
    }

    /// The waiting request's answer: written, then the requests read behind it run.
    private func answerWaiting(with response: GatewayResponse, isHEAD: Bool, context: ChannelHandlerContext) {
        isWaiting = false
        guard isActive else { return }
        write(response, isHEAD: isHEAD, context: context)
        runReadRequests(context)
        flushIfNeeded(context)
        passOnQuiesceEventWhenIdle(context)
        readIfRequested(context)
    }

    private func write(_ response: GatewayResponse, isHEAD: Bool, context: ChannelHandlerContext) {
        let bytes = GatewayMessages.answerBytes(response, date: gateway.date(), isHEAD: isHEAD,
                                                allocator: context.channel.allocator)
        context.write(wrapOutboundOut(.byteBuffer(bytes)), promise: nil)
        needsFlush = true
    }

    /// From the first request that is not plain on, the connection is NIO's decoder's: what
    /// was read and not taken goes to it now, and every read after it.
    private func handOn(_ context: ChannelHandlerContext) {
        isHandedOn = true
        flushIfNeeded(context)
        if let rest = unread, rest.readableBytes > 0 {
            unread = nil
            context.fireChannelRead(wrapInboundOut(rest))
            context.fireChannelReadComplete()
        }
        readIfRequested(context)
    }

    private func passOnQuiesceEventWhenIdle(_ context: ChannelHandlerContext) {
        guard let event = heldQuiesceEvent, !isWaiting else { return }
        heldQuiesceEvent = nil
        // Every answer written before the event must leave before Hummingbird closes the
        // connection: an empty write completes once all writes before it have.
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(context.channel.allocator.buffer(capacity: 0))), promise: written)
        needsFlush = false
        written.futureResult.assumeIsolated().whenComplete { _ in context.fireUserInboundEventTriggered(event) }
    }

    /// Answers written while reading leave once the event loop has read every connection that
    /// was ready (a task runs after the round's I/O), not one by one: a client with many
    /// connections is then woken once for several answers rather than once per answer. Waking
    /// wrk's threads was the largest single cost left per request under Benchmarks/serve: the
    /// kernel's share of the server's time fell from 51% to 35% (perf, same load).
    private func flushAfterThisRound(_ context: ChannelHandlerContext) {
        guard needsFlush else { return }
        needsFlush = false
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.eventLoop.execute { bound.value.flush() }
    }

    private func readIfRequested(_ context: ChannelHandlerContext) {
        guard readRequested, isHandedOn || (!isWaiting && context.channel.isWritable) else { return }
        readRequested = false
        context.read()
    }

    private func flushIfNeeded(_ context: ChannelHandlerContext) {
        guard needsFlush else { return }
        needsFlush = false
        context.flush()
    }
}
