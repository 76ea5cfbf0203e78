import PorticoModel

/// The failures an HTTP API answers. HTTP APIs have no gateway responses to customise (DG:
/// http-api-vs-rest): each failure is answered with its status and `{"message":"<reason
/// phrase>"}` (``HTTPErrorStage``), so these carry the status and the message, and no
/// `x-amzn-ErrorType`.
extension GatewayError {
    /// No route matches and there is no `$default` route: 404 `{"message":"Not Found"}`,
    /// not REST's 403 (DG: http-api-develop-routes, "Routing API requests").
    static let routeNotFound = GatewayError(.resourceNotFound, message: "Not Found", errorType: "", status: 404)

    /// A function error, a malformed function response, an integration that cannot be called:
    /// 500 `{"message":"Internal Server Error"}` (DG: http-api-troubleshooting-lambda).
    static let httpInternalServerError = GatewayError(.default5XX, message: "Internal Server Error", errorType: "", status: 500)

    /// An integration that does not answer within its timeout (30 s at most, DG: limits):
    /// 503 `{"message":"Service Unavailable"}`. AWS's guide names no status for this case;
    /// 503 with this body is what HTTP API clients report after the 30 s limit, where REST
    /// answers 504 "Endpoint request timed out".
    static let httpServiceUnavailable = GatewayError(.integrationTimeout, message: "Service Unavailable", errorType: "", status: 503)
}

/// HTTP's reason phrases for the statuses an HTTP API answers errors with.
enum HTTPReasonPhrase {
    static func of(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 413: "Request Entity Too Large"
        case 415: "Unsupported Media Type"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: status >= 500 ? "Internal Server Error" : "Bad Request"
        }
    }
}
