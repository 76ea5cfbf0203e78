import PorticoModel

/// Who may call: the method's authorization type decides which check runs. Each kind of
/// check lives in its own file and answers for itself (``LambdaAuthorization``,
/// ``CognitoAuthorization``, ``IAMAuthorization``); this stage only picks one, so the order
/// and the shared outcome (``Exchange/caller``) are written once.
///
/// A check that passes sets ``Exchange/caller``: what `$context.authorizer.*`,
/// `$context.identity.*`, the Lambda proxy event and the api-key stage (key source
/// AUTHORIZER) read. A check that refuses fails with the gateway error AWS answers.
final class AuthorizationStage: PipelineStage {
    let name = StageName.authorization

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        guard let method = exchange.route?.method else { return .skip("no method matched") }
        let operation = method.operation
        switch operation.authorizationType {
        case .none:
            return .skip("authorization type NONE")
        case .awsIAM:
            return IAMAuthorization.decide(exchange, method: method, in: environment)
        case .custom, .cognitoUserPools, .jwt:
            // A Lambda authorizer is prepared per stage: found without reading the definition
            // (`api.definition` copies the whole definition, a cost every request would pay).
            if let prepared = exchange.deployed.lambdaAuthorizer(for: method) {
                return LambdaAuthorization.decide(exchange, prepared: prepared, in: environment)
            }
            guard let name = operation.authorizerName, let authorizer = exchange.api.definition.authorizer(named: name) else {
                return .skip(exchange.deployed.unsimulated(for: method).authorization)
            }
            switch authorizer.type {
            case .token, .request:
                return LambdaAuthorization.decide(exchange, authorizer: authorizer, method: method, in: environment)
            case .cognitoUserPools:
                return CognitoAuthorization.decide(exchange, authorizer: authorizer, method: method, in: environment)
            case .awsIAM:
                return IAMAuthorization.decide(exchange, method: method, in: environment)
            case .jwt:
                // JWT authorizers belong to HTTP APIs, which share CognitoAuthorization's token checks.
                return .skip(exchange.deployed.unsimulated(for: method).authorization)
            }
        }
    }
}
