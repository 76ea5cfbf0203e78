import PorticoModel

/// What the configuration asks of one method on one stage, for the features the simulator does
/// not run yet (authorizers), written
/// once when the gateway is made. Their stages put these sentences in the trace, so a transcript
/// says what a real gateway would have checked, and that this one did not.
final class UnsimulatedFeatures: Sendable {
    let authorization: TraceDetail

    /// What "not simulated" leads to: the request goes on as if the check had passed.
    static let letThrough = ": not simulated yet, the request was let through"

    init(method: RoutedMethod, api: APIDeployment, stage: Stage) {
        let operation = method.operation
        authorization = TraceDetail(text: Self.authorization(of: operation, api: api.definition, stageVariables: stage.variables))
    }

    static func authorization(of operation: Operation, api: RestAPI, stageVariables: [String: String] = [:]) -> String {
        let scopes = operation.authorizationScopes.isEmpty ? "" : ", scopes \(operation.authorizationScopes.joined(separator: " "))"
        switch operation.authorizationType {
        case .none:
            return "authorization type NONE"
        case .awsIAM:
            return "AWS_IAM: the caller must sign the request with Signature Version 4" + letThrough
        case .custom, .cognitoUserPools, .jwt:
            let name = operation.authorizerName ?? "?"
            guard let authorizer = api.authorizer(named: name) else {
                return "\(operation.authorizationType.rawValue) authorizer '\(name)'\(scopes)" + letThrough
            }
            var facts = [authorizer.type.rawValue]
            if !authorizer.identitySources.isEmpty { facts.append("identity source \(authorizer.identitySources.map(\.text).joined(separator: ", "))") }
            if let function = authorizer.functionName {
                facts.append("function " + LambdaARN.describe(function, uri: authorizer.authorizerUri, onStageWith: stageVariables))
            }
            if !authorizer.providerARNs.isEmpty { facts.append("user pool \(authorizer.providerARNs.joined(separator: ", "))") }
            if let ttl = authorizer.authorizerResultTtlInSeconds { facts.append("result TTL \(ttl) s") }
            let kind = switch authorizer.type {
            case .token, .request: "Lambda authorizer"
            case .cognitoUserPools: "Cognito user pool authorizer"
            case .jwt: "JWT authorizer"
            case .awsIAM: "IAM authorizer"
            }
            return "\(kind) '\(name)' (\(facts.joined(separator: ", ")))\(scopes)" + letThrough
        }
    }
}
