extension GatewayError {
    /// A request a resource policy denies: 403 ACCESS_DENIED, `x-amzn-ErrorType:
    /// AccessDeniedException`, and AWS's default body `{"Message":"User: anonymous is not
    /// authorized to perform: execute-api:Invoke on resource: <arn> …"}` with the account of
    /// the ARN masked (``ExecuteAPIARN/masked(_:)``).
    ///
    /// The wording is IAM's current one, as AWS answers a denied call today: an implicit deny
    /// ends `because no resource-based policy allows the execute-api:Invoke action` (recorded
    /// from AWS: `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on
    /// resource: arn:aws:execute-api:us-east-1:********9489:609x52qn26/dev/GET/weather because no
    /// resource-based policy allows the execute-api:Invoke action"}`, a PRIVATE API called from
    /// the internet); an explicit deny ends `with an explicit deny in a resource-based policy`,
    /// IAM's words for it in every service's denials (IAM User Guide:
    /// troubleshoot_access-denied). AWS Knowledge Center api-gateway-403-error-lambda-authorizer
    /// and responses recorded before late 2025 show the older wording: nothing after the ARN,
    /// and ` with an explicit deny`.
    ///
    /// - Parameters:
    ///   - user: `anonymous`, or the ARN of the IAM caller a resource policy denies.
    ///   - resource: the method ARN, masked.
    static func resourcePolicyDenial(user: String = "anonymous", resource: String, explicit: Bool) -> GatewayError {
        let reason = explicit ? "with an explicit deny in a resource-based policy" : "because no resource-based policy allows the execute-api:Invoke action"
        var error = GatewayError(.accessDenied, message: "User: \(user) is not authorized to perform: execute-api:Invoke on resource: \(resource) \(reason)",
                                 errorType: "AccessDeniedException")
        error.messageMember = "Message"
        return error
    }
}
