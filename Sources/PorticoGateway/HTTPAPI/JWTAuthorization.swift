import Foundation
import PorticoModel
import Velocity

/// JWT authorizers of HTTP APIs (DG: http-api-jwt-authorizer, "Validating JWTs"): the token
/// from the identity source, sent bare or after `Bearer `; signed (RS256) with a key of the
/// issuer's JWKS; `iss` the configured issuer; `aud`, or `client_id` without `aud`, one of the
/// audiences; `exp` after now, `nbf` and `iat` before it; and, when the route has scopes, a
/// `scope` or `scp` that grants one of them. A token that passes gives its claims and scopes
/// to the integration (`requestContext.authorizer.jwt` of the 2.0 event).
///
/// A refusal is 401 `{"message":"Unauthorized"}` with a `www-authenticate` header saying why
/// (DG: http-api-troubleshooting-jwt: `Bearer scope="" error="invalid_token"
/// error_description="the token does not have a valid audience"`); AWS documents only the
/// audience's wording, the other descriptions follow its pattern in Portico's words. A
/// request without the identity source is 401 without that header, the token not being
/// looked at; a token without the route's scopes is 403 `{"message":"Forbidden"}` with
/// `error="insufficient_scope"` (Portico's reading of RFC 6750 §3.1, which AWS's guide does
/// not spell out).
///
/// The issuer's keys are a Cognito user pool's of the project, matched by issuer URL. An
/// issuer that is no pool of the project cannot be verified: the request is refused, and the
/// trace says that Portico has no keys for that issuer.
enum JWTAuthorization {
    static func decide(_ exchange: Exchange, rule: JWTAuthorizerRule, in environment: GatewayEnvironment) -> StageOutcome {
        let name = rule.authorizerName, header = rule.header
        guard let value = exchange.request.headers.value(for: header), !value.isEmpty else {
            return .fail(.jwtUnauthorized(nil), TraceDetail { "JWT authorizer '\(name)': the request has no \(header) header (the identity source), so there is no token to check" })
        }
        guard let poolId = rule.poolId, environment.userPools.index(ofPool: poolId) != nil else {
            let issuer = rule.issuer
            return .fail(.jwtUnauthorized("the token's issuer keys could not be fetched"), TraceDetail {
                "JWT authorizer '\(name)': issuer \(issuer) is no user pool declared under identities.userPools in portico.yml, so Portico has no keys (JWKS) to verify its tokens with"
            })
        }
        let compact = CognitoAuthorization.token(in: value)
        let token: JSONWebToken
        switch environment.userPools.verify(compact, acceptingPools: [poolId]) {
        case .success(let verified): token = verified.token
        case .failure(let rejection):
            return .fail(.jwtUnauthorized(description(of: rejection)), TraceDetail { "JWT authorizer '\(name)': \(rejection)" })
        }
        let now = Date(timeIntervalSince1970: Double(exchange.context.requestTimeEpoch) / 1000)
        if let rejection = rule.claimRules.check(token, now: now) {
            return .fail(.jwtUnauthorized(description(of: rejection)), TraceDetail { "JWT authorizer '\(name)': \(rejection)" })
        }
        let granted = token.scopes.map(String.init)
        let scopes = rule.scopes
        if !scopes.isEmpty, !granted.contains(where: scopes.contains) {
            let rejection = TokenRejection.missingScope(required: scopes, granted: granted)
            return .fail(.jwtInsufficientScope(scopes), TraceDetail { "JWT authorizer '\(name)': \(rejection)" })
        }
        var caller = AuthorizedCaller()
        caller.claims = claims(of: token)
        caller.scopes = granted.isEmpty ? nil : granted
        exchange.caller = caller
        let kid = token.keyId ?? "", subject = token.string("cognito:username") ?? token.string("username") ?? token.string("sub") ?? "?"
        return .proceed(TraceDetail {
            "JWT authorizer '\(name)': token of '\(subject)' verified (signature with key '\(kid)', issuer, audience, expiry\(scopes.isEmpty ? "" : ", scopes")); its claims reach the integration as requestContext.authorizer.jwt"
        })
    }

    /// The `error_description` of a refused token: the audience's as AWS documents it, the
    /// others in its pattern.
    static func description(of rejection: TokenRejection) -> String {
        switch rejection {
        case .wrongAudience: "the token does not have a valid audience"
        case .wrongIssuer: "the token does not have a valid issuer"
        case .expired: "the token has expired"
        case .notYetValid: "the token is not valid yet"
        case .missingClaim(let claim): "the token has no \(claim) claim"
        case .malformed, .unsupportedAlgorithm: "the token is malformed"
        case .unknownKey, .invalidSignature: "the token signature is invalid"
        case .wrongTokenUse, .missingScope: "the token is invalid"
        }
    }

    /// The claims as the 2.0 event's `requestContext.authorizer.jwt.claims` lists them: every
    /// value a string, numbers in decimal, lists as `[a b]` (the form HTTP API events show for
    /// `cognito:groups`; AWS's guide shows string claims only).
    static func claims(of token: JSONWebToken) -> [(key: String, value: ContextValue)] {
        token.claims.entries.map { (key: $0.key, value: .string(text(of: $0.value))) }
    }

    private static func text(of value: VelocityValue) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: ""
        case .list(let items), .jsonList(let items): "[" + items.map(text(of:)).joined(separator: " ") + "]"
        case .map, .object: ""
        }
    }
}

extension GatewayError {
    /// A JWT authorizer's refusal: 401 `{"message":"Unauthorized"}`, with the
    /// `www-authenticate` header when a token was looked at (DG: http-api-troubleshooting-jwt).
    static func jwtUnauthorized(_ description: String?) -> GatewayError {
        var error = GatewayError(.unauthorized, message: "Unauthorized", errorType: "", status: 401)
        error.wwwAuthenticate = description.map { #"Bearer scope="" error="invalid_token" error_description="\#($0)""# }
        return error
    }

    /// A token without the route's scopes: 403 `{"message":"Forbidden"}`.
    static func jwtInsufficientScope(_ scopes: [String]) -> GatewayError {
        var error = GatewayError(.accessDenied, message: "Forbidden", errorType: "", status: 403)
        error.wwwAuthenticate = #"Bearer scope="\#(scopes.joined(separator: " "))" error="insufficient_scope" error_description="the token does not have the required scopes""#
        return error
    }
}
