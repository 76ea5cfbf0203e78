import Foundation
import PorticoModel
import PorticoServer
import PorticoTLS

/// `serve --tls`: the project's custom domains over HTTPS on a second listener, with
/// certificates from the project's own authority (`.portico/tls/ca.pem`, made on first use),
/// each domain honouring its `securityPolicy`. The plain listener is untouched.
struct ServeTLS: Sendable {
    /// The port of the HTTPS listener (0 picks a free one).
    var port: Int

    /// The listener for `project`'s domains, or nil (with the reason printed) when the project
    /// declares none. Prints the authority's path and a `curl` line once the port is bound.
    func listener(for project: Project, projectRoot: String, host: String, console: Console) throws -> SecureListener? {
        let domains = project.domains
        guard !domains.isEmpty else {
            console.err("note: --tls: portico.yml declares no custom domains (`domains:`), so there is nothing to serve over HTTPS.\n")
            return nil
        }
        let authority = try ProjectCertificateAuthority.loadOrCreate(in: ProjectCertificateAuthority.folder(projectRoot: projectRoot))
        let security = try CustomDomainTLS(domains: domains, authority: authority)
        return SecureListener(port: port, security: security) { port in
            console.out(Self.banner(security.domains, authority: authority.certificatePath, host: host, port: port))
        }
    }

    /// What `serve` prints about the HTTPS listener: each domain with its policy, the
    /// authority to trust, and a request a reader can paste.
    static func banner(_ domains: [CustomDomainTLS.ServedDomain], authority: String, host: String, port: Int) -> String {
        var text = "Custom domains over HTTPS on \(host):\(port) (certificates signed by the project's authority \(authority)):\n"
        for domain in domains {
            let policy = domain.securityPolicyDeclared ? domain.securityPolicy.rawValue : "\(domain.securityPolicy.rawValue), the default"
            text += "  https://\(domain.domainName):\(port)/  securityPolicy \(policy)\n"
        }
        if let first = domains.first {
            text += "  try: curl --cacert \(authority) --resolve \(first.domainName):\(port):\(host) https://\(first.domainName):\(port)/\n"
        }
        return text
    }
}
