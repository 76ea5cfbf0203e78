import Foundation

/// Observability: the headers every REST response carries, `x-amzn-RequestId` and
/// `x-amz-apigw-id`, plus Date and Content-Length. MOCK answers carry no `X-Amzn-Trace-Id`
/// (recorded AWS response: LocalStack tests/aws/services/apigateway/test_apigateway_common.snapshot.json,
/// test_invocation_trace_id). An EDGE API's answer also carries what CloudFront adds
/// (``EdgeResponseHeaders``), added here, the one place every answer passes; and here the
/// answer is counted in the stage's CloudWatch metrics (``GatewayMetrics``).
final class ObservabilityStage: PipelineStage {
    let name = StageName.observability
    var phases: StagePhases { .response }

    func respond(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        var response = exchange.response ?? GatewayResponse(status: 500)
        var headers = Self.entityHeaders(of: response, in: environment, reserving: 10)
        headers.append(HTTPHeader("x-amzn-RequestId", exchange.context.requestId))
        Self.appendOwnHeaders(of: response, to: &headers)
        headers.append(HTTPHeader("x-amz-apigw-id", exchange.context.extendedRequestId))
        // Lambda and AWS integrations add X-Amzn-Trace-Id; MOCK does not (recorded AWS response,
        // test_invocation_trace_id as above).
        if let type = exchange.integrationRequest?.type, type == .aws || type == .awsProxy,
           headers.value(for: "X-Amzn-Trace-Id") == nil {
            headers.append(HTTPHeader("X-Amzn-Trace-Id", exchange.context.traceId))
        }
        // An EDGE API's answer passes through CloudFront, which adds its own (recorded AWS
        // response, test_invocation_trace_id as above; see EdgeResponseHeaders).
        if exchange.deployed.isEdge {
            EdgeResponseHeaders.add(to: &headers, status: response.status, requestId: exchange.context.requestId)
        }
        response.headers = headers
        let status = response.status, size = response.payloadSize, requestId = exchange.context.requestId
        exchange.response = response
        ObservabilityStage.observe(exchange, status: status, responseBytes: size, in: environment)
        // Active tracing is asked for but not simulated yet: say so rather than stay silent.
        let untraced = exchange.deployed.stage.tracingEnabled ? "; tracingEnabled asks for X-Ray segments, which Portico does not record yet" : ""
        return .proceed(TraceDetail { "\(status), \(size) bytes, request id \(requestId)" + untraced })
    }
}

extension ObservabilityStage {
    /// What both kinds of API record of a complete answer: its latency, its metrics
    /// (``GatewayMetrics``), its access-log line (``AccessLogFormat``) and its execution log
    /// (``ExecutionLog``, REST only).
    static func observe(_ exchange: Exchange, status: Int, responseBytes: Int, in environment: GatewayEnvironment) {
        exchange.responseLatency = environment.clock.monotonic().duration(since: exchange.arrival)
        environment.metrics?.record(exchange, status: status, responseBytes: responseBytes)
        if let format = exchange.deployed.accessLog { exchange.accessLogLine = format.line(for: exchange) }
        if let logging = exchange.deployed.executionLogging(for: exchange.route?.method) {
            exchange.executionLog = ExecutionLog.lines(for: exchange, logging: logging)
        }
    }

    /// Date, Content-Type (application/json when the answer names none) and Content-Length:
    /// the headers every answer of both kinds of API starts with, in a list with room for
    /// `extra` more.
    static func entityHeaders(of response: GatewayResponse, in environment: GatewayEnvironment, reserving extra: Int) -> [HTTPHeader] {
        var headers: [HTTPHeader] = []
        headers.reserveCapacity(response.headers.count + extra)
        headers.append(HTTPHeader("Date", environment.dates.texts(for: environment.clock.now()).httpDate))
        headers.append(HTTPHeader("Content-Type", response.headers.value(for: "Content-Type") ?? "application/json"))
        headers.append(HTTPHeader("Content-Length", String(response.payloadSize)))
        return headers
    }

    /// The answer's own headers but those three.
    static func appendOwnHeaders(of response: GatewayResponse, to headers: inout [HTTPHeader]) {
        for header in response.headers where !(header.hasName("Content-Type") || header.hasName("Content-Length") || header.hasName("Date")) {
            headers.append(header)
        }
    }
}
