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

    /// An HTTP API's host with no stage behind the path (and no `$default` stage to take it):
    /// 404 `{"message":"Not Found"}`, HTTP API's answer to anything it has nothing for, as for a
    /// request no route matches (DG: http-api-develop-routes: "If no routes match a request,
    /// API Gateway returns {"message":"Not Found"} to the client"); not REST's 403. AWS's guide
    /// does not spell out the unknown stage's answer: this is our reading.
    public static let httpNotFound = GatewayResponse(
        status: 404, headers: [HTTPHeader("Content-Type", "application/json")], body: #"{"message":"Not Found"}"#)

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
