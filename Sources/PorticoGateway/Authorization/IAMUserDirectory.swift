import Diagnostics
import PorticoModel

/// The project's IAM users as the gateway checks signatures: found by access key id (what a
/// signed request names), each with what AWS knows of the principal and its identity policies
/// parsed. Made once per gateway; a policy that does not parse is a diagnostic at its user.
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
                identity: ["accessKey": user.accessKeyId, "accountId": accountId, "caller": userId, "user": userId, "userArn": arn])
        }
        self.byAccessKey = byAccessKey
        self.diagnostics = diagnostics
    }

    public subscript(accessKeyId: some StringProtocol) -> Principal? {
        byAccessKey[String(accessKeyId)]
    }
}
