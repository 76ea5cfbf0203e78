import Foundation
import PorticoModel

/// A usage plan's quota for one API key: at most `limit` requests in each period (a UTC day,
/// week or month), the first period starting with `offset` requests already used (API
/// reference: QuotaSettings, "offset: the number of requests subtracted from the given limit
/// in the initial time period").
///
/// Periods follow the calendar in UTC: a day from midnight, a week from Sunday midnight, a
/// month from its first day. AWS does not document where its periods begin; this is our
/// reading, kept in ``QuotaPeriod/start(of:)`` alone so it can be corrected in one place.
public struct QuotaCounter: Sendable, Equatable {
    public let limit: Int
    public let period: QuotaPeriod
    public let offset: Int
    /// Requests counted in the current period.
    public private(set) var used: Int
    /// The start of the period ``used`` counts; nil before the first request.
    public private(set) var periodStart: Date?

    public init(limit: Int, period: QuotaPeriod, offset: Int = 0) {
        self.limit = max(0, limit)
        self.period = period
        self.offset = max(0, offset)
        used = 0
    }

    public init(_ settings: QuotaSettings) {
        self.init(limit: settings.limit, period: settings.period, offset: settings.offset)
    }

    /// Counts one request at `date`: true when it is within the quota, false when the quota is
    /// spent (the request is not counted then).
    public mutating func consume(at date: Date) -> Bool {
        let start = period.start(of: date)
        if periodStart == nil {
            periodStart = start
            used = offset
        } else if let current = periodStart, start > current {
            periodStart = start
            used = 0
        }
        guard used < limit else { return false }
        used += 1
        return true
    }

    /// Takes back one counted request, when a later check refused it.
    public mutating func giveBack() {
        used = max(0, used - 1)
    }

    /// Requests left in the period that holds `date`.
    public func remaining(at date: Date) -> Int {
        guard let current = periodStart else { return max(0, limit - offset) }
        return period.start(of: date) > current ? limit : max(0, limit - used)
    }
}

extension QuotaPeriod {
    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        calendar.firstWeekday = 1 // Sunday
        return calendar
    }()

    /// The start of the period that holds `date`, in UTC.
    public func start(of date: Date) -> Date {
        let calendar = Self.utc
        switch self {
        case .day: return calendar.startOfDay(for: date)
        case .week: return calendar.dateInterval(of: .weekOfYear, for: date)?.start ?? calendar.startOfDay(for: date)
        case .month: return calendar.dateInterval(of: .month, for: date)?.start ?? calendar.startOfDay(for: date)
        }
    }
}
