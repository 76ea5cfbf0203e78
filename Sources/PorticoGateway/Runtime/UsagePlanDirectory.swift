import PorticoModel

/// One level of throttling: a token bucket's rate and size, with the words the trace names it by.
public struct ThrottleLimit: Sendable, Equatable {
    /// Requests per second.
    public let rate: Double
    /// The bucket's size.
    public let burst: Int
    /// Where the limit is set ("stage methodSettings '*/*'", "usage plan 'gold'", "account").
    public let level: String

    /// A level's settings with what they leave unset taken from the account's limits: AWS
    /// shows every level with both figures and fills the unset one from the account's (our
    /// reading of DG: api-gateway-request-throttling, which calls the account limits the
    /// ceiling of every other level).
    init(_ settings: ThrottleSettings, account: ThrottleSettings, level: String) {
        rate = settings.rateLimit ?? account.rateLimit ?? UsagePlanDirectory.defaultAccountThrottle.rateLimit!
        burst = settings.burstLimit ?? account.burstLimit ?? UsagePlanDirectory.defaultAccountThrottle.burstLimit!
        self.level = level
    }

    /// "10 requests/s, burst 5".
    public var figures: String {
        let rateText = rate == rate.rounded() && abs(rate) < 1e15 ? String(Int(rate)) : String(rate)
        return "\(rateText) requests/s, burst \(burst)"
    }
}

/// The project's usage plans and API keys as the gateway checks them: found by the key's value
/// (what a client sends), never by name. Made once per gateway.
public final class UsagePlanDirectory: Sendable {
    /// AWS's account-level limits when the project sets none (DG: api-gateway-request-throttling:
    /// 10,000 requests per second per Region, with a burst of 5,000).
    public static let defaultAccountThrottle = ThrottleSettings(rateLimit: 10_000, burstLimit: 5_000)

    public struct Key: Sendable, Equatable {
        public let name: String
        /// AWS's key id (ten lower-case letters and digits), derived from the name.
        public let id: String
        public let value: String
        public let enabled: Bool
        /// Indices into ``UsagePlanDirectory/plans`` of the plans the key is attached to.
        public let plans: [Int]
    }

    public struct Plan: Sendable, Equatable {
        public let name: String
        /// AWS's usage plan id, derived from the name.
        public let id: String
        public let index: Int
        /// The plan's own throttle, per API key; nil: none.
        public let throttle: ThrottleLimit?
        public let quota: QuotaSettings?
        public let settings: UsagePlan
    }

    public let keys: [Key]
    public let plans: [Plan]
    /// The account's bucket.
    public let accountThrottle: ThrottleLimit
    private let keysByValue: [String: Int]

    public init(project: Project) {
        let account = project.account.throttle ?? Self.defaultAccountThrottle
        accountThrottle = ThrottleLimit(account, account: Self.defaultAccountThrottle,
                                        level: project.account.throttle == nil ? "account default" : "account")
        plans = project.usagePlans.enumerated().map { index, plan in
            Plan(name: plan.name, id: derivedIdentifier("usage-plan:" + plan.name), index: index,
                 throttle: plan.throttle.map { ThrottleLimit($0, account: account, level: "usage plan '\(plan.name)'") },
                 quota: plan.quota, settings: plan)
        }
        var planIndex: [String: Int] = [:]
        for plan in plans where planIndex[plan.name] == nil { planIndex[plan.name] = plan.index }
        var keys: [Key] = []
        var byValue: [String: Int] = [:]
        for key in project.apiKeys {
            let value = Self.value(of: key)
            guard byValue[value] == nil else { continue }
            byValue[value] = keys.count
            keys.append(Key(name: key.name, id: derivedIdentifier("api-key:" + key.name), value: value, enabled: key.enabled,
                            plans: key.usagePlans.compactMap { planIndex[$0] }))
        }
        self.keys = keys
        keysByValue = byValue
    }

    /// The key a client sent, if the project has one with that value.
    public func key(value: String) -> Key? {
        keysByValue[value].map { keys[$0] }
    }

    public func key(named name: String) -> Key? {
        keys.first { $0.name == name }
    }

    /// A key's value as AWS's execution logs show it: all but the last six characters masked
    /// (AWS Knowledge Center: api-gateway-429-limit). The only form in which logs and pages
    /// show a value.
    public static func masked(_ value: String) -> String {
        String(repeating: "*", count: max(0, value.count - 6)) + value.suffix(6)
    }

    /// The key's value: the one the project gives, or one derived from its name, 40 letters
    /// and digits as AWS generates them (API reference: CreateApiKey; LocalStack's recordings
    /// show generated values of that form).
    public static func value(of key: APIKey) -> String {
        key.value ?? derivedIdentifier("api-key-value:" + key.name, count: 40,
                                       alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    }
}

/// An identifier derived from a seed text, so the same project always has the same ids.
func derivedIdentifier(_ seed: String, count: Int = 10, alphabet: String = "abcdefghijklmnopqrstuvwxyz0123456789") -> String {
    let letters = Array(alphabet)
    var generator = IdentifierGenerator(seed: stableHash(seed))
    return String((0..<count).map { _ in letters[Int(generator.next() % UInt64(letters.count))] })
}
