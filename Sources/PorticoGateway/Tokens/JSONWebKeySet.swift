import Crypto
import Foundation
import _CryptoExtras

/// One RSA public key of a key set (RFC 7517 §4, RFC 7518 §6.3.1), made into a key that can
/// verify once, when the set is built, so a request only looks it up.
public struct JSONWebKey: Sendable {
    public let keyId: String
    public let publicKey: _RSA.Signing.PublicKey
    /// `n` and `e`: the modulus and the exponent, base64url of their big-endian bytes.
    public let modulus: String
    public let exponent: String

    public init(keyId: String, publicKey: _RSA.Signing.PublicKey) throws {
        let primitives = try publicKey.getKeyPrimitives()
        self.keyId = keyId
        self.publicKey = publicKey
        modulus = Base64URL.encode(primitives.modulus)
        exponent = Base64URL.encode(primitives.publicExponent)
    }

    /// A key read from its JWK members; RSA keys of 2048 bits or more only.
    public init(keyId: String, modulus: String, exponent: String) throws {
        guard let n = Base64URL.decode(modulus), let e = Base64URL.decode(exponent) else { throw KeySetProblem("key '\(keyId)': n or e is not base64url") }
        try self.init(keyId: keyId, publicKey: _RSA.Signing.PublicKey(n: n, e: e))
    }

    /// The key as a JWKS entry, members in name order as Cognito writes them:
    /// `{"alg":"RS256","e":"AQAB","kid":"…","kty":"RSA","n":"…","use":"sig"}` (Cognito
    /// Developer Guide: amazon-cognito-user-pools-using-tokens-verifying-a-jwt, the sample jwks.json).
    public var json: String {
        "{\"alg\":\"RS256\",\"e\":\(jsonQuoted(exponent)),\"kid\":\(jsonQuoted(keyId)),\"kty\":\"RSA\",\"n\":\(jsonQuoted(modulus)),\"use\":\"sig\"}"
    }
}

/// The public keys an issuer signs with, by key id: what a JWKS document lists (RFC 7517 §5;
/// a Cognito user pool serves its own at
/// `https://cognito-idp.{region}.amazonaws.com/{userPoolId}/.well-known/jwks.json`, Cognito
/// Developer Guide: amazon-cognito-user-pools-using-tokens-verifying-a-jwt).
public struct JSONWebKeySet: Sendable {
    public let keys: [JSONWebKey]
    private let byId: [String: JSONWebKey]

    public init(keys: [JSONWebKey]) {
        self.keys = keys
        byId = Dictionary(keys.map { ($0.keyId, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func key(id: String) -> JSONWebKey? { byId[id] }

    /// `{"keys":[…]}`, the keys in the set's order.
    public var json: String {
        "{\"keys\":[" + keys.map(\.json).joined(separator: ",") + "]}"
    }

    /// A JWKS document's RSA signing keys; keys of other types, and keys marked for another
    /// use than `sig`, are left out (DG: http-api-jwt-authorizer: "API Gateway only supports
    /// RSA-based algorithms").
    public init(json: String) throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let entries = object["keys"] as? [[String: Any]]
        else { throw KeySetProblem("a key set is a JSON object with a 'keys' array") }
        var keys: [JSONWebKey] = []
        for entry in entries where entry["kty"] as? String == "RSA" && (entry["use"] as? String ?? "sig") == "sig" {
            guard let kid = entry["kid"] as? String, let n = entry["n"] as? String, let e = entry["e"] as? String else { continue }
            keys.append(try JSONWebKey(keyId: kid, modulus: n, exponent: e))
        }
        self.init(keys: keys)
    }
}

/// A key or key set that cannot be used, in plain words.
public struct KeySetProblem: Error, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
