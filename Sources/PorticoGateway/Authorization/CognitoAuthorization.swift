import PorticoModel

/// COGNITO_USER_POOLS authorizers (DG: apigateway-integrate-with-cognito).
enum CognitoAuthorization {
    static func decide(_ exchange: Exchange, authorizer: Authorizer, method: RoutedMethod, in environment: GatewayEnvironment) -> StageOutcome {
        .skip(exchange.deployed.unsimulated(for: method).authorization)
    }
}
