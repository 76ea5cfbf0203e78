import Foundation
@testable import PorticoSite
import TestSupport
import Testing

private let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/who-may-call")

/// The page of authorization kinds by API type: what each kind of API takes (DG: http-api-vs-rest,
/// the Security table), each supported cell linking to examples the site executed, one let
/// through and one refused, by what the gateway really answered.
@Suite("Authorization by API type", .serialized)
struct AuthorizationSupportTests {
    /// Five requests to the who-may-call fixture's vault API: no authorization behind the
    /// resource policy (200), IAM signed as alice (200), the same from an address the policy
    /// denies (403 decided with the caller), a token the TOKEN authorizer's validation expression
    /// refuses before any function runs (401), a
    /// Cognito method without a token (401).
    static let note = """
        # Calls

        ```http example api=vault stage=prod expect=200
        GET /open
        ```

        ```http example api=vault stage=prod expect=200 as=alice
        GET /secrets
        ```

        ```http example api=vault stage=prod expect=403 as=alice
        GET /secrets
        X-Portico-Source-Ip: 192.0.2.7
        ```

        ```http example api=vault stage=prod expect=401
        GET /tokens
        Authorization: Token abc
        ```

        ```http example api=vault stage=prod expect=401
        GET /staff
        ```

        """

    static func table(_ html: String) throws -> String {
        let start = try #require(html.range(of: "<table>"))
        let end = try #require(html.range(of: "</table>\n", range: start.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.upperBound])
    }

    static let expected = """
        <table>
        <thead><tr><th scope="col">Authorization</th><th scope="col">REST API</th><th scope="col">HTTP API</th></tr></thead>
        <tbody>
        <tr><td>IAM (<code>AWS_IAM</code>)</td><td>yes: let through <a href="../calls.html#example1"><code>GET /secrets</code></a> → 200 (Calls)</td><td>yes (no example in this site)</td></tr>
        <tr><td>Lambda authorizer, <code>TOKEN</code></td><td>yes: refused <a href="../calls.html#example3"><code>GET /tokens</code></a> → 401 (Calls)</td><td>no</td></tr>
        <tr><td>Lambda authorizer, <code>REQUEST</code></td><td>yes (no example in this site)</td><td>yes (payload 1.0 or 2.0) (no example in this site)</td></tr>
        <tr><td>Amazon Cognito user pools</td><td>yes: refused <a href="../calls.html#example4"><code>GET /staff</code></a> → 401 (Calls)</td><td>through a JWT authorizer (no example in this site)</td></tr>
        <tr><td>JWT authorizer</td><td>no</td><td>yes (no example in this site)</td></tr>
        <tr><td>API keys and usage plans</td><td>yes (no example in this site)</td><td>no</td></tr>
        <tr><td>Resource policies</td><td>yes: let through <a href="../calls.html#example0"><code>GET /open</code></a> → 200 (Calls)</td><td>no</td></tr>
        </tbody>
        </table>

        """

    @Test("each supported cell links to the first example let through and the first refused; a 403 the resource policy may have decided is not put on the authorizer")
    func fullBuild() async throws {
        let temp = try copyFixture(fixture)
        defer { temp.remove() }
        try temp.write(["Content/calls.md": Self.note])
        let result = await SiteBuilder(projectRoot: temp.path).build()
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted)")
        let page = try #require(result.files.text("reference/authorization.html"))
        #expect(try Self.table(page) == Self.expected)
        // The page is in the sidebar's API reference, and the examples have the ids it links to.
        #expect(page.contains("<a href=\"authorization.html\""))
        #expect(try #require(result.files.text("calls.html")).contains("<figure id=\"example3\" class=\"example\""))
    }

    @Test("serve's incremental rebuild draws the page again when a note's examples change, as a full build would")
    func incremental() async throws {
        let temp = try copyFixture(fixture)
        defer { temp.remove() }
        try temp.write(["Content/calls.md": Self.note])
        let site = IncrementalSite(projectRoot: temp.path)
        #expect(await site.rebuildAll().outcome == .rebuilt)
        // Without its first example, the resource-policy row links to the signed request (it
        // passed the policy too), and every link names its example by the new index.
        let edited = Self.note.replacing("```http example api=vault stage=prod expect=200\nGET /open\n```\n\n", with: "")
        #expect(edited != Self.note)
        try temp.write(["Content/calls.md": edited])
        let update = await site.apply([temp.path + "/Content/calls.md"])
        #expect(update.outcome == .updated(pages: ["calls.html", "reference/authorization.html"]))
        let full = await SiteBuilder(projectRoot: temp.path).build()
        let onDisk = try String(contentsOfFile: temp.path + "/Site/reference/authorization.html", encoding: .utf8)
        #expect(onDisk == full.files.text("reference/authorization.html"))
        #expect(onDisk.contains("<tr><td>Resource policies</td><td>yes: let through <a href=\"../calls.html#example0\"><code>GET /secrets</code></a> → 200 (Calls)</td>"))
        #expect(onDisk.contains("<a href=\"../calls.html#example2\"><code>GET /tokens</code></a>"))
    }
}
