import Foundation
import PorticoModel
import Velocity

/// Runs a route's integration for one event and says what it answered (DG:
/// apigateway-websocket-api-integrations, -integration-requests, -integration-responses):
///
/// - AWS_PROXY (Lambda proxy): the function gets the WebSocket event of the event type
///   (``WebSocketLambdaEvents``); its `statusCode` and `body` are the answer.
/// - MOCK, HTTP, AWS (Lambda, non-proxy): the request template that
///   `templateSelectionExpression` selects (else `$default`; with neither the message passes
///   through) renders the integration request; MOCK reads its `statusCode`, HTTP sends it to
///   the backend, AWS gives it to the function. The integration response whose key matches the
///   status (or the Lambda error message) renders the answer with its selected template.
/// - HTTP_PROXY: the message goes to the backend as it is; the backend's body is the answer.
struct WebSocketIntegrationCall {
    let prepared: PreparedWebSocketIntegration
    let environment: GatewayEnvironment

    enum Outcome: Sendable, Equatable {
        /// The integration answered: status and body (nil: nothing to send).
        case answered(status: Int, body: String?)
        /// It failed; the client gets API Gateway's "Internal server error" message.
        case failed
    }

    /// What the integration's request and response templates read besides `$context`.
    struct Input {
        var body: String
        var frame: WebSocketFrame?
        var upgrade: WebSocketUpgrade?
    }

    func run(event: WebSocketEvent, input: Input, run: inout WebSocketRun) async -> Outcome {
        let integration = prepared.integration
        if !integration.requestParameters.isEmpty {
            // Said, never claimed: the mapping is not applied.
            run.note(.integrationRequest, "requestParameters (\(integration.requestParameters.keys.sorted().joined(separator: ", "))) are not simulated for WebSocket integrations: not applied")
        }
        switch integration.integrationType {
        case .awsProxy:
            return await lambdaProxy(event: event, input: input, run: &run)
        case .httpProxy:
            return await http(body: input.body, proxy: true, run: &run)
        case .mock, .http, .aws:
            guard let request = renderRequest(event: event, input: input, run: &run) else { return .failed }
            let result: (status: Int, body: String, subject: String)
            switch integration.integrationType {
            case .mock:
                // MOCK answers with the statusCode its request template gives (DG:
                // how-to-mock-integration: the template "must contain a statusCode").
                guard case .map(let object)? = try? JSONValueParser.parse(request),
                      let status = Self.int(object["statusCode"]) else {
                    run.note(.integration, "MOCK: the rendered request has no statusCode (\(Self.short(request))), so the integration fails")
                    return .failed
                }
                run.note(.integration, "MOCK answered \(status) (the statusCode of the rendered request)")
                result = (status, "", String(status))
            case .http:
                guard case .answered(let status, let body) = await http(body: request, proxy: false, run: &run) else { return .failed }
                result = (status, body ?? "", String(status))
            default:
                guard let lambda = await lambdaNonProxy(payload: request, run: &run) else { return .failed }
                result = lambda
            }
            return respond(status: result.status, body: result.body, subject: result.subject, event: event, input: input, run: &run)
        }
    }

    // MARK: Request and response templates

    private func renderRequest(event: WebSocketEvent, input: Input, run: inout WebSocketRun) -> String? {
        let key = prepared.templateSelection.map { $0.evaluate(in: selectionSource(body: input.body, event: event)) }
        guard let chosen = PreparedWebSocketIntegration.template(in: prepared.requestTemplates, selectedBy: key) else {
            if prepared.integration.passthroughBehavior == .never {
                run.note(.integrationRequest, "no request template matches\(key.map { " key '\($0)'" } ?? "") and passthroughBehavior is NEVER, so the message is rejected")
                return nil
            }
            run.note(.integrationRequest, "no request template\(key.map { " for key '\($0)'" } ?? "") and no $default: the message passes through unchanged")
            return input.body
        }
        switch render(chosen.template, body: input.body, event: event, input: input) {
        case .success(let output):
            run.note(.integrationRequest, "request template '\(chosen.key)'" + (key.map { " (templateSelectionExpression \(prepared.templateSelection!.source) → '\($0)')" } ?? "") + " rendered \(output.utf8.count) bytes")
            return output
        case .failure(let error):
            run.note(.integrationRequest, "request template '\(chosen.key)' failed to render: \(error.message)")
            return nil
        }
    }

    private func respond(status: Int, body: String, subject: String, event: WebSocketEvent, input: Input, run: inout WebSocketRun) -> Outcome {
        guard let response = prepared.response(for: subject) else {
            run.note(.integrationResponse, "no integration response matches '\(subject)' and there is no $default: the integration's body passes through")
            return .answered(status: status, body: body.isEmpty ? nil : body)
        }
        let source = SelectionSource(body: body) { name in
            name == "integration.response.statuscode" ? String(status) : name.dropPrefix("context.").flatMap(event.contextValue)
        }
        let key = response.templateSelection.map { $0.evaluate(in: source) }
        guard let chosen = PreparedWebSocketIntegration.template(in: response.templates, selectedBy: key) else {
            run.note(.integrationResponse, "integration response '\(response.key)' matched '\(subject)'; it has no template\(key.map { " for key '\($0)'" } ?? ""), so the body passes through")
            return .answered(status: status, body: body.isEmpty ? nil : body)
        }
        switch render(chosen.template, body: body, event: event, input: input) {
        case .success(let output):
            run.note(.integrationResponse, "integration response '\(response.key)' matched '\(subject)'; template '\(chosen.key)' rendered \(output.utf8.count) bytes")
            return .answered(status: status, body: output)
        case .failure(let error):
            run.note(.integrationResponse, "integration response '\(response.key)': template '\(chosen.key)' failed to render: \(error.message)")
            return .failed
        }
    }

    private func render(_ template: VelocityTemplate, body: String, event: WebSocketEvent, input: Input) -> Result<String, VelocityError> {
        let environment = VelocityEnvironment.apiGateway(
            body: body, pathParameters: [],
            queryParameters: input.upgrade?.query.map { ($0.name, $0.value) } ?? [],
            headers: input.upgrade?.headers.map { ($0.name, $0.value) } ?? [],
            context: event.templateContext, stageVariables: event.stageVariables.map { ($0.name, $0.value) })
        do {
            return .success(try template.render(environment).output)
        } catch {
            return .failure(error)
        }
    }

    private func selectionSource(body: String, event: WebSocketEvent) -> SelectionSource {
        SelectionSource(body: body) { name in
            if let name = name.dropPrefix("context.") { return event.contextValue(name) }
            if let name = name.dropPrefix("stageVariables.") { return event.stageVariables.first { $0.name == name }?.value }
            return nil
        }
    }

    // MARK: Lambda

    private func lambdaProxy(event: WebSocketEvent, input: Input, run: inout WebSocketRun) async -> Outcome {
        let payload: JSONText
        switch event.eventType {
        case .connect: payload = WebSocketLambdaEvents.connect(event: event, upgrade: input.upgrade ?? WebSocketUpgrade(headers: [], rawQuery: nil))
        case .message: payload = WebSocketLambdaEvents.message(event: event, frame: input.frame ?? .text(input.body))
        case .disconnect: payload = WebSocketLambdaEvents.disconnect(event: event)
        }
        guard case .success(let output, let function) = await invoke(payload.compact, run: &run) else { return .failed }
        // What the function returns: `statusCode` and `body`, as for REST proxy integrations;
        // the body is what a two-way route sends the client (DG: apigateway-websocket-api-route-response).
        guard case .map(let object)? = try? JSONValueParser.parse(output) else {
            run.note(.integration, "Lambda '\(function)' returned \(Self.short(output)), not a JSON object: status 200, no body")
            return .answered(status: 200, body: nil)
        }
        let status = Self.int(object["statusCode"]) ?? 200
        var body: String?
        if case .string(let text)? = object["body"] { body = text }
        run.note(.integration, "Lambda '\(function)' answered \(status)" + (body.map { " with a \($0.utf8.count)-byte body" } ?? ", no body"))
        return .answered(status: status, body: body)
    }

    private func lambdaNonProxy(payload: String, run: inout WebSocketRun) async -> (status: Int, body: String, subject: String)? {
        switch await invoke(payload, run: &run) {
        case .success(let output, let function):
            run.note(.integration, "Lambda '\(function)' returned \(output.utf8.count) bytes")
            return (200, output, "")
        case .functionError(let output, let message, let function):
            run.note(.integration, "Lambda '\(function)' raised an error: \(message ?? "")")
            return (200, output, message ?? "")
        case .failed:
            return nil
        }
    }

    private enum Invocation {
        case success(String, function: String)
        case functionError(String, message: String?, function: String)
        case failed
    }

    private func invoke(_ payload: String, run: inout WebSocketRun) async -> Invocation {
        let integration = prepared.integration
        guard let function = integration.functionName else {
            run.note(.integration, "the integration names no Lambda function (\(integration.integrationUri ?? "no integrationUri"))")
            return .failed
        }
        guard let functions = environment.services.functions else {
            run.note(.integration, "Lambda '\(function)' cannot run: no Lambda runtime is attached to this gateway")
            return .failed
        }
        run.functionEvents.append((function, payload))
        let invocation = await functions.invoke(function: function, payload: Array(payload.utf8), timeout: .milliseconds(integration.timeoutInMillis))
        run.logs += invocation.logs
        switch invocation.outcome {
        case .success(let bytes):
            return .success(String(decoding: bytes, as: UTF8.self), function: function)
        case .functionError(let type, let bytes):
            let output = String(decoding: bytes, as: UTF8.self)
            let message = LambdaError.message(in: output)
            if integration.integrationType == .aws { return .functionError(output, message: message, function: function) }
            run.logs.append("Lambda execution failed with status 200 due to customer function error: \(message ?? "")")
            run.note(.integration, "Lambda '\(function)' raised \(type ?? "an error"): \(message ?? "")")
        case .timeout:
            run.logs.append("Execution failed due to a timeout error")
            run.note(.integration, "Lambda '\(function)' did not answer within \(integration.timeoutInMillis) ms")
        case .crashed(let reason):
            run.note(.integration, "Lambda '\(function)' failed: \(reason)")
        case .unknownFunction:
            run.logs.append(LambdaIntegration.cannotInvokeLog)
            run.note(.integration, "Lambda function '\(function)' is not declared under 'functions' in portico.yml")
        }
        return .failed
    }

    // MARK: HTTP

    private func http(body: String, proxy: Bool, run: inout WebSocketRun) async -> Outcome {
        let integration = prepared.integration
        guard let url = integration.integrationUri, url.hasPrefix("http://") || url.hasPrefix("https://") else {
            run.note(.integration, "\(integration.integrationType.rawValue): the integrationUri is not an http(s) URL: \(integration.integrationUri ?? "none")")
            return .failed
        }
        guard let transport = environment.services.http else {
            run.note(.integration, "\(integration.integrationType.rawValue) integrations cannot run: no HTTP client is attached to this gateway")
            return .failed
        }
        let method = (integration.integrationMethod ?? "POST").uppercased()
        var headers: [HTTPHeader] = []
        if !body.isEmpty { headers.append(HTTPHeader("Content-Type", "application/json")) }
        let request = OutboundHTTPRequest(method: method, url: url, headers: headers, body: Array(body.utf8))
        switch await transport.send(request, timeout: .milliseconds(integration.timeoutInMillis)) {
        case .timeout:
            run.logs.append("Execution failed due to a timeout error")
            run.note(.integration, "\(method) \(url) did not answer within \(integration.timeoutInMillis) ms")
            return .failed
        case .failed(let reason):
            run.note(.integration, "\(method) \(url) could not be reached: \(reason)")
            return .failed
        case .response(let status, _, let bytes):
            let text = String(decoding: bytes, as: UTF8.self)
            run.note(.integration, "\(method) \(url) answered \(status) with \(bytes.count) bytes" + (proxy ? " (proxy: passed through)" : ""))
            return .answered(status: status, body: text.isEmpty ? nil : text)
        }
    }

    // MARK: Helpers

    static func int(_ value: VelocityValue?) -> Int? {
        switch value {
        case .int(let number)?: number
        case .double(let number)?: Int(number)
        case .string(let text)?: Int(text)
        default: nil
        }
    }

    static func short(_ text: String) -> String {
        text.count > 80 ? String(text.prefix(80)) + "…" : text
    }
}

extension String {
    /// The rest after `prefix`, or the whole text when it does not start with it.
    fileprivate func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
