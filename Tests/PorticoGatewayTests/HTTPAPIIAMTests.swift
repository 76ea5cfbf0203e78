import Foundation
@testable import PorticoGateway
import PorticoModel
import Testing

/// IAM authorization on HTTP API routes (DG: http-api-access-control-iam: "similar to that for
/// REST APIs"), against the httpapi fixture's `vault` API, served from its `$default` stage:
/// alice may GET anything on `$default`, bob has no policy. Requests are signed by the
/// gateway's own signer (pinned to AWS's test suite in ``SigV4SuiteTests``; botocore signs
/// against the served gateway in IAMBotocoreTests).
@Suite("HTTP API IAM authorization")
struct HTTPAPIIAMTests {
    let harness = HTTPAPIHarness.shared

    private func user(_ name: String) throws -> IAMUser {
        try #require(harness.gateway.project.identities.iamUsers.first { $0.userName == name })
    }

    private var host: String {
        get throws { Gateway.executeAPIHost(for: try #require(harness.gateway.project.api(named: "vault"))) }
    }

    /// Signed for the `$default` stage: the path has no stage segment.
    private func send(_ path: String, as name: String?, method: String = "GET", at date: Date = FixedClock.siteBuild.instant) async throws -> Transcript {
        var request = GatewayRequest(method: method, path: path)
        if let name { request = SigV4.sign(request, host: try host, path: path, credentials: try user(name), date: date) }
        var ids = IdentifierGenerator(seed: 7)
        return try await harness.gateway.invoke(request, api: "vault", stage: "$default", ids: &ids)
    }

    /// HTTP APIs answer every IAM refusal 403 `{"message":"Forbidden"}`, without REST's
    /// `x-amzn-ErrorType` or its sentences (HTTP APIs have no gateway responses, DG:
    /// http-api-vs-rest; the answer an HTTP API route with IAM gives a caller its policy does
    /// not allow, as reported in aws/aws-cdk#21182: `403 { "message": "Forbidden" }`).
    private func expectForbidden(_ t: Transcript, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(t.response.status == 403, sourceLocation: sourceLocation)
        #expect(t.response.body == #"{"message":"Forbidden"}"#, sourceLocation: sourceLocation)
        #expect(t.response.headers == [
            HTTPHeader("Date", "Thu, 01 Jan 2026 12:00:00 GMT"), HTTPHeader("Content-Type", "application/json"),
            HTTPHeader("Content-Length", "23"), HTTPHeader("apigw-requestid", t.header("apigw-requestid") ?? "?"),
        ], sourceLocation: sourceLocation)
        #expect(t.integrationRequest == nil, "the integration must not run", sourceLocation: sourceLocation)
    }

    @Test("a request signed by alice passes, and the 2.0 event carries requestContext.authorizer.iam")
    func signedPasses() async throws {
        let t = try await send("/secrets", as: "alice")
        #expect(t.response.status == 200)
        let userId = try #require(harness.gateway.environment.deployments.iamUsers["AKIAIOSFODNN7EXAMPLE"]).userId
        // The shape of AWS Lambda Powertools' recorded apiGatewayProxyV2IamEvent.json.
        #expect(t.response.body.contains("""
            "apiId":"\(apiIdentifier(for: "vault"))","authorizer":{"iam":{"accessKey":"AKIAIOSFODNN7EXAMPLE","accountId":"123456789012",\
            "callerId":"\(userId)","cognitoIdentity":null,"principalOrgId":null,"userArn":"arn:aws:iam::123456789012:user/alice",\
            "userId":"\(userId)"}},"domainName":
            """))
        #expect(t.outcome(of: .authorization)?.detail.hasPrefix("SigV4 signature of IAM user 'alice' (AKIAIOSFODNN7EXAMPLE) verified") == true)
    }

    @Test("an unsigned request, a caller without a policy and a stale signature: 403 Forbidden, the integration not called")
    func refusals() async throws {
        expectForbidden(try await send("/secrets", as: nil))
        let bob = try await send("/secrets", as: "bob")
        expectForbidden(bob)
        #expect(bob.outcome(of: .authorization)?.detail == "access denied: the user has no identity policy")
        let stale = try await send("/secrets", as: "alice", at: FixedClock.siteBuild.instant.addingTimeInterval(-600))
        expectForbidden(stale)
        #expect(stale.outcome(of: .authorization)?.detail.contains("Signature expired") == true)
    }

    @Test("the caller's identity reaches an HTTP_PROXY backend through $context.identity in parameter mapping")
    func identityInMapping() async throws {
        let t = try await send("/who", as: "alice")
        #expect(t.response.status == 200)
        let headers = try #require(t.integrationRequest?.headers)
        #expect(headers.value(for: "x-caller") == "arn:aws:iam::123456789012:user/alice")
        #expect(headers.value(for: "x-key") == "AKIAIOSFODNN7EXAMPLE")
    }
}
