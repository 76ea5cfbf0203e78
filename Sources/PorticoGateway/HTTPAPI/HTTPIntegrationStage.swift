import Foundation
import PorticoModel

/// Integration, HTTP API style: calls the route's Lambda function or HTTP backend and turns
/// the answer into the route's response. HTTP APIs have no integration responses: a Lambda
/// proxy's answer is read in its payload format, an HTTP_PROXY backend's passes through with
/// the route's response parameter mappings. Failures are HTTP API's: a function error, a
/// malformed answer or a backend that cannot be reached is 500 `{"message":"Internal Server
/// Error"}` (DG: http-api-troubleshooting-lambda); no answer within the timeout (30 s at
/// most, DG: limits) is 503 `{"message":"Service Unavailable"}` (``GatewayError/httpServiceUnavailable``).
final class HTTPIntegrationStage: PipelineStage {
    let name = StageName.integration

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        guard let request = exchange.integrationRequest, let integration = exchange.route?.method.integration?.model else {
            return .fail(.httpInternalServerError, "no integration request was built")
        }
        let services = environment.services, clock = environment.clock
        // HTTP APIs allow 50 ms to 30 s (DG: limits); longer is answered as 30 s.
        let timeout = min(integration.timeoutInMillis, 30_000)
        if request.type == .httpProxy {
            return .wait(StageWait { await IntegrationStage.timed(exchange, clock) { await Self.callBackend(exchange, request: request, integration: integration, services: services, timeout: timeout) } })
        }
        return .wait(StageWait { await IntegrationStage.timed(exchange, clock) { await Self.callFunction(exchange, request: request, integration: integration, services: services, timeout: timeout) } })
    }

    static func callFunction(_ exchange: Exchange, request: IntegrationRequest, integration: Integration,
                             services: GatewayServices, timeout: Int) async -> StageOutcome {
        let written = integration.functionName ?? ""
        guard let function = LambdaARN.functionName(in: integration.uri ?? "", stageVariables: exchange.stage.variables) else {
            return .fail(.httpInternalServerError, "Lambda function '\(written)' names stage variables this stage does not set")
        }
        guard let functions = services.functions else {
            return .fail(.httpInternalServerError, "Lambda function '\(function)' cannot run: no Lambda runtime is attached to this gateway")
        }
        let invocation = await functions.invoke(function: function, payload: request.bodyBytes, timeout: .milliseconds(timeout))
        exchange.logs += invocation.logs
        switch invocation.outcome {
        case .success(let bytes):
            let output = String(decoding: bytes, as: UTF8.self)
            if integration.payloadFormatVersion == "1.0" {
                guard case .success(let response) = LambdaProxyResponse.parse(output) else {
                    return .fail(.httpInternalServerError, "Lambda '\(function)' returned a malformed payload format 1.0 response")
                }
                exchange.response = response
                return .answer("Lambda '\(function)' answered \(response.status) (payload format 1.0)")
            }
            switch LambdaResponseV2.parse(output) {
            case .success(let (response, inferred)):
                exchange.response = response
                let how = inferred ? "no statusCode, so API Gateway inferred 200 with the output as an application/json body" : "a payload format 2.0 response"
                return .answer("Lambda '\(function)' answered \(response.status) (\(how))")
            case .failure(let malformed):
                return .fail(.httpInternalServerError, "Lambda '\(function)' returned a malformed payload format 2.0 response: \(malformed.reason)")
            }
        case .functionError(let type, let bytes):
            let message = LambdaError.message(in: String(decoding: bytes, as: UTF8.self))
            return .fail(.httpInternalServerError, "Lambda '\(function)' raised \(type ?? "an error"): \(message ?? "")")
        case .timeout:
            return .fail(.httpServiceUnavailable, "Lambda '\(function)' did not answer within \(timeout) ms")
        case .crashed(let reason):
            return .fail(.httpInternalServerError, "Lambda '\(function)' failed: \(reason)")
        case .unknownFunction:
            return .fail(.httpInternalServerError, "Lambda function '\(function)' has no local code: it is not declared under 'functions' in portico.yml")
        }
    }

    static func callBackend(_ exchange: Exchange, request: IntegrationRequest, integration: Integration,
                            services: GatewayServices, timeout: Int) async -> StageOutcome {
        let url = request.uri ?? ""
        guard let transport = services.http else {
            return .fail(.httpInternalServerError, "HTTP integrations cannot run: no HTTP client is attached to this gateway")
        }
        guard url.hasPrefix("http://") || url.hasPrefix("https://"), URL(string: url) != nil else {
            return .fail(.httpInternalServerError, "invalid endpoint address '\(url)'")
        }
        let outbound = OutboundHTTPRequest(method: request.method ?? exchange.context.httpMethod, url: url, headers: request.headers, body: request.bodyBytes)
        switch await transport.send(outbound, timeout: .milliseconds(timeout)) {
        case .timeout:
            return .fail(.httpServiceUnavailable, "\(url) did not answer within \(timeout) ms")
        case .failed(let reason):
            return .fail(.httpInternalServerError, "\(url) could not be reached: \(reason)")
        case .response(let status, let headers, let bytes):
            // Bytes that are not text travel on as binary (base64 inside the response).
            var response = String(bytes: bytes, encoding: .utf8).map { GatewayResponse(status: status, body: $0) }
                ?? GatewayResponse(status: status, body: Base64.encode(bytes), isBase64Encoded: true)
            // The gateway sets its own Date, Content-Length and connection handling.
            response.headers = headers.filter { !HTTPProxyRequest.hopByHop.contains($0.name.lowercased()) }
            let mapped = HTTPProxyRequest.mapResponse(&response, exchange: exchange, integration: integration)
            exchange.response = response
            return .answer(TraceDetail { "\(outbound.method) \(url) answered \(status)" + (mapped.isEmpty ? " (passed through)" : "; response mappings: \(mapped.joined(separator: ", "))") })
        }
    }
}
