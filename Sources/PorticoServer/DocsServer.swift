import Foundation
import HTTPTypes
import Hummingbird
import PorticoGateway
import ServiceLifecycle

/// `portico serve`: the built site, the try-it endpoint, live reload and the simulated
/// gateway for real clients, all on one origin so a page's requests never meet CORS.
/// Binds to 127.0.0.1 unless told otherwise.
///
/// ```
///   request ─▶ GatewayAddress? ──yes──▶ gateway pipeline (by Host or /_gateway/{api}/{stage}/…)
///                    │ no
///                    ▼
///              /_portico/… ───────────▶ invoke · events (SSE) · serve.js
///                    │ otherwise
///                    ▼
///              Site/ files (safe paths, ETag/304, 404 page, script added to HTML when live)
/// ```
public struct DocsServer: Sendable {
    public let siteDirectory: String
    public let gateway: LiveGateway
    public let host: String
    public let port: Int
    /// Pages get live reload and try-it when a hub is given.
    public let liveReload: LiveReloadHub?
    /// Runs a try-it request and renders it the way built pages show examples, for
    /// `?format=html` replies; nil when it cannot (the reply is then the JSON transcript).
    public let renderPanel: TryItRenderer?

    public init(siteDirectory: String, gateway: Gateway, host: String = "127.0.0.1", port: Int = 8080,
                liveReload: LiveReloadHub? = nil, renderPanel: TryItRenderer? = nil) {
        self.init(siteDirectory: siteDirectory, gateway: LiveGateway(gateway), host: host, port: port,
                  liveReload: liveReload, renderPanel: renderPanel)
    }

    public init(siteDirectory: String, gateway: LiveGateway, host: String = "127.0.0.1", port: Int = 8080,
                liveReload: LiveReloadHub? = nil, renderPanel: TryItRenderer? = nil) {
        self.siteDirectory = siteDirectory
        self.gateway = gateway
        self.host = host
        self.port = port
        self.liveReload = liveReload
        self.renderPanel = renderPanel
    }

    public func makeApplication(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: DispatchMiddleware(
            gateway: GatewayResponder(live: gateway),
            site: SiteResponder(site: StaticSite(directory: siteDirectory), injectScript: liveReload != nil)))

        let endpoint = InvokeEndpoint(gateway: gateway)
        let renderPanel = self.renderPanel
        router.post("/_portico/invoke") { request, _ -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: InvokeEndpoint.maximumBodyBytes)
            var ids = IdentifierGenerator(seed: UInt64.random(in: .min ... .max))
            let wantsHTML = request.uri.queryParameters["format"] == "html"
            let reply = await endpoint.handle(Data(buffer.readableBytesView), ids: &ids,
                                              render: wantsHTML ? renderPanel : nil)
            return Response(status: .init(code: reply.status), headers: [.contentType: reply.contentType],
                            body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
        }
        router.get(RouterPath(stringLiteral: ServerScripts.path)) { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-cache"],
                     body: .init(byteBuffer: ByteBuffer(string: ServerScripts.serveJS)))
        }
        let hub = liveReload
        router.get("/_portico/events") { _, _ -> Response in
            guard let hub, let stream = await hub.subscribe() else {
                return Response(status: .serviceUnavailable)
            }
            return Response(status: .ok,
                            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                            body: .init { writer in
                                // An open event stream must not hold up a graceful shutdown.
                                try await withGracefulShutdownHandler {
                                    for await chunk in stream {
                                        try await writer.write(ByteBuffer(string: chunk))
                                    }
                                } onGracefulShutdown: {
                                    Task { await hub.finishAll() }
                                }
                                try await writer.finish(nil)
                            })
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Portico"),
                           onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) })
    }

    /// Serves until SIGINT or SIGTERM; in-flight requests finish first.
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await makeApplication(onServerRunning: onServerRunning).runService()
    }
}

/// Sends each request to the gateway, to the `/_portico/` routes, or to the site files.
struct DispatchMiddleware<Context: Hummingbird.RequestContext>: RouterMiddleware {
    private static var hostField: HTTPField.Name { HTTPField.Name("Host")! }
    let gateway: GatewayResponder
    let site: SiteResponder

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let target = request.uri.string.hasPrefix("/") ? request.uri.string : request.uri.path
        let endpoints = gateway.live.gateway.endpoints
        // The host is in :authority (HTTP/2, and HTTP/1.1's Host as NIO reads it) or in a Host
        // field; the first one that is a gateway host decides.
        var host = request.head.authority
        if host.map({ !endpoints.answers(host: $0) }) ?? true, let field = request.headers[Self.hostField] { host = field }
        if let address = GatewayAddress.find(host: host, target: target, endpoints: endpoints) {
            return await gateway.respond(to: request, at: address, sourceIp: "127.0.0.1")
        }
        if request.uri.path.hasPrefix("/_portico/") {
            return try await next(request, context)
        }
        return site.respond(to: request)
    }
}
