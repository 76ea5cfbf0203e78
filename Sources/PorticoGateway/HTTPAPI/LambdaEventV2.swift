/// The event an HTTP API's Lambda proxy integration sends with payload format 2.0 (DG:
/// http-api-develop-integrations-lambda, "Payload format version"): header names lower-cased,
/// repeated headers and query parameters joined by commas (no `multiValue…` fields), every
/// `Cookie` header split into the `cookies` array, `rawPath` and `rawQueryString` as sent,
/// `routeKey`, and `requestContext.http`. Fields without a value (`cookies`,
/// `queryStringParameters`, `pathParameters`, `stageVariables`, `body`) are left out, as in the
/// guide's examples of events without them.
enum LambdaEventV2 {
    static func make(for exchange: Exchange) -> JSONText {
        .object([("version", .string("2.0"))] + fields(of: exchange, withBody: true))
    }

    /// The event's fields after `version`, in the guide's order. A Lambda authorizer's 2.0
    /// event (``LambdaAuthorizerEvent/httpV2(_:routeArn:identitySource:)``) carries the same
    /// ones without `body` and `isBase64Encoded` (DG: http-api-lambda-authorizer): one
    /// builder writes both, so the two never drift apart.
    static func fields(of exchange: Exchange, withBody: Bool) -> [(String, JSONText)] {
        let request = exchange.request
        let routeKey = exchange.route?.operation.routeKey ?? "$default"
        var fields: [(String, JSONText)] = [
            ("routeKey", .string(routeKey)),
            ("rawPath", .string(exchange.context.path)),
            ("rawQueryString", .string(request.rawQuery ?? "")),
        ]
        let (cookies, headers) = headerFields(exchange.forwardedHeaders)
        if !cookies.isEmpty { fields.append(("cookies", .array(cookies.map(JSONText.string)))) }
        fields.append(("headers", .object(headers.map { ($0.name, .string($0.value)) })))
        let query = joined(exchange.queryParameters)
        if !query.isEmpty { fields.append(("queryStringParameters", .object(query.map { ($0.name, .string($0.value)) }))) }
        fields.append(("requestContext", requestContext(exchange, routeKey: routeKey)))
        let payload = withBody ? bodyPayload(exchange) : (body: "", isBase64Encoded: false)
        if !payload.body.isEmpty { fields.append(("body", .string(payload.body))) }
        if let parameters = exchange.route?.pathParameters, !parameters.isEmpty {
            fields.append(("pathParameters", .object(parameters.map { ($0.name, .string($0.value)) })))
        }
        if withBody { fields.append(("isBase64Encoded", .bool(payload.isBase64Encoded))) }
        let variables = exchange.deployed.stageVariables
        if !variables.isEmpty { fields.append(("stageVariables", .object(variables.map { ($0.name, .string($0.value)) }))) }
        return fields
    }

    /// `requestContext` of the 2.0 event: `authorizer` only when an authorizer admitted the
    /// caller (``authorizer(of:)``), `authentication` only with mutual TLS (not simulated:
    /// absent).
    static func requestContext(_ exchange: Exchange, routeKey: String) -> JSONText {
        let context = exchange.context
        var http: [(String, JSONText)] = [
            ("method", .string(context.httpMethod)),
            ("path", .string(context.path)),
            ("protocol", .string(context.protocol)),
            ("sourceIp", .string(context.sourceIp)),
        ]
        http.append(("userAgent", .string(context.userAgent ?? "")))
        var fields: [(String, JSONText)] = [
            ("accountId", .string(context.accountId)),
            ("apiId", .string(context.apiId)),
        ]
        if let caller = exchange.caller, let authorizer = authorizer(of: caller) {
            fields.append(("authorizer", authorizer))
        }
        return .object(fields + [
            ("domainName", .string(context.domainName)),
            ("domainPrefix", .string(context.domainPrefix)),
            ("http", .object(http)),
            ("requestId", .string(context.requestId)),
            ("routeKey", .string(routeKey)),
            ("stage", .string(context.stage)),
            ("time", .string(context.requestTime)),
            ("timeEpoch", .int(context.requestTimeEpoch)),
        ])
    }

    /// What the authorizer that admitted `caller` hands the integration:
    ///
    /// - JWT: `{"jwt": {"claims": {…}, "scopes": […] or null}}` (DG: http-api-develop-integrations-lambda);
    /// - Lambda: `{"lambda": {…}}`, the `context` the function returned, as it returned it
    ///   (DG: http-api-lambda-authorizer: "You can pass context properties to Lambda
    ///   integrations"; the `lambda` key and its content as a captured event shows them,
    ///   `"authorizer":{"lambda":{"abc1":"xyz1"}}`, and as the AWS Lambda Go and Java event
    ///   libraries model it);
    /// - IAM: `{"iam": {accessKey, accountId, callerId, cognitoIdentity, principalOrgId,
    ///   userArn, userId}}` (the shape of AWS Lambda Powertools' recorded test event
    ///   apiGatewayProxyV2IamEvent.json): for an IAM user, `callerId` and `userId` are its
    ///   unique id, as `$context.identity.caller` and `.user` are on REST APIs, and the
    ///   Cognito identity and organization are null.
    static func authorizer(of caller: AuthorizedCaller) -> JSONText? {
        if let claims = caller.claims {
            let scopes: JSONText = caller.scopes.map { .array($0.map(JSONText.string)) } ?? .null
            return .object([("jwt", .object([
                ("claims", .object(claims.map { ($0.key, LambdaProxyEvent.json($0.value)) })),
                ("scopes", scopes),
            ]))])
        }
        if let context = caller.lambdaContext {
            return .object([("lambda", context)])
        }
        if let accessKey = caller.identity["accessKey"] {
            func text(_ key: String) -> JSONText { caller.identity[key].map(JSONText.string) ?? .null }
            return .object([("iam", .object([
                ("accessKey", .string(accessKey)), ("accountId", text("accountId")), ("callerId", text("caller")),
                ("cognitoIdentity", .null), ("principalOrgId", .null), ("userArn", text("userArn")), ("userId", text("user")),
            ]))])
        }
        return nil
    }

    /// The `Cookie` headers' cookies, each `name=value` on its own, and the other headers with
    /// lower-cased names, a repeated header's values joined by commas, in first-seen order.
    static func headerFields(_ headers: [HTTPHeader]) -> (cookies: [String], headers: [(name: String, value: String)]) {
        var cookies: [String] = []
        var joined: [(name: String, value: String)] = []
        var index: [String: Int] = [:]
        for header in headers {
            let name = header.name.lowercased()
            if name == "cookie" {
                for cookie in header.value.split(separator: ";") {
                    let trimmed = cookie.trimmingSpaces
                    if !trimmed.isEmpty { cookies.append(trimmed) }
                }
                continue
            }
            if let at = index[name] {
                joined[at].value += "," + header.value
            } else {
                index[name] = joined.count
                joined.append((name, header.value))
            }
        }
        return (cookies, joined)
    }

    /// Repeated query parameters joined by commas, in first-seen order
    /// (`"parameter1": "value1,value2"`, DG: http-api-develop-integrations-lambda).
    static func joined(_ parameters: [(name: String, value: String)]) -> [(name: String, value: String)] {
        var joined: [(name: String, value: String)] = []
        var index: [String: Int] = [:]
        for parameter in parameters {
            if let at = index[parameter.name] {
                joined[at].value += "," + parameter.value
            } else {
                index[parameter.name] = joined.count
                joined.append(parameter)
            }
        }
        return joined
    }

    /// The body as the event carries it. HTTP APIs have no binary media types: API Gateway
    /// sends a body as text when its Content-Type is textual and base64-encoded otherwise
    /// (DG: http-api-develop-integrations-lambda, `isBase64Encoded`). Which types count as
    /// text the guide does not list; Portico takes `text/*`, JSON, XML and JavaScript (with
    /// their `+json`/`+xml` suffixes) and no Content-Type at all as text, so a form post
    /// (`application/x-www-form-urlencoded`) arrives base64-encoded, as HTTP API users report.
    static func bodyPayload(_ exchange: Exchange) -> (body: String, isBase64Encoded: Bool) {
        let body = exchange.request.body
        guard !body.isEmpty else { return ("", false) }
        let type = exchange.request.headers.value(for: "Content-Type")?
            .split(separator: ";").first.map { $0.trimmingSpaces.lowercased() }
        if let type, !isText(type) {
            return (Base64.encode(body), true)
        }
        return (String(decoding: body, as: UTF8.self), false)
    }

    static func isText(_ type: String) -> Bool {
        type.hasPrefix("text/") || type == "application/json" || type == "application/xml" || type == "application/javascript"
            || type.hasSuffix("+json") || type.hasSuffix("+xml")
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
