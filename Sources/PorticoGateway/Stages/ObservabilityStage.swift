import Foundation

/// Observability: the headers every REST response carries, `x-amzn-RequestId` and
/// `x-amz-apigw-id` (AWS-BEHAVIOUR fact 120), plus Date and Content-Length. MOCK answers
/// carry no `X-Amzn-Trace-Id`. Metrics and logs arrive with the observability issue.
struct ObservabilityStage: PipelineStage {
    let name = StageName.observability
    var runsAfterAnswer: Bool { true }

    func process(_ exchange: Exchange, in environment: GatewayEnvironment) async -> StageOutcome {
        var response = exchange.response ?? GatewayResponse(status: 500)
        var headers: [HTTPHeader] = [HTTPHeader("Date", HTTPDate.format(environment.clock.now()))]
        headers.append(HTTPHeader("Content-Type", response.headers.value(for: "Content-Type") ?? "application/json"))
        headers.append(HTTPHeader("Content-Length", String(response.payloadSize)))
        headers.append(HTTPHeader("x-amzn-RequestId", exchange.context.requestId))
        for header in response.headers where !["content-type", "content-length", "date"].contains(header.name.lowercased()) {
            headers.append(header)
        }
        headers.append(HTTPHeader("x-amz-apigw-id", exchange.context.extendedRequestId))
        // Fact 120: Lambda and AWS integrations add X-Amzn-Trace-Id; MOCK does not.
        if let type = exchange.integrationRequest?.type, type == "AWS" || type == "AWS_PROXY",
           headers.value(for: "X-Amzn-Trace-Id") == nil {
            headers.append(HTTPHeader("X-Amzn-Trace-Id", exchange.context.traceId))
        }
        response.headers = headers
        exchange.response = response
        return .proceed("\(response.status), \(response.payloadSize) bytes, request id \(exchange.context.requestId)")
    }
}

/// Dates in the two forms API Gateway uses: RFC 7231 for the `Date` header and Common Log
/// Format for `$context.requestTime` (AWS-BEHAVIOUR fact 125). Computed with integer
/// arithmetic (Hinnant's civil-from-days), not Calendar: this runs on every request.
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

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    /// `Thu, 01 Jan 2026 12:00:00 GMT`
    public static func format(_ date: Date) -> String {
        let c = civil(date)
        return "\(weekdays[c.weekday]), \(two(c.day)) \(months[c.month - 1]) \(c.year) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) GMT"
    }

    /// `01/Jan/2026:12:00:00 +0000`
    public static func commonLogFormat(_ date: Date) -> String {
        let c = civil(date)
        return "\(two(c.day))/\(months[c.month - 1])/\(c.year):\(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }
}
