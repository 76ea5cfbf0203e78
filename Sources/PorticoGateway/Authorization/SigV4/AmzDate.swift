import Foundation

/// The dates Signature Version 4 reads and writes: ISO 8601 basic format, `20150830T123600Z`,
/// as `X-Amz-Date` and the string to sign carry it (IAM User Guide: reference_sigv-create-signed-request,
/// "Create a string to sign"), and the RFC 7231 `Date` header a request may carry instead.
/// Whole seconds since 1970, computed with integer arithmetic (``HTTPDate``'s civil calendar),
/// so checking a request's date costs no `DateFormatter`.
enum AmzDate {
    /// `20150830T123600Z`.
    static func format(_ date: Date) -> String {
        format(epochSeconds: Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    static func format(epochSeconds: Int64) -> String {
        let c = HTTPDate.civil(Date(timeIntervalSince1970: TimeInterval(epochSeconds)))
        var out: [UInt8] = []
        out.reserveCapacity(16)
        func digits(_ n: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(48 + n / divisor % 10))
                divisor /= 10
            }
        }
        digits(c.year, 4); digits(c.month, 2); digits(c.day, 2)
        out.append(UInt8(ascii: "T"))
        digits(c.hour, 2); digits(c.minute, 2); digits(c.second, 2)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Seconds since 1970 of `20150830T123600Z`, or nil when the text is not exactly that form.
    static func parse(_ text: some StringProtocol) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte &- 48 < 10 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
              let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        return epochSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// Seconds since 1970 of an RFC 7231 IMF-fixdate, `Sun, 30 Aug 2015 12:36:00 GMT`: the
    /// `Date` header SigV4 accepts when a request has no `X-Amz-Date`.
    static func parseHTTPDate(_ text: some StringProtocol) -> Int64? {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let year = Int(parts[3]),
              let month = months.firstIndex(where: { $0 == parts[2] }) else { return nil }
        let clock = parts[4].split(separator: ":")
        guard clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]) else { return nil }
        return epochSeconds(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second)
    }

    /// Hinnant's days-from-civil, in seconds.
    static func epochSeconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }
}
