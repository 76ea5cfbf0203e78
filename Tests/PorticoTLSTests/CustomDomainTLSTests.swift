import Diagnostics
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import PorticoGateway
import PorticoModel
import PorticoServer
@testable import PorticoTLS
import TestSupport
import Testing
import X509

/// `serve --tls`: the project's custom domains over real TLS on 127.0.0.1, with clients that
/// trust the project's certificate authority. Security policies per
/// DG: apigateway-custom-domain-tls-version ("If you choose a TLS 1.2 security policy, the
/// security policy accepts TLS 1.2 and TLS 1.3 traffic and rejects TLS 1.0 traffic"; TLS_1_0
/// accepts 1.0 to 1.3).
@Suite("Custom domains over HTTPS", .serialized, .timeLimit(.minutes(1)))
struct CustomDomainTLSTests {
    static let files = [
        "Content/portico.yml": """
            apis:
              - {name: shop, definition: apis/shop.yaml, endpointType: REGIONAL, stages: [{stageName: prod}]}
            domains:
              - domainName: legacy.shop.test
                securityPolicy: TLS_1_0
                basePathMappings: [{basePath: "", api: shop, stage: prod}]
              - domainName: api.shop.test
                securityPolicy: TLS_1_2
                basePathMappings: [{basePath: v1, api: shop, stage: prod}]

            """,
        "Content/apis/shop.yaml": """
            openapi: 3.0.1
            info: {title: Shop, version: "1"}
            paths:
              /status:
                get:
                  x-amazon-apigateway-integration:
                    type: mock
                    requestTemplates: {application/json: '{"statusCode": 200}'}
                    responses:
                      default:
                        statusCode: "200"
                        responseTemplates: {application/json: '{"domain": "$context.domainName", "path": "$context.path"}'}

            """,
        "Site/index.html": "<!doctype html><title>site</title>",
    ]

    /// Serves the fixture with a TLS listener on a free port; `body` gets that port and the
    /// project's `ca.pem`.
    func withServer(_ body: (Int, ProjectCertificateAuthority) async throws -> Void) async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(Self.files)
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(diagnostics.sorted.isEmpty, "\(diagnostics.sorted)")
        let authority = try ProjectCertificateAuthority.loadOrCreate(in: ProjectCertificateAuthority.folder(projectRoot: root.path))
        let security = try CustomDomainTLS(domains: project.domains, authority: authority)
        let (ports, bound) = AsyncStream<Int>.makeStream()
        let server = DocsServer(siteDirectory: root.path + "/Site", gateway: Gateway(project: project, clock: FixedClock.siteBuild), port: 0,
                                secure: SecureListener(port: 0, security: security) { bound.yield($0) })
        let running = Task { try await server.makeApplication().runService(gracefulShutdownSignals: []) }
        defer { running.cancel() }
        var next = ports.makeAsyncIterator()
        let port = try #require(await next.next())
        try await body(port, authority)
    }

    @Test("curl trusting the project's authority reaches each domain's mapping over HTTPS; without it, verification fails")
    func curlTrustingTheAuthority() async throws {
        try await withServer { port, authority in
            let legacy = try await Curl.run(["--cacert", authority.certificatePath, "--resolve", "legacy.shop.test:\(port):127.0.0.1",
                                       "https://legacy.shop.test:\(port)/status"])
            #expect(legacy.status == 0, "\(legacy.errors)")
            #expect(legacy.output == #"{"domain": "legacy.shop.test", "path": "/status"}"# + "\n200 0")
            // The base path mapping `v1` of api.shop.test; $context.path keeps the base path (DG: api-gateway-mapping-template-reference).
            let mapped = try await Curl.run(["--cacert", authority.certificatePath, "--resolve", "api.shop.test:\(port):127.0.0.1",
                                       "https://api.shop.test:\(port)/v1/status"])
            #expect(mapped.output == #"{"domain": "api.shop.test", "path": "/v1/status"}"# + "\n200 0")
            // curl's exit status 60: the peer's certificate cannot be verified against the system's authorities.
            let untrusted = try await Curl.run(["--resolve", "api.shop.test:\(port):127.0.0.1", "https://api.shop.test:\(port)/v1/status"])
            #expect(untrusted.status == 60, "\(untrusted.errors)")
        }
    }

    @Test("a TLS 1.0 client is refused by the TLS_1_2 domain and served by the TLS_1_0 one; a current client gets TLS 1.3 on both")
    func securityPolicies() async throws {
        try await withServer { port, authority in
            let old = try await Handshake.attempt(port: port, serverName: "legacy.shop.test", authority: authority, maximum: .tlsv1)
            #expect(old.version == .tlsv1, "\(old)")
            let refused = try await Handshake.attempt(port: port, serverName: "api.shop.test", authority: authority, maximum: .tlsv1)
            #expect(refused.version == nil)
            // BoringSSL's reason when the server's lowest version is above the client's highest.
            #expect(refused.failure?.contains("UNSUPPORTED_PROTOCOL") == true || refused.failure?.contains("PROTOCOL_VERSION") == true,
                    "\(refused)")
            let tls11 = try await Handshake.attempt(port: port, serverName: "api.shop.test", authority: authority, maximum: .tlsv11)
            #expect(tls11.version == nil, "\(tls11)")
            for name in ["legacy.shop.test", "api.shop.test"] {
                let current = try await Handshake.attempt(port: port, serverName: name, authority: authority, maximum: .tlsv13)
                #expect(current.version == .tlsv13, "\(current)")
                let tls12 = try await Handshake.attempt(port: port, serverName: name, authority: authority, maximum: .tlsv12)
                #expect(tls12.version == .tlsv12, "\(tls12)")
            }
        }
    }

    @Test("SNI picks the domain's own certificate, issued by the project's authority; an unknown name gets no certificate")
    func serverNameIndication() async throws {
        try await withServer { port, authority in
            for name in ["legacy.shop.test", "api.shop.test"] {
                let result = try await Handshake.attempt(port: port, serverName: name, authority: authority, maximum: .tlsv13)
                let peer = try #require(result.certificate)
                #expect(peer.subject.description == "CN=\(name)")
                #expect(try peer.extensions.subjectAlternativeNames.map(Array.init) == [.dnsName(name)])
                #expect(peer.issuer == authority.certificate.subject)
                #expect(try peer.extensions.basicConstraints == .notCertificateAuthority)
            }
            let unknown = try await Handshake.attempt(port: port, serverName: "other.shop.test", authority: authority, maximum: .tlsv13)
            #expect(unknown.version == nil)
            #expect(unknown.certificate == nil)
        }
    }

    @Test("the authority is made once under .portico/tls, its key readable by its owner only, and read back by the next serve")
    func authorityIsKept() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        let folder = ProjectCertificateAuthority.folder(projectRoot: root.path)
        #expect(folder == root.url.standardizedFileURL.path + "/.portico/tls")
        let first = try ProjectCertificateAuthority.loadOrCreate(in: folder)
        let again = try ProjectCertificateAuthority.loadOrCreate(in: folder)
        #expect(first.certificate == again.certificate)
        #expect(first.certificatePath == folder + "/ca.pem")
        #expect(first.certificate.subject.description == "CN=Portico local certificate authority,O=Portico")
        #expect(try first.certificate.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: 0))
        let key = try FileManager.default.attributesOfItem(atPath: folder + "/ca-key.pem")
        #expect((key[.posixPermissions] as? Int) == 0o600)
        #expect(try String(contentsOfFile: folder + "/ca.pem", encoding: .utf8).hasPrefix("-----BEGIN CERTIFICATE-----\n"))
    }
}

/// A TLS handshake by a NIOSSL client that trusts only the project's authority, with a
/// highest protocol version of its choosing; nothing is sent after the handshake.
enum Handshake {
    struct Result: CustomStringConvertible {
        var version: TLSVersion?
        var certificate: Certificate?
        var failure: String?
        var description: String { "version \(String(describing: version)), failure \(failure ?? "none")" }
    }

    static func attempt(port: Int, serverName: String, authority: ProjectCertificateAuthority, maximum: TLSVersion) async throws -> Result {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates([try NIOSSLCertificate(bytes: Array(authority.certificate.serializeAsPEM().pemString.utf8), format: .pem)])
        configuration.minimumTLSVersion = .tlsv1
        configuration.maximumTLSVersion = maximum
        let context = try NIOSSLContext(configuration: configuration)
        let done = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: Void.self)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverName))
                    try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(done: done))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        var result = Result()
        do {
            try await done.futureResult.get()
            result.version = try await channel.nioSSL_tlsVersion().get()
            if let peer = try await channel.nioSSL_peerCertificate().get() {
                result.certificate = try Certificate(derEncoded: peer.toDERBytes())
            }
        } catch {
            result.failure = String(describing: error)
        }
        try? await channel.close()
        return result
    }

    /// Completes `done` when the handshake completes, fails it on an error or a close first.
    final class HandshakeWatcher: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        let done: EventLoopPromise<Void>
        init(done: EventLoopPromise<Void>) { self.done = done }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case .handshakeCompleted = event as? TLSUserEvent { done.succeed() }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            done.fail(error)
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            done.fail(ChannelError.eof)
            context.fireChannelInactive()
        }
    }
}
