import PorticoModel
import Velocity

/// Gateway responses: every failure becomes its gateway response. A type customised in
/// `x-amazon-apigateway-gateway-responses` answers with its own status, headers and template;
/// an un-customised type falls back to a customised DEFAULT_4XX or DEFAULT_5XX of its status
/// class (whose status code then applies), else to AWS's default: the type's status and
/// `{"message":$context.error.messageString}` as application/json (`{"Message":…}` for a
/// resource policy's denial: ``GatewayError/messageMember``), with `x-amzn-ErrorType`
/// (DG: supported-gateway-response-types, api-gateway-gatewayResponse-definition; the default
/// body: DG: api-gateway-mapping-template-reference).
final class GatewayResponseStage: PipelineStage {
    let name = StageName.gatewayResponse
    var phases: StagePhases { .response }

    func respond(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        guard let failure = exchange.failure else {
            return .skip("no error to answer")
        }
        let customised = exchange.api.definition.gatewayResponses
        let own = customised.first { $0.type == failure.type }
        let classDefault: GatewayResponseKind = failure.status >= 500 ? .default5XX : .default4XX
        // Every type but UNAUTHORIZED falls back to DEFAULT_4XX/5XX when not customised
        // (DG: supported-gateway-response-types).
        let fallback = own == nil && failure.type != .unauthorized ? customised.first { $0.type == classDefault } : nil
        guard let definition = own ?? fallback else {
            exchange.response = GatewayResponse(
                status: failure.status,
                headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("x-amzn-ErrorType", failure.errorType)],
                body: "{\"\(failure.messageMember)\":\(failure.messageString)}")
            return .answer("\(failure.type.rawValue) → \(failure.status) \(failure.messageText)")
        }

        let status = definition.statusCode.flatMap(Int.init) ?? failure.status
        var response = GatewayResponse(status: status, headers: [HTTPHeader("x-amzn-ErrorType", failure.errorType)])
        for mapping in definition.responseParameters {
            guard case .gatewayResponseHeader(let header) = mapping.target else { continue }
            if let value = RequestParameterMapping.value(of: mapping.source, exchange: exchange) {
                response.headers.set(header, value)
            }
        }
        let accept = exchange.request.headers.value(for: "Accept")
        if let template = ResponseTemplateChooser.choose(definition.responseTemplates, accept: accept) {
            switch TemplateRenderer(library: environment.templates).render(template, exchange: exchange, body: "", error: failure) {
            case .success(let rendering):
                response.body = rendering.output
            case .failure(let problem):
                exchange.logs.append("Execution failed due to configuration error: \(describe(problem))")
                response.body = "{\"message\":\(failure.messageString)}"
            }
            if response.headers.value(for: "Content-Type") == nil { response.headers.set("Content-Type", template.contentType) }
        } else {
            response.body = "{\"message\":\(failure.messageString)}"
            if response.headers.value(for: "Content-Type") == nil { response.headers.set("Content-Type", "application/json") }
        }
        exchange.response = response
        let which = own != nil ? "customised \(failure.type.rawValue)" : "\(failure.type.rawValue) through customised \(classDefault.rawValue)"
        return .answer("\(which) → \(status) \(failure.messageText)")
    }
}
