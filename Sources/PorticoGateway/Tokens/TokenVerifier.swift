import Crypto
import Foundation
import Velocity
import _CryptoExtras

/// Verifies RS256 JSON Web Tokens against a key set: the part every token authorizer shares
/// (REST COGNITO_USER_POOLS authorizers; HTTP API JWT authorizers). A small compact-JWS
/// implementation over swift-crypto rather than jwt-kit: jwt-kit verifies asynchronously and
/// checks claims by its own rules, where an authorizer must decide synchronously on the
/// request's thread and give AWS's reasons, in AWS's order.
///
/// Only RS256 (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 §3.3) is accepted: Cognito signs with
/// nothing else (Cognito Developer Guide: amazon-cognito-user-pools-using-the-id-token, "alg"),
/// and API Gateway's JWT authorizers take RSA keys only (DG: http-api-jwt-authorizer).
public struct TokenVerifier: Sendable {
    public let keys: JSONWebKeySet

    public init(keys: JSONWebKeySet) {
        self.keys = keys
    }

    /// The token if its structure, algorithm, key id and signature are right; its claims are
    /// then the issuer's and may be checked (``TokenClaimRules``).
    public func verify(_ compact: String) -> Result<JSONWebToken, TokenRejection> {
        switch JSONWebToken.parse(compact) {
        case .success(let token):
            if let rejection = verifySignature(of: token) { return .failure(rejection) }
            return .success(token)
        case .failure(let rejection):
            return .failure(rejection)
        }
    }

    /// Why the parsed token's algorithm, key id or signature is wrong; nil when they are right.
    public func verifySignature(of token: JSONWebToken) -> TokenRejection? {
        guard token.algorithm == "RS256" else { return .unsupportedAlgorithm(token.algorithm) }
        guard let kid = token.keyId, let key = keys.key(id: kid) else { return .unknownKey(token.keyId) }
        let signature = _RSA.Signing.RSASignature(rawRepresentation: token.signature)
        let digest = token.signingInput.utf8.withContiguousStorageIfAvailable { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
            ?? SHA256.hash(data: Array(token.signingInput.utf8))
        return key.publicKey.isValidSignature(signature, for: digest, padding: .insecurePKCS1v1_5) ? nil : .invalidSignature(kid)
    }
}

/// What a verified token's claims must say, checked in the order API Gateway documents for
/// its JWT authorizers (DG: http-api-jwt-authorizer, "Validating the JWT": `iss`, then `aud`
/// or `client_id`, `exp`, `nbf`, `iat`, then the route's scopes); `token_use` is Cognito's
/// own claim (Cognito Developer Guide: amazon-cognito-user-pools-using-tokens-verifying-a-jwt,
/// "Step 3"), checked before the scopes.
public struct TokenClaimRules: Sendable, Equatable {
    /// `iss` must be one of these; not checked when empty.
    public var issuers: [String]
    /// `aud`, or `client_id` when there is no `aud`, must be one of these; not checked when empty.
    public var audiences: [String]
    /// `token_use` must be this (`id` or `access`); not checked when nil.
    public var tokenUse: String?
    /// The token must grant at least one of these; not checked when empty.
    public var scopes: [String]

    public init(issuers: [String] = [], audiences: [String] = [], tokenUse: String? = nil, scopes: [String] = []) {
        self.issuers = issuers
        self.audiences = audiences
        self.tokenUse = tokenUse
        self.scopes = scopes
    }

    /// The first rule the token breaks at `now`, or nil when it keeps them all. `exp` must be
    /// after now; `nbf` and `iat`, when present, at or before it (RFC 7519 §4.1.4–6); no leeway.
    public func check(_ token: JSONWebToken, now: Date) -> TokenRejection? {
        if !issuers.isEmpty {
            guard let issuer = token.string("iss"), issuers.contains(issuer) else { return .wrongIssuer(token.string("iss")) }
        }
        if !audiences.isEmpty {
            // API Gateway validates client_id only if aud is not present (DG: http-api-troubleshooting-jwt).
            let audience = token.claims["aud"] != nil ? audienceValues(token.claims["aud"]) : audienceValues(token.claims["client_id"])
            guard audience.contains(where: audiences.contains) else { return .wrongAudience(audience) }
        }
        let seconds = now.timeIntervalSince1970
        guard let expiry = token.seconds("exp") else { return .missingClaim("exp") }
        guard seconds < expiry else { return .expired(expiry: expiry, now: seconds) }
        if let notBefore = token.seconds("nbf"), notBefore > seconds { return .notYetValid(claim: "nbf", time: notBefore, now: seconds) }
        if let issuedAt = token.seconds("iat"), issuedAt > seconds { return .notYetValid(claim: "iat", time: issuedAt, now: seconds) }
        if let use = tokenUse, token.string("token_use") != use { return .wrongTokenUse(expected: use, found: token.string("token_use")) }
        if !scopes.isEmpty {
            let granted = token.scopes
            guard granted.contains(where: { scopes.contains(String($0)) }) else {
                return .missingScope(required: scopes, granted: granted.map(String.init))
            }
        }
        return nil
    }

    private func audienceValues(_ value: Velocity.VelocityValue?) -> [String] {
        switch value {
        case .string(let text)?: [text]
        case .jsonList(let items)?, .list(let items)?: items.compactMap(\.jsonText)
        default: []
        }
    }
}

/// Why a token was refused, in plain words for a trace (``description``). Authorizers map
/// these onto the answers AWS gives; the words here are Portico's.
public enum TokenRejection: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case unsupportedAlgorithm(String?)
    case unknownKey(String?)
    case invalidSignature(String)
    case missingClaim(String)
    case wrongIssuer(String?)
    case wrongAudience([String])
    case expired(expiry: Double, now: Double)
    case notYetValid(claim: String, time: Double, now: Double)
    case wrongTokenUse(expected: String, found: String?)
    case missingScope(required: [String], granted: [String])

    public var description: String {
        switch self {
        case .malformed(let why):
            "the token is not a JSON Web Token: \(why)"
        case .unsupportedAlgorithm(let algorithm):
            "the token's algorithm is \(algorithm.map { "'\($0)'" } ?? "missing"), not RS256"
        case .unknownKey(let kid):
            kid.map { "no key of the accepted issuers has the token's key id '\($0)'" } ?? "the token's header has no key id (kid)"
        case .invalidSignature(let kid):
            "the signature does not verify with key '\(kid)'"
        case .missingClaim(let name):
            "the token has no '\(name)' claim"
        case .wrongIssuer(let issuer):
            issuer.map { "the token's issuer \($0) is not an accepted one" } ?? "the token has no issuer (iss)"
        case .wrongAudience(let audience):
            audience.isEmpty ? "the token has no audience (aud or client_id)" : "the token's audience \(audience.joined(separator: ", ")) is not an accepted one"
        case .expired(let expiry, let now):
            "the token expired at \(Self.time(expiry)), \(Self.span(now - expiry)) before this request"
        case .notYetValid(let claim, let time, let now):
            "the token's \(claim) \(Self.time(time)) is \(Self.span(time - now)) after this request"
        case .wrongTokenUse(let expected, let found):
            "the token is \(found.map { "an \(Self.kind($0)) token (token_use \($0))" } ?? "no Cognito token (no token_use)"), and this method needs an \(Self.kind(expected)) token"
        case .missingScope(let required, let granted):
            "the token grants \(granted.isEmpty ? "no scope" : "scope " + granted.joined(separator: " ")), none of the method's \(required.joined(separator: " "))"
        }
    }

    private static func kind(_ use: String) -> String { use == "id" ? "ID" : use }

    /// `2026-01-01T12:00:00Z` (ISO 8601 in UTC).
    static func time(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    /// `75 s`, `3,600 s`.
    private static func span(_ seconds: Double) -> String {
        "\(BodySummary.grouped(Int(seconds.rounded(.towardZero)))) s"
    }
}
