/// Authorization, HTTP API style. A route without `security` is open (NONE); a JWT authorizer
/// is checked (``JWTAuthorization``). Lambda and IAM authorizers on HTTP API routes are not
/// simulated yet: the trace says what the route asks and that it was not checked, and the
/// request goes on unchecked, rather than being answered with a guess.
final class HTTPAuthorizationStage: PipelineStage {
    let name = StageName.authorization

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        guard let method = exchange.route?.method else { return .skip("no route matched") }
        let operation = method.operation
        if let rule = exchange.deployed.jwtRule(for: method) {
            return JWTAuthorization.decide(exchange, rule: rule, in: environment)
        }
        let routeKey = operation.routeKey
        guard operation.authorizationType != .none else {
            return .skip(TraceDetail { "route \(routeKey) has no authorizer" })
        }
        let type = operation.authorizationType.rawValue, authorizer = operation.authorizerName
        return .skip(TraceDetail {
            "route \(routeKey) asks for a \(type) authorizer\(authorizer.map { " '\($0)'" } ?? ""): Lambda and IAM authorizers of HTTP APIs are not simulated yet, so the request was NOT checked"
        })
    }
}
