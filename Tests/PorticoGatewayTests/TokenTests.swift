import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import Testing

/// One set of keys for the whole suite: making RSA keys takes a tenth of a second each.
let sharedUserPoolKeys = InMemoryUserPoolKeys()

private let here = Diagnostics.SourceLocation(file: "portico.yml", line: 1, column: 1)
let alice = UserPoolUser(username: "alice", password: "Correct-Horse-1",
                         attributes: ["email": "alice@example.com", "email_verified": "true", "custom:tier": "gold"],
                         groups: ["admins", "staff"], location: here)
let shoppers = CognitoUserPool(name: "shoppers", userPoolId: "us-east-1_Shoppers",
                               clients: [UserPoolClient(clientName: "web", clientId: "4webclient0shoppers000001")],
                               groups: ["admins", "staff"], users: [alice], location: here)

func directory(_ pools: [CognitoUserPool] = [shoppers], keys: any UserPoolKeyStore = sharedUserPoolKeys) -> UserPoolDirectory {
    UserPoolDirectory(identities: Identities(userPools: pools), keys: keys)
}

/// The instant site builds run at, 2026-01-01T12:00:00Z.
let buildInstant = FixedClock.siteBuild.instant

/// The claims of a token as their JSON text, decoded without checking anything.
func claimsText(of token: String) throws -> String {
    let part = try #require(token.split(separator: ".").dropFirst().first)
    return String(decoding: try #require(Base64URL.decode(part)), as: UTF8.self)
}

func headerText(of token: String) throws -> String {
    let part = try #require(token.split(separator: ".").first)
    return String(decoding: try #require(Base64URL.decode(part)), as: UTF8.self)
}

@Suite("base64url")
struct Base64URLTests {
    @Test("encodes without padding and decodes back, every length 0–40")
    func roundTrip() throws {
        for count in 0...40 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let text = Base64URL.encode(bytes)
            // RFC 4648 §5: the URL-safe alphabet, padding left out (RFC 7515 §2).
            #expect(text == Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: ""))
            #expect(Base64URL.decode(text) == bytes)
        }
    }

    @Test("refuses padding, characters outside the alphabet, impossible lengths and set unused bits",
          arguments: ["AQAB=", "A+B/", "AQABA", "AQ AB", "AR"])
    func refusals(text: String) {
        // "AR" would decode to 0x01 with unused bits 0b0001 set: a second spelling of "AQ".
        #expect(Base64URL.decode(text) == nil)
    }
}

@Suite("JSON Web Tokens: issue and verify")
struct TokenIssueTests {
    @Test("an ID token carries Cognito's claims in the guide's order, signed RS256 with the pool's ID key")
    func idToken() throws {
        let pool = try #require(directory().pool(id: "us-east-1_Shoppers"))
        var ids = IdentifierGenerator(seed: 5)
        let session = SignInSession(at: buildInstant, ids: &ids)
        let token = try pool.issue(.id, for: alice, session: session, at: buildInstant, ids: &ids)
        var expected = IdentifierGenerator(seed: 5)
        let origin = expected.uuid(), event = expected.uuid(), jti = expected.uuid()
        let kid = try #require(pool.keys?.idToken.keyId)
        // Header as Cognito writes it (Cognito Developer Guide: amazon-cognito-user-pools-using-the-id-token).
        #expect(try headerText(of: token) == #"{"kid":"\#(kid)","alg":"RS256"}"#)
        // sub: the UUID computed independently (Python: sha256("portico user alice of us-east-1_Shoppers"),
        // first 16 bytes, version 4 and variant bits set); exp one hour after iat.
        #expect(try claimsText(of: token) == """
        {"sub":"a25ca11f-ee52-4ea8-8ffb-73745b6e0419","cognito:groups":["admins","staff"],"aud":"4webclient0shoppers000001",\
        "custom:tier":"gold","email":"alice@example.com","email_verified":true,"token_use":"id","auth_time":1767268800,\
        "iss":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Shoppers","cognito:username":"alice","exp":1767272400,\
        "iat":1767268800,"jti":"\(jti)","origin_jti":"\(origin)","event_id":"\(event)"}
        """)
        // 44 characters of standard base64 ending in '=': the shape of Cognito's key ids.
        #expect(kid.count == 44 && kid.hasSuffix("="))
        let verified = try TokenVerifier(keys: pool.keySet).verify(token).get()
        #expect(verified.keyId == kid)
    }

    @Test("an access token has its own key, the sign-in scope by default, client_id and username")
    func accessToken() throws {
        let pool = try #require(directory().pool(id: "us-east-1_Shoppers"))
        var ids = IdentifierGenerator(seed: 9)
        let session = SignInSession(at: buildInstant, ids: &ids)
        let token = try pool.issue(.access, for: alice, session: session, at: buildInstant, ids: &ids)
        var expected = IdentifierGenerator(seed: 9)
        let origin = expected.uuid(), event = expected.uuid(), jti = expected.uuid()
        let kid = try #require(pool.keys?.accessToken.keyId)
        #expect(kid != pool.keys?.idToken.keyId)
        #expect(try headerText(of: token) == #"{"kid":"\#(kid)","alg":"RS256"}"#)
        // Cognito Developer Guide: amazon-cognito-user-pools-using-the-access-token, the sample payload.
        #expect(try claimsText(of: token) == """
        {"sub":"a25ca11f-ee52-4ea8-8ffb-73745b6e0419","cognito:groups":["admins","staff"],"token_use":"access",\
        "scope":"aws.cognito.signin.user.admin","auth_time":1767268800,"iss":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Shoppers",\
        "exp":1767272400,"iat":1767268800,"origin_jti":"\(origin)","jti":"\(jti)","client_id":"4webclient0shoppers000001",\
        "username":"alice","event_id":"\(event)"}
        """)
        let scoped = try pool.issue(.access, for: alice, scopes: ["shop/orders.read", "openid"], session: session, at: buildInstant, ids: &ids)
        #expect(try claimsText(of: scoped).contains(#""scope":"shop/orders.read openid""#))
    }

    @Test("an unknown client is refused; a pool without clients issues for one derived from its id")
    func clients() throws {
        let pool = try #require(directory().pool(id: "us-east-1_Shoppers"))
        var ids = IdentifierGenerator(seed: 1)
        let session = SignInSession(at: buildInstant, ids: &ids)
        #expect(throws: TokenIssueProblem.self) {
            try pool.issue(.id, for: alice, clientId: "nope", session: session, at: buildInstant, ids: &ids)
        }
        let bare = CognitoUserPool(name: "bare", userPoolId: "eu-west-1_Bare", users: [alice], location: here)
        let barePool = try #require(directory([bare]).pool(id: "eu-west-1_Bare"))
        #expect(barePool.clientIds.count == 1 && barePool.defaultClientId.count == 26)
        #expect(barePool.defaultClientId.allSatisfy { $0.isLowercase || $0.isNumber })
        #expect(barePool.issuer == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Bare")
    }

    @Test("the key set lists the ID and access keys as Cognito's jwks.json does, and reads back")
    func keySet() throws {
        let pool = try #require(directory().pool(id: "us-east-1_Shoppers"))
        let keys = try #require(pool.keys)
        let json = pool.jwksJSON
        let first = keys.idToken.publicKey, second = keys.accessToken.publicKey
        // Cognito Developer Guide: amazon-cognito-user-pools-using-tokens-verifying-a-jwt, the sample jwks.json.
        #expect(json == """
        {"keys":[{"alg":"RS256","e":"AQAB","kid":"\(first.keyId)","kty":"RSA","n":"\(first.modulus)","use":"sig"},\
        {"alg":"RS256","e":"AQAB","kid":"\(second.keyId)","kty":"RSA","n":"\(second.modulus)","use":"sig"}]}
        """)
        // A 2048-bit modulus: 256 bytes, 342 base64url characters.
        #expect(first.modulus.count == 342)
        var ids = IdentifierGenerator(seed: 2)
        let session = SignInSession(at: buildInstant, ids: &ids)
        let token = try pool.issue(.access, for: alice, session: session, at: buildInstant, ids: &ids)
        let reread = try JSONWebKeySet(json: json)
        #expect(reread.keys.map(\.keyId) == [first.keyId, second.keyId])
        #expect(throws: Never.self) { try TokenVerifier(keys: reread).verify(token).get() }
    }

    @Test("keys read back from PEM keep their key ids")
    func pem() throws {
        let key = try #require(directory().pool(id: "us-east-1_Shoppers")?.keys?.idToken)
        let reread = try UserPoolSigningKey(pem: key.pem)
        #expect(reread.keyId == key.keyId)
        #expect(key.pem.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
    }
}

@Suite("JSON Web Tokens: refusals")
struct TokenRefusalTests {
    let pool: UserPoolDirectory.Pool
    let token: String

    init() throws {
        pool = try #require(directory().pool(id: "us-east-1_Shoppers"))
        var ids = IdentifierGenerator(seed: 3)
        let session = SignInSession(at: buildInstant, ids: &ids)
        token = try pool.issue(.id, for: alice, session: session, at: buildInstant, ids: &ids)
    }

    private var parts: [String] { token.split(separator: ".").map(String.init) }

    private func verify(_ text: String) -> TokenRejection? {
        if case .failure(let rejection) = TokenVerifier(keys: pool.keySet).verify(text) { return rejection }
        return nil
    }

    @Test("a changed claim breaks the signature")
    func tamperedClaims() throws {
        let claims = try claimsText(of: token).replacingOccurrences(of: #""cognito:username":"alice""#, with: #""cognito:username":"mallory""#)
        let forged = [parts[0], Base64URL.encode(Array(claims.utf8)), parts[2]].joined(separator: ".")
        #expect(verify(forged) == .invalidSignature(pool.keys!.idToken.keyId))
    }

    @Test("a changed signature byte is refused")
    func tamperedSignature() throws {
        var signature = try #require(Base64URL.decode(parts[2]))
        signature[100] ^= 0x01
        #expect(verify([parts[0], parts[1], Base64URL.encode(signature)].joined(separator: ".")) == .invalidSignature(pool.keys!.idToken.keyId))
    }

    @Test("a token signed by another key: unknown kid, or the pool's kid with a signature the key refuses")
    func wrongKey() throws {
        let stranger = try UserPoolSigningKey.generate()
        let claims = try claimsText(of: token)
        #expect(verify(try stranger.sign(claims: claims)) == .unknownKey(stranger.keyId))
        // The stranger's signature under a header that names the pool's key.
        let header = Base64URL.encode(Array(#"{"kid":"\#(pool.keys!.idToken.keyId)","alg":"RS256"}"#.utf8))
        let foreign = try stranger.sign(claims: claims).split(separator: ".")
        #expect(verify([header, String(foreign[1]), String(foreign[2])].joined(separator: ".")) == .invalidSignature(pool.keys!.idToken.keyId))
    }

    @Test("alg none, HS256 and a missing kid are refused before any key is used")
    func algorithms() throws {
        let none = Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + "." + parts[1] + "." + parts[2]
        #expect(verify(none) == .unsupportedAlgorithm("none"))
        let hmac = Base64URL.encode(Array(#"{"kid":"\#(pool.keys!.idToken.keyId)","alg":"HS256"}"#.utf8)) + "." + parts[1] + "." + parts[2]
        #expect(verify(hmac) == .unsupportedAlgorithm("HS256"))
        let noKid = Base64URL.encode(Array(#"{"alg":"RS256"}"#.utf8)) + "." + parts[1] + "." + parts[2]
        #expect(verify(noKid) == .unknownKey(nil))
    }

    @Test("text that is not a JWT", arguments: ["", "abc", "a.b", "a.b.c.d", "eyJ9.eyJ9.AAAA", "e30.W10.AAAA"])
    func malformed(text: String) {
        guard case .malformed? = verify(text) else {
            Issue.record("\(text) was not refused as malformed: \(String(describing: verify(text)))")
            return
        }
    }
}

@Suite("JSON Web Tokens: claim rules")
struct TokenClaimRuleTests {
    /// A verified-looking token with these claims (the rules never look at the signature).
    private func token(_ claims: String) throws -> JSONWebToken {
        let text = Base64URL.encode(Array(#"{"alg":"RS256"}"#.utf8)) + "." + Base64URL.encode(Array(claims.utf8)) + ".AAAA"
        return try JSONWebToken.parse(text).get()
    }

    private let now = Date(timeIntervalSince1970: 1000)

    @Test("expiry: exp must be after now; nbf and iat at or before it")
    func times() throws {
        let rules = TokenClaimRules()
        #expect(rules.check(try token(#"{"exp":1001}"#), now: now) == nil)
        #expect(rules.check(try token(#"{"exp":1000}"#), now: now) == .expired(expiry: 1000, now: 1000))
        #expect(rules.check(try token(#"{"sub":"x"}"#), now: now) == .missingClaim("exp"))
        #expect(rules.check(try token(#"{"exp":2000,"nbf":1001}"#), now: now) == .notYetValid(claim: "nbf", time: 1001, now: 1000))
        #expect(rules.check(try token(#"{"exp":2000,"iat":1060}"#), now: now) == .notYetValid(claim: "iat", time: 1060, now: 1000))
        #expect(rules.check(try token(#"{"exp":2000,"iat":1000,"nbf":1000}"#), now: now) == nil)
    }

    @Test("issuer, then token use, then scopes: the first broken rule is the one reported")
    func order() throws {
        let rules = TokenClaimRules(issuers: ["https://issuer"], tokenUse: "access", scopes: ["a/read", "a/write"])
        #expect(rules.check(try token(#"{"iss":"https://other","exp":1,"token_use":"id"}"#), now: now) == .wrongIssuer("https://other"))
        #expect(rules.check(try token(#"{"iss":"https://issuer","exp":1,"token_use":"id"}"#), now: now) == .expired(expiry: 1, now: 1000))
        #expect(rules.check(try token(#"{"iss":"https://issuer","exp":2000,"token_use":"id"}"#), now: now) == .wrongTokenUse(expected: "access", found: "id"))
        #expect(rules.check(try token(#"{"iss":"https://issuer","exp":2000,"token_use":"access","scope":"a/delete openid"}"#), now: now)
                == .missingScope(required: ["a/read", "a/write"], granted: ["a/delete", "openid"]))
        #expect(rules.check(try token(#"{"iss":"https://issuer","exp":2000,"token_use":"access","scope":"openid a/write"}"#), now: now) == nil)
        // scp as a list, as other issuers write it (DG: http-api-jwt-authorizer).
        #expect(rules.check(try token(#"{"iss":"https://issuer","exp":2000,"token_use":"access","scp":["a/read"]}"#), now: now) == nil)
    }

    @Test("audience: aud when present, client_id only without aud (DG: http-api-troubleshooting-jwt)")
    func audience() throws {
        let rules = TokenClaimRules(audiences: ["client-1"])
        #expect(rules.check(try token(#"{"aud":"client-1","exp":2000}"#), now: now) == nil)
        #expect(rules.check(try token(#"{"aud":["x","client-1"],"exp":2000}"#), now: now) == nil)
        #expect(rules.check(try token(#"{"client_id":"client-1","exp":2000}"#), now: now) == nil)
        #expect(rules.check(try token(#"{"aud":"x","client_id":"client-1","exp":2000}"#), now: now) == .wrongAudience(["x"]))
        #expect(rules.check(try token(#"{"exp":2000}"#), now: now) == .wrongAudience([]))
    }

    @Test("reasons read as plain sentences")
    func descriptions() {
        #expect(TokenRejection.expired(expiry: 1_767_268_800, now: 1_767_272_400).description
                == "the token expired at 2026-01-01T12:00:00Z, 3,600 s before this request")
        #expect(TokenRejection.wrongTokenUse(expected: "id", found: "access").description
                == "the token is an access token (token_use access), and this method needs an ID token")
        #expect(TokenRejection.missingScope(required: ["shop/orders.read"], granted: ["aws.cognito.signin.user.admin"]).description
                == "the token grants scope aws.cognito.signin.user.admin, none of the method's shop/orders.read")
    }
}
