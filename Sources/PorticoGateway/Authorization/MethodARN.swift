/// The ARN a method request is authorized against: `arn:aws:execute-api:{region}:{account}:
/// {apiId}/{stage}/{VERB}/{resource path}` (DG: api-gateway-control-access-using-iam-policies-
/// to-invoke-api, "execute-api:Invoke" resource format; api-gateway-lambda-authorizer-input,
/// `methodArn`). The resource path is the request's path without its leading slash.
public enum MethodARN {
    public static func make(apiId: String, stage: String, verb: String, path: String,
                            region: String = Gateway.region, account: String = Gateway.accountId) -> String {
        let resource = path.hasPrefix("/") ? path.dropFirst() : Substring(path)
        return "arn:aws:execute-api:\(region):\(account):\(apiId)/\(stage)/\(verb)/\(resource)"
    }

    /// What every method ARN of a stage starts with, `arn:aws:execute-api:{region}:{account}:
    /// {apiId}/{stage}/`: made once per stage, so a request's ARN (``make(stagePrefix:verb:path:)``)
    /// is one concatenation (a Lambda authorizer's, per request).
    public static func stagePrefix(apiId: String, stage: String) -> String {
        apiPrefix(apiId: apiId) + stage + "/"
    }

    /// The same ARN as ``make(apiId:stage:verb:path:region:account:)``, from its stage's prefix.
    public static func make(stagePrefix: String, verb: String, path: String) -> String {
        var arn = stagePrefix
        arn += verb
        arn += "/"
        arn += path.hasPrefix("/") ? path.dropFirst() : Substring(path)
        return arn
    }

    /// What `execute-api:/` stands for in a resource policy of the API: `arn:aws:execute-api:
    /// {region}:{account}:{apiId}/` (DG: apigateway-resource-policies-examples).
    public static func apiPrefix(apiId: String, region: String = Gateway.region, account: String = Gateway.accountId) -> String {
        "arn:aws:execute-api:\(region):\(account):\(apiId)/"
    }
}
