/// The transcript as text, the way `portico invoke` prints it: the request and the response
/// as HTTP messages (a binary body as a summary, `<binary, 1,234 bytes>`), then the trace, one
/// stage per line, what a Lambda authorizer was sent and returned, the logs, and the stage's
/// access-log line and execution log when it keeps them.
extension Transcript {
    public var text: String {
        var out = "\(request.method) \(request.path) HTTP/1.1\n"
        for header in request.headers { out += "\(header.name): \(header.value)\n" }
        let shown = request.bodyAsSent
        if !shown.body.isEmpty { out += "\n\(BodySummary.text(shown.body, isBase64Encoded: shown.isBase64Encoded))\n" }
        out += "\n\(response.statusLine)\n"
        for header in response.headers { out += "\(header.name): \(header.value)\n" }
        if !response.body.isEmpty { out += "\n\(BodySummary.text(response.body, isBase64Encoded: response.isBase64Encoded))\n" }
        out += "\nTrace:\n"
        let width = (trace.map(\.stage.rawValue.count).max() ?? 0) + 2
        for entry in trace {
            let name = entry.stage.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            let outcome = entry.outcome.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
            out += "  \(name)\(outcome)\(entry.detail)".trimmingTrailingSpaces() + "\n"
        }
        if let authorizer {
            out += "\nAuthorizer: \(authorizer.heading)\n"
            if let event = authorizer.event { out += "  event:    \(event)\n" }
            if let returned = authorizer.returned { out += "  \(authorizer.cache == .hit ? "cached:  " : "returned:") \(returned)\n" }
        }
        if !logs.isEmpty {
            out += "\nLogs:\n"
            for line in logs { out += "  \(line)\n" }
        }
        if let accessLog { out += "\nAccess log:\n  \(accessLog)\n" }
        if !executionLog.isEmpty {
            out += "\nExecution log:\n"
            for line in executionLog { out += "  \(line)\n" }
        }
        return out
    }
}

extension GatewayResponse {
    public var statusLine: String { "HTTP/1.1 \(status) \(HTTPStatus.reason(status))" }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.hasSuffix(" ") { copy.removeLast() }
        return copy
    }
}

/// Reason phrases for the status codes API Gateway answers with.
public enum HTTPStatus {
    public static func reason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 410: "Gone"
        case 413: "Payload Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: ""
        }
    }
}
