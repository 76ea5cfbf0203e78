import Diagnostics
import Foundation
@testable import PorticoGateway
import PorticoModel
import Testing

/// AWS_IAM methods in process: requests signed by the gateway's own signer (the one the front
/// doors use; AWS's test suite pins it in ``SigV4SuiteTests``) against the `iam` fixture,
/// whose users are alice (allowed on stage prod, denied DELETE) and bob (no policy). The
/// gateway's clock stands at 2026-01-01T12:00:00Z.
@Suite("IAM authorization (SigV4)")
struct IAMAuthorizationTests {
    let harness: GatewayHarness
    let alice: IAMUser
    let bob: IAMUser
    let host: String
    static let now = FixedClock.siteBuild.instant

    init() throws {
        harness = try GatewayHarness(fixture: "iam")
        let users = harness.gateway.project.identities.iamUsers
        alice = try #require(users.first { $0.userName == "alice" })
        bob = try #require(users.first { $0.userName == "bob" })
        host = Gateway.executeAPIHost(for: try #require(harness.gateway.project.api(named: "vault")))
    }

    func signed(_ method: String, _ path: String, headers: [HTTPHeader] = [], body: String = "", as user: IAMUser? = nil,
                region: String = "us-east-1", service: String = "execute-api", at date: Date = now) -> GatewayRequest {
        let request = GatewayRequest(method: method, path: path, headers: headers, body: body)
        let rawPath = String(path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        return SigV4.sign(request, host: host, path: "/prod" + rawPath, credentials: user ?? alice, region: region, service: service, date: date)
    }

    func send(_ request: GatewayRequest) async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 7)
        return try await harness.gateway.invoke(request, api: "vault", stage: "prod", ids: &ids)
    }

    /// The answer's status, `x-amzn-ErrorType` and body.
    func answer(_ transcript: Transcript) -> (Int, String?, String) {
        (transcript.response.status, transcript.header("x-amzn-ErrorType"), transcript.response.body)
    }

    @Test("a request signed by alice passes, and $context.identity holds her IAM identity")
    func signedRequestPasses() async throws {
        let transcript = try await send(signed("GET", "/items"))
        #expect(transcript.response.status == 200)
        // DG: api-gateway-mapping-template-reference, $context.identity.accessKey / accountId /
        // caller / user / userArn for a request signed by an IAM user.
        let userId = try #require(harness.gateway.environment.deployments.iamUsers["AKIAIOSFODNN7EXAMPLE"]).userId
        #expect(transcript.response.body == """
            {"accessKey": "AKIAIOSFODNN7EXAMPLE", "accountId": "123456789012", "caller": "\(userId)", "user": "\(userId)", \
            "userArn": "arn:aws:iam::123456789012:user/alice"}
            """)
        #expect(userId.count == 21 && userId.hasPrefix("AIDA"))
        #expect(transcript.outcome(of: .authorization)?.outcome == .proceed)
    }

    @Test("a method without AWS_IAM ignores signatures")
    func publicMethod() async throws {
        let transcript = try await send(GatewayRequest(method: "GET", path: "/public"))
        #expect(answer(transcript) == (200, nil, "{\"public\": true}"))
    }

    // KC: api-gateway-authentication-token-errors (an unsigned request to an IAM method).
    @Test("an unsigned request is 403 Missing Authentication Token")
    func unsigned() async throws {
        let transcript = try await send(GatewayRequest(method: "GET", path: "/items"))
        #expect(answer(transcript) == (403, "MissingAuthenticationTokenException", #"{"message":"Missing Authentication Token"}"#))
    }

    // Recorded answer of API Gateway to a non-SigV4 Authorization header: aws/chalice#828.
    @Test("a bearer token is an incomplete signature, every missing part named")
    func bearerToken() async throws {
        let transcript = try await send(GatewayRequest(method: "GET", path: "/items", headers: [HTTPHeader("Authorization", "Bearer abc.def")]))
        #expect(answer(transcript) == (403, "IncompleteSignatureException", """
            {"message":"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. \
            Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a \
            'X-Amz-Date' or a 'Date' header. Authorization=Bearer abc.def"}
            """))
    }

    // Recorded answers of API Gateway: aws/chalice#828 (a route that was not deployed),
    // amazon-archives/aws-cognito-angular-quickstart#50 ("for any invalid endpoints").
    @Test("a route that does not exist answers a bearer token as an incomplete signature, and an unsigned request as before")
    func unknownRoute() async throws {
        let bearer = try await send(GatewayRequest(method: "GET", path: "/nothing", headers: [HTTPHeader("Authorization", "Bearer x"),
                                                                                                HTTPHeader("X-Amz-Date", "20260101T120000Z")]))
        #expect(answer(bearer) == (403, "IncompleteSignatureException", """
            {"message":"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. \
            Authorization header requires 'SignedHeaders' parameter. Authorization=Bearer x"}
            """))
        let plain = try await send(GatewayRequest(method: "GET", path: "/nothing"))
        #expect(answer(plain) == (403, "MissingAuthenticationTokenException", #"{"message":"Missing Authentication Token"}"#))
        let signedMiss = try await send(signed("PUT", "/items"))
        #expect(answer(signedMiss) == (403, "MissingAuthenticationTokenException", #"{"message":"Missing Authentication Token"}"#))
    }

    // Recorded answer: iann0036/cloud9-sync#10 (a space after "Credential=").
    @Test("a parameter without = is named")
    func notKeyValue() async throws {
        var request = signed("GET", "/items")
        let header = "AWS4-HMAC-SHA256 Credential= AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"
        request.headers.set("Authorization", header)
        let transcript = try await send(request)
        #expect(answer(transcript) == (403, "IncompleteSignatureException", """
            {"message":"'AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/execute-api/aws4_request' not a valid key=value pair \
            (missing equal-sign) in Authorization header: '\(header)'."}
            """))
    }

    // Recorded answers: aws/aws-sdk-js#792 (region), cllunsford/aws-signing-proxy#25 (service).
    @Test("a scope for another region or service is refused with AWS's sentence")
    func wrongScope() async throws {
        let region = try await send(signed("GET", "/items", region: "us-west-2"))
        #expect(answer(region) == (403, "InvalidSignatureException", #"{"message":"Credential should be scoped to a valid region, not 'us-west-2'. "}"#))
        let service = try await send(signed("GET", "/items", service: "lambda"))
        #expect(answer(service) == (403, "InvalidSignatureException", #"{"message":"Credential should be scoped to correct service: 'execute-api'. "}"#))
        // A scope without its terminator: the sentence is Portico's, in AWS's pattern (no
        // recorded execute-api answer).
        var short = signed("GET", "/items")
        short.headers.set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/execute-api, "
                          + "SignedHeaders=host;x-amz-date, Signature=00")
        #expect(answer(try await send(short)) == (403, "InvalidSignatureException",
                                                  #"{"message":"Credential should be scoped with a valid terminator: 'aws4_request', not 'execute-api'. "}"#))
    }

    // KC: api-gateway-troubleshoot-403-forbidden ("The security token included in the request is invalid.").
    @Test("an unknown access key, or a session token, is an invalid security token")
    func unknownKey() async throws {
        var stranger = bob
        stranger.accessKeyId = "AKIAJUNKNOWNEXAMPLE1"
        let expected = (403, Optional("AccessDeniedException"), #"{"message":"The security token included in the request is invalid."}"#)
        #expect(answer(try await send(signed("GET", "/items", as: stranger))) == expected)
        let token = signed("GET", "/items", headers: [HTTPHeader("X-Amz-Security-Token", "FQoGZXIvYXdzEXAMPLE")])
        #expect(answer(try await send(token)) == expected)
    }

    // Recorded answers: mhart/aws4#118 (expired), serverless/enterprise#11 (ahead of the clock).
    @Test("a date more than five minutes from the gateway's clock is refused; five minutes is accepted")
    func clockSkew() async throws {
        let late = try await send(signed("GET", "/items", at: Self.now.addingTimeInterval(-301)))
        #expect(answer(late) == (403, "InvalidSignatureException",
                                 #"{"message":"Signature expired: 20260101T115459Z is now earlier than 20260101T115500Z (20260101T120000Z - 5 min.)"}"#))
        let early = try await send(signed("GET", "/items", at: Self.now.addingTimeInterval(301)))
        #expect(answer(early) == (403, "InvalidSignatureException",
                                  #"{"message":"Signature not yet current: 20260101T120501Z is still later than 20260101T120500Z (20260101T120000Z + 5 min.)"}"#))
        #expect(try await send(signed("GET", "/items", at: Self.now.addingTimeInterval(-300))).response.status == 200)
        #expect(try await send(signed("GET", "/items", at: Self.now.addingTimeInterval(300))).response.status == 200)
    }

    @Test("a tampered body, path, query or signed header no longer matches")
    func tampering() async throws {
        var body = signed("POST", "/items", headers: [HTTPHeader("Content-Type", "application/json")], body: #"{"n":1}"#)
        #expect(try await send(body).response.status == 201)
        body.body = Array(#"{"n":2}"#.utf8)
        #expect(answer(try await send(body)).1 == "InvalidSignatureException")

        var query = signed("GET", "/items?page=1")
        #expect(try await send(query).response.status == 200)
        query.path = "/items?page=2"
        #expect(answer(try await send(query)).1 == "InvalidSignatureException")

        var header = signed("POST", "/items", headers: [HTTPHeader("Content-Type", "application/json")], body: "{}")
        header.headers.set("Content-Type", "text/plain")
        #expect(answer(try await send(header)).1 == "InvalidSignatureException")

        // Signed for /prod/items/7, sent to /prod/items/8: the path is part of the signature.
        var path = signed("GET", "/items/7")
        path.path = "/items/8"
        #expect(answer(try await send(path)).1 == "InvalidSignatureException")
        // Dot segments are removed before signing and verifying (aws-sig-v4-test-suite
        // normalize-path): /prod/items/x/../7 signs as /prod/items/7.
        var dots = signed("GET", "/items/7")
        dots.path = "/items/x/../7"
        #expect(answer(try await send(dots)).1 != "InvalidSignatureException")
    }

    // Recorded answer of API Gateway: mhart/aws4#33 (the sentence, then the canonical string
    // and the string to sign it expected).
    @Test("a wrong secret answers with the canonical request and string to sign AWS computed")
    func wrongSecret() async throws {
        var impostor = alice
        impostor.secretAccessKey = "not-alices-secret"
        let transcript = try await send(signed("GET", "/items?b=2&a=1", as: impostor))
        let canonical = "GET\n/prod/items\na=1&b=2\nhost:\(host)\nx-amz-date:20260101T120000Z\n\nhost;x-amz-date\n"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        let stringToSign = "AWS4-HMAC-SHA256\n20260101T120000Z\n20260101/us-east-1/execute-api/aws4_request\n\(Self.canonicalHash)"
        let message = SigV4Failure.mismatchSentence + "\n\nThe Canonical String for this request should have been\n'\(canonical)'\n\n"
            + "The String-to-Sign should have been\n'\(stringToSign)'\n"
        #expect(answer(transcript) == (403, "InvalidSignatureException", "{\"message\":\(jsonQuoted(message))}"))
    }

    /// SHA-256 of the canonical request above (the fixture API's host is derived from its
    /// name, so it never changes), computed outside Portico with Python's hashlib.
    static let canonicalHash = "fb426dc2d6c73fd4d370eb2ec69a0a4297402547ca588a0d4182f06c08e4656a"

    // KC: api-gateway-iam-sigv4-mismatch (implicit deny); IAM User Guide: troubleshoot_access-denied
    // (explicit deny); the masked account and the `Message` member: ASFHyP3/hyp3#2283, as API
    // Gateway writes its policy denials.
    @Test("identity policies: alice's Deny on DELETE wins over her Allow; bob has no policy")
    func identityPolicies() async throws {
        let apiId = apiIdentifier(for: "vault")
        let denied = try await send(signed("DELETE", "/items/7"))
        #expect(answer(denied) == (403, "AccessDeniedException", """
            {"Message":"User: arn:aws:iam::123456789012:user/alice is not authorized to perform: execute-api:Invoke on resource: \
            arn:aws:execute-api:us-east-1:********9012:\(apiId)/prod/DELETE/items/7 with an explicit deny in an identity-based policy"}
            """))
        #expect(denied.outcome(of: .authorization)?.detail
                == "access denied: policy 1, statement 2 denies execute-api:Invoke on arn:aws:execute-api:us-east-1:123456789012:\(apiId)/prod/DELETE/items/7")
        let implicit = try await send(signed("GET", "/items", as: bob))
        #expect(answer(implicit) == (403, "AccessDeniedException", """
            {"Message":"User: arn:aws:iam::123456789012:user/bob is not authorized to perform: execute-api:Invoke on resource: \
            arn:aws:execute-api:us-east-1:********9012:\(apiId)/prod/GET/items because no identity-based policy allows the execute-api:Invoke action"}
            """))
        #expect(implicit.outcome(of: .authorization)?.detail == "access denied: the user has no identity policy")
        let allowed = try await send(signed("GET", "/items/7"))
        #expect(allowed.outcome(of: .authorization)?.detail == "SigV4 signature of IAM user 'alice' (AKIAIOSFODNN7EXAMPLE) verified, signed at the "
                + "gateway's time; policy 1, statement 1 allows execute-api:Invoke on arn:aws:execute-api:us-east-1:123456789012:\(apiId)/prod/GET/items/7")
    }

    // DG: apigateway-authorization-flow, Table A (caller and API in one account): a resource
    // policy's explicit deny wins; either policy's allow lets the caller through.
    @Test("with a resource policy: it may let bob (no identity policy) through by name, and its Deny stops alice")
    func resourcePolicy() async throws {
        var project = harness.gateway.project
        project.apis[0].definition.policy = try JSONValue.parsing("""
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:user/bob"}, "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
              {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::123456789012:user/alice"}, "Action": "execute-api:Invoke", "Resource": "execute-api:/prod/POST/*"}]}
            """)
        let gateway = Gateway(project: project, clock: FixedClock.siteBuild)
        var ids = IdentifierGenerator(seed: 1)
        let bobs = try await gateway.invoke(signed("GET", "/items", as: bob), api: "vault", stage: "prod", ids: &ids)
        #expect(bobs.response.status == 200)
        #expect(bobs.outcome(of: .authorization)?.detail == "SigV4 signature of IAM user 'bob' (AKIAI44QH8DHBEXAMPLE) verified, signed at the "
                + "gateway's time; no identity policy allows execute-api:Invoke on arn:aws:execute-api:us-east-1:123456789012:"
                + "\(apiIdentifier(for: "vault"))/prod/GET/items, the API's resource policy does")
        let alices = try await gateway.invoke(signed("POST", "/items", body: "{}"), api: "vault", stage: "prod", ids: &ids)
        #expect(answer(alices) == (403, "AccessDeniedException", """
            {"Message":"User: arn:aws:iam::123456789012:user/alice is not authorized to perform: execute-api:Invoke on resource: \
            arn:aws:execute-api:us-east-1:********9012:\(apiIdentifier(for: "vault"))/prod/POST/items with an explicit deny in a resource-based policy"}
            """))
    }

    @Test("the front doors' credentials: a request sent as alice is signed for the API's host and stage, and verifies")
    func credentialed() async throws {
        let caller = try harness.gateway.caller(named: "alice").get()
        let request = try harness.gateway.credentialed(GatewayRequest(method: "GET", path: "/items?page=2"), as: caller,
                                                       at: Endpoint(api: "vault", stage: "prod"))
        #expect(request.headers.value(for: "Host") == host)
        #expect(request.headers.value(for: "X-Amz-Date") == "20260101T120000Z")
        #expect(request.headers.value(for: "Authorization")?.hasPrefix(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=") == true)
        #expect(try await send(request).response.status == 200)
    }

    @Test("a policy condition reads the request's keys: aws:SourceIp and aws:username")
    func conditions() async throws {
        let here = SourceLocation(file: "portico.yml", line: 3, column: 5)
        var project = harness.gateway.project
        let policy = try JSONValue.parsing("""
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*",
              "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}, "StringEquals": {"aws:username": "carol"}}}]}
            """)
        let carol = IAMUser(userName: "carol", accessKeyId: "AKIACAROLEXAMPLE0001", secretAccessKey: "carol-secret", policies: [policy], location: here)
        project.identities.iamUsers.append(carol)
        let gateway = Gateway(project: project, clock: FixedClock.siteBuild)
        let request = SigV4.sign(GatewayRequest(method: "GET", path: "/items"), host: host, path: "/prod/items", credentials: carol, date: Self.now)
        var ids = IdentifierGenerator(seed: 1)
        let inside = try await gateway.invoke(request, api: "vault", stage: "prod", ids: &ids, sourceIp: "10.1.2.3")
        #expect(inside.response.status == 200)
        let outside = try await gateway.invoke(request, api: "vault", stage: "prod", ids: &ids, sourceIp: "192.0.2.7")
        #expect(answer(outside).1 == "AccessDeniedException")
    }

    @Test("an identity policy that is not a policy, or an access key used twice, is a located diagnostic")
    func diagnostics() throws {
        let here = SourceLocation(file: "Content/portico.yml", line: 12, column: 7)
        var project = harness.gateway.project
        project.identities.iamUsers = [
            IAMUser(userName: "dave", accessKeyId: "AKIADAVEEXAMPLE00001", secretAccessKey: "s",
                    policies: [try JSONValue.parsing(#"{"Statement": [{"Effect": "Permit", "Action": "*", "Resource": "*"}]}"#)], location: here),
            IAMUser(userName: "erin", accessKeyId: "AKIADAVEEXAMPLE00001", secretAccessKey: "t", location: here),
        ]
        let messages = Gateway(project: project, clock: FixedClock.siteBuild).diagnostics.map(\.description)
        #expect(messages == [
            #"Content/portico.yml:12:7: error: policy 1 of IAM user 'dave' is not a valid policy: Statement[0]: Effect must be "Allow" or "Deny", not "Permit" [project.iam-policy]"#,
            "Content/portico.yml:12:7: error: IAM user 'erin' has access key 'AKIADAVEEXAMPLE00001', which user 'dave' has already [project.duplicate-access-key]",
        ])
    }

    @Test("the Date header stands in for a missing X-Amz-Date")
    func dateHeader() async throws {
        let headers = [HTTPHeader("Host", host), HTTPHeader("Date", "Thu, 01 Jan 2026 12:00:00 GMT")]
        let canonical = CanonicalRequest(method: "GET", path: "/prod/items", query: nil, headers: headers, signedHeaders: ["date", "host"],
                                         signedHeaderList: "date;host", payloadHash: SigV4.emptyPayloadHash)
        let scope = SigV4.Scope(date: "20260101", region: "us-east-1", service: "execute-api")
        let signature = SigV4.signature(of: canonical, date: "20260101T120000Z", scope: scope, secret: alice.secretAccessKey).signature
        let authorization = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/execute-api/aws4_request, "
            + "SignedHeaders=date;host, Signature=\(signature)"
        let request = GatewayRequest(method: "GET", path: "/items", headers: headers + [HTTPHeader("Authorization", authorization)])
        #expect(try await send(request).response.status == 200)
        // A day in the scope that is not the request's.
        let otherDay = authorization.replacingOccurrences(of: "/20260101/", with: "/20251231/")
        let transcript = try await send(GatewayRequest(method: "GET", path: "/items", headers: headers + [HTTPHeader("Authorization", otherDay)]))
        #expect(answer(transcript) == (403, "InvalidSignatureException", """
            {"message":"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: \
            '20251231' != '20260101', from '20260101T120000Z'."}
            """))
    }
}
