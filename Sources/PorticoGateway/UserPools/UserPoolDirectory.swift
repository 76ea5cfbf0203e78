import Crypto
import Foundation
import PorticoModel

/// The project's Cognito user pools (`identities.userPools`) as the gateway runs them: each
/// with its issuer, its two signing keys and its key set, made once when the gateway is made.
/// Tokens are issued here (``Pool/issue(_:for:clientId:scopes:session:at:)``) and verified
/// here (``verify(_:acceptingPools:)``), by `portico token`, Cognito's `InitiateAuth` in
/// `serve`, and the COGNITO_USER_POOLS authorizer alike.
public final class UserPoolDirectory: Sendable {
    /// A class: a request that verifies a token refers to its pool rather than copying the
    /// pool's definition, keys and key set.
    public final class Pool: Sendable {
        public let definition: CognitoUserPool
        /// The Region in the pool id (`us-east-1_Example` → `us-east-1`).
        public let region: String
        /// `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`: every token's `iss`
        /// (Cognito Developer Guide: amazon-cognito-user-pools-using-the-id-token, "iss").
        public let issuer: String
        /// Nil when the key store could not give them (``keyProblem`` says why): the pool then
        /// issues nothing and no token of it verifies.
        public let keys: UserPoolSigningKeys?
        public let keyProblem: String?
        /// The public keys, as `/.well-known/jwks.json` lists them: the ID token key, then the access token key.
        public let keySet: JSONWebKeySet
        /// The app clients' ids: the declared ones, or, for a pool that declares none, one
        /// derived from the pool id (``derivedClientId(forPool:)``), so its users can still sign in.
        public let clientIds: [String]

        public var id: String { definition.userPoolId }
        public var name: String { definition.name }

        /// The client tokens name when the caller names none: the first one.
        public var defaultClientId: String { clientIds[0] }

        public func user(named username: String) -> UserPoolUser? {
            definition.users.first { $0.username == username }
        }

        /// `/{userPoolId}/.well-known/jwks.json`'s body.
        public var jwksJSON: String { keySet.json }

        init(definition: CognitoUserPool, region: String, issuer: String, keys: UserPoolSigningKeys?, keyProblem: String?,
             keySet: JSONWebKeySet, clientIds: [String]) {
            self.definition = definition
            self.region = region
            self.issuer = issuer
            self.keys = keys
            self.keyProblem = keyProblem
            self.keySet = keySet
            self.clientIds = clientIds
        }
    }

    public let pools: [Pool]
    private let byId: [String: Int]
    /// Which pool signed with a key id.
    private let byKeyId: [String: Int]

    /// - Parameter store: where each pool's keys come from; a store that fails leaves that
    ///   pool without keys (``Pool/keyProblem``) rather than failing the gateway.
    public init(identities: Identities, keys store: any UserPoolKeyStore) {
        var pools: [Pool] = []
        for definition in identities.userPools where !pools.contains(where: { $0.id == definition.userPoolId }) {
            let region = Self.region(ofPool: definition.userPoolId)
            var keys: UserPoolSigningKeys?
            var problem: String?
            do {
                keys = try store.signingKeys(forPool: definition.userPoolId)
            } catch {
                problem = "the signing keys of user pool '\(definition.name)' could not be made or read: \(error)"
            }
            let clients = definition.clients.map(\.clientId)
            pools.append(Pool(definition: definition, region: region,
                              issuer: Self.issuer(ofPool: definition.userPoolId),
                              keys: keys, keyProblem: problem,
                              keySet: JSONWebKeySet(keys: keys.map { [$0.idToken.publicKey, $0.accessToken.publicKey] } ?? []),
                              clientIds: clients.isEmpty ? [Self.derivedClientId(forPool: definition.userPoolId)] : clients))
        }
        self.pools = pools
        byId = Dictionary(pools.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var byKeyId: [String: Int] = [:]
        for (index, pool) in pools.enumerated() {
            for key in pool.keySet.keys { byKeyId[key.keyId] = index }
        }
        self.byKeyId = byKeyId
    }

    public static let empty = UserPoolDirectory(identities: Identities(), keys: InMemoryUserPoolKeys())

    public func index(ofPool id: String) -> Int? { byId[id] }

    public func pool(id: String) -> Pool? { byId[id].map { pools[$0] } }

    /// A pool by its name in portico.yml or its id.
    public func pool(named name: String) -> Pool? {
        pools.first { $0.name == name } ?? pool(id: name)
    }

    /// A user by username, with its pool: the first pool, in portico.yml's order, that has it
    /// (what an example's or try-it's identity names).
    public func user(named username: String) -> (pool: Pool, user: UserPoolUser)? {
        for pool in pools {
            if let user = pool.user(named: username) { return (pool, user) }
        }
        return nil
    }

    /// The pool with an app client of this id.
    public func pool(clientId: String) -> Pool? {
        pools.first { $0.clientIds.contains(clientId) }
    }

    /// The token, when one of the pools `accepted` names (by id) signed it: structure, RS256,
    /// a key id of one of those pools, and a signature that verifies with that key. Its
    /// claims are not checked here (``TokenClaimRules``).
    public func verify(_ compact: String, acceptingPools accepted: [String]) -> Result<(token: JSONWebToken, pool: Pool), TokenRejection> {
        let token: JSONWebToken
        switch JSONWebToken.parse(compact) {
        case .success(let parsed): token = parsed
        case .failure(let rejection): return .failure(rejection)
        }
        guard let kid = token.keyId, let index = byKeyId[kid], accepted.contains(pools[index].id) else {
            return .failure(token.algorithm == "RS256" ? .unknownKey(token.keyId) : .unsupportedAlgorithm(token.algorithm))
        }
        let pool = pools[index]
        if let rejection = TokenVerifier(keys: pool.keySet).verifySignature(of: token) { return .failure(rejection) }
        return .success((token, pool))
    }

    /// `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`: the `iss` of the pool's tokens
    /// (Cognito Developer Guide: amazon-cognito-user-pools-using-the-id-token, "iss").
    public static func issuer(ofPool id: String) -> String {
        "https://cognito-idp.\(region(ofPool: id)).amazonaws.com/\(id)"
    }

    /// `us-east-1_Example` → `us-east-1`; an id without a Region gives the gateway's.
    static func region(ofPool id: String) -> String {
        guard let underscore = id.firstIndex(of: "_"), underscore > id.startIndex else { return Gateway.region }
        return String(id[..<underscore])
    }

    /// A stable app client id for a pool that declares none: 26 lower-case letters and
    /// digits, the shape of Cognito's client ids.
    static func derivedClientId(forPool id: String) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String(SHA256.hash(data: Array("portico app client of \(id)".utf8)).prefix(26).map { alphabet[Int($0) % alphabet.count] })
    }

    /// A user's `sub`: a UUID that stays the same for the same user of the same pool on every
    /// build and every machine (Cognito makes a random one when it creates the user, and
    /// keeps it: Cognito Developer Guide: amazon-cognito-user-pools-using-the-id-token, "sub").
    /// A `sub` attribute in portico.yml is used as it is.
    public static func subject(of user: UserPoolUser, inPool id: String) -> String {
        if let written = user.attributes["sub"] { return written }
        var bytes = Array(SHA256.hash(data: Array("portico user \(user.username) of \(id)".utf8)).prefix(16))
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex[hex.index(hex.startIndex, offsetBy: range.lowerBound)..<hex.index(hex.startIndex, offsetBy: range.upperBound)])
        }
        return parts.joined(separator: "-")
    }
}
