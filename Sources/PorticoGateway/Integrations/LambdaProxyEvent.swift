/// The event a Lambda proxy integration (AWS_PROXY) receives from a REST API: payload format
/// 1.0 (DG: set-up-lambda-proxy-integrations; field names and nulls as recorded against AWS in
/// LocalStack tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
/// test_lambda_aws_proxy_integration).
public enum LambdaProxyEvent {
    public static func make(for exchange: Exchange) -> JSONText {
        // A body whose Content-Type is a binary media type arrives base64-encoded (DG:
        // api-gateway-payload-encodings; set-up-lambda-proxy-integrations).
        let payload = exchange.payload
        return .object(requestFields(of: exchange) + [
            ("body", payload.body.isEmpty ? .null : .string(payload.body)),
            ("isBase64Encoded", .bool(payload.isBase64Encoded)),
        ])
    }

    /// The fields from `resource` to `requestContext`: what a REQUEST Lambda authorizer's event
    /// shares with the proxy event (DG: api-gateway-lambda-authorizer-input).
    static func requestFields(of exchange: Exchange) -> [(String, JSONText)] {
        let request = exchange.request
        let route = exchange.route

        // headers keeps the last value of a repeated header; multiValueHeaders keeps all, in order.
        var headerOrder: [String] = []
        var headerValues: [String: [String]] = [:]
        for header in exchange.forwardedHeaders {
            if headerValues[header.name] == nil { headerOrder.append(header.name) }
            headerValues[header.name, default: []].append(header.value)
        }
        let headers: JSONText = headerOrder.isEmpty ? .null : .object(headerOrder.map { ($0, .string(headerValues[$0]!.last!)) })
        let multiHeaders: JSONText = headerOrder.isEmpty ? .null
            : .object(headerOrder.map { name in (name, .array(headerValues[name]!.map(JSONText.string))) })

        // queryStringParameters keeps the last value, multiValue… keeps all in order (recorded AWS
        // response: test_lambda_aws_proxy_integration › invocation-payload-with-params-encoding-multi).
        var queryOrder: [String] = []
        var queryValues: [String: [String]] = [:]
        for parameter in exchange.queryParameters {
            if queryValues[parameter.name] == nil { queryOrder.append(parameter.name) }
            queryValues[parameter.name, default: []].append(parameter.value)
        }
        let query: JSONText = queryOrder.isEmpty ? .null : .object(queryOrder.map { ($0, .string(queryValues[$0]!.last!)) })
        let multiQuery: JSONText = queryOrder.isEmpty ? .null
            : .object(queryOrder.map { name in (name, .array(queryValues[name]!.map(JSONText.string))) })

        let stageVariables = exchange.deployed.stageVariables.map { ($0.name, $0.value) }
        return [
            ("resource", .string(route?.method.operation.path ?? exchange.context.resourcePath)),
            // The path keeps a trailing slash (recorded AWS response: test_lambda_aws_proxy_integration ›
            // invocation-payload-with-trailing-slash) and loses a run of leading slashes
            // (GatewayRequest.routedPath); it is the path without the stage, or through a
            // custom domain the path as sent, base path included (localstack issue #12295 and
            // PR #12296, verified against AWS).
            ("path", .string(exchange.endpoint.customDomainPath ?? request.routedPath)),
            ("httpMethod", .string(exchange.context.httpMethod)),
            ("headers", headers),
            ("multiValueHeaders", multiHeaders),
            ("queryStringParameters", query),
            ("multiValueQueryStringParameters", multiQuery),
            ("pathParameters", JSONText.objectOrNull(route?.pathParameters.map { ($0.name, $0.value) } ?? [])),
            ("stageVariables", JSONText.objectOrNull(stageVariables)),
            ("requestContext", requestContext(exchange)),
        ]
    }

    /// The event's `requestContext`: the entries of ``ContextTable`` for the Lambda event.
    static func requestContext(_ exchange: Exchange) -> JSONText {
        .object(ContextTable.fields(for: .lambdaEvent, exchange: exchange).map { ($0.0, json($0.1)) })
    }

    /// A `$context` value as the event's JSON.
    static func json(_ value: ContextValue) -> JSONText {
        switch value {
        case .null: .null
        case .string(let text): .string(text)
        case .int(let number): .int(number)
        case .bool(let flag): .bool(flag)
        case .map(let pairs): .object(pairs.map { ($0.0, json($0.1)) })
        }
    }
}
