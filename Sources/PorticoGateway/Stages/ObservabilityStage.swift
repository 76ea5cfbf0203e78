import Foundation

/// Observability: the headers every REST response carries, `x-amzn-RequestId` and
/// `x-amz-apigw-id` (AWS-BEHAVIOUR fact 120), plus Date and Content-Length. MOCK answers
/// carry no `X-Amzn-Trace-Id`. Metrics and logs arrive with the observability issue.
struct ObservabilityStage: PipelineStage {
    let name = StageName.observability
    var runsAfterAnswer: Bool { true }

    func process(_ exchange: inout Exchange, in environment: GatewayEnvironment) async -> StageOutcome {
        var response = exchange.response ?? GatewayResponse(status: 500)
        var headers: [HTTPHeader] = [HTTPHeader("Date", HTTPDate.format(environment.clock.now()))]
        headers.append(HTTPHeader("Content-Type", response.headers.value(for: "Content-Type") ?? "application/json"))
        headers.append(HTTPHeader("Content-Length", String(response.body.utf8.count)))
        headers.append(HTTPHeader("x-amzn-RequestId", exchange.context.requestId))
        for header in response.headers where !["content-type", "content-length", "date"].contains(header.name.lowercased()) {
            headers.append(header)
        }
        headers.append(HTTPHeader("x-amz-apigw-id", exchange.context.extendedRequestId))
        response.headers = headers
        exchange.response = response
        return .proceed("\(response.status), \(response.body.utf8.count) bytes, request id \(exchange.context.requestId)")
    }
}

/// Dates in the two forms API Gateway uses: RFC 7231 for the `Date` header and Common Log
/// Format for `$context.requestTime` (AWS-BEHAVIOUR fact 125).
public enum HTTPDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func components(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
    }

    private static func two(_ n: Int?) -> String { String(n ?? 0).leftPadded(to: 2) }

    /// `Thu, 01 Jan 2026 12:00:00 GMT`
    public static func format(_ date: Date) -> String {
        let c = components(date)
        return "\(weekdays[(c.weekday ?? 1) - 1]), \(two(c.day)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) GMT"
    }

    /// `01/Jan/2026:12:00:00 +0000`
    public static func commonLogFormat(_ date: Date) -> String {
        let c = components(date)
        return "\(two(c.day))/\(months[(c.month ?? 1) - 1])/\(c.year ?? 1970):\(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }
}
