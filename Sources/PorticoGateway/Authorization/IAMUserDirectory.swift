import PorticoModel

/// The project's IAM users as the gateway checks signatures: found by access key id (what a
/// signed request names), each with what AWS knows of the principal. Made once per gateway.
public final class IAMUserDirectory: Sendable {
    public struct Principal: Sendable {
        public let user: IAMUser
        /// `arn:aws:iam::123456789012:user/alice`: `$context.identity.userArn` and the name
        /// in an access-denied message.
        public let arn: String
        /// The user's unique id (`AIDA` and 17 more letters and digits, as IAM gives users),
        /// derived from the name so it is the same on every build: `$context.identity.caller`
        /// and `.user` (DG: api-gateway-mapping-template-reference, "The principal identifier
        /// of the caller that signed the request").
        public let userId: String
        /// What `$context.identity` holds for a request this user signed.
        let identity: [String: String]
    }

    private let byAccessKey: [String: Principal]

    public init(project: Project, accountId: String = Gateway.accountId) {
        var byAccessKey: [String: Principal] = [:]
        for user in project.identities.iamUsers where byAccessKey[user.accessKeyId] == nil {
            let arn = "arn:aws:iam::\(accountId):user/\(user.userName)"
            let userId = "AIDA" + derivedIdentifier("iam-user:" + user.userName, count: 17, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
            byAccessKey[user.accessKeyId] = Principal(user: user, arn: arn, userId: userId, identity: [
                "accessKey": user.accessKeyId, "accountId": accountId, "caller": userId, "user": userId, "userArn": arn,
            ])
        }
        self.byAccessKey = byAccessKey
    }

    public subscript(accessKeyId: some StringProtocol) -> Principal? {
        byAccessKey[String(accessKeyId)]
    }
}
