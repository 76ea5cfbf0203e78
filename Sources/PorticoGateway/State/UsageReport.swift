import Foundation

/// A usage plan's usage in the shape of API Gateway's GetUsage answer (API reference: GetUsage,
/// Usage): `usagePlanId`, `startDate`, `endDate` (UTC days, `yyyy-MM-dd`) and `items`, each key's
/// id to one `[used, remaining]` pair per day of the range, remaining being what was left of
/// the key's quota at the end of that day. What `portico usage` prints and `serve` answers at
/// `/_portico/usage`.
public struct UsageReport: Sendable, Equatable {
    public let usagePlanId: String
    public let startDate: String
    public let endDate: String
    /// Key id to daily `[used, remaining]`, keys in name order.
    public let items: [(keyId: String, days: [[Int]])]

    public static func == (lhs: UsageReport, rhs: UsageReport) -> Bool {
        lhs.usagePlanId == rhs.usagePlanId && lhs.startDate == rhs.startDate && lhs.endDate == rhs.endDate
            && lhs.items.elementsEqual(rhs.items) { $0.keyId == $1.keyId && $0.days == $1.days }
    }

    /// The answer's JSON, keys in AWS's documented order, items in key-name order.
    public func jsonData() -> Data {
        var text = "{\"usagePlanId\":\(jsonQuoted(usagePlanId)),\"startDate\":\(jsonQuoted(startDate)),\"endDate\":\(jsonQuoted(endDate)),\"items\":{"
        text += items.map { item in
            jsonQuoted(item.keyId) + ":[" + item.days.map { "[\($0.map(String.init).joined(separator: ","))]" }.joined(separator: ",") + "]"
        }.joined(separator: ",")
        text += "}}"
        return Data(text.utf8)
    }

    /// `yyyy-MM-dd` in UTC, as GetUsage takes and gives dates; nil for anything else.
    public static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
              calendar.component(.day, from: date) == day else { return nil }
        return date
    }

    public static func dayText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}

extension Gateway {
    public enum UsageError: Error, Equatable, CustomStringConvertible {
        case unknownPlan(String, known: [String])
        case badRange(String)

        public var description: String {
            switch self {
            case .unknownPlan(let name, let known):
                "no usage plan named '\(name)'" + (known.isEmpty ? "; the project declares none" : "; known: \(known.joined(separator: ", "))")
            case .badRange(let why): why
            }
        }
    }

    /// The most days one report covers: GetUsage serves at most 90 days back; a year is plenty.
    public static let maximumUsageDays = 366

    /// The usage of plan `name` from `start` to `end` (UTC days, both included).
    public func usage(plan name: String, from start: Date, to end: Date) throws(UsageError) -> UsageReport {
        let directory = environment.deployments.usagePlans
        guard let plan = directory.plans.first(where: { $0.name == name }) else {
            throw .unknownPlan(name, known: directory.plans.map(\.name))
        }
        guard start <= end else { throw .badRange("startDate must not be after endDate") }
        guard end.timeIntervalSince(start) < Double(Self.maximumUsageDays) * 86_400 else {
            throw .badRange("the range covers more than \(Self.maximumUsageDays) days")
        }
        let usage = environment.state.usagePlans[plan.index].usage(from: start, to: end)
        let items = usage.compactMap { entry -> (keyId: String, days: [[Int]])? in
            guard let key = directory.key(named: entry.key) else { return nil }
            return (key.id, entry.days.map { [$0.used, $0.remaining] })
        }
        return UsageReport(usagePlanId: plan.id, startDate: UsageReport.dayText(start), endDate: UsageReport.dayText(end), items: items)
    }
}
