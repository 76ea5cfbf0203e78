/// Endpoint: which API and stage the request is for. The gateway resolves both before the
/// exchange exists (a request to an unknown API or stage has no exchange); this stage records
/// the decision and adds the headers API Gateway's front end adds before a request reaches an
/// integration (as recorded against AWS in LocalStack's test_lambda_aws_proxy_integration):
/// Host if the client sent none, X-Amzn-Trace-Id, X-Forwarded-For, -Port and -Proto.
struct EndpointStage: PipelineStage {
    let name = StageName.endpoint

    func process(_ exchange: Exchange, in environment: GatewayEnvironment) async -> StageOutcome {
        var headers = exchange.request.headers
        if headers.value(for: "Host") == nil { headers.insert(HTTPHeader("Host", exchange.context.domainName), at: 0) }
        if headers.value(for: "X-Amzn-Trace-Id") == nil { headers.append(HTTPHeader("X-Amzn-Trace-Id", exchange.context.traceId)) }
        let forwardedFor = headers.value(for: "X-Forwarded-For").map { "\($0), \(exchange.context.sourceIp)" } ?? exchange.context.sourceIp
        headers.set("X-Forwarded-For", forwardedFor)
        headers.set("X-Forwarded-Port", "443")
        headers.set("X-Forwarded-Proto", "https")
        exchange.forwardedHeaders = headers
        return .proceed("stage '\(exchange.stage.stageName)' of API '\(exchange.api.name)' (\(exchange.api.endpointType.rawValue) endpoint \(exchange.context.domainName))")
    }
}
