/// A Lambda authorizer's result cache on one stage (DG:
/// configure-api-gateway-lambda-authorization-with-console, "Authorization caching"): what the
/// function returned, kept for the authorizer's TTL under the request's identity: the token
/// for a TOKEN authorizer, the values of all identity sources for a REQUEST authorizer.
///
/// A cached result is the whole output, policy included, and the policy is evaluated again
/// for every request that reuses it: a policy written for one method ARN then denies the next
/// method it is reused for, the trap the DG warns about ("the returned policy … must cover
/// every method … you use the authorizer for") and AWS Knowledge Center
/// api-gateway-lambda-authorization-errors explains. Only usable outputs are cached: a
/// function error, "Unauthorized" or a malformed output is asked again next time.
enum LambdaAuthorizerResults: GatewayStateKey {
    /// Per ``PreparedLambdaAuthorizer/slot``; made on the first store.
    static var initialValue: [Int: ExpiringCache<AuthorizerIdentity, CachedAuthorization>] { [:] }

    /// Entries one authorizer keeps at most on one stage. AWS documents no bound; this one only
    /// keeps a long-running `serve` from growing without end (the oldest entry goes first).
    static let capacity = 10_000
}

/// The identity a result is cached under: the token, or each identity source's value in the
/// order the authorizer lists them.
struct AuthorizerIdentity: Hashable, Sendable {
    let values: [String]
}

/// A usable output and what the function printed, as stored: a class, so a hit copies out one
/// reference under the stage's lock.
final class CachedAuthorization: Sendable {
    let output: LambdaAuthorizerOutput
    /// The function's output as it returned it, for the transcript of a request that reuses it.
    let returned: String

    init(output: LambdaAuthorizerOutput, returned: String) {
        self.output = output
        self.returned = returned
    }
}
