import PorticoModel
import Velocity

/// Integration request parameters (`integration.request.path|querystring|header.NAME`) from
/// their sources: `method.request.…` (a JSONPath into a JSON body included), `stageVariables.NAME`,
/// `context.NAME`, or a static `'value'` (DG: request-response-data-mappings). Both sides were parsed when the project
/// loaded (``ParameterMapping``); a request only looks the sources up.
struct RequestParameterMapping {
    var path: [String: String] = [:]
    var querystring: [(name: String, value: String)] = []
    var headers: [HTTPHeader] = []

    /// `mappings` come sorted by target, so of two targets differing only in case the last wins, as before.
    init(_ mappings: [ParameterMapping], exchange: Exchange) {
        for mapping in mappings {
            guard let value = Self.value(of: mapping.source, exchange: exchange) else { continue }
            switch mapping.target {
            case .integrationRequestPath(let name): path[name] = value
            case .integrationRequestQuery(let name): querystring.append((name, value))
            case .integrationRequestHeader(let name): headers.set(name, value)
            case .methodResponseHeader, .gatewayResponseHeader: continue   // the loader refuses these in requestParameters
            }
        }
    }

    /// The value `source` gives for this request, or nil when it gives none (a parameter the
    /// client did not send, an undefined stage variable). `result` is the integration's answer,
    /// which only response mappings read. Multi-value sources join their values with commas.
    static func value(of source: MappingSource, exchange: Exchange, result: IntegrationResult? = nil) -> String? {
        switch source {
        case .literal(let text):
            return text
        case .methodRequestPath(let name):
            return exchange.route?.pathParameters.first { $0.name == name }?.value
        case .methodRequestQuery(let name):
            return exchange.queryParameters.last { $0.name == name }?.value
        case .methodRequestMultiValueQuery(let name):
            let values = exchange.queryParameters.filter { $0.name == name }.map(\.value)
            return values.isEmpty ? nil : values.joined(separator: ",")
        case .methodRequestHeader(let name):
            return exchange.receivedHeaders.value(for: name)
        case .methodRequestMultiValueHeader(let name):
            let values = exchange.receivedHeaders.filter { $0.hasName(name) }.map(\.value)
            return values.isEmpty ? nil : values.joined(separator: ",")
        case .methodRequestBody:
            return exchange.payload.body
        case .stageVariable(let name):
            return exchange.stage.variables[name]
        case .context(let path):
            return ContextTable.text(at: path, surface: .mapping, exchange: exchange)
        case .integrationResponseHeader(let name):
            return result?.headers.value(for: name)
        case .integrationResponseMultiValueHeader(let name):
            let values = result?.headers.filter { $0.hasName(name) }.map(\.value) ?? []
            return values.isEmpty ? nil : values.joined(separator: ",")
        case .integrationResponseBody:
            return result?.body
        case .methodRequestBodyJSONPath(let path):
            return JSONBodyPath.select(path, in: exchange.payload.body).map(JSONBodyPath.text)
        case .integrationResponseBodyJSONPath(let path):
            // A body that is not JSON, or a path that selects nothing, sets nothing. A Lambda
            // function error's body is its error JSON, and API Gateway deserializes the JSON
            // string a custom error puts in `errorMessage` for these header mappings
            // (DG: handle-errors-in-lambda-integration: `integration.response.body.errorMessage.errorType`).
            guard let result else { return nil }
            return JSONBodyPath.select(path, in: result.body, decodingStrings: result.isLambdaFunctionError).map(JSONBodyPath.text)
        }
    }
}
