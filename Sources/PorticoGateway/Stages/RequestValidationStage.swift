import PorticoModel

/// Method request validation: the request validator the method names
/// (`x-amazon-apigateway-request-validator`, else the API's default) checks that required
/// path, query string and header parameters are present and not blank, then that the body
/// matches the model for its Content-Type (DG: api-gateway-method-request-validation).
///
/// Parameters are checked first: a request failing both answers BAD_REQUEST_PARAMETERS.
/// Missing names are listed headers, then path, then query string, each sorted, as AWS
/// orders `method.request.*` keys. Both as recorded against AWS: LocalStack
/// tests/aws/services/apigateway/test_apigateway_common.snapshot.json,
/// test_api_gateway_request_validator › missing-all-required-request-params-post. A request without
/// Content-Type is validated as application/json; a Content-Type with no model (and no
/// `$default` model) is not validated at all, as the guide says.
final class RequestValidationStage: PipelineStage {
    let name = StageName.validation

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        // Fields are read through the routed method: binding its operation would copy all of them.
        guard let method = exchange.route?.method else { return .skip("no method matched") }
        guard let validatorName = method.operation.requestValidatorName else { return .skip("no request validator") }
        let api = exchange.api.definition
        guard let validator = api.requestValidator(named: validatorName) else {
            return .skip("request validator '\(validatorName)' is not declared")
        }
        guard validator.validateRequestParameters || validator.validateRequestBody else {
            return .skip("request validator '\(validatorName)' validates neither parameters nor body")
        }

        var checked: [String] = []
        if validator.validateRequestParameters {
            let required = method.operation.parameters
                .filter { $0.required && $0.location != .cookie }
                .sorted { $0.mappingExpression < $1.mappingExpression }
            let missing = required.filter { parameter in
                let value = parameter.mappingSource.flatMap { RequestParameterMapping.value(of: $0, exchange: exchange) }
                return value.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } ?? true
            }
            if !missing.isEmpty {
                return .fail(.badRequestParameters(missing.map(\.name)),
                             "validator '\(validatorName)': required parameters missing or blank: \(Self.describe(missing))")
            }
            checked.append(required.isEmpty ? "no required parameters" : "required parameters present: \(Self.describe(required))")
        }
        if validator.validateRequestBody {
            switch BodyModelCheck(exchange: exchange) {
            case .noModel(let contentType):
                checked.append("no model for \(contentType), body not validated")
            case .valid(let contentType, let model):
                checked.append("\(contentType) body matches \(model)")
            case .notJSON(let contentType, let model, let problem):
                return .fail(.badRequestBody(["Unknown error parsing request body"]),
                             "validator '\(validatorName)': the \(contentType) body is not JSON (\(problem)), so it cannot match \(model)")
            case .invalid(let contentType, let model, let errors):
                return .fail(.badRequestBody(errors),
                             "validator '\(validatorName)': the \(contentType) body does not match \(model): [\(errors.joined(separator: ", "))]")
            }
        }
        return .proceed(TraceDetail(text: "validator '\(validatorName)': " + checked.joined(separator: "; ")))
    }

    /// `header x-id, querystring limit`
    static func describe(_ parameters: [RequestParameter]) -> String {
        parameters.map { parameter in
            let place = switch parameter.location {
            case .query: "querystring"
            case .path: "path"
            case .header: "header"
            case .cookie: "cookie"
            }
            return "\(place) \(parameter.name)"
        }.joined(separator: ", ")
    }
}

/// The body against the model its Content-Type selects.
enum BodyModelCheck {
    case noModel(contentType: String)
    case valid(contentType: String, model: String)
    case notJSON(contentType: String, model: String, problem: String)
    case invalid(contentType: String, model: String, errors: [String])

    init(exchange: Exchange) {
        let api = exchange.api.definition
        let contentType = MediaType.essence(exchange.request.headers.value(for: "Content-Type")) ?? "application/json"
        let contents = exchange.route?.method.operation.requestBody?.content ?? []
        guard let content = contents.first(where: { MediaType.essence($0.contentType) == contentType })
                ?? contents.first(where: { $0.contentType == "$default" }),
              let written = content.schema
        else {
            self = .noModel(contentType: contentType)
            return
        }
        let model = content.modelName.flatMap(api.model(named:))
        let described = model.map { "model \($0.name)" } ?? "the inline schema"
        switch JSONInstance.parse(exchange.payload.body) {
        case .failure(let problem):
            self = .notJSON(contentType: contentType, model: described, problem: problem.description)
        case .success(let instance):
            let errors = JSONSchemaValidator(models: api.models)
                .validate(instance, against: model?.schema ?? written, modelName: model?.name ?? "")
            self = errors.isEmpty ? .valid(contentType: contentType, model: described)
                                  : .invalid(contentType: contentType, model: described, errors: errors)
        }
    }
}

extension GatewayError {
    /// `Missing required request parameters: [x-header-param, issuer, qs1]` (recorded AWS response:
    /// LocalStack tests/aws/services/apigateway/test_apigateway_common.snapshot.json,
    /// test_api_gateway_request_validator).
    static func badRequestParameters(_ names: [String]) -> GatewayError {
        var error = GatewayError(.badRequestParameters, message: "Missing required request parameters: [\(names.joined(separator: ", "))]",
                                 errorType: "BadRequestException")
        error.validationErrorString = jsonEscaped(error.messageText)
        return error
    }

    /// `Invalid request body` (recorded AWS response: test_api_gateway_request_validator, as
    /// above), with the validator's messages as a Java
    /// list (`[first, second]`) in `$context.error.validationErrorString`, JSON-escaped but not
    /// quoted, so a template writes it inside quotes.
    static func badRequestBody(_ errors: [String]) -> GatewayError {
        var error = GatewayError(.badRequestBody, message: "Invalid request body", errorType: "BadRequestException")
        error.validationErrorString = jsonEscaped("[" + errors.joined(separator: ", ") + "]")
        return error
    }
}

/// Text escaped as inside a JSON string, without the quotes.
func jsonEscaped(_ text: String) -> String {
    String(jsonQuoted(text).dropFirst().dropLast())
}
