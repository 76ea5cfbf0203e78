import Foundation
import HTTPTypes
import Hummingbird
import PorticoGateway
import Prometheus
import ServiceLifecycle

/// `portico serve`: the built site, the try-it endpoint, live reload and the simulated
/// gateway for real clients, all on one origin so a page's requests never meet CORS.
/// Binds to 127.0.0.1 unless told otherwise.
///
/// ```
///   request ─▶ GatewayAddress? ──yes──▶ gateway pipeline (by Host or /_gateway/{api}/{stage}/…),
///                    │ no                answered in the channel pipeline (GatewayHTTPHandler)
///                    ▼
///              CognitoAddress? ───────▶ the user pools: InitiateAuth, jwks.json (CognitoMiddleware)
///                    │ no
///                    ▼
///              /_portico/… ───────────▶ LocalRequestGuard (loopback Host, no cross-site write), then
///                    │                    invoke · identities · keys · usage · cache/flush · metrics · events (SSE) · serve.js
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
    /// A second, secure listener on the same host (`serve --tls`), or nil.
    public let secure: SecureListener?
    /// The registry the served gateway counts its metrics in (``GatewayServices/metrics``),
    /// exposed at `/_portico/metrics`; nil: that route answers 404.
    public let metrics: PrometheusCollectorRegistry?

    public init(siteDirectory: String, gateway: Gateway, host: String = "127.0.0.1", port: Int = 8080,
                liveReload: LiveReloadHub? = nil, renderPanel: TryItRenderer? = nil, secure: SecureListener? = nil,
                metrics: PrometheusCollectorRegistry? = nil) {
        self.init(siteDirectory: siteDirectory, gateway: LiveGateway(gateway), host: host, port: port,
                  liveReload: liveReload, renderPanel: renderPanel, secure: secure, metrics: metrics)
    }

    public init(siteDirectory: String, gateway: LiveGateway, host: String = "127.0.0.1", port: Int = 8080,
                liveReload: LiveReloadHub? = nil, renderPanel: TryItRenderer? = nil, secure: SecureListener? = nil,
                metrics: PrometheusCollectorRegistry? = nil) {
        self.metrics = metrics
        self.siteDirectory = siteDirectory
        self.gateway = gateway
        self.host = host
        self.port = port
        self.liveReload = liveReload
        self.renderPanel = renderPanel
        self.secure = secure
    }

    public func makeApplication(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: LocalRequestGuard())
        router.add(middleware: CognitoMiddleware(live: gateway))
        router.add(middleware: SiteMiddleware(
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
            return Self.response(reply)
        }
        let usage = UsageEndpoint(gateway: gateway)
        router.get("/_portico/identities") { _, _ -> Response in
            Self.response(usage.identities())
        }
        router.get("/_portico/keys") { _, _ -> Response in
            Self.response(usage.keys())
        }
        router.get("/_portico/usage") { request, _ -> Response in
            let query = request.uri.queryParameters
            return Self.response(usage.usage(plan: query["plan"].map(String.init), startDate: query["startDate"].map(String.init),
                                             endDate: query["endDate"].map(String.init)))
        }
        let cache = CacheFlushEndpoint(gateway: gateway)
        router.post("/_portico/cache/flush") { request, _ -> Response in
            let query = request.uri.queryParameters
            return Self.response(cache.flush(api: query["api"].map(String.init), stage: query["stage"].map(String.init)))
        }
        if let registry = metrics {
            let endpoint = MetricsEndpoint(registry: registry)
            router.get("/_portico/metrics") { _, _ -> Response in
                Response(status: .ok, headers: [.contentType: MetricsEndpoint.contentType, .cacheControl: "no-store"],
                         body: .init(byteBuffer: ByteBuffer(string: endpoint.text())))
            }
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
        // The site's pages and /_portico/ name their server; gateway answers do not (API
        // Gateway sends no Server header). The secure listener answers the same routes, run by
        // the plain application's service group, so both start and stop together.
        var listeners: [any Service] = []
        if let secure {
            listeners.append(Application(router: router, server: .http1(gateway: gateway, security: secure.security),
                                         configuration: .init(address: .hostname(host, port: secure.port), serverName: "Portico"),
                                         onServerRunning: { channel in await secure.onRunning(channel.localAddress?.port ?? 0) }))
        }
        return Application(router: router, server: .http1(gateway: gateway),
                           configuration: .init(address: .hostname(host, port: port), serverName: "Portico"),
                           services: listeners,
                           onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) })
    }

    private static func response(_ reply: InvokeEndpoint.Reply) -> Response {
        Response(status: .init(code: reply.status), headers: [.contentType: reply.contentType, .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
    }

    /// Serves until SIGINT or SIGTERM; in-flight requests finish first.
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await makeApplication(onServerRunning: onServerRunning).runService()
    }
}

/// Sends the `/_portico/` routes on to the router, and every other request to the site files.
/// (Gateway requests never get here: ``GatewayFastPath`` or ``GatewayHTTPHandler`` answers them.)
struct SiteMiddleware<Context: Hummingbird.RequestContext>: RouterMiddleware {
    let site: SiteResponder

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path.hasPrefix("/_portico/") {
            return try await next(request, context)
        }
        return site.respond(to: request)
    }
}
