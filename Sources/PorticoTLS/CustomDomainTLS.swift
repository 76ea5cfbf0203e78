import Foundation
import NIOCore
import NIOSSL
import NIOTLS
import PorticoModel
import PorticoServer

/// TLS for the project's custom domains on `portico serve --tls`'s listener. The client's
/// server name (SNI) picks the domain: its own certificate (one leaf per domain, as each AWS
/// domain has its own ACM certificate; signed by ``ProjectCertificateAuthority``) and its
/// security policy's lowest TLS version, so one listener serves a TLS_1_0 and a TLS_1_2 domain
/// side by side (DG: apigateway-custom-domain-tls-version: TLS_1_0 accepts TLS 1.0 to 1.3,
/// TLS_1_2 "accepts TLS 1.2 and TLS 1.3 traffic and rejects TLS 1.0 traffic").
///
/// A client that names no declared domain, or sends no server name, is refused before any
/// certificate is sent: API Gateway tells custom domains apart by SNI (edge-optimized ones
/// through CloudFront's SNI, DG: how-to-edge-optimized-custom-domain-name). What AWS answers a
/// client without SNI is not documented; Portico closes the connection rather than guess.
///
/// ```
///   ByteToMessageHandler<SNIHandler> ──(server name)──▶ NIOSSLServerHandler(domain's context)
///     ─▶ GatewayFastPath ─▶ … the plain listener's HTTP/1 handlers (GatewayHTTP1Channel)
/// ```
public struct CustomDomainTLS: ConnectionSecurity {
    /// A domain served over TLS, as `serve` prints it.
    public struct ServedDomain: Sendable, Equatable {
        public let domainName: String
        public let securityPolicy: SecurityPolicy
        public let securityPolicyDeclared: Bool
    }

    public let domains: [ServedDomain]
    /// Domain names (lower-cased) to their TLS context. Wildcard domain names are not served:
    /// the gateway's endpoint table matches names exactly.
    private let contexts: [String: NIOSSLContext]

    /// Issues a certificate for each domain and makes its TLS context.
    public init(domains: [CustomDomainName], authority: ProjectCertificateAuthority, now: Date = Date()) throws {
        var contexts: [String: NIOSSLContext] = [:]
        for domain in domains {
            let issued = try authority.issue(for: [domain.domainName], now: now)
            contexts[domain.domainName.lowercased()] = try NIOSSLContext(configuration: Self.configuration(issued, policy: domain.securityPolicy))
        }
        self.contexts = contexts
        self.domains = domains.map {
            ServedDomain(domainName: $0.domainName, securityPolicy: $0.securityPolicy, securityPolicyDeclared: $0.securityPolicyDeclared)
        }
    }

    /// The server side of one domain: its certificate, its policy's versions, HTTP/1.1 only.
    static func configuration(_ issued: IssuedCertificate, policy: SecurityPolicy) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: Array(issued.certificatePEM.utf8), format: .pem))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(issued.privateKeyPEM.utf8), format: .pem)))
        configuration.minimumTLSVersion = policy.minimumTLSVersion
        configuration.maximumTLSVersion = .tlsv13
        // The served gateway speaks HTTP/1.1; saying so keeps clients from offering HTTP/2.
        configuration.applicationProtocols = ["http/1.1"]
        return configuration
    }

    /// The TLS context of the domain a client named, if it is one of the project's.
    func context(forServerName name: String) -> NIOSSLContext? {
        contexts[name.lowercased()]
    }

    public func secure(_ channel: any Channel) throws {
        let domains = self
        let sni = ByteToMessageHandler(SNIHandler { result in
            guard case .hostname(let name) = result, let context = domains.context(forServerName: name) else {
                channel.close(promise: nil)
                return channel.eventLoop.makeFailedFuture(UnknownServerName(result: result))
            }
            return channel.eventLoop.makeCompletedFuture {
                let pipeline = channel.pipeline.syncOperations
                let sni = try pipeline.handler(type: ByteToMessageHandler<SNIHandler>.self)
                try pipeline.addHandler(NIOSSLServerHandler(context: context), position: .after(sni))
            }
        })
        try channel.pipeline.syncOperations.addHandler(sni, position: .first)
    }
}

/// A ClientHello that named no declared domain (or none at all).
struct UnknownServerName: Error {
    let result: SNIResult
}

extension SecurityPolicy {
    /// The lowest protocol version the policy accepts (DG: apigateway-custom-domain-tls-version).
    var minimumTLSVersion: TLSVersion {
        switch self {
        case .tls10: .tlsv1
        case .tls12: .tlsv12
        }
    }
}
