import Velocity

/// A JSON Web Token in JWS compact serialization (RFC 7519; RFC 7515 §7.1): three base64url
/// parts, header, claims and signature, joined by dots. Parsing takes it apart and reads the
/// two JSON objects in their written order; nothing in it is trusted until ``TokenVerifier``
/// has checked the signature and ``TokenClaimRules`` the claims (Cognito Developer Guide:
/// amazon-cognito-user-pools-using-tokens-verifying-a-jwt, "Step 1: Confirm the structure").
public struct JSONWebToken: Sendable {
    /// The JOSE header (`alg`, `kid`, …).
    public let header: OrderedMap
    /// The claims, in the token's order: the order a Lambda proxy event and `$context.authorizer.claims` list them.
    public let claims: OrderedMap
    /// `BASE64URL(header) "." BASE64URL(claims)`: the bytes the signature covers.
    let signingInput: Substring
    let signature: [UInt8]

    /// The token, or why it is not one: not three parts, a part that is not base64url, a
    /// header or claims part that is not a JSON object. Read over the text's bytes in place:
    /// every request to a method with a token authorizer takes one apart.
    public static func parse(_ compact: String) -> Result<JSONWebToken, TokenRejection> {
        var text = compact
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { parse(bytes: $0, of: text) }
            ?? .failure(.malformed("it is not text"))
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>, of text: String) -> Result<JSONWebToken, TokenRejection> {
        var dots: [Int] = []
        for index in bytes.indices where bytes[index] == UInt8(ascii: ".") {
            dots.append(index)
            if dots.count > 2 { break }
        }
        guard dots.count == 2 else { return .failure(.malformed("it is not three base64url parts joined by dots")) }
        func part(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }
        guard let header = object(part(0..<dots[0])) else { return .failure(.malformed("its header is not a base64url JSON object")) }
        guard let claims = object(part((dots[0] + 1)..<dots[1])) else { return .failure(.malformed("its claims are not a base64url JSON object")) }
        guard let signature = Base64URL.decode(bytes: part((dots[1] + 1)..<bytes.count)), !signature.isEmpty else {
            return .failure(.malformed("its signature is not base64url"))
        }
        let signingInput = text[..<text.utf8.index(text.utf8.startIndex, offsetBy: dots[1])]
        return .success(JSONWebToken(header: header, claims: claims, signingInput: signingInput, signature: signature))
    }

    private static func object(_ part: UnsafeBufferPointer<UInt8>) -> OrderedMap? {
        guard let bytes = Base64URL.decode(bytes: part), let text = String(validating: bytes, as: UTF8.self),
              case .map(let map)? = try? JSONValueParser.parse(text)
        else { return nil }
        return map
    }

    /// The header's `alg`.
    public var algorithm: String? { header["alg"]?.jsonText }
    /// The header's `kid`: which key of the issuer's key set signed the token.
    public var keyId: String? { header["kid"]?.jsonText }

    /// A claim that is a JSON string.
    public func string(_ name: String) -> String? { claims[name]?.jsonText }

    /// A NumericDate claim (`exp`, `nbf`, `iat`, `auth_time`): seconds since 1970 (RFC 7519 §2),
    /// whole or not; nil when absent or not a number.
    public func seconds(_ name: String) -> Double? {
        switch claims[name] {
        case .int(let value)?: Double(value)
        case .double(let value)?: value
        default: nil
        }
    }

    /// The scopes an access token grants: `scope`, space-separated (RFC 8693 §4.2), or `scp`
    /// as a list or a string (DG: http-api-jwt-authorizer: "scope or scp").
    public var scopes: [Substring] {
        for name in ["scope", "scp"] {
            switch claims[name] {
            case .string(let text)?: return text.split(separator: " ")
            case .jsonList(let items)?, .list(let items)?: return items.compactMap { $0.jsonText.map { Substring($0) } }
            default: continue
            }
        }
        return []
    }
}

extension VelocityValue {
    /// The value when it is a JSON string.
    var jsonText: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
