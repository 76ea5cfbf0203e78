import Foundation
import PorticoModel

/// Integration response: picks the response whose `selectionPattern` (a Java regular
/// expression matched against the whole status, or the Lambda error message) fits, else the
/// default; maps headers and renders the response template chosen by `Accept`.
///
/// DG: handle-errors-in-lambda-integration, API: IntegrationResponse; no match and no default
/// is a configuration error, 500 Internal server error (DG: supported-gateway-response-types).
final class IntegrationResponseStage: PipelineStage {
    let name = StageName.integrationResponse

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        guard let result = exchange.integrationResult, let integration = exchange.route?.method.integration else {
            return .fail(.internalServerError, "no integration result")
        }
        let subject = result.selectionSubject
        let selection = IntegrationResponseSelector.select(integration.responses, for: subject, patterns: environment.selectionPatterns)
        for pattern in selection.timedOut {
            exchange.logs.append("Selection pattern '\(pattern)' took longer than \(BoundedRegexMatch.timeLimit) to match the integration's answer (catastrophic backtracking?); treated as no match")
        }
        guard let selected = selection.response else {
            exchange.logs.append("Execution failed due to configuration error: No match for output mapping and no default output mapping configured. Endpoint Response Status Code: \(result.status)")
            return .fail(.internalServerError, "no integration response matches '\(subject)' and there is no default")
        }
        guard let status = selected.status else {
            return .fail(.internalServerError, "integration response status '\(selected.model.statusCode)' is not a number")
        }

        var response = GatewayResponse(status: status)
        // Headers from the integration's response, a stage or context variable or a literal
        // (DG: request-response-data-mappings).
        for mapping in selected.model.responseParameters {
            guard case .methodResponseHeader(let header) = mapping.target else { continue }
            if let value = RequestParameterMapping.value(of: mapping.source, exchange: exchange, result: result) {
                response.headers.set(header, value)
            }
        }

        guard case .success(let payload) = ContentConversion.methodResponse(for: exchange, result: result, handling: selected.model.contentHandling) else {
            exchange.logs.append(ContentConversion.responseFailureLog)
            return .fail(.internalServerError, "the integration response body is not base64, so it cannot be converted to binary")
        }
        let accept = exchange.request.headers.value(for: "Accept")
        // What the trace says about the body: binary passed through, a template applied, or neither.
        var binary = false
        var appliedTemplate: String?
        if payload.isBase64Encoded {
            // Mapping templates apply to text; binary data passes through (DG: api-gateway-payload-encodings-workflow).
            response.body = payload.body
            response.isBase64Encoded = true
            binary = true
        } else if let template = ResponseTemplateChooser.choose(selected.templates, accept: accept) {
            switch TemplateRenderer.render(template.template, exchange: exchange, body: payload.body) {
            case .success(let rendering):
                response.body = rendering.output
                if let override = rendering.overrides.responseStatus { exchange.responseStatusOverride = override }
                for (name, value) in rendering.overrides.responseHeaders.sorted(by: { $0.key < $1.key }) {
                    exchange.responseHeaderOverrides.set(name, value)
                }
            case .failure(let failure):
                exchange.logs.append("Execution failed due to configuration error: \(describe(failure))")
                return .fail(.internalServerError, "the \(template.contentType) response template failed: \(describe(failure))")
            }
            if response.headers.value(for: "Content-Type") == nil {
                response.headers.set("Content-Type", template.contentType)
            }
            appliedTemplate = template.contentType
        } else {
            response.body = payload.body
        }
        if let override = exchange.responseStatusOverride { response.status = override }
        for header in exchange.responseHeaderOverrides { response.headers.set(header.name, header.value) }
        exchange.response = response
        let answered = response.status, isDefault = selected.isDefault, selectionPattern = selected.selectionPattern
        return .answer(TraceDetail { [binary, appliedTemplate] in
            let pattern = isDefault ? "the default response" : "pattern '\(selectionPattern)'"
            let why = binary ? "binary body passed through"
                : appliedTemplate.map { "applied the \($0) response template" } ?? "no response template; body passed through"
            return "'\(subject)' selected \(pattern) → \(answered); \(why)"
        })
    }
}

enum IntegrationResponseSelector {
    /// The first non-default response whose pattern matches the whole subject, else the default.
    /// Patterns whose match ran out of time are skipped and named in `timedOut`.
    static func select(_ responses: [PreparedResponse], for subject: String,
                       patterns: SelectionPatterns = SelectionPatterns()) -> (response: PreparedResponse?, timedOut: [String]) {
        var timedOut: [String] = []
        for response in responses where !response.isDefault {
            switch patterns.match(response.selectionPattern, subject) {
            case .matched: return (response, timedOut)
            case .unmatched: continue
            case .timedOut: timedOut.append(response.selectionPattern)
            }
        }
        return (responses.first(where: \.isDefault), timedOut)
    }
}

/// Selection patterns compiled once per gateway; a pattern that does not compile never matches
/// (the loader reports it). Java's `matches` is a whole-string match, hence the anchors.
/// The subject is what the integration answered (a Lambda function's `errorMessage` may echo
/// the caller's input), so each match is bounded in time (``BoundedRegexMatch``).
public struct SelectionPatterns: @unchecked Sendable {
    // NSRegularExpression is immutable once made and safe to share across threads.
    private var compiled: [String: NSRegularExpression] = [:]

    public init(patterns: [String] = []) {
        for pattern in patterns where compiled[pattern] == nil {
            compiled[pattern] = Self.compile(pattern)
        }
    }

    static func compile(_ pattern: String) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: "^(?:\(pattern))$", options: [.dotMatchesLineSeparators])
    }

    func regex(for pattern: String) -> NSRegularExpression? {
        compiled[pattern] ?? Self.compile(pattern)
    }

    /// Whether `pattern` matches the whole of `subject`.
    func match(_ pattern: String, _ subject: String, limit: Duration = BoundedRegexMatch.timeLimit) -> BoundedRegexMatch {
        guard let regex = regex(for: pattern) else { return .unmatched }
        return BoundedRegexMatch.first(regex, in: subject, limit: limit)
    }
}

/// A template under its content type, prepared or as written.
protocol ContentTyped {
    var contentType: String { get }
}

extension MappingTemplate: ContentTyped {}
extension PreparedMapping: ContentTyped {}

enum ResponseTemplateChooser {
    /// By the client's `Accept` (first listed type that has a template), else application/json,
    /// else the first template (DG: request-response-data-mappings).
    static func choose<Template: ContentTyped>(_ templates: [Template], accept: String?) -> Template? {
        guard templates.count > 1 else { return templates.first }
        if let accept {
            for part in accept.split(separator: ",") {
                guard let type = MediaType.essence(part) else { continue }
                if let match = templates.first(where: { $0.contentType.equalsIgnoringASCIICase(type) }) { return match }
            }
        }
        return templates.first { $0.contentType.equalsIgnoringASCIICase("application/json") } ?? templates.first
    }
}
