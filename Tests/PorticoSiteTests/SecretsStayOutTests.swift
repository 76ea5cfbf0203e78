import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
@testable import PorticoSite
import TestSupport
import Testing

private let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/who-may-call")

/// Examples that call as the project's IAM users and pool users, with an API key, put none of
/// the project's secrets in the site: not an IAM secret access key, a pool user's password, an
/// API key's value, nor a user pool's signing key.
@Suite("Secrets stay out of the site")
struct SecretsStayOutTests {
    @Test("every file of a site whose examples sign, sign in and send keys is free of every declared secret")
    func scan() async throws {
        let temp = try copyFixture(fixture)
        defer { temp.remove() }
        try temp.write(["Content/calls.md": """
            # Calls

            ```http example api=vault stage=prod expect=200 as=alice
            GET /secrets
            ```

            ```http example api=vault stage=prod expect=403 as=mallory
            GET /secrets
            ```

            ```http example api=vault stage=prod expect=200 as=staff/dana key=partner
            GET /staff
            ```

            """])
        let keys = InMemoryUserPoolKeys()
        let result = await SiteBuilder(projectRoot: temp.path, services: GatewayServices(userPoolKeys: keys)).build()
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted)")
        #expect(result.exampleCount == 3)
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: temp.path).load(diagnostics: &diagnostics))
        var secrets = project.identities.iamUsers.map(\.secretAccessKey)
        secrets += project.identities.userPools.flatMap { $0.users.compactMap(\.password) }
        secrets += project.apiKeys.map(UsagePlanDirectory.value(of:))
        #expect(secrets.count == 5)
        for path in result.files.paths {
            let text = result.files.text(path) ?? ""
            for secret in secrets { #expect(!text.contains(secret), "\(path) holds a secret") }
            #expect(!text.contains("PRIVATE KEY"), "\(path) holds a private key")
        }
    }
}
