/// The ARNs API Gateway authorizes `execute-api:Invoke` on (``MethodARN``), for one stage of
/// one API, made once when the gateway prepares the stage: a request's method ARN is then one
/// concatenation, the path as routed without its first slash. Responses recorded from AWS name
/// the request's own path and verb: `…:u1hp5d8r0b/api/GET/prod` for `GET /api/prod`,
/// `…/prod/GET/` for the stage's root.
struct ExecuteAPIARN: Sendable {
    /// `arn:aws:execute-api:us-east-1:123456789012:{apiId}/`: what a resource policy's
    /// `execute-api:/` shorthand stands for (DG: apigateway-resource-policies-examples).
    let apiPrefix: String
    /// `…:{apiId}/{stage}/`.
    let stagePrefix: String
    /// ``stagePrefix`` as AWS's denial messages write it, the account masked but for its last
    /// four digits: `arn:aws:execute-api:us-west-2:********7089:u1hp5d8r0b/api/GET/prod` (recorded
    /// from AWS: `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on
    /// resource: arn:aws:execute-api:us-west-2:********7089:u1hp5d8r0b/api/GET/prod"}`).
    let maskedStagePrefix: String

    init(apiId: String, stage: String, region: String = Gateway.region, account: String = Gateway.accountId) {
        let masked = String(repeating: "*", count: max(0, account.count - 4)) + account.suffix(4)
        apiPrefix = MethodARN.apiPrefix(apiId: apiId, region: region, account: account)
        stagePrefix = apiPrefix + stage + "/"
        maskedStagePrefix = MethodARN.apiPrefix(apiId: apiId, region: region, account: masked) + stage + "/"
    }

    /// The method ARN of a request: `verb` as the client sent it (upper-cased), `routedPath` as
    /// routing took it (``GatewayRequest/routedPath``).
    func method(_ verb: String, routedPath: String) -> String {
        stagePrefix + verb + "/" + routedPath.dropFirst()
    }

    /// A method ARN of this stage as a denial message shows it.
    func masked(_ methodARN: String) -> String {
        guard methodARN.hasPrefix(stagePrefix) else { return methodARN }
        return maskedStagePrefix + methodARN.dropFirst(stagePrefix.count)
    }
}
