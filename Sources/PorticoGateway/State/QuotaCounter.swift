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
    /// The end of that period (the next one's start): until then a request needs no calendar.
    public private(set) var periodEnd: Date?

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
        if let end = periodEnd, date < end {
            // The current period (a date before its start, from a clock set back, counts in it too).
        } else {
            let interval = period.interval(of: date)
            if periodStart == nil {
                used = offset
            } else {
                used = 0
            }
            periodStart = interval.start
            periodEnd = interval.end
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
        guard periodStart != nil, let end = periodEnd else { return max(0, limit - offset) }
        return date >= end ? limit : max(0, limit - used)
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
        interval(of: date).start
    }

    /// The period that holds `date`, in UTC: its start and the next period's start. Days and
    /// weeks are counted from the Unix epoch (UTC days are 86,400 s long in Unix time, and
    /// 1970-01-01 was a Thursday); only months need the calendar.
    public func interval(of date: Date) -> (start: Date, end: Date) {
        let day = (date.timeIntervalSince1970 / 86_400).rounded(.down)
        switch self {
        case .day:
            return (Date(timeIntervalSince1970: day * 86_400), Date(timeIntervalSince1970: (day + 1) * 86_400))
        case .week:
            // Days since the last Sunday: the epoch's Thursday is 4.
            let sinceSunday = (day + 4).truncatingRemainder(dividingBy: 7)
            let sunday = day - (sinceSunday < 0 ? sinceSunday + 7 : sinceSunday)
            return (Date(timeIntervalSince1970: sunday * 86_400), Date(timeIntervalSince1970: (sunday + 7) * 86_400))
        case .month:
            let calendar = Self.utc
            guard let interval = calendar.dateInterval(of: .month, for: date) else {
                return (Date(timeIntervalSince1970: day * 86_400), Date(timeIntervalSince1970: (day + 1) * 86_400))
            }
            return (interval.start, interval.end)
        }
    }
}
