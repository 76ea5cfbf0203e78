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
}
