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

    /// The same ARN as ``make(apiId:stage:verb:path:region:account:)``, from its stage's prefix
    /// (``ExecuteAPIARN/stagePrefix``, made once per stage): its bytes written once into a
    /// string of the right size, as every request to a guarded method makes one.
    public static func make(stagePrefix: String, verb: String, path: String) -> String {
        var prefix = stagePrefix, verb = verb, path = path
        return prefix.withUTF8 { prefix in
            verb.withUTF8 { verb in
                path.withUTF8 { path in
                    let resource = path.first == UInt8(ascii: "/") ? UnsafeBufferPointer(rebasing: path.dropFirst()) : path
                    let count = prefix.count + verb.count + 1 + resource.count
                    return String(unsafeUninitializedCapacity: count) { buffer in
                        var end = buffer.initialize(fromContentsOf: prefix)
                        end = buffer[end...].initialize(fromContentsOf: verb)
                        buffer[end] = UInt8(ascii: "/")
                        _ = buffer[(end + 1)...].initialize(fromContentsOf: resource)
                        return count
                    }
                }
            }
        }
    }

    /// What `execute-api:/` stands for in a resource policy of the API: `arn:aws:execute-api:
    /// {region}:{account}:{apiId}/` (DG: apigateway-resource-policies-examples).
    public static func apiPrefix(apiId: String, region: String = Gateway.region, account: String = Gateway.accountId) -> String {
        "arn:aws:execute-api:\(region):\(account):\(apiId)/"
    }
}
