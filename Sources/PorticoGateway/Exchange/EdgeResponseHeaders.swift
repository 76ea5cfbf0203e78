/// What CloudFront adds to the answer of an edge-optimized (EDGE) API on its way back to the
/// client; REGIONAL and PRIVATE answers come from API Gateway directly and carry none of it.
///
/// Recorded against AWS (LocalStack tests/aws/services/apigateway/test_apigateway_common.snapshot.json,
/// test_invocation_trace_id: an EDGE API's MOCK and AWS_PROXY answers): besides API Gateway's
/// own headers, every answer has `via`, `x-amz-cf-id`, `x-amz-cf-pop` and `x-cache: Miss from
/// cloudfront`. That recording lower-cases the names; test_apigateway_lambda.snapshot.json,
/// test_aws_proxy_response_payload_format_validation records them as sent: `Via`,
/// `X-Amz-Cf-Id`, `X-Amz-Cf-Pop`, `X-Cache`. Both recordings sort the names, so the order on
/// the wire is not recorded: Portico appends them after API Gateway's, as the proxy in front
/// adds them, in the order CloudFront is commonly seen sending them (`X-Cache`, `Via`,
/// `X-Amz-Cf-Pop`, `X-Amz-Cf-Id`).
///
/// Values: `X-Cache` is the recorded text for an answer CloudFront passes on; for a 4xx or 5xx
/// answer CloudFront says `Error from cloudfront` (its standard-log result type `Error`, CloudFront
/// DG: standard-logs-reference; no API Gateway recording has an error answer's headers). The
/// recording hides the others. `Via` and `X-Amz-Cf-Id` are the request's own
/// (``CloudFrontIDs``, the same values the integration saw in ``EdgeRequestHeaders``), and the
/// POP is one fixed edge location: the recording shows one POP for all five requests; Portico's
/// (`IAD89-C1`, an Ashburn location, beside the US viewer of the request side) is illustrative.
/// An answer's own `Via` (from a backend or a function) gets CloudFront's hop appended; its own
/// copies of the other three are replaced.
enum EdgeResponseHeaders {
    static let pop = "IAD89-C1"
    /// The names it adds, lower-cased: what API Gateway's own logs of the answer do not show.
    static let names: Set<String> = ["x-cache", "via", "x-amz-cf-pop", "x-amz-cf-id"]

    static func add(to headers: inout [HTTPHeader], status: Int, requestId: String) {
        let ids = CloudFrontIDs(requestId: requestId)
        var answerVia: String?
        headers.removeAll { header in
            if header.hasName("Via") {
                answerVia = answerVia.map { "\($0), \(header.value)" } ?? header.value
                return true
            }
            return header.hasName("X-Cache") || header.hasName("X-Amz-Cf-Pop") || header.hasName("X-Amz-Cf-Id")
        }
        headers.append(HTTPHeader("X-Cache", status >= 400 ? "Error from cloudfront" : "Miss from cloudfront"))
        headers.append(HTTPHeader("Via", answerVia.map { "\($0), \(ids.via)" } ?? ids.via))
        headers.append(HTTPHeader("X-Amz-Cf-Pop", pop))
        headers.append(HTTPHeader("X-Amz-Cf-Id", ids.cfId))
    }
}
