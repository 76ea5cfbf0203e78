import Foundation
@testable import PorticoSite
import Testing

private let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/who-may-call").path

/// The "Who may call" section of REST operation pages: the resource policy's statements that
/// cover the method, the authorization the method uses and, for IAM, which of the project's
/// users their identity policies let in (IAM User Guide: reference_policies_evaluation-logic).
@Suite("Who may call")
struct WhoMayCallTests {
    static let built = Task { await SiteBuilder(projectRoot: fixture).build() }

    func section(_ page: String, api: String = "vault") async throws -> String {
        let result = await Self.built.value
        let html = try #require(result.files.text("reference/\(api)/\(page).html"))
        let start = try #require(html.range(of: "<h2 id=\"who-may-call\">"))
        let end = try #require(html.range(of: "</ul>\n", range: start.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test("an IAM method: the statements that cover it, the ARN, and each IAM user's verdict")
    func iam() async throws {
        #expect(try await section("get-secrets") == """
            <h2 id="who-may-call">Who may call</h2>
            <ul class="who-may-call">
            <li><strong>Resource policy</strong>: statement 1: allows everyone (anonymous callers included); statement 2 (<code>NoTestNet</code>): denies everyone (anonymous callers included) when <code>aws:SourceIp</code> IpAddress <code>192.0.2.0/24</code>. A Deny that applies wins over any Allow.</li>
            <li><strong>Authorization</strong>: <code>AWS_IAM</code>. The caller signs the request with Signature Version 4 (service <code>execute-api</code>, region <code>us-east-1</code>), and its IAM policies must allow <code>execute-api:Invoke</code> on <code>arn:aws:execute-api:us-east-1:123456789012:vn75ipxtkp/prod/GET/secrets</code>. Of the project's IAM users, on stage <code>prod</code>: <code>alice</code> allowed, <code>mallory</code> denied (explicit Deny), <code>carol</code> not allowed (no statement allows it).</li>
            </ul>

            """)
    }

    @Test("a method without authorization, covered by the policy's Allow only")
    func open() async throws {
        #expect(try await section("get-open") == """
            <h2 id="who-may-call">Who may call</h2>
            <ul class="who-may-call">
            <li><strong>Resource policy</strong>: statement 1: allows everyone (anonymous callers included).</li>
            <li><strong>Authorization</strong>: none (<code>NONE</code>): any caller the resource policy admits.</li>
            </ul>

            """)
    }

    @Test("a Lambda TOKEN authorizer: identity source, validation expression, cache TTL and its trap")
    func lambda() async throws {
        let html = try await section("get-tokens")
        #expect(html.contains("<li><strong>Authorization</strong>: Lambda authorizer <code>tokenAuth</code> (<code>TOKEN</code>): function <code>token-check</code> decides, given <code>method.request.header.Authorization</code>; a request without it is answered 401 without calling the function. A token that does not match <code>^Bearer [-0-9a-zA-Z._]+$</code> is answered 401 without calling it. Its decision is cached for 60 s per token; a cached policy answers for every method that uses this authorizer, so it must cover them all (one that covers only this method answers 403 elsewhere).</li>"))
    }

    @Test("a Cognito authorizer with scopes asks for an access token and names the pool's users; the API key line names the plans")
    func cognitoAndKey() async throws {
        let html = try await section("get-staff")
        #expect(html.contains("<li><strong>Authorization</strong>: Cognito user pool authorizer <code>staffPool</code>: a token from the <code>Authorization</code> header; an access token with one of the scopes <code>vault/read</code>. Users of the project: pool <code>staff</code>: <code>dana</code>.</li>"))
        #expect(html.contains("<li><strong>API key</strong>: required, in the <code>X-API-Key</code> header; it must be enabled and belong to a usage plan that includes the stage (<code>gold</code>). Otherwise API Gateway answers 403 <code>{\"message\":\"Forbidden\"}</code>.</li>"))
    }

    @Test("a PRIVATE API: the endpoint comes first, with the host names a VPC endpoint gives it")
    func privateEndpoint() async throws {
        let html = try await section("get-open", api: "internal")
        let apiId = "73aws2h4th" // the id Portico derives from the name "internal"
        // DG: apigateway-private-api-test-invoke-url: `{rest-api-id}-{vpce-id}.execute-api.{region}.amazonaws.com`,
        // or the endpoint's own DNS name with `x-apigw-api-id`.
        #expect(html.contains("""
            <ul class="who-may-call">
            <li><strong>Endpoint</strong>: <code>PRIVATE</code>. Only requests that come through a VPC endpoint reach this method: at <code>\(apiId)-vpce-0a1b2c3d4e5f67890.execute-api.us-east-1.amazonaws.com</code>, or at a declared endpoint's own DNS name (<code>vpce-0a1b2c3d4e5f67890</code>) with the header <code>x-apigw-api-id: \(apiId)</code>. A request from anywhere else is answered 403, the resource policy's implicit deny.</li>
            <li><strong>Resource policy</strong>: statement 1: allows everyone (anonymous callers included).</li>
            """))
    }
}
