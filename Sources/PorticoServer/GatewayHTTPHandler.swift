import NIOCore
import NIOHTTP1
import NIOWebSocket
import PorticoGateway

/// Answers the simulated gateway's requests in the channel pipeline, on the event loop that
/// read them; every other request goes on to Hummingbird untouched.
///
/// ```
///   socket ─▶ HTTP/1 decoder ─▶ GatewayHTTPHandler ─▶ HTTP types codec ─▶ Hummingbird (site, /_portico/…)
///                                  │ gateway request
///                                  ▼
///                   Gateway.start ─▶ answered: head, body, end written here
///                                  └▶ waiting (Lambda, HTTP, S3, Kinesis): finished in a task,
///                                     written back on this event loop
/// ```
///
/// A MOCK request (and any request answered before its integration) thus costs no task, no
/// async stream and no conversion to HTTP types. Answers leave in request order
/// (``ResponseOrder``), also when a client pipelines gateway and site requests: a site request
/// behind an unanswered gateway request is held (and reading paused) until that one is
/// answered, so Hummingbird never answers ahead of it.
final class GatewayHTTPHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// Reading stops while this many requests wait for their answers to be written.
    static let maximumWaitingAnswers = 32

    private var gateway: ConnectionGateway
    private var order = ResponseOrder()
    private var reading = Reading.idle
    /// Parts read while a site request had to wait, in the order they came.
    private var held = CircularBuffer<HTTPServerRequestPart>()
    private var readRequested = false
    private var needsFlush = false
    /// Parts passed on since the last read-complete: Hummingbird's async bridge delivers
    /// what it was given at a read-complete, so parts replayed outside a read need one.
    private var passedOnSinceReadComplete = false
    private var isReplaying = false
    /// The end of the last answer written, while the server shuts down: the connection is
    /// closed only after it has gone out.
    private var lastAnswerWritten: EventLoopFuture<Void>?
    private var isActive = true
    /// No new request begins once the server is shutting down.
    private var isQuiescing = false
    /// The shutdown event, kept back from Hummingbird while gateway answers are owed: its
    /// connection handler would otherwise close the connection under them.
    private var heldQuiesceEvent: Any?

    /// What the bytes being read belong to.
    private enum Reading {
        case idle
        /// A site request, passed on part by part.
        case site
        /// A gateway request whose body is being collected.
        case gateway(RequestInProgress)
        /// A gateway request answered before its end (403, 413): the rest of its body is dropped.
        case discarding(thenClose: Bool)
        /// The connection closes: nothing more is read into requests.
        case closing
    }

    private struct RequestInProgress {
        let number: UInt64
        let head: HTTPRequestHead
        let served: ServedGateway
        let endpoint: Endpoint
        let path: String
        var body: ByteBuffer?
    }

    init(live: LiveGateway) {
        gateway = ConnectionGateway(live: live)
    }

    // MARK: Inbound

    func handlerAdded(context: ChannelHandlerContext) {
        gateway.connected(context.channel)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if held.isEmpty, accept(part, context: context) { return }
        held.append(part)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded(context)
        passedOnSinceReadComplete = false
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        isActive = false
        reading = .closing
        held.removeAll()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        isQuiescing = true
        if case .idle = reading { reading = .closing }
        heldQuiesceEvent = event
        passOnQuiesceEventWhenNoGatewayAnswerIsOwed(context)
    }

    /// Takes one part; false when it must wait (a site request's head behind an unanswered
    /// gateway request), and then so must every part after it.
    private func accept(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) -> Bool {
        switch (reading, part) {
        case (.closing, _):
            return true
        case (.idle, .head(let head)):
            return begin(head, context: context)
        case (.site, .head), (.gateway, .head), (.discarding, .head):
            // A head inside a request: NIO's decoder never reads one; end the connection.
            reading = .closing
            context.close(promise: nil)
        case (.site, .body), (.site, .end):
            if case .end = part { reading = .idle }
            passOn(part, context: context)
        case (.gateway(var request), .body(var bytes)):
            // Out of `reading` while it grows, so the body's storage has one owner and is not
            // copied on every part.
            reading = .idle
            if (request.body?.readableBytes ?? 0) + bytes.readableBytes > GatewayMessages.bodyLimit {
                reading = .discarding(thenClose: !request.head.isKeepAlive)
                answer(request.number, with: .requestTooLong, to: request.head, context: context)
                return true
            }
            if request.body == nil {
                request.body = bytes
            } else {
                request.body!.writeBuffer(&bytes)
            }
            reading = .gateway(request)
        case (.gateway(let request), .end):
            reading = request.head.isKeepAlive && !isQuiescing ? .idle : .closing
            if request.served.webSockets.isWebSocket(request.endpoint), request.path.hasPrefix("/@connections/") {
                manageConnection(request, context: context)
            } else if request.served.webSockets.isWebSocket(request.endpoint) {
                // A WebSocket API's address: the upgrade runs $connect; nothing else is read
                // on this connection as HTTP.
                reading = .closing
                upgrade(request, context: context)
            } else {
                run(request, context: context)
            }
        case (.discarding(let thenClose), .end):
            reading = thenClose || isQuiescing ? .closing : .idle
        case (.discarding, .body), (.idle, .body), (.idle, .end):
            break
        }
        return true
    }

    private func begin(_ head: HTTPRequestHead, context: ChannelHandlerContext) -> Bool {
        if isQuiescing {
            reading = .closing
            return true
        }
        // One snapshot of the live gateway serves the whole request.
        let served = gateway.live.served
        let target = GatewayMessages.originForm(head.uri)
        let endpoints = served.gateway.endpoints
        guard let address = GatewayAddress.find(host: GatewayMessages.host(head.headers, endpoints: endpoints),
                                                target: target, endpoints: endpoints, apiIdHeader: head.headers.first(name: "x-apigw-api-id")) else {
            guard order.unanswered == 0 else { return false }
            order.appendSite()
            reading = .site
            passOn(.head(head), context: context)
            return true
        }
        let number = order.appendGateway()
        switch address {
        case .endpoint(_, _) where GatewayMessages.declaresTooLongBody(head.headers):
            // Refused before a byte of the body is kept; the body is read and dropped.
            reading = .discarding(thenClose: !head.isKeepAlive)
            answer(number, with: .requestTooLong, to: head, context: context)
        case .endpoint(let endpoint, let path):
            reading = .gateway(RequestInProgress(number: number, head: head, served: served, endpoint: endpoint, path: path))
        case .forbidden:
            reading = .discarding(thenClose: !head.isKeepAlive)
            answer(number, with: .forbidden, to: head, context: context)
        case .notFound:
            reading = .discarding(thenClose: !head.isKeepAlive)
            answer(number, with: .httpNotFound, to: head, context: context)
        }
        return true
    }

    private func passOn(_ part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        passedOnSinceReadComplete = true
        context.fireChannelRead(wrapInboundOut(part))
    }

    /// Runs the request as far as it goes here; a stage that must wait finishes in a task.
    private func run(_ request: RequestInProgress, context: ChannelHandlerContext) {
        let gatewayRequest = GatewayMessages.request(request.head, path: request.path, body: request.body)
        switch gateway.start(gatewayRequest, at: request.endpoint, on: request.served) {
        case .answered(let response):
            answer(request.number, with: response, to: request.head, context: context)
        case .waiting(let pending):
            let handler = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let number = request.number, head = request.head
            ConnectionGateway.finish(pending, on: context.eventLoop, observer: gateway.live.observer) { response in
                let (handler, context) = handler.value
                guard handler.isActive else { return }
                handler.answer(number, with: response, to: head, context: context)
                handler.flushIfNeeded(context)
            }
        }
    }

    // MARK: WebSocket upgrades

    /// Runs `$connect` for an upgrade request to a WebSocket API (in a task: its authorizer and
    /// integration may call out), then either answers the refusal like any gateway answer or
    /// writes `101 Switching Protocols` and hands the connection to ``GatewayWebSocketHandler``,
    /// removing every HTTP handler (DG: apigateway-websocket-api-route-keys-connect-disconnect:
    /// "Until execution of the integration associated with the $connect route is completed,
    /// the upgrade request is pending"). A request that is not an upgrade is answered 426.
    private func upgrade(_ request: RequestInProgress, context: ChannelHandlerContext) {
        let headers = request.head.headers.map { HTTPHeader($0.name, $0.value) }
        guard WebSocketHandshake.isUpgrade(method: request.head.method.rawValue, headers: headers),
              let key = headers.value(for: "Sec-WebSocket-Key") else {
            // Our reading: the WebSocket endpoint refuses a plain HTTP request as RFC 6455
            // servers do, 426 Upgrade Required (AWS documents no answer for it).
            answer(request.number, with: GatewayResponse(status: 426, headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Upgrade", "websocket")],
                                                         body: #"{"message":"Upgrade Required"}"#), to: request.head, context: context)
            return
        }
        let query = request.path.firstIndex(of: "?").map { String(request.path[request.path.index(after: $0)...]) }
        let sourceIp = context.channel.remoteAddress?.ipAddress ?? "127.0.0.1"
        let upgrade = WebSocketUpgrade(headers: headers, rawQuery: query, sourceIp: sourceIp)
        let webSockets = request.served.webSockets, endpoint = request.endpoint
        let link = ChannelWebSocketLink(channel: context.channel)
        let handler = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let number = request.number, head = request.head
        let seed = UInt64.random(in: .min ... .max)
        let loop = context.eventLoop
        Task {
            var ids = IdentifierGenerator(seed: seed)
            let result = try? await webSockets.connect(upgrade, at: endpoint, link: link, ids: &ids)
            loop.execute {
                let (handler, context) = handler.value
                guard handler.isActive else { return }
                switch result?.outcome {
                case .accepted?:
                    handler.switchProtocols(head: head, key: key, connectionId: result!.run.connectionId, webSockets: webSockets,
                                            endpoint: endpoint, seed: seed &+ 1, context: context)
                case .refused(let response)?:
                    handler.answer(number, with: response, to: head, context: context)
                    handler.flushIfNeeded(context)
                case nil:
                    handler.answer(number, with: .forbidden, to: head, context: context)
                    handler.flushIfNeeded(context)
                }
            }
        }
    }

    /// A call to the stage's `@connections` API (``WebSocketGateway/manageConnection(_:at:ids:)``),
    /// answered like any gateway answer.
    private func manageConnection(_ request: RequestInProgress, context: ChannelHandlerContext) {
        let gatewayRequest = GatewayMessages.request(request.head, path: request.path, body: request.body)
        let webSockets = request.served.webSockets, endpoint = request.endpoint
        let handler = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let number = request.number, head = request.head, loop = context.eventLoop
        let seed = UInt64.random(in: .min ... .max)
        Task {
            var ids = IdentifierGenerator(seed: seed)
            let answer = await webSockets.manageConnection(gatewayRequest, at: endpoint, ids: &ids)
            loop.execute {
                let (handler, context) = handler.value
                guard handler.isActive else { return }
                handler.answer(number, with: answer.response, to: head, context: context)
                handler.flushIfNeeded(context)
            }
        }
    }

    private func switchProtocols(head: HTTPRequestHead, key: String, connectionId: String, webSockets: WebSocketGateway,
                                 endpoint: Endpoint, seed: UInt64, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Connection", value: "Upgrade")
        headers.add(name: "Upgrade", value: "websocket")
        headers.add(name: "Sec-WebSocket-Accept", value: WebSocketHandshake.acceptValue(for: key))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .switchingProtocols, headers: headers))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        let limits = gateway.live.webSocketLimits
        do {
            let pipeline = context.pipeline.syncOperations
            let decoder = try pipeline.context(handlerType: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandlers([
                ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: limits.maximumFrameBytes)),
                WebSocketFrameEncoder(),
                NIOWebSocketFrameAggregator(minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1 << 16,
                                            maxAccumulatedFrameSize: limits.maximumMessageBytes),
                GatewayWebSocketHandler(webSockets: webSockets, endpoint: endpoint, connectionId: connectionId, seed: seed, limits: limits),
            ], position: .after(decoder.handler))
            pipeline.removeHandler(context: decoder, promise: nil)
            if let encoder = try? pipeline.context(handlerType: HTTPResponseEncoder.self) { pipeline.removeHandler(context: encoder, promise: nil) }
            if let fastPath = try? pipeline.context(handlerType: GatewayFastPath.self) { pipeline.removeHandler(context: fastPath, promise: nil) }
            pipeline.removeHandler(context: context, promise: nil)
        } catch {
            context.close(promise: nil)
        }
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
        // Hummingbird finished a site answer: gateway answers queued behind it may go now.
        if case .end = unwrapOutboundIn(data), order.siteAnswerWritten() {
            writeAnswersInOrder(context)
            flushIfNeeded(context)
        }
    }

    func read(context: ChannelHandlerContext) {
        if readingPaused {
            readRequested = true
        } else {
            context.read()
        }
    }

    /// Backpressure: a client that sends requests faster than they are answered waits.
    private var readingPaused: Bool {
        !held.isEmpty || order.count >= Self.maximumWaitingAnswers
    }

    // MARK: Answers

    private func answer(_ number: UInt64, with response: GatewayResponse, to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let persistence: GatewayMessages.Persistence =
            !head.isKeepAlive ? .close : head.version.minor == 0 && head.version.major == 1 ? .keepAliveHTTP10 : .keepAlive
        let answer = GatewayMessages.answer(response, date: gateway.date(), persistence: persistence,
                                            isHEAD: head.method == .HEAD)
        guard order.answer(number, with: answer) else { return }
        writeAnswersInOrder(context)
    }

    /// Writes the gateway answers now at the front, then lets held requests go on.
    private func writeAnswersInOrder(_ context: ChannelHandlerContext) {
        while let answer = order.nextWritable() {
            context.write(wrapOutboundOut(.head(answer.head)), promise: nil)
            if let body = answer.body, body.readableBytes > 0 {
                context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            }
            needsFlush = true
            guard answer.closesConnection else {
                if isQuiescing {
                    let written = context.eventLoop.makePromise(of: Void.self)
                    context.write(wrapOutboundOut(.end(nil)), promise: written)
                    lastAnswerWritten = written.futureResult
                } else {
                    context.write(wrapOutboundOut(.end(nil)), promise: nil)
                }
                continue
            }
            reading = .closing
            held.removeAll()
            let written = context.eventLoop.makePromise(of: Void.self)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
            needsFlush = false
            written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            return
        }
        replayHeldParts(context)
        passOnQuiesceEventWhenNoGatewayAnswerIsOwed(context)
        if readRequested, !readingPaused {
            readRequested = false
            context.read()
        }
    }

    /// Parts held behind an unanswered gateway request go on once none is unanswered. An
    /// answer given while replaying (a MOCK request among the held parts) does not replay again:
    /// the loop here goes on with the next part.
    private func replayHeldParts(_ context: ChannelHandlerContext) {
        guard !isReplaying else { return }
        isReplaying = true
        defer { isReplaying = false }
        while !held.isEmpty {
            let part = held.removeFirst()
            guard accept(part, context: context) else {
                held.prepend(part)
                break
            }
        }
        if passedOnSinceReadComplete {
            passedOnSinceReadComplete = false
            context.fireChannelReadComplete()
        }
    }

    private func passOnQuiesceEventWhenNoGatewayAnswerIsOwed(_ context: ChannelHandlerContext) {
        guard let event = heldQuiesceEvent, order.gatewayEntries == 0 else { return }
        heldQuiesceEvent = nil
        flushIfNeeded(context)
        guard let written = lastAnswerWritten else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        lastAnswerWritten = nil
        written.assumeIsolated().whenComplete { _ in context.fireUserInboundEventTriggered(event) }
    }

    private func flushIfNeeded(_ context: ChannelHandlerContext) {
        guard needsFlush else { return }
        needsFlush = false
        context.flush()
    }
}
