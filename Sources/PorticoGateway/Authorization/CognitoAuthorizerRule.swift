import Foundation
import PorticoModel

/// What a COGNITO_USER_POOLS authorizer asks of one method's requests on one stage, worked
/// out once when the gateway is made: the header the token travels in, the user pools whose
/// tokens it accepts (stage variables in `providerARNs` resolved for the stage), and the claim
/// rules — an ID token when the method names no OAuth scopes, an access token granting one
/// of them when it does (DG: apigateway-enable-cognito-user-pool).
struct CognitoAuthorizerRule: Sendable {
    let authorizerName: String
    /// The header of the identity source: `method.request.header.Authorization` by default,
    /// or the security scheme's `name` (DG: apigateway-enable-cognito-user-pool, "Token source").
    let header: String
    /// The pool ids `providerARNs` name, in their order.
    let poolIds: [String]
    /// The method's `authorizationScopes`.
    let scopes: [String]
    /// `identityValidationExpression`: a regular expression the token's `aud` must match
    /// whole (DG: apigateway-enable-cognito-user-pool, "Token validation … validate the aud field").
    let audiencePattern: NSRegularExpression?
    /// What the token's claims must say: issued by one of the pools, for the expected use,
    /// granting one of the scopes.
    let claimRules: TokenClaimRules

    init(authorizer: Authorizer, scopes: [String], api: RestAPI, stageVariables: [String: String]) {
        authorizerName = authorizer.name
        let header = authorizer.identitySources.lazy.compactMap { expression -> String? in
            if case .methodRequestHeader(let name) = expression.source { return name }
            return nil
        }.first
        self.header = header ?? api.securitySchemes.first { $0.name == authorizer.name }?.parameterName ?? "Authorization"
        // arn:aws:cognito-idp:{region}:{account}:userpool/{userPoolId}; a stage variable may
        // name the pool (DG: apigateway-enable-cognito-user-pool).
        poolIds = authorizer.providerARNs.map { arn in
            let resolved = LambdaARN.substitutingStageVariables(in: arn, stageVariables)
            return resolved.split(separator: "/").last.map(String.init) ?? resolved
        }
        self.scopes = scopes
        audiencePattern = authorizer.identityValidationExpression.flatMap { try? NSRegularExpression(pattern: "^(?:\($0))$") }
        claimRules = TokenClaimRules(issuers: poolIds.map(UserPoolDirectory.issuer(ofPool:)),
                                     tokenUse: (scopes.isEmpty ? TokenUse.id : .access).rawValue, scopes: scopes)
    }

    /// The token use the method expects.
    var tokenUse: TokenUse { scopes.isEmpty ? .id : .access }
}

extension DeployedStage {
    /// The rule of each method with a Cognito authorizer, by ``RoutedMethod/number``.
    static func cognitoRules(for routes: RouteTable, api: RestAPI, stage: Stage) -> [CognitoAuthorizerRule?] {
        routes.allMethods.map { method in
            let operation = method.operation
            guard operation.authorizationType == .cognitoUserPools, let name = operation.authorizerName,
                  let authorizer = api.authorizer(named: name), authorizer.type == .cognitoUserPools
            else { return nil }
            return CognitoAuthorizerRule(authorizer: authorizer, scopes: operation.authorizationScopes, api: api, stageVariables: stage.variables)
        }
    }
}
