import PorticoModel

/// What a JWT authorizer asks of one HTTP API route's requests (DG: http-api-jwt-authorizer),
/// worked out once when the gateway is made: the header the token travels in (the identity
/// source, `$request.header.Authorization` by default), the issuer and audiences of
/// `jwtConfiguration`, the route's scopes, and where the issuer's keys come from: a Cognito
/// user pool of the project whose issuer URL is the configured one.
struct JWTAuthorizerRule: Sendable {
    let authorizerName: String
    let header: String
    let issuer: String
    /// The user pool whose keys sign the issuer's tokens; nil when the issuer is no pool of
    /// the project (Portico then has no keys to verify with).
    let poolId: String?
    let scopes: [String]
    /// `iss` equals the issuer; `aud`, or `client_id` when there is no `aud`, one of the
    /// audiences; `exp`, `nbf`, `iat` (DG: http-api-jwt-authorizer, "Validating JWTs").
    let claimRules: TokenClaimRules

    init(authorizer: Authorizer, configuration: JWTConfiguration, scopes: [String], pools: [String]) {
        authorizerName = authorizer.name
        header = authorizer.identitySources.lazy.compactMap { expression -> String? in
            if case .methodRequestHeader(let name) = expression.source { return name }
            return nil
        }.first ?? "Authorization"
        issuer = configuration.issuer
        poolId = pools.first { UserPoolDirectory.issuer(ofPool: $0) == configuration.issuer }
        self.scopes = scopes
        claimRules = TokenClaimRules(issuers: [configuration.issuer], audiences: configuration.audience)
    }
}

extension DeployedStage {
    /// The JWT rule of each route with a JWT authorizer, by ``RoutedMethod/number``; empty for
    /// REST APIs, which have none.
    static func jwtRules(for routes: RouteTable, api: APIDeployment, pools: [String]) -> [JWTAuthorizerRule?] {
        guard api.kind == .http else { return [] }
        let definition = api.definition
        return routes.allMethods.map { method in
            let operation = method.operation
            guard operation.authorizationType == .jwt, let name = operation.authorizerName,
                  let authorizer = definition.authorizer(named: name), let configuration = authorizer.jwtConfiguration
            else { return nil }
            return JWTAuthorizerRule(authorizer: authorizer, configuration: configuration, scopes: operation.authorizationScopes, pools: pools)
        }
    }
}
