import PorticoModel

/// An identity of the project that a request can be sent as — an example's `as=NAME`,
/// `portico invoke --as NAME`, the try-it panel's "Call as" — and how such a client would
/// present itself: an IAM user signs with Signature Version 4, a user pool's user sends a
/// token the pool issued. Secrets never leave the gateway's side: a page or a browser names
/// the identity, and the gateway signs or fetches the token as the real client would.
public enum ProjectCaller: Sendable, Equatable {
    case iamUser(IAMUser)
    case poolUser(pool: CognitoUserPool, user: UserPoolUser)

    /// The name a page or a command uses: the IAM user name, or `pool/username`.
    public var name: String {
        switch self {
        case .iamUser(let user): user.userName
        case let .poolUser(pool, user): "\(pool.name)/\(user.username)"
        }
    }

    /// What a reader is told: `IAM user alice`, `user dana of user pool staff`.
    public var summary: String {
        switch self {
        case .iamUser(let user): "IAM user \(user.userName)"
        case let .poolUser(pool, user): "user \(user.username) of user pool \(pool.name)"
        }
    }

    /// Every identity of the project, IAM users first, in the project's order.
    public static func all(in identities: Identities) -> [ProjectCaller] {
        identities.iamUsers.map(ProjectCaller.iamUser)
            + identities.userPools.flatMap { pool in pool.users.map { ProjectCaller.poolUser(pool: pool, user: $0) } }
    }

    /// The identity `name` names: an IAM user name, a pool user's `pool/username`, or a bare
    /// username when exactly one pool has that user and no IAM user has the name.
    public static func named(_ name: String, in identities: Identities) -> Result<ProjectCaller, LookupFailure> {
        let everyone = all(in: identities)
        if let exact = everyone.first(where: { $0.name == name }) { return .success(exact) }
        let bare = everyone.filter { caller in
            if case let .poolUser(_, user) = caller { return user.username == name }
            return false
        }
        if bare.count == 1 { return .success(bare[0]) }
        if bare.count > 1 { return .failure(LookupFailure(name: name, known: everyone.map(\.name), ambiguous: bare.map(\.name))) }
        return .failure(LookupFailure(name: name, known: everyone.map(\.name), ambiguous: []))
    }

    /// Why a name names no identity, said with what it could have been.
    public struct LookupFailure: Error, Sendable, Equatable, CustomStringConvertible {
        public let name: String
        public let known: [String]
        public let ambiguous: [String]

        public var description: String {
            if !ambiguous.isEmpty {
                return "'\(name)' is a user of several user pools; name one: \(ambiguous.joined(separator: ", "))"
            }
            if known.isEmpty {
                return "'\(name)' names no identity: the project declares none (identities.iamUsers and identities.userPools in portico.yml)"
            }
            return "'\(name)' names no identity of the project (\(known.joined(separator: ", ")))"
        }
    }
}
