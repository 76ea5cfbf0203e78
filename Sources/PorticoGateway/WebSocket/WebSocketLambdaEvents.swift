/// The upgrade request that opens a connection: what `$connect` and its authorizer see.
public struct WebSocketUpgrade: Sendable {
    public var headers: [HTTPHeader]
    public var query: [(name: String, value: String)]
    public var sourceIp: String

    public init(headers: [HTTPHeader], rawQuery: String?, sourceIp: String = "127.0.0.1") {
        self.headers = headers
        query = QueryString.parse(rawQuery)
        self.sourceIp = sourceIp
    }
}

/// The events WebSocket APIs send Lambda functions, keys in AWS's order (see
/// ``WebSocketEvent/requestContext`` for where each shape comes from).
enum WebSocketLambdaEvents {
    /// The headers API Gateway adds to an upgrade request before a `$connect` integration or
    /// authorizer sees it, as the DG's example authorizer input and a `$connect` event
    /// recorded from AWS show them (gist noid11 4aa8933d: `X-Amzn-Trace-Id`, `X-Forwarded-For`,
    /// `X-Forwarded-Port: 443`, `X-Forwarded-Proto: https`). Both list header names in
    /// case-insensitive alphabetical order, which the events here follow.
    static func connectHeaders(_ upgrade: WebSocketUpgrade, traceId: String) -> [HTTPHeader] {
        var headers = upgrade.headers
        let added = [("X-Amzn-Trace-Id", traceId), ("X-Forwarded-For", upgrade.sourceIp), ("X-Forwarded-Port", "443"), ("X-Forwarded-Proto", "https")]
        for (name, value) in added where headers.value(for: name) == nil { headers.append(HTTPHeader(name, value)) }
        return headers.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element.name.lowercased(), rhs.element.name.lowercased())
            return a == b ? lhs.offset < rhs.offset : a < b
        }.map(\.element)
    }

    /// `headers` (last value of each name) and `multiValueHeaders` (all, in order).
    static func headerFields(_ headers: [HTTPHeader]) -> [(String, JSONText)] {
        fields(headers.map { (name: $0.name, value: $0.value) }, single: "headers", multi: "multiValueHeaders")
    }

    static func queryFields(_ query: [(name: String, value: String)]) -> [(String, JSONText)] {
        query.isEmpty ? [] : fields(query, single: "queryStringParameters", multi: "multiValueQueryStringParameters")
    }

    private static func fields(_ pairs: [(name: String, value: String)], single: String, multi: String) -> [(String, JSONText)] {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for pair in pairs {
            if values[pair.name] == nil { order.append(pair.name) }
            values[pair.name, default: []].append(pair.value)
        }
        return [(single, .object(order.map { ($0, .string(values[$0]!.last!)) })),
                (multi, .object(order.map { name in (name, .array(values[name]!.map(JSONText.string))) }))]
    }

    /// The REQUEST authorizer's input on `$connect` (DG: apigateway-websocket-api-lambda-auth,
    /// the example input: `type`, `methodArn`, `headers`, `multiValueHeaders`,
    /// `queryStringParameters`, `multiValueQueryStringParameters`, `stageVariables`,
    /// `requestContext`).
    static func authorizer(event: WebSocketEvent, upgrade: WebSocketUpgrade, methodArn: String) -> JSONText {
        var pairs: [(String, JSONText)] = [("type", .string("REQUEST")), ("methodArn", .string(methodArn))]
        pairs += headerFields(connectHeaders(upgrade, traceId: event.traceId))
        pairs += queryFields(upgrade.query)
        pairs.append(("stageVariables", .object(event.stageVariables.map { ($0.name, .string($0.value)) })))
        pairs.append(("requestContext", event.requestContext))
        return .object(pairs)
    }

    /// A `$connect` route's Lambda proxy event: the upgrade's headers and query string, the
    /// request context, `isBase64Encoded: false` (an event recorded from AWS: gist noid11
    /// 4aa8933d; DG: apigateway-websocket-api-route-keys-connect-disconnect reads
    /// `event.queryStringParameters` on $connect).
    static func connect(event: WebSocketEvent, upgrade: WebSocketUpgrade) -> JSONText {
        var pairs = headerFields(connectHeaders(upgrade, traceId: event.traceId))
        pairs += queryFields(upgrade.query)
        pairs += [("requestContext", event.requestContext), ("isBase64Encoded", .bool(false))]
        return .object(pairs)
    }

    /// A message route's Lambda proxy event: `requestContext`, `body`, `isBase64Encoded`
    /// (aws-lambda-rust-runtime's fixture example-apigw-websocket-request.json; a binary frame
    /// arrives base64-encoded).
    static func message(event: WebSocketEvent, frame: WebSocketFrame) -> JSONText {
        let body: (String, Bool)
        switch frame {
        case .text(let text): body = (text, false)
        case .binary(let bytes): body = (Base64.encode(bytes), true)
        }
        return .object([("requestContext", event.requestContext), ("body", .string(body.0)), ("isBase64Encoded", .bool(body.1))])
    }

    /// The `$disconnect` route's Lambda proxy event: the headers API Gateway sets itself
    /// (`Host`, `x-api-key`, `X-Forwarded-For`, `x-restapi`, the last three empty), the request
    /// context with the close code and reason (aws-lambda-rust-runtime's fixture
    /// example-apigw-websocket-request-disconnect-route.json, PR 816).
    static func disconnect(event: WebSocketEvent) -> JSONText {
        let headers = [HTTPHeader("Host", event.domainName), HTTPHeader("x-api-key", ""), HTTPHeader("X-Forwarded-For", ""), HTTPHeader("x-restapi", "")]
        return .object(headerFields(headers) + [("requestContext", event.requestContext), ("isBase64Encoded", .bool(false))])
    }
}
