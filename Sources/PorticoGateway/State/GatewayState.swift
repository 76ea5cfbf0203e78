import PorticoModel
import Synchronization

/// A kind of state that outlives one request, declared by the stage that keeps it: the stage
/// names a key type whose `Value` is a state machine (``TokenBucket``s, a ``QuotaCounter``, an
/// ``ExpiringCache``, ``MetricCounters``, a ``ConnectionRegistry``, …). A new stateful feature
/// adds a stage and a key; neither ``GatewayState`` nor any other stage changes.
public protocol GatewayStateKey {
    associatedtype Value: Sendable
    /// The value a scope starts with.
    static var initialValue: Value { get }
}

/// The state of one scope (a deployed stage, or the account), one value per key, each behind
/// the scope's lock: `serve` runs requests to the same stage on several threads at once.
public final class StateSlots: Sendable {
    /// One box per key, made on first use; only touched while the lock is held.
    private final class Slot<Value>: @unchecked Sendable {
        var value: Value
        init(_ value: Value) { self.value = value }
    }

    private let slots = Mutex<[ObjectIdentifier: AnyObject]>([:])

    public init() {}

    /// Runs `body` on the key's value, under the scope's lock; the value is changed in place.
    public func update<Key: GatewayStateKey, Result: Sendable>(_ key: Key.Type, _ body: (inout Key.Value) -> Result) -> Result {
        slots.withLock { slots in
            let slot: Slot<Key.Value>
            if let existing = slots[ObjectIdentifier(key)] {
                slot = unsafeDowncast(existing, to: Slot<Key.Value>.self)
            } else {
                slot = Slot(Key.initialValue)
                slots[ObjectIdentifier(key)] = slot
            }
            return body(&slot.value)
        }
    }

    /// The key's value as it is now.
    public func value<Key: GatewayStateKey>(of key: Key.Type) -> Key.Value {
        update(key) { $0 }
    }
}

/// The state of one deployed stage, with the configuration it was made for: `serve` keeps it
/// across a rebuild only while that configuration is unchanged.
public final class StageState: Sendable {
    public let api: String
    public let stage: String
    public let slots = StateSlots()
    let configuration: StateConfiguration

    init(api: String, stage: String, configuration: StateConfiguration) {
        self.api = api
        self.stage = stage
        self.configuration = configuration
    }
}

/// What a stage's state depends on: its API's definition and kind and the stage's settings.
/// Any change to these starts the stage afresh. (Usage plans keep their own state:
/// ``UsagePlanState``.)
struct StateConfiguration: Equatable, Sendable {
    let definition: APIDefinition
    let stage: Stage

    init(api: APIDeployment, stage: Stage) {
        definition = api.apiDefinition
        self.stage = stage
    }
}

/// Everything the gateway remembers between requests: one ``StageState`` per deployed stage,
/// one ``UsagePlanState`` per usage plan and one scope for the account (its throttle). Owned by whoever runs the gateway: a page of a
/// site build starts with a fresh one, `invoke` with one per process, and `serve` keeps one
/// across rebuilds (``init(deployments:project:keeping:)``).
public final class GatewayState: Sendable {
    /// Account-level state (the account's token bucket).
    public let account: StateSlots
    let accountConfiguration: AccountSettings
    /// By ``DeployedStage/index``.
    private let stages: [StageState]
    /// Each usage plan's per-key state, by the plan's place in the project
    /// (``UsagePlanDirectory/Plan/index``).
    public let usagePlans: [UsagePlanState]

    /// Fresh state for every stage, or, with `previous`, the previous state of each stage whose
    /// configuration is unchanged (and of the account, if its settings are).
    public init(deployments: DeployedStages, project: Project, keeping previous: GatewayState? = nil) {
        var kept: [String: StageState] = [:]
        for state in previous?.stages ?? [] { kept[state.api + "\u{0}" + state.stage] = state }
        stages = deployments.all.map { deployed in
            let configuration = StateConfiguration(api: deployed.api, stage: deployed.stage)
            if let old = kept[deployed.api.name + "\u{0}" + deployed.stage.stageName], old.configuration == configuration { return old }
            return StageState(api: deployed.api.name, stage: deployed.stage.stageName, configuration: configuration)
        }
        var keptPlans: [String: UsagePlanState] = [:]
        for state in previous?.usagePlans ?? [] { keptPlans[state.plan] = state }
        usagePlans = project.usagePlans.map { plan in
            let configuration = UsagePlanConfiguration(plan: plan, project: project)
            if let old = keptPlans[plan.name], old.configuration == configuration { return old }
            return UsagePlanState(plan: plan.name, configuration: configuration)
        }
        if let previous, previous.accountConfiguration == project.account {
            account = previous.account
        } else {
            account = StateSlots()
        }
        accountConfiguration = project.account
    }

    /// The state of a deployed stage of the gateway this state was made for.
    public subscript(deployed: DeployedStage) -> StageState {
        stages[deployed.index]
    }
}
