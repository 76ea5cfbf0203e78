import PorticoModel

/// Who the authorization stage decided the caller is: one value per request, set by the check
/// that admitted it and read by everything after it — `$context.authorizer.*` and
/// `$context.identity.*` (``ContextTable``), the Lambda proxy event's `requestContext`, and the
/// api-key stage when the key source is AUTHORIZER.
struct AuthorizedCaller: Sendable {
    /// `$context.authorizer.principalId`: a Lambda authorizer's `principalId`.
    var principalId: String?
    /// A Lambda authorizer's `context` map, in the function's order
    /// (`$context.authorizer.NAME`; DG: api-gateway-lambda-authorizer-output).
    var context: [(key: String, value: ContextValue)] = []
    /// An HTTP API Lambda authorizer's `context` as the function returned it: the payload 2.0
    /// event's `requestContext.authorizer.lambda` (DG: http-api-lambda-authorizer).
    var lambdaContext: JSONText?
    /// A verified token's claims, in the token's order (`$context.authorizer.claims.NAME`;
    /// DG: apigateway-enable-cognito-user-pool).
    var claims: [(key: String, value: ContextValue)]?
    /// The scopes a JWT authorizer's token granted (HTTP APIs: `requestContext.authorizer.jwt.scopes`).
    var scopes: [String]?
    /// The API key value a Lambda authorizer returned as `usageIdentifierKey`
    /// (DG: api-gateway-api-key-source).
    var usageIdentifierKey: String?
    /// `$context.identity.NAME` values the check established (IAM: `accessKey`, `accountId`,
    /// `caller`, `user`, `userArn`; Cognito identities …); the others stay null.
    var identity: [String: String] = [:]
    /// How long the authorizer took, in milliseconds, when one ran
    /// (`$context.authorizer.integrationLatency`).
    var integrationLatency: Int?

    init(principalId: String? = nil) {
        self.principalId = principalId
    }
}
