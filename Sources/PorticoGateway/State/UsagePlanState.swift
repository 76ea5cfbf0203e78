import Foundation
import PorticoModel
import Synchronization

/// What a usage plan remembers for each of its API keys: the key's own token buckets (the
/// plan's throttle and its per-method throttles), its quota and its daily counts. Usage plan
/// limits apply per API key, across every API stage of the plan, and keys of the same plan do
/// not share them (re:Post answers by an API Gateway expert: "about the flow restriction of
/// multiple apis associated with an usage plan", "multiple api keys and the flow rate limit in
/// the usage plan"), so the plan, not a stage, holds them.
///
/// Bounded: only keys the project declares reach a plan, and only methods of its stages.
public final class UsagePlanState: Sendable {
    public let plan: String
    let configuration: UsagePlanConfiguration
    /// By key name. Each key's usage is a class changed in place under the lock: a struct
    /// copied out of the dictionary and back would copy its dictionaries on every request.
    private let clients = Mutex<[String: ClientUsage]>([:])

    init(plan: String, configuration: UsagePlanConfiguration) {
        self.plan = plan
        self.configuration = configuration
    }

    /// Admits one request of `key` under the plan, in one go under the plan's lock: a token
    /// from the key's bucket for this method (when the plan throttles the method), one from its
    /// plan bucket (when the plan throttles), then one request of its quota (when the plan has
    /// one), all or nothing. What refused is in the answer.
    func admit(key: String, method: String, methodLimit: ThrottleLimit?, planLimit: ThrottleLimit?, quota: QuotaSettings?,
               at instant: GatewayInstant, date: Date) -> ClientAdmission {
        clients.withLock { clients in
            let usage = ClientUsage.of(key, in: &clients)
            var admission = ClientAdmission()
            if let limit = methodLimit {
                var bucket = usage.methods[method] ?? TokenBucket(limit)
                let admitted = bucket.take(at: instant)
                usage.methods[method] = bucket
                guard admitted else {
                    admission.refusedBy = BucketReading(limit, bucket, instant).refusing
                    return admission
                }
                admission.method = BucketReading(limit, bucket, instant)
            }
            if let limit = planLimit {
                var bucket = usage.plan ?? TokenBucket(limit)
                let admitted = bucket.take(at: instant)
                usage.plan = bucket
                guard admitted else {
                    if methodLimit != nil { usage.methods[method]?.refund() }
                    admission.method = nil
                    admission.refusedBy = BucketReading(limit, bucket, instant).refusing
                    return admission
                }
                admission.plan = BucketReading(limit, bucket, instant)
            }
            if let quota {
                var counter = usage.quota ?? QuotaCounter(quota)
                let admitted = counter.consume(at: date)
                usage.quota = counter
                admission.quota = QuotaReading.Counter(used: counter.used, limit: counter.limit, period: counter.period)
                guard admitted else {
                    if methodLimit != nil { usage.methods[method]?.refund() }
                    if planLimit != nil { usage.plan?.refund() }
                    admission.quotaSpent = true
                    return admission
                }
            }
            usage.count(at: date)
            return admission
        }
    }

    /// Takes back what ``admit(key:method:methodLimit:planLimit:quota:at:date:)`` took, when a
    /// later level refused the request.
    func giveBack(key: String, method: String, methodLimited: Bool, planLimited: Bool, date: Date) {
        clients.withLock { clients in
            guard let usage = clients[key] else { return }
            if methodLimited { usage.methods[method]?.refund() }
            if planLimited { usage.plan?.refund() }
            usage.uncount(at: date)
        }
    }

    /// Each key's requests per UTC day from `start` to `end` (both days included), with what
    /// was left of its quota at the end of each day: AWS's GetUsage `items` (API reference:
    /// GetUsage, Usage: "The usage data, as daily values, for each key … [used, remaining]").
    /// Keys that made no request are left out, as AWS leaves them out.
    public func usage(from start: Date, to end: Date) -> [(key: String, days: [(used: Int, remaining: Int)])] {
        let snapshot = clients.withLock { clients in clients.mapValues { $0.copy() } }
        let quota = configuration.plan.quota
        var days: [Date] = []
        var day = QuotaPeriod.day.start(of: start)
        let last = QuotaPeriod.day.start(of: end)
        while day <= last, days.count < ClientUsage.maximumDays {
            days.append(day)
            day = day.addingTimeInterval(86_400)
        }
        return snapshot.keys.sorted().compactMap { key in
            let usage = snapshot[key]!
            guard !usage.daily.isEmpty else { return nil }
            return (key, days.map { day in
                let used = usage.daily[day] ?? 0
                guard let quota else { return (used, 0) }
                // Used in the quota's period up to and including this day.
                let periodStart = quota.period.start(of: day)
                var spent = usage.daily.filter { $0.key >= periodStart && $0.key <= day }.reduce(0) { $0 + $1.value }
                if let first = usage.daily.keys.min(), quota.period.start(of: first) == periodStart { spent += quota.offset }
                return (used, max(0, quota.limit - spent))
            })
        }
    }
}

/// One API key's state in one usage plan; only touched under its plan's lock.
final class ClientUsage: @unchecked Sendable {
    /// The most days of counts kept per key: a year and a day.
    static let maximumDays = 366

    var plan: TokenBucket?
    var methods: [String: TokenBucket] = [:]
    var quota: QuotaCounter?
    /// Requests admitted per UTC day.
    var daily: [Date: Int] = [:]

    static func of(_ key: String, in clients: inout [String: ClientUsage]) -> ClientUsage {
        if let usage = clients[key] { return usage }
        let usage = ClientUsage()
        clients[key] = usage
        return usage
    }

    func copy() -> ClientUsage {
        let copy = ClientUsage()
        copy.plan = plan
        copy.methods = methods
        copy.quota = quota
        copy.daily = daily
        return copy
    }

    func count(at date: Date) {
        let day = QuotaPeriod.day.start(of: date)
        daily[day, default: 0] += 1
        if daily.count > Self.maximumDays, let oldest = daily.keys.min() { daily[oldest] = nil }
    }

    func uncount(at date: Date) {
        let day = QuotaPeriod.day.start(of: date)
        if let count = daily[day] { daily[day] = count > 1 ? count - 1 : nil }
        quota?.giveBack()
    }
}

/// What a usage plan's state depends on: the plan and the keys attached to it. Any change
/// starts the plan's counts afresh.
struct UsagePlanConfiguration: Equatable, Sendable {
    let plan: UsagePlan
    let apiKeys: [APIKey]

    init(plan: UsagePlan, project: Project) {
        self.plan = plan
        apiKeys = project.apiKeys.filter { $0.usagePlans.contains(plan.name) }
    }
}

/// A bucket as a check left it.
public struct BucketReading: Sendable, Equatable, Encodable {
    public let limit: ThrottleLimit
    /// Tokens left.
    public let tokens: Double
    /// When the next whole token is there (nil: never).
    public let nextToken: GatewayInstant?
    /// Whether this bucket refused the request.
    public internal(set) var refused = false

    init(_ limit: ThrottleLimit, _ bucket: TokenBucket, _ instant: GatewayInstant) {
        self.limit = limit
        tokens = bucket.tokens(at: instant)
        nextToken = bucket.nextToken(after: instant)
    }

    var refusing: BucketReading {
        var reading = self
        reading.refused = true
        return reading
    }

    private enum CodingKeys: String, CodingKey { case level, rate, burst, tokens, refused }

    /// `{"level", "rate", "burst", "tokens", "refused"}`: what a script needs to draw the bucket.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(limit.level, forKey: .level)
        try container.encode(limit.rate, forKey: .rate)
        try container.encode(limit.burst, forKey: .burst)
        try container.encode((tokens * 1000).rounded(.down) / 1000, forKey: .tokens)
        try container.encode(refused, forKey: .refused)
    }
}

/// What a usage plan decided for one request of one key.
struct ClientAdmission: Sendable {
    /// The key's bucket for the method and its plan bucket, as the request left them.
    var method: BucketReading?
    var plan: BucketReading?
    /// The bucket that refused the request, if one did.
    var refusedBy: BucketReading?
    /// The quota's counter after the request (nil: the plan has no quota).
    var quota: QuotaReading.Counter?
    /// The quota was spent: the request was refused and counted nowhere.
    var quotaSpent = false

    var admitted: Bool { refusedBy == nil && !quotaSpent }
}

/// A quota's counter as a request left it.
enum QuotaReading {
    struct Counter: Sendable {
        let used: Int
        let limit: Int
        let period: QuotaPeriod
    }
}

extension TokenBucket {
    init(_ limit: ThrottleLimit) {
        self.init(rate: limit.rate, burst: limit.burst)
    }
}
