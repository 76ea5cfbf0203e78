/// Authorization, HTTP API style: a route without `security` is open (NONE); otherwise the
/// route's authorizer decides, each kind sharing REST's code where AWS's behaviour is the same:
///
/// - JWT: ``JWTAuthorization`` (DG: http-api-jwt-authorizer);
/// - Lambda (`request`): ``LambdaAuthorization`` with the authorizer's payload format 1.0 or
///   2.0 and simple responses (DG: http-api-lambda-authorizer), prepared per stage with its
///   result cache shared across the routes it guards;
/// - IAM (`AWS_IAM`, the `sigv4` scheme AWS exports): ``IAMAuthorization``, Signature Version
///   4 and the caller's identity policies (DG: http-api-access-control-iam: "similar to that
///   for REST APIs"; HTTP APIs have no resource policies).
///
/// Every refusal is answered HTTP API style by ``HTTPErrorStage``: its status with
/// `{"message":"<reason phrase>"}` and no `x-amzn-ErrorType`, so a refused signature is 403
/// `{"message":"Forbidden"}` where REST names the failure.
final class HTTPAuthorizationStage: PipelineStage {
    let name = StageName.authorization

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        guard let method = exchange.route?.method else { return .skip("no route matched") }
        let operation = method.operation
        if let rule = exchange.deployed.jwtRule(for: method) {
            return JWTAuthorization.decide(exchange, rule: rule, in: environment)
        }
        let routeKey = operation.routeKey
        switch operation.authorizationType {
        case .none:
            return .skip(TraceDetail { "route \(routeKey) has no authorizer" })
        case .awsIAM:
            return IAMAuthorization.decide(exchange, method: method, in: environment)
        case .custom, .cognitoUserPools, .jwt:
            if let prepared = exchange.deployed.lambdaAuthorizer(for: method) {
                return LambdaAuthorization.decide(exchange, prepared: prepared, in: environment)
            }
            // An authorizer the stage could not prepare (a name no security scheme declares,
            // a JWT authorizer without jwtConfiguration): said, not guessed.
            return .skip(exchange.deployed.unsimulated(for: method).authorization)
        }
    }
}
