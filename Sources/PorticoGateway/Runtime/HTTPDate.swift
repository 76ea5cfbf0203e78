import Foundation

/// Dates in the forms API Gateway uses: RFC 7231 for the `Date` header, Common Log Format
/// for `$context.requestTime` (DG: api-gateway-mapping-template-reference), and Java's
/// `Date.toString()` for the times of Cognito claims. Computed with integer
/// arithmetic (Hinnant's civil-from-days), not Calendar. The gateway formats each second once
/// (``DateTexts``); `serve` formats its own `Date` headers once a second too.
public enum HTTPDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    struct Civil {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int
    }

    static func civil(_ date: Date) -> Civil {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let weekday = ((days % 7) + 11) % 7   // 1970-01-01 was a Thursday (4)
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return Civil(year: year, month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60,
                     second: secondOfDay % 60, weekday: weekday)
    }

    /// `Thu, 01 Jan 2026 12:00:00 GMT`
    public static func format(_ date: Date) -> String {
        let c = civil(date)
        return write(capacity: 29) { out in
            out.append(contentsOf: weekdays[c.weekday].utf8); out.append(UInt8(ascii: ",")); out.append(0x20)
            two(c.day, &out); out.append(0x20)
            out.append(contentsOf: months[c.month - 1].utf8); out.append(0x20)
            four(c.year, &out); out.append(0x20)
            clock(c, &out)
            out.append(contentsOf: " GMT".utf8)
        }
    }

    /// `01/Jan/2026:12:00:00 +0000`
    public static func commonLogFormat(_ date: Date) -> String {
        let c = civil(date)
        return write(capacity: 26) { out in
            two(c.day, &out); out.append(UInt8(ascii: "/"))
            out.append(contentsOf: months[c.month - 1].utf8); out.append(UInt8(ascii: "/"))
            four(c.year, &out); out.append(UInt8(ascii: ":"))
            clock(c, &out)
            out.append(contentsOf: " +0000".utf8)
        }
    }

    /// `Thu Jan 01 12:00:00 UTC 2026`: Java's `Date.toString()` in UTC, how a Cognito
    /// authorizer hands a token's `exp` and `iat` to `$context.authorizer.claims` (see
    /// ``CognitoClaims``).
    public static func javaDate(_ date: Date) -> String {
        let c = civil(date)
        return write(capacity: 28) { out in
            out.append(contentsOf: weekdays[c.weekday].utf8); out.append(0x20)
            out.append(contentsOf: months[c.month - 1].utf8); out.append(0x20)
            two(c.day, &out); out.append(0x20)
            clock(c, &out)
            out.append(contentsOf: " UTC ".utf8)
            four(c.year, &out)
        }
    }

    // Written as bytes into one buffer: string interpolation of eight parts cost more than
    // the date arithmetic.
    private static func write(capacity: Int, _ body: (inout [UInt8]) -> Void) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        body(&out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func two(_ n: Int, _ out: inout [UInt8]) {
        out.append(UInt8(48 + n / 10 % 10)); out.append(UInt8(48 + n % 10))
    }

    private static func four(_ n: Int, _ out: inout [UInt8]) {
        guard (0...9999).contains(n) else { out.append(contentsOf: String(n).utf8); return }
        two(n / 100, &out); two(n % 100, &out)
    }

    private static func clock(_ c: Civil, _ out: inout [UInt8]) {
        two(c.hour, &out); out.append(UInt8(ascii: ":")); two(c.minute, &out); out.append(UInt8(ascii: ":")); two(c.second, &out)
    }
}
