/// Integration request, HTTP API style: HTTP APIs have no mapping templates (DG:
/// http-api-vs-rest), so this stage builds what the route's integration receives: the Lambda
/// event in the integration's payload format (2.0: ``LambdaEventV2``; 1.0: the REST proxy
/// event with `version` "1.0"), or the request an HTTP_PROXY integration forwards, parameter
/// mappings applied (``HTTPProxyRequest``).
final class HTTPIntegrationRequestStage: PipelineStage {
    let name = StageName.integrationRequest

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        guard let integration = exchange.route?.method.integration?.model else {
            return .fail(.httpInternalServerError, "route \(exchange.route?.operation.routeKey ?? "") has no integration")
        }
        switch integration.type {
        case .awsProxy where integration.functionName != nil:
            let version = integration.payloadFormatVersion ?? "2.0"
            let event: JSONText
            if version == "1.0" {
                guard case .object(let fields) = LambdaProxyEvent.make(for: exchange) else { return .fail(.httpInternalServerError, "no event") }
                event = .object([("version", .string("1.0"))] + fields)
            } else {
                event = LambdaEventV2.make(for: exchange)
            }
            exchange.integrationRequest = IntegrationRequest(type: .awsProxy, method: "POST", uri: integration.uri, headers: [],
                                                             body: event.compact, template: nil)
            return .proceed(TraceDetail { "Lambda event in payload format \(version) built" })
        case .httpProxy:
            let outbound = HTTPProxyRequest.outbound(for: exchange, integration: integration)
            // A proxy forwards the bytes as they came, text or not.
            let (body, isBase64Encoded) = exchange.request.bodyAsSent
            exchange.integrationRequest = IntegrationRequest(type: .httpProxy, method: outbound.method, uri: outbound.url,
                                                             headers: outbound.headers, body: body, template: nil, isBase64Encoded: isBase64Encoded)
            return .proceed(TraceDetail { "\(outbound.method) \(outbound.url): the request forwarded, parameter mappings applied" })
        default:
            // AWS service integrations (integrationSubtype SQS-SendMessage, …) and private
            // integrations through a VPC link are not simulated: said, not guessed.
            let what = integration.integrationSubtype.map { "AWS service integration \($0)" } ?? "\(integration.type.rawValue) integration"
            return .fail(.httpInternalServerError, TraceDetail { "\(what) on an HTTP API is not simulated yet: nothing was called" })
        }
    }
}
