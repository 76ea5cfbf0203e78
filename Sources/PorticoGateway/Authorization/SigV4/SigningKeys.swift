import Crypto

/// The signing keys the gateway derived, one per IAM user: a key signs a whole day's requests
/// to one region and service, and deriving it takes four HMACs (half of a verification's
/// cost), so the gateway derives it on the user's first request of the day and keeps it.
/// Kept per deployed stage (``StageState``): the region and service are the gateway's, only
/// the day and the secret vary. An entry is used only for the same day and the same secret,
/// so a secret changed in `portico.yml` under a running `serve` never verifies with the old one.
enum SigningKeys: GatewayStateKey {
    struct Entry: Sendable {
        let date: Substring
        let secret: String
        /// HMAC-SHA256 keyed with the signing key, before any data: a copy signs one string
        /// to sign without setting the key up again.
        let authenticator: HMAC<SHA256>
    }

    /// By access key id: at most one entry per IAM user of the project.
    static var initialValue: [String: Entry] { [:] }

    /// The authenticator for `scope`, derived once per user and day.
    static func authenticator(for principal: IAMUserDirectory.Principal, scope: SigV4.Scope, in state: StageState) -> HMAC<SHA256> {
        let id = principal.user.accessKeyId, secret = principal.user.secretAccessKey
        if let entry = state.slots.update(Self.self, { $0[id] }), entry.date == scope.date, entry.secret == secret {
            return entry.authenticator
        }
        let key = SigV4.signingKey(secret: secret, date: scope.date, region: scope.region, service: scope.service)
        let authenticator = HMAC<SHA256>(key: key)
        state.slots.update(Self.self) { $0[id] = Entry(date: scope.date, secret: secret, authenticator: authenticator) }
        return authenticator
    }
}
