import PorticoModel

/// Integration request: chooses the request template by Content-Type, applies the
/// passthrough behaviour, and renders the template into the body the integration receives.
///
/// Passthrough rules: DG: integration-passthrough-behaviors;
/// a request without Content-Type is treated as application/json.
final class IntegrationRequestStage: PipelineStage {
    let name = StageName.integrationRequest

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        guard let integration = exchange.route?.method.integration else {
            return .fail(.internalServerError, "the method has no integration")
        }
        // A header mapping API Gateway refuses for this integration type: 500 before the
        // integration is called (recorded AWS responses: LocalStack
        // tests/aws/services/apigateway/test_apigateway_integrations.snapshot.json,
        // test_apigateway_header_remapping_http and _aws; see IntegrationHeaderRules).
        if !integration.refusedHeaderMappings.isEmpty,
           let mapping = integration.refusedHeaderMappings.first(where: { RequestParameterMapping.value(of: $0.source, exchange: exchange) != nil }),
           case .integrationRequestHeader(let refused) = mapping.target {
            let type = integration.type.rawValue
            return .fail(.internalServerError, "integration.request.header.\(refused): request parameters of \(type) integrations may not set \(refused)")
        }
        var request = IntegrationRequest(type: integration.type, method: integration.httpMethod,
                                         uri: integration.uri, headers: [], body: "", template: nil)
        if integration.type == .awsProxy {
            // Lambda proxy integrations must call Lambda with POST, else 500 (recorded AWS response:
            // LocalStack tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
            // test_lambda_aws_proxy_integration_non_post_method).
            guard (integration.httpMethod ?? "POST").uppercased() == "POST" else {
                exchange.logs.append("Execution failed due to configuration error: Invalid integration HTTP method \(integration.httpMethod ?? "")")
                return .fail(.internalServerError, "AWS_PROXY integrations must use httpMethod POST, not \(integration.httpMethod ?? "")")
            }
            request.body = LambdaProxyEvent.make(for: exchange).compact
            exchange.integrationRequest = request
            return .proceed("Lambda proxy event (payload format 1.0) built; passthrough behaviour does not apply")
        }
        if integration.type == .httpProxy {
            request.headers = exchange.forwardedHeaders
            // A proxy forwards the bytes as they came, text or not.
            (request.body, request.isBase64Encoded) = exchange.request.bodyAsSent
            exchange.integrationRequest = request
            return .proceed("proxy integration: request passed through, passthrough behaviour does not apply")
        }

        guard case .success(let payload) = ContentConversion.integrationRequest(for: exchange, handling: integration.contentHandling) else {
            exchange.logs.append(ContentConversion.requestFailureLog)
            return .fail(.internalServerError, "contentHandling CONVERT_TO_BINARY: the request body is not base64")
        }
        request.body = payload.body
        request.isBase64Encoded = payload.isBase64Encoded
        let contentType = MediaType.essence(exchange.request.headers.value(for: "Content-Type")) ?? "application/json"
        let templates = integration.requestTemplates
        guard let template = templates.first(where: { $0.contentType.equalsIgnoringASCIICase(contentType) }) else {
            let passes: Bool
            switch integration.passthroughBehavior {
            case .whenNoMatch: passes = true
            case .whenNoTemplates: passes = templates.isEmpty
            case .never: passes = false
            }
            guard passes else {
                return .fail(.unsupportedMediaType,
                             "no template for \(contentType) and passthroughBehavior is \(integration.passthroughBehavior.rawValue)")
            }
            exchange.integrationRequest = request
            return .proceed("no template for \(contentType); body passed through (\(integration.passthroughBehavior.rawValue))")
        }

        switch TemplateRenderer.render(template.template, exchange: exchange, body: payload.body) {
        case .success(let rendering):
            request.body = rendering.output
            request.isBase64Encoded = false
            request.template = template.contentType
            for (name, value) in rendering.overrides.requestHeaders.sorted(by: { $0.key < $1.key }) {
                request.headers.set(name, value)
            }
            if let status = rendering.overrides.responseStatus { exchange.responseStatusOverride = status }
            for (name, value) in rendering.overrides.responseHeaders.sorted(by: { $0.key < $1.key }) {
                exchange.responseHeaderOverrides.set(name, value)
            }
            exchange.integrationRequest = request
            let contentType = template.contentType
            return .proceed(TraceDetail { "applied the \(contentType) request template" })
        case .failure(let failure):
            exchange.logs.append("Execution failed due to configuration error: \(describe(failure))")
            return .fail(.internalServerError, "the \(template.contentType) request template failed: \(describe(failure))")
        }
    }
}

func describe(_ failure: TemplateRenderer.Failure) -> String {
    switch failure {
    case .unparsed: "the template does not parse"
    case .render(let error): "\(error.line):\(error.column): \(error.message)"
    }
}

/// Media types compared as API Gateway compares them: by their essence (`type/subtype`),
/// lower-cased, parameters dropped.
enum MediaType {
    static func essence(_ value: String?) -> String? {
        guard let value else { return nil }
        return essence(value[...])
    }

    /// The part before `;`, without surrounding spaces and tabs, lower-cased; nil when empty.
    static func essence(_ value: Substring) -> String? {
        let bytes = value.utf8
        var start = bytes.startIndex
        var end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start = bytes.index(after: start) }
        while end > start {
            let before = bytes.index(before: end)
            guard bytes[before] == 0x20 || bytes[before] == 0x09 else { break }
            end = before
        }
        guard start < end else { return nil }
        let slice = bytes[start..<end]
        // Already lower-case (the usual case): no new storage beyond the copy.
        if !slice.contains(where: { $0 &- 65 < 26 }) { return String(Substring(slice)) }
        return String(Substring(slice)).lowercased()
    }
}
