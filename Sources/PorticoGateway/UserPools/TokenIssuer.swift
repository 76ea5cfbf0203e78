import Foundation
import PorticoModel

/// What the tokens of one sign-in share: when the user authenticated, and the ids Cognito
/// gives the sign-in (`origin_jti`, `event_id`). Made from the request's id generator, so a
/// site build repeats them.
public struct SignInSession: Sendable, Equatable {
    public let authTime: Int64
    public let originJti: String
    public let eventId: String

    public init(at now: Date, ids: inout IdentifierGenerator) {
        authTime = Int64(now.timeIntervalSince1970.rounded(.down))
        originJti = ids.uuid()
        eventId = ids.uuid()
    }

    public init(authTime: Int64, originJti: String, eventId: String) {
        self.authTime = authTime
        self.originJti = originJti
        self.eventId = eventId
    }
}

/// Why a token could not be issued, in plain words.
public struct TokenIssueProblem: Error, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension UserPoolDirectory.Pool {
    /// How long ID and access tokens live: one hour, Cognito's default (Cognito Developer
    /// Guide: amazon-cognito-user-pools-using-the-id-token, "5 minutes and 1 day", default 60 minutes;
    /// API reference InitiateAuth: `"ExpiresIn": 3600`).
    public static let tokenLifetime: Int64 = 3600
    /// How long refresh tokens live: 30 days, Cognito's default (Cognito Developer Guide:
    /// amazon-cognito-user-pools-using-the-refresh-token).
    public static let refreshTokenLifetime: Int64 = 30 * 24 * 3600

    /// The scope of an access token from a user-password sign-in (API reference InitiateAuth;
    /// Cognito Developer Guide: amazon-cognito-user-pools-using-the-access-token, the sample payload).
    public static let signInScope = "aws.cognito.signin.user.admin"

    /// A signed ID or access token for `user`, issued at `now`.
    ///
    /// Claims follow the samples of the Cognito Developer Guide
    /// (amazon-cognito-user-pools-using-the-id-token, amazon-cognito-user-pools-using-the-access-token):
    /// - ID token: `sub`, `cognito:groups` (when the user is in groups), `aud` (the client),
    ///   the user's attributes in name order (`email_verified` and `phone_number_verified` as
    ///   JSON booleans, the others as strings), `token_use` `id`, `auth_time`, `iss`,
    ///   `cognito:username`, `exp`, `iat`, `jti`, `origin_jti`, `event_id`;
    /// - access token: `sub`, `cognito:groups`, `token_use` `access`, `scope`, `auth_time`,
    ///   `iss`, `exp`, `iat`, `origin_jti`, `jti`, `client_id`, `username`, `event_id`.
    ///
    /// - Parameters:
    ///   - clientId: the app client; nil: the pool's first (``defaultClientId``).
    ///   - scopes: an access token's scopes; nil: ``signInScope``.
    public func issue(_ use: TokenUse, for user: UserPoolUser, clientId: String? = nil, scopes: [String]? = nil,
                      session: SignInSession, at now: Date, ids: inout IdentifierGenerator) throws(TokenIssueProblem) -> String {
        let client = try resolvedClient(clientId)
        let issuedAt = Int64(now.timeIntervalSince1970.rounded(.down))
        var claims = ClaimsWriter()
        claims.add("sub", string: UserPoolDirectory.subject(of: user, inPool: id))
        if !user.groups.isEmpty { claims.add("cognito:groups", strings: user.groups) }
        switch use {
        case .id:
            claims.add("aud", string: client)
            for (name, value) in user.attributes.sorted(by: { $0.key < $1.key }) where name != "sub" {
                if ["email_verified", "phone_number_verified"].contains(name), let flag = Bool(value) {
                    claims.add(name, bool: flag)
                } else {
                    claims.add(name, string: value)
                }
            }
            claims.add("token_use", string: "id")
            claims.add("auth_time", number: session.authTime)
            claims.add("iss", string: issuer)
            claims.add("cognito:username", string: user.username)
            claims.add("exp", number: issuedAt + Self.tokenLifetime)
            claims.add("iat", number: issuedAt)
            claims.add("jti", string: ids.uuid())
            claims.add("origin_jti", string: session.originJti)
            claims.add("event_id", string: session.eventId)
        case .access:
            claims.add("token_use", string: "access")
            claims.add("scope", string: (scopes ?? [Self.signInScope]).joined(separator: " "))
            claims.add("auth_time", number: session.authTime)
            claims.add("iss", string: issuer)
            claims.add("exp", number: issuedAt + Self.tokenLifetime)
            claims.add("iat", number: issuedAt)
            claims.add("origin_jti", string: session.originJti)
            claims.add("jti", string: ids.uuid())
            claims.add("client_id", string: client)
            claims.add("username", string: user.username)
            claims.add("event_id", string: session.eventId)
        }
        return try sign(claims.json, with: use)
    }

    /// A refresh token for `user` and the client: what `REFRESH_TOKEN_AUTH` takes back for new
    /// ID and access tokens. Cognito's are encrypted and opaque; Portico's are signed tokens
    /// (with the ID token key, `token_use` `refresh`) that only this pool's InitiateAuth accepts.
    public func refreshToken(for user: UserPoolUser, clientId: String, session: SignInSession, at now: Date) throws(TokenIssueProblem) -> String {
        let issuedAt = Int64(now.timeIntervalSince1970.rounded(.down))
        var claims = ClaimsWriter()
        claims.add("token_use", string: "refresh")
        claims.add("iss", string: issuer)
        claims.add("client_id", string: clientId)
        claims.add("username", string: user.username)
        claims.add("auth_time", number: session.authTime)
        claims.add("origin_jti", string: session.originJti)
        claims.add("event_id", string: session.eventId)
        claims.add("iat", number: issuedAt)
        claims.add("exp", number: issuedAt + Self.refreshTokenLifetime)
        return try sign(claims.json, with: .id)
    }

    /// The client id to issue for: `requested` when it is one of the pool's, else the first.
    func resolvedClient(_ requested: String?) throws(TokenIssueProblem) -> String {
        guard let requested else { return defaultClientId }
        guard clientIds.contains(requested) else {
            throw TokenIssueProblem("user pool '\(name)' has no app client '\(requested)'; its clients are \(clientIds.joined(separator: ", "))")
        }
        return requested
    }

    private func sign(_ claims: String, with use: TokenUse) throws(TokenIssueProblem) -> String {
        guard let keys else { throw TokenIssueProblem(keyProblem ?? "user pool '\(name)' has no signing keys") }
        do {
            return try keys.key(for: use).sign(claims: claims)
        } catch {
            throw TokenIssueProblem("signing a token of user pool '\(name)' failed: \(error)")
        }
    }
}

/// A JSON object's text, written member by member in the order given.
private struct ClaimsWriter {
    private var members: [String] = []

    mutating func add(_ name: String, string: String) { members.append("\(jsonQuoted(name)):\(jsonQuoted(string))") }
    mutating func add(_ name: String, number: Int64) { members.append("\(jsonQuoted(name)):\(number)") }
    mutating func add(_ name: String, bool: Bool) { members.append("\(jsonQuoted(name)):\(bool)") }
    mutating func add(_ name: String, strings: [String]) {
        members.append("\(jsonQuoted(name)):[\(strings.map(jsonQuoted).joined(separator: ","))]")
    }

    var json: String { "{" + members.joined(separator: ",") + "}" }
}
