/// Entries that live for a time-to-live and no longer: the shape of API Gateway's authorizer
/// result cache (keyed by the identity sources, `authorizerResultTtlInSeconds`) and of a
/// stage's response cache (keyed by the cache key parameters, `cacheTtlInSeconds`).
///
/// Bounded: at most `capacity` entries; inserting into a full cache first drops the expired
/// entries, then the oldest one. A value with explicit instants, like every state machine of
/// the gateway.
public struct ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    public struct Entry: Sendable {
        public let value: Value
        public let stored: GatewayInstant
        public let expires: GatewayInstant
        /// Insertion order, for dropping the oldest entry.
        let sequence: UInt64
    }

    public let capacity: Int
    private var entries: [Key: Entry] = [:]
    private var nextSequence: UInt64 = 0

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// How many entries are stored, expired or not.
    public var count: Int { entries.count }

    /// The entry for `key` if it has not expired at `instant`; an expired entry is dropped.
    public mutating func entry(for key: Key, at instant: GatewayInstant) -> Entry? {
        guard let entry = entries[key] else { return nil }
        guard instant < entry.expires else {
            entries[key] = nil
            return nil
        }
        return entry
    }

    public mutating func value(for key: Key, at instant: GatewayInstant) -> Value? {
        entry(for: key, at: instant)?.value
    }

    /// Stores `value` for `ttl` from `instant`; a TTL of zero or less stores nothing (a TTL of 0
    /// disables AWS's caches).
    public mutating func store(_ value: Value, for key: Key, ttl: Duration, at instant: GatewayInstant) {
        guard ttl > .zero else { return }
        if entries[key] == nil && entries.count >= capacity { makeRoom(at: instant) }
        entries[key] = Entry(value: value, stored: instant, expires: instant.advanced(by: ttl), sequence: nextSequence)
        nextSequence += 1
    }

    public mutating func invalidate(_ key: Key) {
        entries[key] = nil
    }

    /// Drops every entry (a stage's "flush cache").
    public mutating func removeAll() {
        entries.removeAll()
    }

    private mutating func makeRoom(at instant: GatewayInstant) {
        entries = entries.filter { instant < $0.value.expires }
        guard entries.count >= capacity, let oldest = entries.min(by: { $0.value.sequence < $1.value.sequence }) else { return }
        entries[oldest.key] = nil
    }
}
