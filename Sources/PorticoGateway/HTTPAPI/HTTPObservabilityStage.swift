/// Observability, HTTP API style: every answer carries Date, Content-Type, Content-Length and
/// `apigw-requestid`, the request's id (DG: http-api-troubleshooting-jwt shows it on a 401;
/// DG: http-api-logging: `$context.requestId` is that id). No `x-amzn-RequestId`,
/// `x-amz-apigw-id` or `X-Amzn-Trace-Id`: those are REST's. Counts the answer in the stage's
/// metrics (``GatewayMetrics``: HTTP APIs' `4xx`, `5xx`, `DataProcessed`, …).
final class HTTPObservabilityStage: PipelineStage {
    let name = StageName.observability
    var phases: StagePhases { .response }

    func respond(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        var response = exchange.response ?? GatewayResponse(status: 500)
        var headers = ObservabilityStage.entityHeaders(of: response, in: environment, reserving: 4)
        ObservabilityStage.appendOwnHeaders(of: response, to: &headers)
        headers.append(HTTPHeader("apigw-requestid", exchange.context.requestId))
        response.headers = headers
        let status = response.status, size = response.payloadSize, requestId = exchange.context.requestId
        exchange.response = response
        ObservabilityStage.observe(exchange, status: status, responseBytes: size, in: environment)
        return .proceed(TraceDetail { "\(status), \(size) bytes, apigw-requestid \(requestId)" })
    }
}
