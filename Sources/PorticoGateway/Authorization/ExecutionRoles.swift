import PorticoModel

/// The execution role each of the project's functions runs with, as Lambda gives it
/// (Lambda DG: lambda-intro-execution-role; configuration-envvars, "Reserved environment
/// variables": `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` — "The access
/// keys obtained from the function's execution role"). The function's process gets the
/// credentials of a session of its role; the gateway's IAM (``IAMUserDirectory``) knows the
/// same session, so what the handler signs with an AWS SDK verifies at the `@connections`
/// API and at the embedded DynamoDB endpoint.
///
/// The credentials are derived from the function's name, so they are the same on every run
/// (a site build stays byte for byte the same) and need no store; they are local secrets of a
/// local simulation, never AWS credentials.
///
/// The role's policy: what a WebSocket handler with a table needs, and no more —
/// `execute-api:ManageConnections` on the project's APIs and every DynamoDB action on the
/// project's tables:
///
/// ```json
/// {"Version": "2012-10-17", "Statement": [
///   {"Effect": "Allow", "Action": "execute-api:ManageConnections", "Resource": "arn:aws:execute-api:us-east-1:123456789012:*/*/*/@connections/*"},
///   {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/*"}]}
/// ```
public struct FunctionCredentials: Sendable, Equatable {
    /// `ASIA…`: the prefix AWS gives temporary (STS) access keys.
    public let accessKeyId: String
    public let secretAccessKey: String
    public let sessionToken: String
    /// `arn:aws:iam::123456789012:role/{function}-role`.
    public let roleArn: String
    /// `arn:aws:sts::123456789012:assumed-role/{function}-role/{function}`: who the
    /// function's signed calls come from (Lambda names the session after the function).
    public let sessionArn: String
    public let roleName: String

    public init(function name: String, accountId: String = Gateway.accountId) {
        accessKeyId = "ASIA" + derivedIdentifier("execution-role-key:" + name, count: 16, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        secretAccessKey = derivedIdentifier("execution-role-secret:" + name, count: 40,
                                            alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        sessionToken = "IQoJb3JpZ2luX2VjE" + derivedIdentifier("execution-role-token:" + name, count: 200,
                                                                 alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        roleName = name + "-role"
        roleArn = "arn:aws:iam::\(accountId):role/\(roleName)"
        sessionArn = "arn:aws:sts::\(accountId):assumed-role/\(roleName)/\(name)"
    }

    /// The role's identity policy (see the type's comment).
    public static func rolePolicy(region: String = Gateway.region, accountId: String = Gateway.accountId) -> JSONValue {
        func allow(_ action: String, _ resource: String) -> JSONValue {
            .object([JSONMember(key: "Effect", value: .string("Allow")), JSONMember(key: "Action", value: .string(action)),
                     JSONMember(key: "Resource", value: .string(resource))])
        }
        return .object([
            JSONMember(key: "Version", value: .string("2012-10-17")),
            JSONMember(key: "Statement", value: .array([
                allow("execute-api:ManageConnections", "arn:aws:execute-api:\(region):\(accountId):*/*/*/@connections/*"),
                allow("dynamodb:*", "arn:aws:dynamodb:\(region):\(accountId):table/*"),
            ])),
        ])
    }
}
