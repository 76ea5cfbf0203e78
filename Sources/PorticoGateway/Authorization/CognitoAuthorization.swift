import Foundation
import PorticoModel

/// COGNITO_USER_POOLS authorizers (DG: apigateway-integrate-with-cognito,
/// apigateway-enable-cognito-user-pool): the token in the authorizer's header must be one a
/// user pool of its `providerARNs` signed (RS256 with a key of the pool's JWKS), issued by that
/// pool (`iss`), not expired, and of the kind the method asks for: an ID token when the method
/// has no OAuth scopes, an access token granting at least one of them when it has (Cognito
/// Developer Guide: amazon-cognito-user-pools-using-tokens-verifying-a-jwt). A token that
/// passes gives its claims to `$context.authorizer.claims` and the Lambda proxy event
/// (``CognitoClaims``).
///
/// Every refusal of a token is 401 (UNAUTHORIZED): `{"message":"Unauthorized"}` with
/// `x-amzn-ErrorType: UnauthorizedException`, the Lambda authorizers' answer
/// (``GatewayError/authorizerUnauthorized``; DG: apigateway-enable-cognito-user-pool, "the call
/// fails with a 401 Unauthorized response"; body and error type as AWS answered a
/// Cognito-authorized REST API: aws-samples/serverless-patterns issue #2254, content-length 26),
/// or `{"message":"The incoming token has expired"}` for a token past its `exp`
/// (``GatewayError/cognitoTokenExpired``). The token may be sent bare or after `Bearer `:
/// clients do both (the Amplify libraries send `Bearer <token>`) and API Gateway takes both.
/// Verification is not cached: each request checks its token afresh.
enum CognitoAuthorization {
    static func decide(_ exchange: Exchange, authorizer: Authorizer, method: RoutedMethod, in environment: GatewayEnvironment) -> StageOutcome {
        guard let rule = exchange.deployed.cognitoRule(for: method) else {
            return .skip(exchange.deployed.unsimulated(for: method).authorization)
        }
        let name = rule.authorizerName, header = rule.header
        guard let value = exchange.request.headers.value(for: header), !value.isEmpty else {
            return .fail(.authorizerUnauthorized, TraceDetail {
                "Cognito user pool authorizer '\(name)': the request has no \(header) header, so there is no token to check"
            })
        }
        let pools = environment.userPools
        guard rule.poolIds.contains(where: { pools.index(ofPool: $0) != nil }) else {
            let named = rule.poolIds.joined(separator: ", ")
            return .fail(.authorizerUnauthorized, TraceDetail {
                "Cognito user pool authorizer '\(name)': its user pool \(named.isEmpty ? "(none named)" : named) is not declared under identities.userPools in portico.yml, so no token can be verified"
            })
        }
        let compact = Self.token(in: value)
        let verified: (token: JSONWebToken, pool: UserPoolDirectory.Pool)
        switch pools.verify(compact, acceptingPools: rule.poolIds) {
        case .success(let result): verified = result
        case .failure(let rejection):
            return .fail(.authorizerUnauthorized, TraceDetail { "Cognito user pool authorizer '\(name)': \(rejection)" })
        }
        let token = verified.token, pool = verified.pool
        let now = Date(timeIntervalSince1970: Double(exchange.context.requestTimeEpoch) / 1000)
        if let rejection = rule.claimRules.check(token, now: now) {
            if case .expired = rejection {
                return .fail(.cognitoTokenExpired, TraceDetail { "Cognito user pool authorizer '\(name)': \(rejection)" })
            }
            return .fail(.authorizerUnauthorized, TraceDetail { "Cognito user pool authorizer '\(name)': \(rejection)" })
        }
        if let pattern = rule.audiencePattern {
            let audience = token.string("aud") ?? token.string("client_id") ?? ""
            guard pattern.firstMatch(in: audience, range: NSRange(audience.startIndex..., in: audience)) != nil else {
                return .fail(.authorizerUnauthorized, TraceDetail {
                    "Cognito user pool authorizer '\(name)': the token's audience '\(audience)' does not match identityValidationExpression \(pattern.pattern.dropFirst(4).dropLast(2))"
                })
            }
        }
        // A verified token, then the resource policy on its own must allow (DG:
        // apigateway-authorization-flow, "Amazon Cognito authentication and resource policy").
        if case .deniedByResourcePolicy(let error) = AuthorizationFlow.cognito(in: exchange) {
            return .fail(error, TraceDetail { "Cognito user pool authorizer '\(name)': the token verified; the API's resource policy does not allow the request" })
        }
        var caller = AuthorizedCaller()
        caller.claims = CognitoClaims.contextValues(of: token)
        exchange.caller = caller
        let use = rule.tokenUse.name, kid = token.keyId ?? "", user = token.string("cognito:username") ?? token.string("username") ?? "?"
        let expiry = token.seconds("exp") ?? 0, scopes = rule.scopes
        return .proceed(TraceDetail {
            let granted = scopes.isEmpty ? "" : ", granting \(token.scopes.filter { scopes.contains(String($0)) }.joined(separator: " "))"
            return "Cognito user pool authorizer '\(name)': \(use) of '\(user)' from user pool '\(pool.name)' (\(pool.id)) verified: signature with key '\(kid)', issuer, expiry \(TokenRejection.time(expiry))\(granted); its claims are $context.authorizer.claims"
        })
    }

    /// The token in the header's value: the value itself, or what follows `Bearer ` (the
    /// scheme in any case, RFC 7235 §2.1).
    static func token(in value: String) -> String {
        let utf8 = value.utf8
        guard utf8.count > 7, utf8.prefix(7).elementsEqual("bearer ".utf8, by: { $0 | 0x20 == $1 }) else { return value }
        return String(value.dropFirst(7).drop { $0 == " " })
    }
}

extension GatewayError {
    /// A token past its `exp`: 401 `{"message":"The incoming token has expired"}`. AWS's guide
    /// does not print this message; it is the one Cognito-authorized REST APIs answer, which
    /// client code tests for to refresh its tokens, so Portico answers it too.
    static let cognitoTokenExpired = GatewayError(.unauthorized, message: "The incoming token has expired", errorType: "UnauthorizedException")
}
