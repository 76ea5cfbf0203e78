import Foundation
@testable import PorticoGateway
import PorticoModel
import TestSupport
import Testing

/// Requests signed by botocore (an independent SigV4 implementation: ``Botocore``) verified by
/// the gateway in process, and the same requests tampered with after signing. botocore signs
/// at 2026-01-01T12:00:00Z, the `iam` fixture gateway's clock.
@Suite("IAM authorization: requests signed by botocore")
struct IAMBotocoreTests {
    let harness: GatewayHarness
    let host: String
    static let date = "20260101T120000Z"
    static let alice = (key: "AKIAIOSFODNN7EXAMPLE", secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")

    init() throws {
        harness = try GatewayHarness(fixture: "iam")
        host = Gateway.executeAPIHost(for: try #require(harness.gateway.project.api(named: "vault")))
    }

    func spec(_ method: String, _ target: String, headers: [(String, String)] = [], body: String = "",
              key: String = alice.key, secret: String = alice.secret, date: String = date) -> Botocore.Spec {
        Botocore.Spec(method: method, url: "https://\(host)/prod\(target)", headers: headers, body: body,
                      accessKey: key, secret: secret, date: date)
    }

    /// Each signed request through the gateway, as the execute-api host receives it.
    func run(_ specs: [Botocore.Spec]) async throws -> [Transcript] {
        var transcripts: [Transcript] = []
        for signed in try Botocore.run(specs) {
            let headers = signed.headers.map { HTTPHeader($0[0], $0[1]) }
            var ids = IdentifierGenerator(seed: 7)
            transcripts.append(try await harness.gateway.invoke(
                GatewayRequest(method: signed.method, path: signed.target(droppingSegments: 1), headers: headers, body: signed.body),
                api: "vault", stage: "prod", ids: &ids))
        }
        return transcripts
    }

    @Test("botocore's signatures verify: GET, an encoded path and query, a JSON POST, presigned URLs")
    func accepted() async throws {
        var presigned = spec("GET", "/items")
        presigned.presign = true
        // Presigned ten minutes ago for fifteen: a presigned URL outlives the five-minute skew.
        var presignedLater = spec("GET", "/items", date: "20260101T115000Z")
        presignedLater.presign = true
        presignedLater.expires = 900
        let transcripts = try await run([
            spec("GET", "/items"),
            spec("GET", "/items/caf%C3%A9%20au%20lait?q=a%2Bb%20c&z=1&a=%E2%9C%93"),
            spec("POST", "/items", headers: [("Content-Type", "application/json")], body: #"{"name":"ledger","tags":["a b","é"]}"#),
            presigned, presignedLater,
        ])
        #expect(transcripts.map(\.response.status) == [200, 200, 201, 200, 200])
        // $input.params returns path parameters still encoded, query parameters decoded
        // (recorded AWS responses: LocalStack test_apigateway_lambda.snapshot.json,
        // invocation-payload-with-path-encoded-email; see RouteMatch.pathParameters).
        #expect(transcripts[1].response.body == #"{"id": "caf%C3%A9%20au%20lait", "q": "a+b c"}"#)
    }

    @Test("tampered after signing, or signed wrongly, the requests are refused as AWS refuses them")
    func refused() async throws {
        var body = spec("POST", "/items", headers: [("Content-Type", "application/json")], body: #"{"n":1}"#)
        body.tamper = Botocore.Tamper(body: #"{"n":2}"#)
        var path = spec("GET", "/items/1")
        path.tamper = Botocore.Tamper(url: "https://\(host)/prod/items/2")
        var region = spec("GET", "/items")
        region.region = "eu-west-1"
        var service = spec("GET", "/items")
        service.service = "execute-apis"
        var presignedExpired = spec("GET", "/items", date: "20260101T114500Z")
        presignedExpired.presign = true
        presignedExpired.expires = 600
        let transcripts = try await run([
            body, path,
            spec("GET", "/items", secret: "wrong-secret"),
            spec("GET", "/items", date: "20260101T115400Z"),
            spec("GET", "/items", key: "AKIAUNKNOWNKEYEXAMPL"),
            region, service, presignedExpired,
        ])
        let answers = transcripts.map { ($0.response.status, $0.header("x-amzn-ErrorType") ?? "") }
        #expect(answers.map(\.0) == Array(repeating: 403, count: 8))
        #expect(answers.map(\.1) == [
            "InvalidSignatureException", "InvalidSignatureException", "InvalidSignatureException", "InvalidSignatureException",
            "AccessDeniedException", "InvalidSignatureException", "InvalidSignatureException", "InvalidSignatureException",
        ])
        #expect(transcripts[0].response.body.hasPrefix(#"{"message":"The request signature we calculated does not match"#))
        #expect(transcripts[3].response.body
                == #"{"message":"Signature expired: 20260101T115400Z is now earlier than 20260101T115500Z (20260101T120000Z - 5 min.)"}"#)
        #expect(transcripts[4].response.body == #"{"message":"The security token included in the request is invalid."}"#)
        #expect(transcripts[5].response.body == #"{"message":"Credential should be scoped to a valid region, not 'eu-west-1'. "}"#)
        #expect(transcripts[6].response.body == #"{"message":"Credential should be scoped to correct service: 'execute-api'. "}"#)
        // Presigned at 11:45 for 600 s: expired at 11:55. The sentence is Portico's (no recorded
        // execute-api answer): AWS's five-minute one with the expiry in its place.
        #expect(transcripts[7].response.body
                == #"{"message":"Signature expired: 20260101T114500Z is now earlier than 20260101T115000Z (20260101T120000Z - 600 sec.)"}"#)
    }
}
