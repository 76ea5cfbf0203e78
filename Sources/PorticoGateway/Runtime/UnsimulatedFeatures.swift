import PorticoModel

/// What the configuration asks of one method on one stage, for the features the simulator does
/// not run yet (authorizers, the stage cache, resource policies), written
/// once when the gateway is made. Their stages put these sentences in the trace, so a transcript
/// says what a real gateway would have checked, and that this one did not.
final class UnsimulatedFeatures: Sendable {
    let authorization: TraceDetail
    let cache: TraceDetail
    let resourcePolicy: TraceDetail

    /// What "not simulated" leads to: the request goes on as if the check had passed.
    static let letThrough = ": not simulated yet, the request was let through"

    /// When a stage's cache is on and no method setting says otherwise, GET methods are cached
    /// for 300 seconds (DG: api-gateway-caching: "When you enable caching for a stage, only GET
    /// methods have caching enabled by default"; "The default TTL value for API caching is 300
    /// seconds").
    static let defaultCacheTTL = 300

    init(method: RoutedMethod, api: APIDeployment, stage: Stage, project: Project) {
        let operation = method.operation
        let path = operation.path, verb = operation.method.rawValue
        authorization = TraceDetail(text: Self.authorization(of: operation, api: api.definition, stageVariables: stage.variables))
        cache = TraceDetail(text: Self.cache(path: path, method: verb, stage: stage))
        resourcePolicy = TraceDetail(text: api.definition.policy == nil
            ? "no resource policy" : "resource policy declared (x-amazon-apigateway-policy)" + Self.letThrough)
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

    static func cache(path: String, method: String, stage: Stage) -> String {
        guard stage.cacheClusterEnabled else { return "stage cache disabled" }
        let size = stage.cacheClusterSize.map { " (\($0) GB)" } ?? ""
        let caching = MethodLimits.setting(\.cachingEnabled, path: path, method: method, stage: stage)
        guard caching?.value ?? (method == "GET") else {
            let why = caching.map { "methodSettings '\($0.key)' turn caching off" } ?? "only GET methods are cached by default"
            return "stage cache enabled\(size); not for \(method) \(path): \(why)"
        }
        let ttl = MethodLimits.setting(\.cacheTtlInSeconds, path: path, method: method, stage: stage)?.value ?? defaultCacheTTL
        return "stage cache enabled\(size), \(method) \(path) cached for \(ttl) s: not simulated yet, no lookup was made"
    }
}
