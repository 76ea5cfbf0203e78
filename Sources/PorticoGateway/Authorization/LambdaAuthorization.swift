import PorticoModel

/// Lambda authorizers of type TOKEN and REQUEST (DG: apigateway-use-lambda-authorizer).
enum LambdaAuthorization {
    static func decide(_ exchange: Exchange, authorizer: Authorizer, method: RoutedMethod, in environment: GatewayEnvironment) -> StageOutcome {
        .skip(exchange.deployed.unsimulated(for: method).authorization)
    }
}
