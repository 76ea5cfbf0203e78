import PorticoModel

/// The lines API Gateway writes for one request to the stage's execution log,
/// `API-Gateway-Execution-Logs_{apiId}/{stage}` (DG: set-up-logging), when the method's
/// settings ask for them (`loggingLevel`, `dataTraceEnabled` in `methodSettings`).
///
/// The wording and order are AWS's, as a test invocation prints them (LocalStack
/// tests/aws/services/apigateway/test_apigateway_basic.snapshot.json,
/// test_apigw_test_invoke_method_api, and test_apigateway_api.snapshot.json,
/// test_invoke_test_method, both recorded against AWS): "Starting execution for request",
/// "HTTP Method: GET, Resource Path: /pets", "Method request path: {}", "Method request query
/// string: {}", "Method request headers: {…}", "Method request body before transformations",
/// "Endpoint request URI", "Endpoint request headers", "Endpoint request body after
/// transformations", "Sending request to …", "Received response. Status: 200, Integration
/// latency: N ms", "Endpoint response headers", "Endpoint response body before
/// transformations", "Method response body after transformations", "Method response headers",
/// "Successfully completed execution", "Method completed with status: 200". In CloudWatch each
/// line starts with the request id in parentheses, as here.
///
/// Levels: `INFO` writes the lines above that name what happened; `dataTraceEnabled` adds the
/// ones that carry headers and bodies (the "full request and response data" of DG:
/// set-up-logging); `ERROR` writes only a failure's lines. Where AWS's wording for a step is not
/// recorded (a gateway response before the integration, a Lambda authorizer), Portico writes
/// the trace's decision in the same `(id) text` form rather than guess AWS's words.
public struct ExecutionLogging: Sendable, Equatable {
    public var level: LoggingLevel
    public var dataTrace: Bool

    /// What a method's settings on a stage ask for; nil when they ask for no execution log.
    init?(setting: MethodSetting?) {
        guard let setting, let level = setting.loggingLevel, level != .off else { return nil }
        self.level = level
        dataTrace = setting.dataTraceEnabled ?? false
    }
}

enum ExecutionLog {
    /// The request's lines, made when the answer is complete.
    static func lines(for exchange: Exchange, logging: ExecutionLogging) -> [String] {
        let prefix = "(" + exchange.context.requestId + ") "
        let failed = exchange.failure != nil || (exchange.response?.status ?? 500) >= 500
        if logging.level == .error && !failed { return [] }
        var lines: [String] = []
        func info(_ text: String) { if logging.level == .info { lines.append(prefix + text) } }
        func data(_ text: String) { if logging.level == .info && logging.dataTrace { lines.append(prefix + text) } }

        info("Extended Request Id: " + exchange.context.extendedRequestId)
        info("Starting execution for request: " + exchange.context.requestId)
        if let route = exchange.route {
            info("HTTP Method: \(exchange.context.httpMethod), Resource Path: \(route.operation.path)")
            data("Method request path: " + javaMap(route.pathParameters.map { ($0.name, $0.value) }))
            data("Method request query string: " + javaMap(exchange.queryParameters.map { ($0.name, $0.value) }))
            data("Method request headers: " + javaMap(exchange.request.headers.map { ($0.name, $0.value) }))
            data("Method request body before transformations: " + exchange.request.bodyAsSent.body)
        }
        if let request = exchange.integrationRequest, request.type != .mock {
            let uri = endpointURI(request.uri ?? "")
            info("Endpoint request URI: " + uri)
            data("Endpoint request headers: " + javaMap(request.headers.map { ($0.name, $0.value) }))
            data("Endpoint request body after transformations: " + request.body)
            info("Sending request to " + uri)
            if let result = exchange.integrationResult {
                let latency = exchange.integrationLatency.map { String($0.nanoseconds / 1_000_000) } ?? "0"
                info("Received response. Status: \(result.status), Integration latency: \(latency) ms")
                data("Endpoint response headers: " + javaMap(result.headers.map { ($0.name, $0.value) }))
                data("Endpoint response body before transformations: " + result.body)
            }
        }
        // What the gateway itself logged on the way (a MOCK template's configuration error, …).
        for line in exchange.logs where line.hasPrefix("Execution failed") { lines.append(prefix + line) }
        if let failure = exchange.failure {
            if !exchange.logs.contains(where: { $0.hasPrefix("Execution failed") }) {
                lines.append(prefix + "Gateway response type: \(failure.type.rawValue) with status code: \(failure.status)")
            }
        } else if let response = exchange.response {
            data("Method response body after transformations: " + response.body)
            // The method response's own headers: not the framing, the request ids, or what
            // CloudFront adds in front of an EDGE API after API Gateway has answered.
            let framing: Set<String> = ["date", "content-length", "x-amzn-requestid", "x-amz-apigw-id"]
            let cloudFront: Set<String> = exchange.deployed.isEdge ? EdgeResponseHeaders.names : []
            data("Method response headers: " + javaMap(response.headers.filter {
                let name = $0.name.lowercased()
                return !framing.contains(name) && !cloudFront.contains(name)
            }.map { ($0.name, $0.value) }))
            info("Successfully completed execution")
        }
        lines.append(prefix + "Method completed with status: \(exchange.response?.status ?? 500)")
        return lines
    }

    /// `{name=value, name=value}`, the way AWS's Java side prints a map in these logs.
    static func javaMap(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { $0.0 + "=" + $0.1 }.joined(separator: ", ") + "}"
    }

    /// The URL the integration request goes to: a Lambda function's invoke URL for a Lambda
    /// integration's `arn:aws:apigateway:{region}:lambda:path/…` URI, else the URI itself.
    static func endpointURI(_ uri: String) -> String {
        let parts = uri.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "apigateway" else { return uri }
        let service = parts[4], rest = parts[5]
        let path = rest.hasPrefix("path/") ? String(rest.dropFirst(4)) : "/" + rest
        return "https://\(service).\(parts[3]).amazonaws.com" + path
    }
}
