import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
@testable import PorticoSite
import Testing
import TestSupport

/// A shop whose `GET /me` is guarded by a Cognito user pool authorizer and echoes the token it
/// got (`$input.params('Authorization')`) in its integration request and its response, beside
/// the claims; the page calls it as alice.
let poolProject = CognitoShop.files(
    requestTemplate: #"{"statusCode": 200, "token": "$input.params(''Authorization'')"}"#,
    responseTemplate: #"{"email": "$context.authorizer.claims.email", "token": "$input.params(''Authorization'')"}"#,
    note: """
    # Pools

    ```http example api=shop stage=prod as=shoppers/alice expect=200
    GET /me
    ```

    ```http example api=shop stage=prod expect=401
    GET /me
    ```
    """)

@Suite("Tokens on pages")
struct TokenMaskTests {
    static let here = Diagnostics.SourceLocation(file: "portico.yml", line: 1, column: 1)
    static let alice = UserPoolUser(username: "alice", location: here)
    static let pools = UserPoolDirectory(identities: Identities(userPools: [
        CognitoUserPool(name: "shoppers", userPoolId: "us-east-1_Shoppers", users: [alice], location: here),
    ]), keys: InMemoryUserPoolKeys())

    static func token(_ use: TokenUse) throws -> String {
        let pool = try #require(pools.pools.first)
        var ids = IdentifierGenerator(seed: 1)
        let now = FixedClock.siteBuild.instant
        return try pool.issue(use, for: alice, session: SignInSession(at: now, ids: &ids), at: now, ids: &ids)
    }

    @Test("a pool's tokens become labels wherever they stand; other text and other issuers' tokens stay")
    func labels() throws {
        let mask = TokenMask(userPools: Self.pools)
        let id = try Self.token(.id), access = try Self.token(.access)
        #expect(mask.mask("Authorization: Bearer \(id)") == "Authorization: Bearer <ID token of alice>")
        #expect(mask.mask(#"{"a":"\#(access)","b":"\#(id)"}"#) == #"{"a":"<access token of alice>","b":"<ID token of alice>"}"#)
        // A sentence's full stop is not part of the token.
        #expect(mask.mask("sent \(id).") == "sent <ID token of alice>.")
        #expect(mask.mask("<b>\(id)</b>", escape: \.htmlEscaped) == "<b>&lt;ID token of alice&gt;</b>")
        let other = TokenMask(issuers: ["https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other"])
        #expect(other.mask("x \(id)") == "x \(id)")
        #expect(mask.mask("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.x and eyJ alone") == "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.x and eyJ alone")
        // The pool's key ids, which traces name.
        let keys = try #require(Self.pools.pools.first?.keys)
        #expect(mask.mask("signature with key '\(keys.idToken.keyId)'; '\(keys.accessToken.keyId)'")
                == "signature with key '<ID token key of shoppers>'; '<access token key of shoppers>'")
    }

    @Test("a page calling as a pool user shows its token as a label, and builds to the same bytes with other keys")
    func deterministicPages() async throws {
        func build() async throws -> SiteBuilder.Result {
            let project = try TemporaryDirectory()
            defer { project.remove() }
            try project.write(poolProject)
            // Each build's own keys, as two machines would have.
            return await SiteBuilder(projectRoot: project.path, services: GatewayServices(userPoolKeys: InMemoryUserPoolKeys())).build()
        }
        let first = try await build(), second = try await build()
        #expect(!first.diagnostics.hasErrors, "\(first.diagnostics.sorted)")
        #expect(first.files.paths == second.files.paths)
        for path in first.files.paths where first.files.files[path] != second.files.files[path] {
            let a = first.files.text(path) ?? "", b = second.files.text(path) ?? ""
            let common = zip(a, b).prefix { $0 == $1 }.count
            Issue.record("\(path) differs between builds with different keys, from: \(a.dropFirst(max(0, common - 80)).prefix(240)) // \(b.dropFirst(max(0, common - 80)).prefix(240))")
        }
        let page = try #require(first.files.text("index.html"))
        let signedIn = try #require(figure(page, 0))
        // The request's header, the integration request's body and the response's body.
        #expect(signedIn.components(separatedBy: "&lt;ID token of alice&gt;").count - 1 >= 3)
        #expect(signedIn.contains(TranscriptPanel.tokenNote))
        #expect(!signedIn.contains(TranscriptPanel.maskedNote))
        #expect(signedIn.contains("<span class=\"status status-2xx\">200 OK</span>"))
        #expect(signedIn.contains("alice@example.com"))
        #expect(signedIn.contains("signature with key &#39;&lt;ID token key of shoppers&gt;&#39;"))
        let anonymous = try #require(figure(page, 1))
        #expect(!anonymous.contains(TranscriptPanel.tokenNote))
        for path in first.files.paths {
            let bytes = try #require(first.files.files[path])
            #expect(!bytes.containsSequence(Array("eyJraWQ".utf8)), "\(path) holds a token")
        }
    }
}
