import Foundation
import PorticoModel

/// Throttling and quotas: a token bucket per level, checked in AWS's order (DG:
/// api-gateway-request-throttling, "How throttling limit settings are applied"): the usage
/// plan's per-method limit for the request's API key, the plan's own limit for the key, the
/// stage's limit for the method (`methodSettings`), the account's limit. The first bucket
/// without a token answers 429 `{"message":"Too Many Requests"}` (THROTTLED). The key's quota
/// is checked with its plan's buckets (both are the key's, kept by the plan), after them: a
/// spent quota answers 429 `{"message":"Limit Exceeded"}` (QUOTA_EXCEEDED). AWS does not say
/// where quotas stand in the order; this is our reading.
///
/// A refused request spends no token and no quota at any level (what earlier levels took is
/// given back): AWS does not say, and this keeps each level's count of admitted requests
/// exact. Usage plan limits apply only to requests an API key was accepted for (a method that
/// requires none is metered by no plan).
final class ThrottlingStage: PipelineStage {
    let name = StageName.throttling

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        guard let method = exchange.route?.method else { return .skip("no method matched") }
        let limits = exchange.deployed.limits(for: method)
        let instant = exchange.arrival
        let directory = environment.deployments.usagePlans
        var readings: [BucketReading] = []
        readings.reserveCapacity(4)

        // 1 and 2, and the quota: what the key's usage plan keeps for it.
        var admission = ClientAdmission()
        if let client = exchange.client {
            let plan = directory.plans[client.plan]
            let date = Date(timeIntervalSince1970: Double(exchange.context.requestTimeEpoch) / 1000)
            admission = environment.state.usagePlans[client.plan].admit(
                key: client.key.name, method: limits.methodKey, methodLimit: limits.planMethod[client.plan], planLimit: plan.throttle,
                quota: plan.quota, at: instant, date: date)
            if let refused = admission.refusedBy {
                exchange.buckets = [refused]
                exchange.logs.append(Self.keyThrottleLog(exchange, client: client, plan: plan, method: method, limit: refused.limit))
                return .fail(.throttled, Self.refusal(refused, at: instant))
            }
            if let reading = admission.method { readings.append(reading) }
            if let reading = admission.plan { readings.append(reading) }
            if admission.quotaSpent {
                exchange.buckets = readings
                exchange.logs.append(Self.keyQuotaLog(exchange, client: client, plan: plan))
                return .fail(.quotaExceeded, TraceDetail { [counter = admission.quota] in
                    let figures = counter.map { "\($0.used) of \($0.limit) requests this \($0.period.rawValue)" } ?? ""
                    return "quota of usage plan '\(plan.name)' for key '\(client.key.name)' exhausted: \(figures)"
                })
            }
        }
        func giveBackToPlan() {
            guard let client = exchange.client else { return }
            let date = Date(timeIntervalSince1970: Double(exchange.context.requestTimeEpoch) / 1000)
            environment.state.usagePlans[client.plan].giveBack(
                key: client.key.name, method: limits.methodKey, methodLimited: admission.method != nil, planLimited: admission.plan != nil,
                date: date)
        }

        // 3: the stage's bucket for the method.
        if let limit = limits.stage {
            let number = method.number
            let (admitted, reading) = exchange.state.slots.update(StageMethodBuckets.self) { buckets in
                var bucket = buckets[number] ?? TokenBucket(limit)
                let admitted = bucket.take(at: instant)
                buckets[number] = bucket
                return (admitted, BucketReading(limit, bucket, instant))
            }
            guard admitted else {
                giveBackToPlan()
                readings.append(reading.refusing)
                exchange.buckets = readings
                return .fail(.throttled, Self.refusal(reading, at: instant))
            }
            readings.append(reading)
        }

        // 4: the account's bucket.
        let account = directory.accountThrottle
        let (accountAdmitted, accountReading) = environment.state.account.update(AccountBucket.self) { bucket in
            var current = bucket ?? TokenBucket(account)
            let admitted = current.take(at: instant)
            bucket = current
            return (admitted, BucketReading(account, current, instant))
        }
        guard accountAdmitted else {
            if limits.stage != nil {
                let number = method.number
                exchange.state.slots.update(StageMethodBuckets.self) { $0[number]?.refund() }
            }
            giveBackToPlan()
            readings.append(accountReading.refusing)
            exchange.buckets = readings
            return .fail(.throttled, Self.refusal(accountReading, at: instant))
        }
        readings.append(accountReading)
        exchange.buckets = readings

        let keyName = exchange.client?.key.name
        let quota = admission.quota
        return .proceed(TraceDetail { [readings] in
            var parts = readings.map { reading in
                let level = reading.limit.level + (keyName != nil && reading.limit.level.hasPrefix("usage plan") ? " for key '\(keyName!)'" : "")
                return "\(level) (\(reading.limit.figures)): \(Self.tokens(reading.tokens)) left"
            }
            if let counter = quota {
                parts.append("quota \(counter.used) of \(counter.limit) requests this \(counter.period.rawValue)")
            }
            return "within every limit: " + parts.joined(separator: "; ")
        })
    }

    /// The trace of a refusal: which bucket, at which level, and when it has a token again.
    static func refusal(_ reading: BucketReading, at instant: GatewayInstant) -> TraceDetail {
        TraceDetail {
            let next = reading.nextToken.map { next in
                let milliseconds = Double(next.duration(since: instant).nanoseconds) / 1e6
                return ", the next in \(milliseconds < 10 ? String(format: "%.1f", milliseconds) : String(Int(milliseconds.rounded(.up)))) ms"
            } ?? ", and none will come (rate 0)"
            return "throttled by \(reading.limit.level) (\(reading.limit.figures)): \(tokens(reading.tokens)) tokens\(next)"
        }
    }

    static func tokens(_ value: Double) -> String {
        let floored = (value * 100).rounded(.down) / 100
        return floored == floored.rounded() ? String(Int(floored)) : String(format: "%.2f", floored)
    }

    static func maskedKey(_ value: String) -> String {
        UsagePlanDirectory.masked(value)
    }

    /// The execution log line of a usage plan's throttle (AWS Knowledge Center: api-gateway-429-limit).
    static func keyThrottleLog(_ exchange: Exchange, client: APIClient, plan: UsagePlanDirectory.Plan, method: RoutedMethod,
                               limit: ThrottleLimit) -> String {
        let apiId = exchange.context.apiId, stage = exchange.stage.stageName
        return "API Key \(maskedKey(client.key.value)) exceeded throttle limit for API Stage \(apiId)/\(stage): Key throttle limit exceeded for Usage Plan ID \(plan.id), RestApi \(apiId), Stage \(stage), Resource \(method.resourceId), HttpMethod \(method.operation.method.rawValue). Limit: \(String(format: "%.2f", limit.rate)) Burst: \(limit.burst)"
    }

    /// The execution log line of a spent quota (AWS Knowledge Center: api-gateway-429-limit).
    static func keyQuotaLog(_ exchange: Exchange, client: APIClient, plan: UsagePlanDirectory.Plan) -> String {
        let apiId = exchange.context.apiId, stage = exchange.stage.stageName
        let quota = plan.quota.map { " Quota Limit: \($0.limit) Period: \($0.period.rawValue)" } ?? ""
        return "API Key \(maskedKey(client.key.value)) exceeded quota limit for API Stage \(apiId)/\(stage): Key quota exhausted for Usage Plan ID \(plan.id).\(quota)"
    }
}

/// A stage's buckets, one per method (by ``RoutedMethod/number``).
enum StageMethodBuckets: GatewayStateKey {
    static var initialValue: [Int: TokenBucket] { [:] }
}

/// The account's bucket, made on the first request.
enum AccountBucket: GatewayStateKey {
    static var initialValue: TokenBucket? { nil }
}
