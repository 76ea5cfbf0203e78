/// The event API Gateway sends a Lambda authorizer (DG: api-gateway-lambda-authorizer-input).
///
/// TOKEN: `{"type":"TOKEN","authorizationToken":…,"methodArn":…}`, the token being the value of
/// the authorizer's one header. REQUEST: `type` and `methodArn`, then what the Lambda proxy
/// event carries about the request, from `resource` to `requestContext` (headers and query
/// string, single- and multi-valued; path parameters; stage variables; the request context),
/// without the body: the same builder writes both, so the two events never drift apart.
enum LambdaAuthorizerEvent {
    static func token(_ token: String, methodArn: String) -> JSONText {
        .object([("type", .string("TOKEN")), ("authorizationToken", .string(token)), ("methodArn", .string(methodArn))])
    }

    static func request(_ exchange: Exchange, methodArn: String) -> JSONText {
        .object([("type", .string("REQUEST")), ("methodArn", .string(methodArn))] + LambdaProxyEvent.requestFields(of: exchange))
    }

    /// An HTTP API authorizer's event in payload format 2.0 (DG: http-api-lambda-authorizer):
    /// `version`, `type`, `routeArn`, the identity sources' values as an array, then the 2.0
    /// integration event's fields without the body.
    static func httpV2(_ exchange: Exchange, routeArn: String, identitySource: [String]) -> JSONText {
        .object([("version", .string("2.0")), ("type", .string("REQUEST")), ("routeArn", .string(routeArn)),
                 ("identitySource", .array(identitySource.map(JSONText.string)))]
            + LambdaEventV2.fields(of: exchange, withBody: false))
    }

    /// An HTTP API authorizer's event in payload format 1.0 (DG: http-api-lambda-authorizer):
    /// `identitySource` and `authorizationToken` both the values joined by commas
    /// (`"user1,123"`), then REST's REQUEST fields. The guide's example has no
    /// `multiValueHeaders` or `multiValueQueryStringParameters`, so they are left out.
    static func httpV1(_ exchange: Exchange, methodArn: String, identitySource: [String]) -> JSONText {
        let joined = JSONText.string(identitySource.joined(separator: ","))
        return .object([("version", .string("1.0")), ("type", .string("REQUEST")), ("methodArn", .string(methodArn)),
                        ("identitySource", joined), ("authorizationToken", joined)]
            + LambdaProxyEvent.requestFields(of: exchange).filter { !$0.0.hasPrefix("multiValue") })
    }
}
