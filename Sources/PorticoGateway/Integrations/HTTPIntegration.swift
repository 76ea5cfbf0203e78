import Foundation
import PorticoModel

/// HTTP and HTTP_PROXY integrations: the request API Gateway sends to the backend and what it
/// does with the answer (DG: setup-http-integrations).
struct HTTPIntegration {
    let services: GatewayServices

    /// Backend response headers renamed `x-amzn-Remapped-<name>` (recorded AWS response:
    /// LocalStack tests/aws/services/apigateway/test_apigateway_integrations.snapshot.json,
    /// test_apigateway_header_remapping_http and _aws).
    static let remappedForProxy: Set<String> = ["connection", "content-length", "date", "server"]
    static let remapped: Set<String> = ["authorization", "connection", "content-length", "content-md5", "date", "expect",
                                        "host", "max-forwards", "proxy-authenticate", "server", "trailer", "upgrade",
                                        "user-agent", "www-authenticate"]

    /// Builds the outbound request: the URI with stage variables and mapped path parameters
    /// substituted, the query string, and the headers.
    static func outbound(for exchange: Exchange, integration: Integration, body: [UInt8]) -> OutboundHTTPRequest {
        let proxy = integration.type == .httpProxy
        let mapping = RequestParameterMapping(integration.requestParameters, exchange: exchange)
        var url = substituteStageVariables(in: integration.uri ?? "", exchange: exchange)
        for (name, value) in mapping.path {
            url = url.replacingOccurrences(of: "{\(name)}", with: value)
        }
        var query = mapping.querystring.map { "\(formEncode($0.name))=\(formEncode($0.value))" }
        if proxy, let raw = exchange.request.rawQuery, !raw.isEmpty { query.insert(raw, at: 0) }
        if !query.isEmpty { url += (url.contains("?") ? "&" : "?") + query.joined(separator: "&") }

        var headers: [HTTPHeader]
        if proxy {
            // HTTP_PROXY forwards the client's headers; Host becomes the backend's (recorded AWS
            // response: LocalStack tests/aws/services/apigateway/test_apigateway_http.snapshot.json,
            // test_http_integration_method).
            // The headers a method request never has are gone already (IntegrationHeaderRules);
            // API Gateway adds X-Amzn-Apigateway-Api-Id as for a non-proxy backend (recorded AWS
            // responses: test_apigateway_integrations.snapshot.json, test_apigateway_header_remapping_http[HTTP_PROXY];
            // test_apigateway_http.snapshot.json, test_http_integration_with_lambda[HTTP_PROXY]).
            headers = exchange.forwardedHeaders.filter { !$0.hasName("Host") }
            headers.append(HTTPHeader("X-Amzn-Apigateway-Api-Id", exchange.context.apiId))
        } else {
            // What API Gateway itself sends to a non-proxy HTTP backend (recorded AWS response:
            // test_apigateway_http.snapshot.json, test_http_integration_method).
            headers = [HTTPHeader("User-Agent", "AmazonAPIGateway_\(exchange.context.apiId)"),
                       HTTPHeader("Accept", "application/json"),
                       HTTPHeader("X-Amzn-Apigateway-Api-Id", exchange.context.apiId),
                       HTTPHeader("X-Amzn-Trace-Id", exchange.context.traceId)]
            if !body.isEmpty { headers.append(HTTPHeader("Content-Type", "application/json")) }
        }
        for header in mapping.headers { headers.set(header.name, header.value) }
        // Mapped or forwarded, these never reach an HTTP backend (recorded AWS responses:
        // test_apigateway_header_remapping_http[HTTP] and [HTTP_PROXY]; IntegrationHeaderRules).
        headers.removeAll { IntegrationHeaderRules.droppedBeforeHTTPBackend.contains($0.name.lowercased()) }
        let method = (integration.httpMethod ?? exchange.request.method).uppercased()
        return OutboundHTTPRequest(method: method == "ANY" ? exchange.request.method.uppercased() : method,
                                   url: url, headers: headers, body: body)
    }

    func invoke(_ exchange: Exchange, integration: Integration, body: [UInt8]) async -> StageOutcome {
        let request = Self.outbound(for: exchange, integration: integration, body: body)
        exchange.integrationRequest?.method = request.method
        exchange.integrationRequest?.uri = request.url
        exchange.integrationRequest?.headers = request.headers
        guard let transport = services.http else {
            return .fail(.internalServerError, "HTTP integrations cannot run: no HTTP client is attached to this gateway")
        }
        guard request.url.hasPrefix("http://") || request.url.hasPrefix("https://"), URL(string: request.url) != nil else {
            exchange.logs.append("Execution failed due to configuration error: Invalid endpoint address")
            return .fail(.internalServerError, "invalid endpoint address '\(request.url)'")
        }
        switch await transport.send(request, timeout: .milliseconds(integration.timeoutInMillis)) {
        case .timeout:
            exchange.logs.append("Execution failed due to a timeout error")
            return .fail(.endpointTimeout, "\(request.url) did not answer within \(integration.timeoutInMillis) ms")
        case .failed(let reason):
            exchange.logs.append("Execution failed due to configuration error: \(reason)")
            return .fail(.internalServerError, "\(request.url) could not be reached: \(reason)")
        case .response(let status, let headers, let bytes):
            // Binary when the backend's Content-Type is one of the API's binary media types
            // (DG: api-gateway-payload-encodings-workflow).
            let payload = Payload.fromBackend(bytes, contentType: headers.value(for: "Content-Type"), binaryTypes: exchange.deployed.binaryMediaTypes)
            if integration.type == .httpProxy {
                // HTTP_PROXY passes the backend's status and body through (recorded AWS response:
                // LocalStack tests/aws/services/apigateway/test_apigateway_http.snapshot.json,
                // test_http_integration_invoke_status_code_passthrough).
                var response = GatewayResponse(status: status, body: payload.body, isBase64Encoded: payload.isBase64Encoded)
                for header in headers {
                    let lower = header.name.lowercased()
                    response.headers.append(Self.remappedForProxy.contains(lower) ? HTTPHeader("x-amzn-Remapped-\(header.name)", header.value) : header)
                }
                if case .success(let converted) = ContentConversion.proxyResponse(response, for: exchange) { response = converted }
                // What the backend answered, for the execution log and `$context.integrationStatus`.
                exchange.integrationResult = IntegrationResult(status: status, headers: headers, body: payload.body, isBase64Encoded: payload.isBase64Encoded)
                exchange.response = response
                return .answer("\(request.method) \(request.url) answered \(status) (proxy: passed through)")
            }
            let kept = headers.map { Self.remapped.contains($0.name.lowercased()) ? HTTPHeader("x-amzn-Remapped-\($0.name)", $0.value) : $0 }
            exchange.integrationResult = IntegrationResult(status: status, headers: kept, body: payload.body, isBase64Encoded: payload.isBase64Encoded)
            return .proceed("\(request.method) \(request.url) answered \(status)")
        }
    }

    static func substituteStageVariables(in text: String, exchange: Exchange) -> String {
        var result = text
        for (name, value) in exchange.stage.variables {
            result = result.replacingOccurrences(of: "${stageVariables.\(name)}", with: value)
        }
        return result
    }

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
