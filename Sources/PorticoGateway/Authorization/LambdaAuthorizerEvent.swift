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

/// The ARN of the method a request calls, as a Lambda authorizer receives it and as its policy's
/// `Resource` entries are matched against:
/// `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}` (DG:
/// api-gateway-lambda-authorizer-input; api-gateway-control-access-using-iam-policies-to-invoke-api,
/// "Resource format of permissions for executing API in API Gateway"). The path is the one the
/// request was sent to, path parameters' values included, without its leading slash (the DG's
/// example for `GET /request` ends in `/GET/request`, and a root request in `/GET/`).
struct MethodARN: Sendable {
    /// Everything up to the verb, made once per stage: `arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/`.
    let prefix: String

    init(apiId: String, stage: String) {
        prefix = "arn:aws:execute-api:\(Gateway.region):\(Gateway.accountId):\(apiId)/\(stage)/"
    }

    /// The ARN of `verb` on `path` (a routed path, starting with `/`).
    func arn(verb: String, path: String) -> String {
        var arn = prefix
        arn.reserveCapacity(prefix.utf8.count + verb.utf8.count + path.utf8.count)
        arn += verb
        arn += path.isEmpty ? "/" : path
        return arn
    }
}
