/// The CloudWatch metrics API Gateway publishes for a stage, counted as requests finish (DG:
/// api-gateway-metrics-and-dimensions: Count, 4XXError, 5XXError, CacheHitCount,
/// CacheMissCount, Latency and IntegrationLatency in milliseconds).
public struct MetricCounters: Sendable, Equatable {
    /// Requests answered, whatever their status.
    public private(set) var count = 0
    public private(set) var clientErrors = 0
    public private(set) var serverErrors = 0
    public private(set) var cacheHits = 0
    public private(set) var cacheMisses = 0
    /// Latency from the request's arrival to its answer.
    public private(set) var latency = Statistic()
    /// Time spent waiting on the integration, for requests that called one.
    public private(set) var integrationLatency = Statistic()

    public init() {}

    /// A sum, a count, a minimum and a maximum, as CloudWatch keeps a metric per period.
    public struct Statistic: Sendable, Equatable {
        public private(set) var sampleCount = 0
        public private(set) var sum: Duration = .zero
        public private(set) var minimum: Duration?
        public private(set) var maximum: Duration?

        public var average: Duration? { sampleCount == 0 ? nil : sum / sampleCount }

        mutating func add(_ value: Duration) {
            sampleCount += 1
            sum += value
            minimum = Swift.min(minimum ?? value, value)
            maximum = Swift.max(maximum ?? value, value)
        }
    }

    /// Counts one answered request.
    public mutating func record(status: Int, latency: Duration, integrationLatency: Duration? = nil) {
        count += 1
        if (400..<500).contains(status) { clientErrors += 1 }
        if (500..<600).contains(status) { serverErrors += 1 }
        self.latency.add(latency)
        if let integrationLatency { self.integrationLatency.add(integrationLatency) }
    }

    /// Counts a stage-cache lookup.
    public mutating func recordCacheLookup(hit: Bool) {
        if hit { cacheHits += 1 } else { cacheMisses += 1 }
    }
}
