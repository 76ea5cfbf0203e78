import Foundation
import PorticoCommands
import Synchronization
import Testing
import TestSupport

/// `serve --tls` end to end: the action makes the project's authority under `.portico/tls/`,
/// prints where it is and each domain with its policy, and a real client (curl) trusting that
/// authority reaches the domain's base path mapping over HTTPS while the plain listener keeps
/// answering (DG: how-to-custom-domains, apigateway-custom-domain-tls-version).
@Suite("serve --tls", .serialized, .timeLimit(.minutes(2)))
struct ServeTLSTests {
    static let project = [
        "Content/portico.yml": """
            site: {title: Served over TLS}
            apis:
              - {name: shop, definition: apis/shop.yaml, stages: [{stageName: prod}]}
            domains:
              - {domainName: api.shop.test, securityPolicy: TLS_1_2, basePathMappings: [{basePath: shop, api: shop, stage: prod}]}
              - {domainName: old.shop.test, basePathMappings: [{basePath: "", api: shop, stage: prod}]}
            """,
        "Content/apis/shop.yaml": """
            openapi: 3.0.1
            info: {title: Shop, version: "1"}
            paths:
              /items:
                get:
                  x-amazon-apigateway-integration:
                    type: mock
                    requestTemplates: {application/json: '{"statusCode": 200}'}
                    responses:
                      default:
                        statusCode: "200"
                        responseTemplates: {application/json: '{"domain": "$context.domainName"}'}
            """,
        "Content/index.md": "# Home\n",
    ]

    @Test("prints the authority and the domains, and curl trusting the authority gets the mapped stage over HTTPS")
    func servesDomains() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(Self.project)
        let output = Mutex<String>("")
        let console = Console(out: { text in output.withLock { $0 += text } }, err: { text in output.withLock { $0 += text } }, interactive: false)
        let server = Task {
            await ServeAction(projectRoot: root.path, host: "127.0.0.1", port: 0, watch: false, tlsPort: 0).run(console: console)
        }
        defer { server.cancel() }
        var banner: String?
        for _ in 0..<600 where banner == nil {
            banner = output.withLock { text in text.range(of: "Custom domains over HTTPS").map { String(text[$0.lowerBound...]) } }
            if banner == nil || !(banner?.contains("try: curl") ?? false) {
                banner = nil
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        let printed = try #require(banner, "serve said:\n\(output.withLock { $0 })")
        let authority = root.url.standardizedFileURL.path + "/.portico/tls/ca.pem"
        let port = try #require(printed.range(of: "on 127.0.0.1:").flatMap { Int(printed[$0.upperBound...].prefix { $0.isNumber }) })
        #expect(printed.hasPrefix("""
            Custom domains over HTTPS on 127.0.0.1:\(port) (certificates signed by the project's authority \(authority)):
              https://api.shop.test:\(port)/  securityPolicy TLS_1_2
              https://old.shop.test:\(port)/  securityPolicy TLS_1_0, the default
              try: curl --cacert \(authority) --resolve api.shop.test:\(port):127.0.0.1 https://api.shop.test:\(port)/

            """))
        #expect(FileManager.default.fileExists(atPath: authority))
        // The authority's files stay out of the site.
        let site = try FileManager.default.subpathsOfDirectory(atPath: root.path + "/Site")
        #expect(!site.contains { $0.hasSuffix(".pem") })

        let got = try await Curl.run(["--cacert", authority, "--resolve", "api.shop.test:\(port):127.0.0.1", "https://api.shop.test:\(port)/shop/items"])
        #expect(got.status == 0, "\(got.errors)")
        #expect(got.output == #"{"domain": "api.shop.test"}"# + "\n200 0")
    }
}
