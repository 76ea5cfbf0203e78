import PorticoModel

/// What the configuration asks of one method on one stage, for the features the simulator does
/// not run yet (authorizers, API keys, throttling, the stage cache, resource policies), written
/// once when the gateway is made. Their stages put these sentences in the trace, so a transcript
/// says what a real gateway would have checked, and that this one did not.
final class UnsimulatedFeatures: Sendable {
    let authorization: TraceDetail
    let apiKey: TraceDetail
    let throttling: TraceDetail
    let cache: TraceDetail
    let resourcePolicy: TraceDetail

    /// What "not simulated" leads to: the request goes on as if the check had passed.
    static let letThrough = ": not simulated yet, the request was let through"

    /// AWS's account-level limits when the project sets none (DG: api-gateway-request-throttling:
    /// 10,000 requests per second per Region, with a burst of 5,000).
    static let defaultAccountThrottle = ThrottleSettings(rateLimit: 10_000, burstLimit: 5_000)

    /// When a stage's cache is on and no method setting says otherwise, GET methods are cached
    /// for 300 seconds (DG: api-gateway-caching: "When you enable caching for a stage, only GET
    /// methods have caching enabled by default"; "The default TTL value for API caching is 300
    /// seconds").
    static let defaultCacheTTL = 300

    init(method: RoutedMethod, api: APIDeployment, stage: Stage, project: Project) {
        let operation = method.operation
        let path = operation.path, verb = operation.method.rawValue
        authorization = TraceDetail(text: Self.authorization(of: operation, api: api.definition, stageVariables: stage.variables))
        apiKey = TraceDetail(text: Self.apiKey(of: operation, api: api, stage: stage, project: project))
        throttling = TraceDetail(text: Self.throttling(path: path, method: verb, api: api, stage: stage, project: project))
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

    static func apiKey(of operation: Operation, api: APIDeployment, stage: Stage, project: Project) -> String {
        guard operation.apiKeyRequired else { return "API key not required" }
        let plans = project.usagePlans.filter { plan in plan.apiStages.contains { $0.api == api.name && $0.stage == stage.stageName } }
        let covered = plans.isEmpty ? "no usage plan covers this stage" : "usage plan\(plans.count == 1 ? "" : "s") \(plans.map(\.name).joined(separator: ", "))"
        return "API key required by this method (key source \(api.definition.apiKeySource.rawValue), \(covered))" + letThrough
    }

    static func throttling(path: String, method: String, api: APIDeployment, stage: Stage, project: Project) -> String {
        func limits(_ settings: ThrottleSettings) -> String {
            let rate = settings.rateLimit.map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? "no"
            return "\(rate) requests/s, burst \(settings.burstLimit.map(String.init) ?? "none")"
        }
        let account = project.account.throttle
        var parts = ["account " + limits(account ?? defaultAccountThrottle) + (account == nil ? " (AWS's default)" : "")]
        let rate = setting(\.throttlingRateLimit, path: path, method: method, stage: stage)
        let burst = setting(\.throttlingBurstLimit, path: path, method: method, stage: stage)
        if rate != nil || burst != nil {
            let keys = Set([rate?.key, burst?.key].compactMap { $0 }).sorted().map { "'\($0)'" }.joined(separator: " and ")
            parts.append("stage methodSettings \(keys) " + limits(ThrottleSettings(rateLimit: rate?.value, burstLimit: burst?.value)))
        }
        for plan in project.usagePlans {
            guard let apiStage = plan.apiStages.first(where: { $0.api == api.name && $0.stage == stage.stageName }) else { continue }
            if let own = apiStage.throttle["\(path)/\(method)"] {
                parts.append("usage plan '\(plan.name)' for \(path)/\(method) " + limits(own) + " per API key")
            } else if let throttle = plan.throttle {
                parts.append("usage plan '\(plan.name)' " + limits(throttle) + " per API key")
            }
        }
        return "limits that apply: " + parts.joined(separator: "; ") + letThrough
    }

    /// A method setting's field for a method, from the most specific entry that sets it
    /// (`/items/{id}/GET` before `*/*`), with that entry's key.
    static func setting<Value>(_ field: KeyPath<MethodSetting, Value?>, path: String, method: String,
                               stage: Stage) -> (value: Value, key: String)? {
        let applying = stage.methodSettings.filter { $0.applies(toPath: path, method: method) }
        let specificFirst = applying.sorted { specificity($0) > specificity($1) }
        for entry in specificFirst {
            if let value = entry[keyPath: field] { return (value, entry.key) }
        }
        return nil
    }

    private static func specificity(_ setting: MethodSetting) -> Int {
        (setting.resourcePath == "*" ? 0 : 2) + (setting.httpMethod == "*" ? 0 : 1)
    }

    static func cache(path: String, method: String, stage: Stage) -> String {
        guard stage.cacheClusterEnabled else { return "stage cache disabled" }
        let size = stage.cacheClusterSize.map { " (\($0) GB)" } ?? ""
        let caching = setting(\.cachingEnabled, path: path, method: method, stage: stage)
        guard caching?.value ?? (method == "GET") else {
            let why = caching.map { "methodSettings '\($0.key)' turn caching off" } ?? "only GET methods are cached by default"
            return "stage cache enabled\(size); not for \(method) \(path): \(why)"
        }
        let ttl = setting(\.cacheTtlInSeconds, path: path, method: method, stage: stage)?.value ?? defaultCacheTTL
        return "stage cache enabled\(size), \(method) \(path) cached for \(ttl) s: not simulated yet, no lookup was made"
    }
}
