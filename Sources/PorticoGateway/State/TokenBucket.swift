/// A token bucket as API Gateway throttles with it: it holds at most `burst` tokens, gains
/// `rate` tokens a second, and a request that finds less than one token is throttled. A new
/// bucket is full (DG: api-gateway-request-throttling: "the burst limit … the maximum number of
/// concurrent request submissions that API Gateway can fulfill at any moment"; the rate limit is
/// the steady-state number of requests per second).
///
/// A value with explicit instants: the caller says when, so tests never sleep and a site
/// build's virtual clock gives the same answers on every build.
public struct TokenBucket: Sendable, Equatable {
    /// Tokens gained per second.
    public let rate: Double
    /// The most tokens the bucket holds.
    public let burst: Int
    /// Tokens as of ``lastInstant``.
    public private(set) var tokens: Double
    /// When ``tokens`` was last brought up to date; nil before the first request.
    public private(set) var lastInstant: GatewayInstant?

    public init(rate: Double, burst: Int) {
        self.rate = max(0, rate)
        self.burst = max(0, burst)
        tokens = Double(self.burst)
    }

    /// The tokens the bucket would hold at `instant` (an instant before the last one counts as
    /// the last one: a bucket never loses what it already gained).
    public func tokens(at instant: GatewayInstant) -> Double {
        guard let last = lastInstant, instant > last else { return tokens }
        // Nanoseconds straight from the instants: a Duration's seconds go through 128-bit arithmetic.
        return min(Double(burst), tokens + Double(instant.nanoseconds &- last.nanoseconds) / 1e9 * rate)
    }

    /// Takes one token at `instant`: true when the request may pass, false when it is throttled.
    public mutating func take(at instant: GatewayInstant) -> Bool {
        refill(at: instant)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Gives back the token a request took when a later level refused it: a refused request
    /// spends no level's token (our choice; AWS does not document it).
    public mutating func refund() {
        tokens = min(Double(burst), tokens + 1)
    }

    /// When the next token will be there, seen from `instant` (nil: never, the rate is zero).
    public func nextToken(after instant: GatewayInstant) -> GatewayInstant? {
        let now = tokens(at: instant)
        if now >= 1 { return instant }
        guard rate > 0, burst > 0 else { return nil }
        return instant.advanced(by: .nanoseconds(Int64(((1 - now) / rate * 1e9).rounded(.up))))
    }

    private mutating func refill(at instant: GatewayInstant) {
        tokens = tokens(at: instant)
        if lastInstant.map({ instant > $0 }) ?? true { lastInstant = instant }
    }
}
