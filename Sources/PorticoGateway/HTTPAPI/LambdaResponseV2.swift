import Velocity

/// Reads what a function returned to an HTTP API with payload format 2.0 (DG:
/// http-api-develop-integrations-lambda, "Lambda function response for format 2.0"):
///
/// - JSON with a `statusCode` is a response: `statusCode`, `headers`, `cookies` (each its own
///   `set-cookie` header), `body`, `isBase64Encoded`;
/// - any other valid JSON is a body API Gateway infers a response around: status 200,
///   `content-type: application/json`, `isBase64Encoded` false, and the output itself as the
///   body, a JSON string without its quotes (`"Hello from Lambda!"` → `Hello from Lambda!`),
///   anything else as written (`{"message": "Hello from Lambda!"}`).
enum LambdaResponseV2 {
    /// The response and whether it was inferred, or why the output is not one (the gateway
    /// then answers 500).
    static func parse(_ output: String) -> Result<(response: GatewayResponse, inferred: Bool), LambdaProxyResponse.Malformed> {
        guard let value = try? JSONValueParser.parse(output) else {
            return .failure(.init("the output is not JSON"))
        }
        guard case .map(let object) = value, let code = object["statusCode"] else {
            var body = output
            if case .string(let text) = value { body = text }
            return .success((GatewayResponse(status: 200, headers: [HTTPHeader("Content-Type", "application/json")], body: body), true))
        }
        let status: Int
        switch code {
        case .int(let number): status = number
        case .string(let text):
            guard let number = Int(text) else { return .failure(.init("statusCode '\(text)' is not a number")) }
            status = number
        default: return .failure(.init("statusCode is not a number"))
        }
        guard (100...599).contains(status) else { return .failure(.init("statusCode \(status) is not an HTTP status")) }
        var response = GatewayResponse(status: status)
        if let headers = object["headers"], headers != .null {
            guard case .map(let entries) = headers else { return .failure(.init("headers is not an object")) }
            for (name, value) in entries.entries {
                guard let text = LambdaProxyResponse.headerText(value) else { return .failure(.init("header '\(name)' is not a scalar")) }
                response.headers.append(HTTPHeader(name, text))
            }
        }
        if let cookies = object["cookies"], cookies != .null {
            switch cookies {
            case .list(let items), .jsonList(let items):
                for item in items {
                    guard case .string(let cookie) = item else { return .failure(.init("a cookie is not a string")) }
                    response.headers.append(HTTPHeader("set-cookie", cookie))
                }
            default: return .failure(.init("cookies is not a list"))
            }
        }
        switch object["body"] {
        case nil, .null?: response.body = ""
        case .string(let text)?: response.body = text
        default: return .failure(.init("body is not a string"))
        }
        if case .bool(let flag)? = object["isBase64Encoded"] { response.isBase64Encoded = flag }
        return .success((response, false))
    }
}
