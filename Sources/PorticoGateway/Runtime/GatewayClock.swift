import Foundation
import Synchronization

/// A point on the gateway's monotonic time line, in nanoseconds from an arbitrary origin.
///
/// Token buckets, time-to-live entries and latencies read this, never the wall clock: a wall
/// clock can step back (NTP), which would refill a bucket twice or revive an expired entry.
public struct GatewayInstant: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// An instant `seconds` after the origin (tests and virtual clocks).
    public static func seconds(_ seconds: Double) -> GatewayInstant {
        GatewayInstant(nanoseconds: Int64((seconds * 1e9).rounded()))
    }

    public func advanced(by duration: Duration) -> GatewayInstant {
        GatewayInstant(nanoseconds: nanoseconds &+ duration.nanoseconds)
    }

    /// The time from `earlier` to this instant (negative when `earlier` is later).
    public func duration(since earlier: GatewayInstant) -> Duration {
        .nanoseconds(nanoseconds &- earlier.nanoseconds)
    }

    public static func < (lhs: GatewayInstant, rhs: GatewayInstant) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    public var description: String { "\(Double(nanoseconds) / 1e9) s" }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating far beyond any gateway's time scale).
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
    }

    /// The duration in seconds, as a floating-point number.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// Time for the gateway, read twice over: the wall clock for what a request shows
/// (`$context.requestTime`, the `Date` header, a quota's calendar period) and a monotonic
/// instant for what state measures (token buckets, cache TTLs, latencies).
///
/// A site build runs each page on a ``VirtualClock`` that moves only where the page says
/// (`# @wait 2s` before a request), so a page that shows throttling or a cache hit gives the
/// same bytes on every build; `serve` and `invoke` read the system's clocks.
public protocol GatewayClock: Sendable {
    /// Wall-clock time.
    func now() -> Date
    /// Monotonic time: never goes back.
    func monotonic() -> GatewayInstant
    /// The clock a new, independent run starts with (a page of a site build): a virtual clock
    /// starts again where this one started; a real clock is shared as it is.
    func startingAfresh() -> any GatewayClock
}

/// The system's clocks: `Date()` and `CLOCK_MONOTONIC`.
public struct SystemClock: GatewayClock {
    public init() {}
    public func now() -> Date { Date() }

    public func monotonic() -> GatewayInstant {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return GatewayInstant(nanoseconds: Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec))
    }

    public func startingAfresh() -> any GatewayClock { self }
}

/// A clock that always reads the same instant. Each run started from it gets a
/// ``VirtualClock`` starting at that instant, so it can move as its page says.
public struct FixedClock: GatewayClock {
    public let instant: Date

    public init(_ instant: Date) {
        self.instant = instant
    }

    /// 2026-01-01T12:00:00Z: the instant site builds run their examples at unless an example says otherwise.
    public static let siteBuild = FixedClock(Date(timeIntervalSince1970: 1_767_268_800))

    public func now() -> Date { instant }
    public func monotonic() -> GatewayInstant { VirtualClock.instant(at: instant) }
    public func startingAfresh() -> any GatewayClock { VirtualClock(start: instant) }
}

/// A clock that stands still until told to move (``advance(by:)``): one page of a site build,
/// whose `# @wait` lines move it between requests. Its instants count from the wall-clock start,
/// so the monotonic and wall readings stay the same distance apart.
public final class VirtualClock: GatewayClock {
    public let start: Date
    private let elapsed = Mutex<Duration>(.zero)

    public init(start: Date) {
        self.start = start
    }

    /// Moves the clock forward; a negative duration is ignored (the clock is monotonic).
    public func advance(by duration: Duration) {
        guard duration > .zero else { return }
        elapsed.withLock { $0 += duration }
    }

    /// How far the clock has moved since it started.
    public var elapsedTime: Duration { elapsed.withLock { $0 } }

    public func now() -> Date {
        start.addingTimeInterval(elapsedTime.seconds)
    }

    public func monotonic() -> GatewayInstant {
        Self.instant(at: start).advanced(by: elapsedTime)
    }

    public func startingAfresh() -> any GatewayClock { VirtualClock(start: start) }

    /// The monotonic instant a virtual clock gives for a wall-clock date: nanoseconds since 1970.
    static func instant(at date: Date) -> GatewayInstant {
        GatewayInstant(nanoseconds: Int64((date.timeIntervalSince1970 * 1e9).rounded()))
    }
}
