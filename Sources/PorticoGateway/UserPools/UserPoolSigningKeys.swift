import Crypto
import Foundation
import Synchronization
import _CryptoExtras

/// One RSA key a user pool signs tokens with, and its key id.
///
/// The key id is the standard base64 of the SHA-256 of the public key's DER: 44 characters
/// ending in `=`, the shape of Cognito's own key ids (`"kid": "1234example="`, Cognito
/// Developer Guide: amazon-cognito-user-pools-using-the-id-token), and the same for the same
/// key wherever it is loaded.
public struct UserPoolSigningKey: Sendable {
    public let privateKey: _RSA.Signing.PrivateKey
    /// The public half, as the pool's JWKS lists it.
    public let publicKey: JSONWebKey

    public init(privateKey: _RSA.Signing.PrivateKey) throws {
        let kid = Data(SHA256.hash(data: privateKey.publicKey.derRepresentation)).base64EncodedString()
        self.privateKey = privateKey
        publicKey = try JSONWebKey(keyId: kid, publicKey: privateKey.publicKey)
    }

    /// A key read from PEM (PKCS#8 `PRIVATE KEY` or PKCS#1 `RSA PRIVATE KEY`).
    public init(pem: String) throws {
        try self.init(privateKey: _RSA.Signing.PrivateKey(pemRepresentation: pem))
    }

    /// A new 2048-bit key: the size Cognito's keys have.
    public static func generate() throws -> UserPoolSigningKey {
        try UserPoolSigningKey(privateKey: _RSA.Signing.PrivateKey(keySize: .bits2048))
    }

    public var keyId: String { publicKey.keyId }

    /// PKCS#8 PEM, how key files keep it.
    public var pem: String { privateKey.pkcs8PEMRepresentation }

    /// The compact JWS of `claims` (a JSON object's text): header `{"kid":…,"alg":"RS256"}`
    /// in Cognito's order (Cognito Developer Guide: amazon-cognito-user-pools-using-the-id-token,
    /// "ID token header"), signed RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3).
    public func sign(claims: String) throws -> String {
        let header = "{\"kid\":\(jsonQuoted(keyId)),\"alg\":\"RS256\"}"
        let signingInput = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(claims.utf8))
        let signature = try privateKey.signature(for: SHA256.hash(data: Array(signingInput.utf8)), padding: .insecurePKCS1v1_5)
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }
}

/// A user pool's two keys: Cognito signs ID tokens and access tokens with different keys, so
/// their `kid`s differ (Cognito Developer Guide: amazon-cognito-user-pools-using-the-access-token,
/// "the key ID (kid) is different because different keys are used"), and its JWKS lists both.
public struct UserPoolSigningKeys: Sendable {
    public let idToken: UserPoolSigningKey
    public let accessToken: UserPoolSigningKey

    public init(idToken: UserPoolSigningKey, accessToken: UserPoolSigningKey) {
        self.idToken = idToken
        self.accessToken = accessToken
    }

    public static func generate() throws -> UserPoolSigningKeys {
        try UserPoolSigningKeys(idToken: .generate(), accessToken: .generate())
    }

    public func key(for use: TokenUse) -> UserPoolSigningKey {
        switch use {
        case .id: idToken
        case .access: accessToken
        }
    }
}

/// What a Cognito token is for: its `token_use` claim (Cognito Developer Guide:
/// amazon-cognito-user-pools-using-tokens-with-identity-providers).
public enum TokenUse: String, Sendable, CaseIterable {
    case id
    case access

    /// "ID token", "access token".
    public var name: String { self == .id ? "ID token" : "access token" }
}

/// Where a user pool's keys come from. A project keeps its own (``GatewayServices/userPoolKeys``:
/// key files made on first use, outside the site); a gateway given none makes fresh ones in
/// memory (``InMemoryUserPoolKeys``), so tokens it issues verify for as long as it lives.
public protocol UserPoolKeyStore: Sendable {
    /// The pool's keys: the same every time for the same pool id.
    func signingKeys(forPool userPoolId: String) throws -> UserPoolSigningKeys
}

/// Keys made on first use and kept in memory only.
public final class InMemoryUserPoolKeys: UserPoolKeyStore {
    private let keys = Mutex<[String: UserPoolSigningKeys]>([:])

    public init() {}

    public func signingKeys(forPool userPoolId: String) throws -> UserPoolSigningKeys {
        if let known = keys.withLock({ $0[userPoolId] }) { return known }
        let made = try UserPoolSigningKeys.generate()
        return keys.withLock { table in
            if let raced = table[userPoolId] { return raced }
            table[userPoolId] = made
            return made
        }
    }
}
