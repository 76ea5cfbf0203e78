import Foundation
import PorticoGateway
import PorticoModel
import Testing

/// Cognito's InitiateAuth and key set as `serve` answers them (API reference: InitiateAuth;
/// Cognito Developer Guide: amazon-cognito-user-pools-using-tokens-verifying-a-jwt).
@Suite("Cognito identity provider API")
struct CognitoIdentityProviderTests {
    let provider = CognitoIdentityProvider(pools: directory())
    static let target = "AWSCognitoIdentityProviderService.InitiateAuth"

    private func call(_ body: String, target: String? = Self.target, seed: UInt64 = 21, at now: Date = buildInstant) -> CognitoIdentityProvider.Reply {
        var ids = IdentifierGenerator(seed: seed)
        return provider.call(target: target, body: Array(body.utf8), now: now, ids: &ids)
    }

    private func signIn(password: String = "Correct-Horse-1", user: String = "alice", client: String = "4webclient0shoppers000001") -> CognitoIdentityProvider.Reply {
        call(#"{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"\#(client)","AuthParameters":{"USERNAME":"\#(user)","PASSWORD":"\#(password)"}}"#)
    }

    /// The request id of a reply made with the generator seeded `seed`: its first uuid.
    private func requestId(seed: UInt64 = 21) -> String {
        var ids = IdentifierGenerator(seed: seed)
        return ids.uuid()
    }

    /// An error reply of the AWS JSON 1.1 protocol, whole.
    private func expectError(_ reply: CognitoIdentityProvider.Reply, _ type: String, _ message: String, status: Int = 400,
                             sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(reply.status == status, sourceLocation: sourceLocation)
        #expect(reply.body == #"{"__type":"\#(type)","message":"\#(message)"}"#, sourceLocation: sourceLocation)
        #expect(reply.headers == [HTTPHeader("Content-Type", "application/x-amz-json-1.1"), HTTPHeader("x-amzn-RequestId", requestId()),
                                  HTTPHeader("x-amzn-ErrorType", "\(type):"), HTTPHeader("x-amzn-ErrorMessage", message)],
                sourceLocation: sourceLocation)
    }

    @Test("USER_PASSWORD_AUTH answers AuthenticationResult with the three tokens, 3600 s, Bearer")
    func signInShape() throws {
        let reply = signIn()
        #expect(reply.status == 200)
        #expect(reply.headers == [HTTPHeader("Content-Type", "application/x-amz-json-1.1"), HTTPHeader("x-amzn-RequestId", requestId())])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["AuthenticationResult", "ChallengeParameters"])
        #expect((object["ChallengeParameters"] as? [String: Any])?.isEmpty == true)
        let result = try #require(object["AuthenticationResult"] as? [String: Any])
        #expect(Set(result.keys) == ["AccessToken", "ExpiresIn", "IdToken", "RefreshToken", "TokenType"])
        #expect(result["ExpiresIn"] as? Int == 3600)
        #expect(result["TokenType"] as? String == "Bearer")
        let pool = try #require(provider.pools.pool(id: "us-east-1_Shoppers"))
        let id = try TokenVerifier(keys: pool.keySet).verify(try #require(result["IdToken"] as? String)).get()
        let access = try TokenVerifier(keys: pool.keySet).verify(try #require(result["AccessToken"] as? String)).get()
        #expect(id.string("token_use") == "id" && id.string("aud") == "4webclient0shoppers000001")
        #expect(access.string("token_use") == "access" && access.string("scope") == "aws.cognito.signin.user.admin")
        // One sign-in: the two tokens share origin_jti, event_id and auth_time.
        #expect(id.string("origin_jti") == access.string("origin_jti") && id.string("event_id") == access.string("event_id"))
        #expect(id.seconds("auth_time") == 1_767_268_800)
        // Members in the order of the API reference's response syntax.
        #expect(reply.body.hasPrefix(#"{"AuthenticationResult":{"AccessToken":""#))
        #expect(reply.body.hasSuffix(#"","TokenType":"Bearer"},"ChallengeParameters":{}}"#))
    }

    @Test("a wrong password and an unknown user get the same NotAuthorizedException")
    func wrongPassword() {
        expectError(signIn(password: "wrong"), "NotAuthorizedException", "Incorrect username or password.")
        expectError(signIn(user: "mallory"), "NotAuthorizedException", "Incorrect username or password.")
    }

    @Test("an unknown client is ResourceNotFoundException")
    func unknownClient() {
        expectError(signIn(client: "nosuchclient"), "ResourceNotFoundException", "User pool client nosuchclient does not exist.")
    }

    @Test("missing members and parameters are InvalidParameterException")
    func missing() {
        expectError(call(#"{"ClientId":"4webclient0shoppers000001"}"#), "InvalidParameterException",
                    "1 validation error detected: Value null at 'authFlow' failed to satisfy constraint: Member must not be null")
        expectError(call(#"{"AuthFlow":"USER_PASSWORD_AUTH"}"#), "InvalidParameterException",
                    "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null")
        expectError(call(#"{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"4webclient0shoppers000001","AuthParameters":{"USERNAME":"alice"}}"#),
                    "InvalidParameterException", "Missing required parameter PASSWORD")
        expectError(call(#"{"AuthFlow":"USER_SRP_AUTH","ClientId":"4webclient0shoppers000001","AuthParameters":{"USERNAME":"alice"}}"#),
                    "InvalidParameterException", "USER_SRP_AUTH flow not enabled for this client")
    }

    @Test("other operations and bodies that are not JSON are refused with what is wrong")
    func refusals() {
        expectError(call("{}", target: "AWSCognitoIdentityProviderService.GetUser"), "UnknownOperationException",
                    "Portico simulates InitiateAuth of the Cognito user pool API; GetUser is not simulated")
        expectError(call("not json"), "SerializationException", "the request body is not a JSON object")
    }

    @Test("REFRESH_TOKEN_AUTH gives new ID and access tokens of the same sign-in, and no new refresh token")
    func refresh() throws {
        let first = try #require(try JSONSerialization.jsonObject(with: Data(signIn().body.utf8)) as? [String: Any])
        let refresh = try #require((first["AuthenticationResult"] as? [String: Any])?["RefreshToken"] as? String)
        let later = buildInstant.addingTimeInterval(7200)
        let reply = call(#"{"AuthFlow":"REFRESH_TOKEN_AUTH","ClientId":"4webclient0shoppers000001","AuthParameters":{"REFRESH_TOKEN":"\#(refresh)"}}"#,
                         seed: 22, at: later)
        #expect(reply.status == 200)
        let result = try #require((try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any])?["AuthenticationResult"] as? [String: Any])
        #expect(result["RefreshToken"] == nil)
        let pool = try #require(provider.pools.pool(id: "us-east-1_Shoppers"))
        let id = try TokenVerifier(keys: pool.keySet).verify(try #require(result["IdToken"] as? String)).get()
        #expect(id.seconds("auth_time") == 1_767_268_800)
        #expect(id.seconds("iat") == 1_767_276_000)
        let refused = call(#"{"AuthFlow":"REFRESH_TOKEN_AUTH","ClientId":"4webclient0shoppers000001","AuthParameters":{"REFRESH_TOKEN":"x.y.z"}}"#)
        expectError(refused, "NotAuthorizedException", "Invalid Refresh Token")
        // A refresh token is no ID token: its token_use is refresh.
        expectError(call(#"{"AuthFlow":"REFRESH_TOKEN_AUTH","ClientId":"4webclient0shoppers000001","AuthParameters":{"REFRESH_TOKEN":"\#(result["IdToken"] as? String ?? "")"}}"#),
                    "NotAuthorizedException", "Invalid Refresh Token")
        let expired = call(#"{"AuthFlow":"REFRESH_TOKEN_AUTH","ClientId":"4webclient0shoppers000001","AuthParameters":{"REFRESH_TOKEN":"\#(refresh)"}}"#,
                           at: buildInstant.addingTimeInterval(31 * 24 * 3600))
        expectError(expired, "NotAuthorizedException", "Refresh Token has expired")
    }

    @Test("the key set of a pool, and 404 for a pool the project does not declare")
    func keySet() throws {
        let reply = provider.keySet(ofPool: "us-east-1_Shoppers")
        #expect(reply.status == 200)
        #expect(reply.headers == [HTTPHeader("Content-Type", "application/json")])
        #expect(reply.body == provider.pools.pool(id: "us-east-1_Shoppers")?.jwksJSON)
        let missing = provider.keySet(ofPool: "us-east-1_Nope")
        #expect(missing.status == 404)
        #expect(missing.body == #"{"message":"User pool us-east-1_Nope does not exist."}"#)
    }
}
