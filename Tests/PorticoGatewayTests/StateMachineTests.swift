import Foundation
import PorticoGateway
import PorticoModel
import Testing

/// The value as it is: lets `#expect` show a result of a mutating call.
func did<T>(_ value: T) -> T { value }

/// The gateway's state machines, driven with explicit instants: nothing here sleeps.
@Suite("State machines")
struct StateMachineTests {
    @Test("a token bucket starts full, empties by one a request, and refills at its rate up to its burst")
    func tokenBucket() {
        // DG: api-gateway-request-throttling: rate = steady-state requests per second, burst = bucket size.
        var bucket = TokenBucket(rate: 2, burst: 3)
        let t0 = GatewayInstant.seconds(100)
        #expect(did(bucket.take(at: t0)))
        #expect(did(bucket.take(at: t0)))
        #expect(did(bucket.take(at: t0)))
        #expect(did(!bucket.take(at: t0))) // the burst is spent
        #expect(bucket.nextToken(after: t0) == .seconds(100.5))
        #expect(did(!bucket.take(at: .seconds(100.4)))) // 0.8 of a token
        #expect(did(bucket.take(at: .seconds(100.5)))) // 1.0 token at 2/s after 0.5 s
        #expect(bucket.tokens(at: .seconds(200)) == 3) // never above the burst
        #expect(did(!bucket.take(at: .seconds(99)))) // an earlier instant gains nothing
    }

    @Test("a bucket with burst 0 throttles every request; rate 0 never refills")
    func emptyBuckets() {
        var none = TokenBucket(rate: 100, burst: 0)
        #expect(did(!none.take(at: .seconds(1))))
        #expect(none.nextToken(after: .seconds(1)) == nil)
        var once = TokenBucket(rate: 0, burst: 1)
        #expect(did(once.take(at: .seconds(1))))
        #expect(did(!once.take(at: .seconds(1_000))))
    }

    @Test("a daily quota counts from the offset in its first period and starts again at midnight UTC")
    func quota() throws {
        // API reference: QuotaSettings, offset = requests subtracted from the limit in the initial period.
        var quota = QuotaCounter(limit: 3, period: .day, offset: 1)
        let morning = Date(timeIntervalSince1970: 1_767_268_800) // 2026-01-01T12:00:00Z
        #expect(quota.remaining(at: morning) == 2)
        #expect(did(quota.consume(at: morning)))
        #expect(did(quota.consume(at: morning.addingTimeInterval(60))))
        #expect(did(!quota.consume(at: morning.addingTimeInterval(120))))
        #expect(quota.remaining(at: morning.addingTimeInterval(3600)) == 0)
        let nextDay = Date(timeIntervalSince1970: 1_767_312_000) // 2026-01-02T00:00:00Z
        #expect(quota.remaining(at: nextDay) == 3)
        #expect(did(quota.consume(at: nextDay)))
        #expect(quota.used == 1)
    }

    @Test("quota periods begin at midnight UTC, on Sunday for a week, on the first for a month")
    func quotaPeriods() {
        let thursday = Date(timeIntervalSince1970: 1_767_268_800) // Thursday 2026-01-01T12:00:00Z
        #expect(QuotaPeriod.day.start(of: thursday) == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(QuotaPeriod.week.start(of: thursday) == Date(timeIntervalSince1970: 1_766_880_000)) // Sunday 2025-12-28
        #expect(QuotaPeriod.month.start(of: Date(timeIntervalSince1970: 1_769_000_000)) == Date(timeIntervalSince1970: 1_767_225_600))
    }

    @Test("day and week periods counted from the epoch agree with the UTC calendar for every hour of two years, before 1970 too")
    func periodsAgreeWithCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        calendar.firstWeekday = 1
        for start in [1_767_225_600.0, -86_400.0 * 400] {
            for hour in stride(from: 0, to: 2 * 366 * 24, by: 7) {
                let date = Date(timeIntervalSince1970: start + Double(hour) * 3600 + 1234.5)
                let day = QuotaPeriod.day.interval(of: date), week = QuotaPeriod.week.interval(of: date)
                #expect(day.start == calendar.startOfDay(for: date))
                #expect(day.end == calendar.date(byAdding: .day, value: 1, to: day.start))
                #expect(week.start == calendar.dateInterval(of: .weekOfYear, for: date)?.start)
                #expect(week.end == calendar.dateInterval(of: .weekOfYear, for: date)?.end)
            }
        }
    }

    @Test("a cache entry lives for its TTL and no longer; TTL 0 stores nothing; a full cache drops the oldest")
    func expiringCache() {
        var cache = ExpiringCache<String, Int>(capacity: 2)
        cache.store(1, for: "a", ttl: .seconds(300), at: .seconds(0))
        #expect(did(cache.value(for: "a", at: .seconds(299.999)) == 1))
        #expect(did(cache.value(for: "a", at: .seconds(300)) == nil))
        #expect(cache.count == 0)
        cache.store(2, for: "b", ttl: .zero, at: .seconds(0))
        #expect(did(cache.value(for: "b", at: .seconds(0)) == nil))
        cache.store(1, for: "a", ttl: .seconds(10), at: .seconds(0))
        cache.store(2, for: "b", ttl: .seconds(10), at: .seconds(1))
        cache.store(3, for: "c", ttl: .seconds(10), at: .seconds(2))
        #expect(cache.count == 2)
        #expect(did(cache.value(for: "a", at: .seconds(2)) == nil))
        #expect(did(cache.value(for: "b", at: .seconds(2)) == 2))
        #expect(did(cache.value(for: "c", at: .seconds(2)) == 3))
        cache.invalidate("c")
        #expect(did(cache.value(for: "c", at: .seconds(2)) == nil))
    }

    @Test("metric counters count requests, 4XX and 5XX errors, cache lookups and latencies")
    func metrics() {
        var metrics = MetricCounters()
        metrics.record(status: 200, latency: .milliseconds(12), integrationLatency: .milliseconds(10))
        metrics.record(status: 429, latency: .milliseconds(1))
        metrics.record(status: 502, latency: .milliseconds(30), integrationLatency: .milliseconds(29))
        metrics.recordCacheLookup(hit: true)
        metrics.recordCacheLookup(hit: false)
        #expect(metrics.count == 3 && metrics.clientErrors == 1 && metrics.serverErrors == 1)
        #expect(metrics.cacheHits == 1 && metrics.cacheMisses == 1)
        #expect(metrics.latency.sum == .milliseconds(43) && metrics.latency.maximum == .milliseconds(30) && metrics.latency.minimum == .milliseconds(1))
        #expect(metrics.integrationLatency.sampleCount == 2 && metrics.integrationLatency.average == .milliseconds(19.5))
    }

    @Test("a WebSocket connection closes after 10 idle minutes or 2 hours in all")
    func connections() {
        // DG: limits (WebSocket APIs): idle connection timeout 10 minutes, connection duration 2 hours.
        var registry = ConnectionRegistry(capacity: 2)
        let date = Date(timeIntervalSince1970: 1_767_268_800)
        #expect(did(registry.open("a", connectedAt: date, at: .seconds(0), sourceIp: "127.0.0.1", userAgent: nil)))
        #expect(did(!registry.open("a", connectedAt: date, at: .seconds(0), sourceIp: "127.0.0.1", userAgent: nil)))
        #expect(did(registry.open("b", connectedAt: date, at: .seconds(0), sourceIp: "127.0.0.1", userAgent: nil)))
        #expect(did(!registry.open("c", connectedAt: date, at: .seconds(0), sourceIp: "127.0.0.1", userAgent: nil))) // full
        // "a" talks every 9 minutes, "b" never does.
        var now = 0.0
        while now + 540 < 7_200 {
            now += 540
            #expect(did(registry.touch("a", at: .seconds(now))))
        }
        #expect(did(registry.connection("b", at: .seconds(600)) == nil))
        #expect(did(registry.expire(at: .seconds(7_199)) == []))
        #expect(did(registry.expire(at: .seconds(7_200)) == ["a"]))
        #expect(registry.count == 0)
    }

    @Test("a virtual clock stands still until advanced; a fresh start begins where it began")
    func virtualClock() {
        let clock = VirtualClock(start: FixedClock.siteBuild.instant)
        let first = clock.monotonic()
        #expect(clock.monotonic() == first && clock.now() == FixedClock.siteBuild.instant)
        clock.advance(by: .milliseconds(1500))
        clock.advance(by: .seconds(-5)) // ignored: the clock never goes back
        #expect(clock.monotonic().duration(since: first) == .milliseconds(1500))
        #expect(clock.now() == FixedClock.siteBuild.instant.addingTimeInterval(1.5))
        let fresh = clock.startingAfresh()
        #expect(fresh.monotonic() == first)
        let system = SystemClock()
        let a = system.monotonic(), b = system.monotonic()
        #expect(b >= a)
    }
}
