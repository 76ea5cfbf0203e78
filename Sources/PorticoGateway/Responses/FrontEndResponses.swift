/// Answers API Gateway's front end gives before a request reaches an API's pipeline, so no
/// gateway response of the API can customise them.
extension GatewayResponse {
    /// A host of the gateway, but no stage (or no base path mapping) behind the path: 403
    /// `{"message":"Forbidden"}` with `ForbiddenException` (observed on AWS for a URL without
    /// its stage segment: OWASP/Serverless-Goat issue #14; AWS Knowledge Center: api-gateway-403-custom-domain).
    public static let forbidden = GatewayResponse(
        status: 403,
        headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("x-amzn-ErrorType", "ForbiddenException")],
        body: #"{"message":"Forbidden"}"#)

    /// A body over the 10 MB REST payload limit, refused while it is read (DG: limits; the
    /// same status and message as ``GatewayError/requestTooLarge``).
    public static let requestTooLong = GatewayResponse(
        status: 413,
        headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("x-amzn-ErrorType", "RequestTooLongException")],
        body: #"{"message":"Request Too Long"}"#)
}

extension Transcript {
    /// A request API Gateway's front end answers itself (``GatewayResponse/forbidden`` for a
    /// gateway host with no stage or base path mapping behind the path): no API or stage ran it,
    /// so `api` and `stage` are empty and the trace is the endpoint's one failed entry. `portico
    /// invoke` prints it as `portico serve` answers the same address.
    public static func frontEnd(_ response: GatewayResponse, request: GatewayRequest, reason: String) -> Transcript {
        Transcript(api: "", stage: "", request: request, response: response,
                   trace: [TraceEntry(stage: .endpoint, outcome: .fail, detail: reason)], integrationRequest: nil, logs: [])
    }
}
