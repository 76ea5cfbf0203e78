import Diagnostics
import PorticoModel

/// The project's IAM users as the gateway checks signatures: found by access key id (what a
/// signed request names), each with what AWS knows of the principal and its identity policies
/// parsed. Made once per gateway; a policy that does not parse is a diagnostic at its user.
///
/// The sessions of the functions' execution roles (``FunctionCredentials``) are principals
/// too: their access keys come with a session token, which a signed request must carry.
public final class IAMUserDirectory: Sendable {
    public struct Principal: Sendable {
        public let user: IAMUser
        /// `arn:aws:iam::123456789012:user/alice`: `$context.identity.userArn` and the name
        /// in an access-denied message.
        public let arn: String
        /// The user's unique id (`AIDA` and 17 more capital letters and digits, as IAM gives
        /// users), derived from the name so it is the same on every build:
        /// `$context.identity.caller` and `.user` (DG: api-gateway-mapping-template-reference,
        /// "The principal identifier of the caller that signed the request").
        public let userId: String
        /// The user's identity policies, parsed (the invalid ones left out, and reported).
        public let policies: [PolicyDocument]
        /// What a policy sees of the caller.
        let policyPrincipal: PolicyPrincipal
        /// Whether any statement has a `Condition`: only then does a request gather the
        /// condition keys.
        let hasConditions: Bool
        /// What `$context.identity` holds for a request this user signed.
        let identity: [String: String]
        /// The session token a request must carry (`X-Amz-Security-Token`): nil for IAM
        /// users' long-term keys, the role session's token for a function's credentials.
        public let sessionToken: String?

        /// How traces name the caller: `IAM user 'alice'`, or `the execution role of function 'relay'`.
        var callerName: String {
            sessionToken == nil ? "IAM user '\(user.userName)'" : "the execution role of function '\(arn.split(separator: "/").last ?? "")'"
        }

        /// Whether a request's `X-Amz-Security-Token` is the one this principal's keys need.
        func accepts(securityToken: String?) -> Bool {
            securityToken == sessionToken
        }
    }

    private let byAccessKey: [String: Principal]
    /// Policies that do not parse and access keys used twice.
    public let diagnostics: [Diagnostic]

    public init(project: Project, accountId: String = Gateway.accountId) {
        var byAccessKey: [String: Principal] = [:]
        var diagnostics: [Diagnostic] = []
        for user in project.identities.iamUsers {
            guard byAccessKey[user.accessKeyId] == nil else {
                diagnostics.append(.error(.projectDuplicateAccessKey,
                    "IAM user '\(user.userName)' has access key '\(user.accessKeyId)', which user '\(byAccessKey[user.accessKeyId]!.user.userName)' has already",
                    at: user.location))
                continue
            }
            var policies: [PolicyDocument] = []
            for (index, json) in user.policies.enumerated() {
                do {
                    policies.append(try PolicyDocument(parsing: json))
                } catch {
                    diagnostics.append(.error(.projectIAMPolicy, "policy \(index + 1) of IAM user '\(user.userName)' is not a valid policy: \(error.description)",
                                              at: user.location))
                }
            }
            let arn = "arn:aws:iam::\(accountId):user/\(user.userName)"
            let userId = "AIDA" + derivedIdentifier("iam-user:" + user.userName, count: 17, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
            byAccessKey[user.accessKeyId] = Principal(
                user: user, arn: arn, userId: userId, policies: policies,
                policyPrincipal: PolicyPrincipal(accountId: accountId, arn: arn),
                hasConditions: policies.contains { $0.statements.contains { !$0.conditions.isEmpty } },
                identity: ["accessKey": user.accessKeyId, "accountId": accountId, "caller": userId, "user": userId, "userArn": arn],
                sessionToken: nil)
        }
        let rolePolicy = try? PolicyDocument(parsing: FunctionCredentials.rolePolicy(accountId: accountId))
        for function in project.functions {
            let credentials = FunctionCredentials(function: function.name, accountId: accountId)
            guard byAccessKey[credentials.accessKeyId] == nil else { continue }
            // An assumed role's caller id is the role's id and the session name (IAM User
            // Guide: reference_policies_variables, "aws:userid" for a role: "role-id:caller-specified-role-name").
            let roleId = "AROA" + derivedIdentifier("execution-role:" + function.name, count: 17, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
            let caller = roleId + ":" + function.name
            let user = IAMUser(userName: credentials.roleName, accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey,
                               policies: [FunctionCredentials.rolePolicy(accountId: accountId)], location: function.location)
            byAccessKey[credentials.accessKeyId] = Principal(
                user: user, arn: credentials.sessionArn, userId: caller, policies: rolePolicy.map { [$0] } ?? [],
                policyPrincipal: PolicyPrincipal(accountId: accountId, arn: credentials.sessionArn),
                hasConditions: false,
                identity: ["accessKey": credentials.accessKeyId, "accountId": accountId, "caller": caller, "user": caller, "userArn": credentials.sessionArn],
                sessionToken: credentials.sessionToken)
        }
        self.byAccessKey = byAccessKey
        self.diagnostics = diagnostics
    }

    public subscript(accessKeyId: some StringProtocol) -> Principal? {
        byAccessKey[String(accessKeyId)]
    }
}
