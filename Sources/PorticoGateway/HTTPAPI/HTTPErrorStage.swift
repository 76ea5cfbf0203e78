/// Errors, HTTP API style: an HTTP API has no gateway responses (DG: http-api-vs-rest), so a
/// failure from any stage, shared with REST (limits, throttling) or its own (routing,
/// integration), is answered with its status and `{"message":"<reason phrase>"}` as
/// application/json, and no `x-amzn-ErrorType` header: `{"message":"Not Found"}`,
/// `{"message":"Internal Server Error"}`, `{"message":"Too Many Requests"}`
/// (DG: http-api-develop-routes; http-api-troubleshooting-lambda; http-api-throttling).
final class HTTPErrorStage: PipelineStage {
    let name = StageName.gatewayResponse
    var phases: StagePhases { .response }

    func respond(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        guard let failure = exchange.failure else {
            return .skip("no error to answer")
        }
        let status = failure.status
        let message = HTTPReasonPhrase.of(status)
        var headers = [HTTPHeader("Content-Type", "application/json")]
        if let challenge = failure.wwwAuthenticate { headers.append(HTTPHeader("www-authenticate", challenge)) }
        exchange.response = GatewayResponse(status: status, headers: headers, body: "{\"message\":\"\(message)\"}")
        return .answer(TraceDetail { "HTTP APIs have no gateway responses: \(status) {\"message\":\"\(message)\"}" })
    }
}
