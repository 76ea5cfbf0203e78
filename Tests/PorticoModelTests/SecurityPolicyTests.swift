import Diagnostics
import Foundation
import PorticoModel
import Testing
import TestSupport

/// A custom domain's `securityPolicy` (DG: apigateway-custom-domain-tls-version): TLS_1_0 or
/// TLS_1_2; HTTP and WebSocket APIs' domains only TLS_1_2.
@Suite("Custom domain security policies")
struct SecurityPolicyTests {
    func load(_ domains: String) throws -> (domains: [CustomDomainName], diagnostics: [String]) {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write([
            "Content/portico.yml": """
                apis:
                  - {name: shop, definition: apis/shop.yaml, stages: [{stageName: prod}]}
                  - {name: chat, definition: apis/chat.yaml, type: HTTP, stages: [{stageName: $default}]}
                domains:
                \(domains)

                """,
            "Content/apis/shop.yaml": "openapi: 3.0.1\ninfo: {title: Shop, version: \"1\"}\npaths: {}\n",
            "Content/apis/chat.yaml": "openapi: 3.0.1\ninfo: {title: Chat, version: \"1\"}\npaths: {}\n",
        ])
        var engine = DiagnosticEngine()
        let project = ProjectLoader(root: root.path).load(diagnostics: &engine)
        return (project?.domains ?? [], engine.sorted.map { DiagnosticFormatter.format($0).replacingOccurrences(of: root.path + "/", with: "") })
    }

    @Test("TLS_1_0 and TLS_1_2 are read; a REST domain without one takes TLS_1_0, an HTTP API's domain TLS_1_2")
    func policies() throws {
        let loaded = try load("""
              - {domainName: old.example.com, securityPolicy: TLS_1_0, basePathMappings: [{basePath: "", api: shop, stage: prod}]}
              - {domainName: new.example.com, securityPolicy: TLS_1_2, basePathMappings: [{basePath: "", api: shop, stage: prod}]}
              - {domainName: plain.example.com, basePathMappings: [{basePath: "", api: shop, stage: prod}]}
              - {domainName: chat.example.com, basePathMappings: [{basePath: "", api: chat, stage: $default}]}
            """)
        #expect(loaded.diagnostics == [])
        #expect(loaded.domains.map(\.securityPolicy) == [.tls10, .tls12, .tls10, .tls12])
        #expect(loaded.domains.map(\.securityPolicyDeclared) == [true, true, false, false])
    }

    @Test("an unknown policy, and TLS_1_0 on an HTTP API's domain, are located errors")
    func refused() throws {
        let loaded = try load("""
              - {domainName: a.example.com, securityPolicy: TLS_1_3, basePathMappings: [{basePath: "", api: shop, stage: prod}]}
              - {domainName: b.example.com, securityPolicy: TLS_1_0, basePathMappings: [{basePath: "", api: chat, stage: $default}]}
            """)
        #expect(loaded.diagnostics == [
            "Content/portico.yml:5:49: error: unknown securityPolicy 'TLS_1_3' of domain 'a.example.com'; expected TLS_1_0 or TLS_1_2 [project.security-policy]",
            "Content/portico.yml:6:49: error: domain 'b.example.com' maps an HTTP API, which supports only securityPolicy TLS_1_2 [project.security-policy]",
        ])
    }
}
