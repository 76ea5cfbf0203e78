import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import Testing
import Velocity

/// The cognito fixture's gateway, its keys shared by the suite, and tokens of its pools.
struct CognitoHarness {
    let gateway: Gateway

    static let shared = CognitoHarness()

    init() {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/cognito").path
        var diagnostics = DiagnosticEngine()
        let project = ProjectLoader(root: root).load(diagnostics: &diagnostics)!
        gateway = Gateway(project: project, clock: FixedClock.siteBuild, services: GatewayServices(userPoolKeys: sharedUserPoolKeys))
    }

    func pool(_ id: String) -> UserPoolDirectory.Pool { gateway.environment.userPools.pool(id: id)! }

    /// A token of `user`, issued `age` seconds before the site build's instant.
    func token(_ use: TokenUse = .id, user: String = "alice", pool id: String = "us-east-1_Shoppers", client: String? = nil,
               scopes: [String]? = nil, age: Double = 0) throws -> String {
        let pool = pool(id)
        let at = buildInstant.addingTimeInterval(-age)
        var ids = IdentifierGenerator(seed: 11)
        let session = SignInSession(at: at, ids: &ids)
        return try pool.issue(use, for: try #require(pool.user(named: user)), clientId: client, scopes: scopes, session: session, at: at, ids: &ids)
    }

    func send(_ path: String, authorization: String? = nil, header: String = "Authorization", api: String = "shop",
              stage: String = "prod") async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 7)
        let headers = authorization.map { [HTTPHeader(header, $0)] } ?? []
        return try await gateway.invoke(GatewayRequest(method: "GET", path: path, headers: headers), api: api, stage: stage, ids: &ids)
    }
}

/// COGNITO_USER_POOLS authorizers through the whole pipeline (DG: apigateway-integrate-with-cognito,
/// apigateway-enable-cognito-user-pool).
@Suite("Cognito user pool authorizers")
struct CognitoAuthorizerTests {
    let harness = CognitoHarness.shared

    private func detail(_ t: Transcript) -> String { t.outcome(of: .authorization)?.detail ?? "" }

    /// A refusal: 401 with AWS's body and error type (DG: apigateway-enable-cognito-user-pool,
    /// "fails with a 401 Unauthorized response"; the body and headers as AWS answered a
    /// Cognito-authorized REST API: aws-samples/serverless-patterns issue #2254).
    private func expectUnauthorized(_ t: Transcript, message: String = "Unauthorized", because reason: String,
                                    sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(t.response.status == 401, sourceLocation: sourceLocation)
        #expect(t.response.body == #"{"message":"\#(message)"}"#, sourceLocation: sourceLocation)
        #expect(t.response.headers.map(\.name) == ["Date", "Content-Type", "Content-Length", "x-amzn-RequestId", "x-amzn-ErrorType", "x-amz-apigw-id"],
                sourceLocation: sourceLocation)
        #expect(t.header("x-amzn-ErrorType") == "UnauthorizedException", sourceLocation: sourceLocation)
        #expect(t.outcome(of: .authorization)?.outcome == .fail, sourceLocation: sourceLocation)
        #expect(detail(t) == "Cognito user pool authorizer 'shoppers': " + reason, sourceLocation: sourceLocation)
        #expect(t.outcome(of: .integration)?.outcome == .bypassed, sourceLocation: sourceLocation)
    }

    @Test("no Authorization header: 401 Unauthorized, no token checked")
    func missingToken() async throws {
        let t = try await harness.send("/me")
        expectUnauthorized(t, because: "the request has no Authorization header, so there is no token to check")
        expectUnauthorized(try await harness.send("/me", authorization: ""), because: "the request has no Authorization header, so there is no token to check")
    }

    @Test("an ID token admits the request; claims reach the template as strings, groups joined with commas, exp as Java prints a date")
    func admitted() async throws {
        let token = try harness.token()
        for value in [token, "Bearer " + token, "bearer " + token] {
            let t = try await harness.send("/me", authorization: value)
            #expect(t.response.status == 200)
            // $context.authorizer.claims.NAME and ['NAME'] (DG: apigateway-enable-cognito-user-pool);
            // no principalId for Cognito authorizers.
            #expect(t.response.body == #"{"email": "alice@example.com", "groups": "admins,staff", "tier": "gold", "verified": "true", "exp": "Thu Jan 01 13:00:00 UTC 2026", "principal": ""}"# + "\n")
            let kid = harness.pool("us-east-1_Shoppers").keys!.idToken.keyId
            #expect(detail(t) == "Cognito user pool authorizer 'shoppers': ID token of 'alice' from user pool 'shoppers' (us-east-1_Shoppers) verified: signature with key '\(kid)', issuer, expiry 2026-01-01T13:00:00Z; its claims are $context.authorizer.claims")
        }
    }

    @Test("the Lambda proxy event carries the claims under requestContext.authorizer.claims, in the token's order")
    func proxyEvent() async throws {
        let t = try await harness.send("/event", authorization: try harness.token())
        // The event is built before the integration runs (this gateway has no Lambda runtime).
        let body = try #require(t.integrationRequest?.body)
        let event = try #require(JSONValueParser.parse(body).mapValue)
        let context = try #require(event["requestContext"]?.mapValue)
        var ids = IdentifierGenerator(seed: 11)
        let origin = ids.uuid(), eventId = ids.uuid(), jti = ids.uuid()
        #expect(context["authorizer"] == .map(OrderedMap([("claims", .map(OrderedMap([
            ("sub", .string("a25ca11f-ee52-4ea8-8ffb-73745b6e0419")), ("cognito:groups", .string("admins,staff")),
            ("aud", .string("4webclient0shoppers000001")), ("custom:tier", .string("gold")), ("email", .string("alice@example.com")),
            ("email_verified", .string("true")), ("token_use", .string("id")), ("auth_time", .string("1767268800")),
            ("iss", .string("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Shoppers")), ("cognito:username", .string("alice")),
            ("exp", .string("Thu Jan 01 13:00:00 UTC 2026")), ("iat", .string("Thu Jan 01 12:00:00 UTC 2026")),
            ("jti", .string(jti)), ("origin_jti", .string(origin)), ("event_id", .string(eventId)),
        ])))])))
        let claims = try #require(context["authorizer"]?.mapValue?["claims"]?.mapValue)
        #expect(claims.keys == ["sub", "cognito:groups", "aud", "custom:tier", "email", "email_verified", "token_use", "auth_time", "iss",
                                "cognito:username", "exp", "iat", "jti", "origin_jti", "event_id"])
    }

    @Test("a token past its exp: 401 'The incoming token has expired'; one second before, admitted")
    func expired() async throws {
        let t = try await harness.send("/me", authorization: try harness.token(age: 3600))
        expectUnauthorized(t, message: "The incoming token has expired",
                           because: "the token expired at 2026-01-01T12:00:00Z, 0 s before this request")
        let older = try await harness.send("/me", authorization: try harness.token(age: 7200))
        #expect(detail(older).hasSuffix("the token expired at 2026-01-01T11:00:00Z, 3,600 s before this request"))
        #expect(try await harness.send("/me", authorization: try harness.token(age: 3599)).response.status == 200)
    }

    @Test("a token issued after the request (iat in the future) is refused")
    func notYetValid() async throws {
        let t = try await harness.send("/me", authorization: try harness.token(age: -120))
        expectUnauthorized(t, because: "the token's iat 2026-01-01T12:02:00Z is 120 s after this request")
    }

    @Test("a changed claim or signature, another pool's token, another key: 401 Unauthorized")
    func forged() async throws {
        let token = try harness.token()
        let parts = token.split(separator: ".").map(String.init)
        let kid = harness.pool("us-east-1_Shoppers").keys!.idToken.keyId
        let claims = try claimsText(of: token).replacingOccurrences(of: #"["admins","staff"]"#, with: #"["admins","staff","root"]"#)
        let tampered = [parts[0], Base64URL.encode(Array(claims.utf8)), parts[2]].joined(separator: ".")
        expectUnauthorized(try await harness.send("/me", authorization: tampered), because: "the signature does not verify with key '\(kid)'")
        var signature = try #require(Base64URL.decode(parts[2]))
        signature[0] ^= 0x80
        let resigned = [parts[0], parts[1], Base64URL.encode(signature)].joined(separator: ".")
        expectUnauthorized(try await harness.send("/me", authorization: resigned), because: "the signature does not verify with key '\(kid)'")
        // A token of the partners pool, which this authorizer does not name.
        let partner = try harness.token(user: "carol", pool: "eu-west-1_Partners")
        let partnerKid = harness.pool("eu-west-1_Partners").keys!.idToken.keyId
        expectUnauthorized(try await harness.send("/me", authorization: partner),
                           because: "no key of the accepted issuers has the token's key id '\(partnerKid)'")
        // The same claims signed by a key no pool has.
        let stranger = try UserPoolSigningKey.generate()
        expectUnauthorized(try await harness.send("/me", authorization: try stranger.sign(claims: try claimsText(of: token))),
                           because: "no key of the accepted issuers has the token's key id '\(stranger.keyId)'")
        expectUnauthorized(try await harness.send("/me", authorization: "not-a-token"),
                           because: "the token is not a JSON Web Token: it is not three base64url parts joined by dots")
    }

    @Test("a token signed with the pool's key whose issuer is another pool is refused")
    func wrongIssuer() async throws {
        let claims = try claimsText(of: try harness.token())
            .replacingOccurrences(of: "amazonaws.com/us-east-1_Shoppers", with: "amazonaws.com/us-east-1_Other")
        let token = try harness.pool("us-east-1_Shoppers").keys!.idToken.sign(claims: claims)
        expectUnauthorized(try await harness.send("/me", authorization: token),
                           because: "the token's issuer https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other is not an accepted one")
    }

    @Test("without scopes the method wants an ID token: an access token is refused")
    func accessTokenWithoutScopes() async throws {
        let t = try await harness.send("/me", authorization: try harness.token(.access))
        expectUnauthorized(t, because: "the token is an access token (token_use access), and this method needs an ID token")
    }

    @Test("with scopes the method wants an access token granting one of them (DG: apigateway-enable-cognito-user-pool)")
    func scopes() async throws {
        expectUnauthorized(try await harness.send("/orders", authorization: try harness.token()),
                           because: "the token is an ID token (token_use id), and this method needs an access token")
        expectUnauthorized(try await harness.send("/orders", authorization: try harness.token(.access)),
                           because: "the token grants scope aws.cognito.signin.user.admin, none of the method's shop/orders.read shop/orders.write")
        let t = try await harness.send("/orders", authorization: try harness.token(.access, client: "5mobileclient0shoppers02",
                                                                                   scopes: ["openid", "shop/orders.write"]))
        #expect(t.response.status == 200)
        #expect(t.response.body == #"{"scope": "openid shop/orders.write", "client": "5mobileclient0shoppers02"}"#)
        #expect(detail(t).contains("access token of 'alice' from user pool 'shoppers' (us-east-1_Shoppers) verified:"))
        #expect(detail(t).contains("granting shop/orders.write;"))
    }

    @Test("a stage variable names the pool: each stage accepts its own pool's tokens, from the header the scheme names")
    func stagedPool() async throws {
        let shopper = try harness.token(), partner = try harness.token(user: "carol", pool: "eu-west-1_Partners")
        #expect(try await harness.send("/staged", authorization: shopper, header: "X-Token").response.status == 200)
        #expect(try await harness.send("/staged", authorization: partner, header: "X-Token").response.status == 401)
        #expect(try await harness.send("/staged", authorization: partner, header: "X-Token", stage: "partners").response.status == 200)
        #expect(try await harness.send("/staged", authorization: shopper, header: "X-Token", stage: "partners").response.status == 401)
        #expect(try await harness.send("/staged", authorization: shopper).response.status == 401)
    }

    @Test("identityValidationExpression must match the token's aud whole")
    func audiencePattern() async throws {
        #expect(try await harness.send("/web", authorization: try harness.token()).response.status == 200)
        let t = try await harness.send("/web", authorization: try harness.token(client: "5mobileclient0shoppers02"))
        #expect(t.response.status == 401)
        #expect(detail(t) == "Cognito user pool authorizer 'webOnly': the token's audience '5mobileclient0shoppers02' does not match identityValidationExpression 4web.*")
    }

    @Test("with a resource policy, a verified token still needs the policy's explicit allow (DG: apigateway-authorization-flow)")
    func resourcePolicy() async throws {
        let token = try harness.token()
        #expect(try await harness.send("/open", authorization: token, api: "vault").response.status == 200)
        // No token: 401 before the policy is applied.
        #expect(try await harness.send("/closed", api: "vault").response.status == 401)
        let t = try await harness.send("/closed", authorization: token, api: "vault")
        #expect(t.response.status == 403)
        // AWS's 403 for a resource policy that allows nothing here (see ResourcePolicyTests.denial).
        #expect(t.response.body == ResourcePolicyTests.denial("vault", "prod/GET/closed", explicit: false))
        #expect(t.header("x-amzn-ErrorType") == "AccessDeniedException")
        #expect(detail(t) == "Cognito user pool authorizer 'shoppers': the token verified; the API's resource policy does not allow the request")
    }

    @Test("an authorizer whose user pool portico.yml does not declare refuses every token and says why")
    func undeclaredPool() async throws {
        let t = try await harness.send("/undeclared", authorization: try harness.token())
        #expect(t.response.status == 401)
        #expect(detail(t) == "Cognito user pool authorizer 'undeclared': its user pool us-east-1_Missing is not declared under identities.userPools in portico.yml, so no token can be verified")
    }
}

extension VelocityValue {
    var mapValue: OrderedMap? {
        if case .map(let map) = self { return map }
        return nil
    }
}
