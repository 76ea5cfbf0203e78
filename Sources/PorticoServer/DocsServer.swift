import Foundation
import Hummingbird
import PorticoGateway

/// `portico serve`: the built site and the try-it endpoint on one origin, so the page's
/// requests never meet CORS. Binds to 127.0.0.1 unless told otherwise.
public struct DocsServer: Sendable {
    public let siteDirectory: String
    public let gateway: Gateway
    public let host: String
    public let port: Int

    public init(siteDirectory: String, gateway: Gateway, host: String = "127.0.0.1", port: Int = 8080) {
        self.siteDirectory = siteDirectory
        self.gateway = gateway
        self.host = host
        self.port = port
    }

    public func makeApplication(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: FileMiddleware(siteDirectory, searchForIndexHtml: true))
        let endpoint = InvokeEndpoint(gateway: gateway)
        router.post("/_portico/invoke") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: InvokeEndpoint.maximumBodyBytes)
            var ids = IdentifierGenerator(seed: UInt64.random(in: .min ... .max))
            let reply = await endpoint.handle(Data(buffer.readableBytesView), ids: &ids)
            return Response(status: .init(code: reply.status), headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Portico"),
                           onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) })
    }

    /// Serves until SIGINT or SIGTERM; in-flight requests finish first.
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await makeApplication(onServerRunning: onServerRunning).runService()
    }
}
