import PorticoModel

/// Who may use one method on one stage and how fast, worked out when the gateway is made: the
/// stage's own throttle for the method (`methodSettings`) and, for each usage plan that includes
/// the stage, the plan's throttle for this method. The throttling stage reads it per request.
struct MethodLimits: Sendable {
    /// `/path/METHOD`: how usage plans key their per-method throttles, and the key of this
    /// method's buckets.
    let methodKey: String
    /// The stage's throttle for this method; nil when no `methodSettings` entry sets one.
    /// Each method has its own bucket: per-stage limits are "applied at the API method level
    /// for a stage" (DG: api-gateway-request-throttling).
    let stage: ThrottleLimit?
    /// By ``UsagePlanDirectory/Plan/index``: the plan's throttle for this method, for the plans
    /// that include the stage (nil entries for the others, and for plans without one).
    let planMethod: [ThrottleLimit?]

    init(method: RoutedMethod, stage: Stage, api: APIDeployment, plans: UsagePlanDirectory) {
        let operation = method.operation
        let path = operation.path, verb = operation.method.rawValue
        methodKey = "\(path)/\(verb)"
        let account = ThrottleSettings(rateLimit: plans.accountThrottle.rate, burstLimit: plans.accountThrottle.burst)
        let rate = MethodLimits.setting(\.throttlingRateLimit, path: path, method: verb, stage: stage)
        let burst = MethodLimits.setting(\.throttlingBurstLimit, path: path, method: verb, stage: stage)
        if rate != nil || burst != nil {
            let keys = Set([rate?.key, burst?.key].compactMap { $0 }).sorted().map { "'\($0)'" }.joined(separator: " and ")
            self.stage = ThrottleLimit(ThrottleSettings(rateLimit: rate?.value, burstLimit: burst?.value), account: account,
                                       level: "stage '\(stage.stageName)' \(api.kind == .http ? "routeSettings" : "methodSettings") \(keys)")
        } else {
            self.stage = nil
        }
        let key = methodKey
        planMethod = plans.plans.map { plan in
            guard let apiStage = plan.settings.apiStages.first(where: { $0.api == api.name && $0.stage == stage.stageName }),
                  let own = apiStage.throttle[key] else { return nil }
            return ThrottleLimit(own, account: account, level: "usage plan '\(plan.name)' for \(key)")
        }
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
}

extension UsagePlanDirectory {
    /// The plans (indices) that include `stage` of `api`: the plans whose keys are valid there.
    func plans(including api: String, stage: String) -> [Int] {
        plans.filter { plan in plan.settings.apiStages.contains { $0.api == api && $0.stage == stage } }.map(\.index)
    }
}
