import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import PorticoRuntime

/// `portico token`: a token of a user of one of the project's Cognito user pools, signed with
/// the pool's key (`.portico/user-pools/`, made on first use), printed alone on a line, so a
/// shell can put it in a header:
///
/// ```
/// curl -H "Authorization: $(portico token --pool customers --user alice)" http://127.0.0.1:8080/_gateway/orders/prod/me
/// ```
///
/// An ID token by default (what a Cognito authorizer wants for a method without OAuth
/// scopes); `--type access` with `--scope` for a method with scopes.
public struct TokenAction: Sendable {
    public var projectRoot: String
    /// The pool's name in portico.yml or its id; optional when the project has one pool.
    public var pool: String?
    public var user: String
    public var client: String?
    public var use: TokenUse
    /// An access token's scopes; empty: Cognito's sign-in scope, aws.cognito.signin.user.admin.
    public var scopes: [String]
    public var clock: any GatewayClock
    /// Seed for the token's ids (jti, origin_jti, event_id); nil draws one at random.
    public var seed: UInt64?

    public init(projectRoot: String, pool: String?, user: String, client: String? = nil, use: TokenUse = .id, scopes: [String] = [],
                clock: any GatewayClock = SystemClock(), seed: UInt64? = nil) {
        self.projectRoot = projectRoot
        self.pool = pool
        self.user = user
        self.client = client
        self.use = use
        self.scopes = scopes
        self.clock = clock
        self.seed = seed
    }

    public func run(console: Console) -> ExitStatus {
        var diagnostics = DiagnosticEngine()
        guard let project = ProjectLoader(root: projectRoot).load(diagnostics: &diagnostics), !diagnostics.hasErrors else {
            console.err(DiagnosticFormatter.report(diagnostics))
            return .inputProblems
        }
        let declared = project.identities.userPools
        guard !declared.isEmpty else {
            console.err("error: the project declares no user pool (identities.userPools in portico.yml)\n")
            return .usage
        }
        let wanted: CognitoUserPool
        if let pool {
            guard let found = declared.first(where: { $0.name == pool || $0.userPoolId == pool }) else {
                var message = "error: no user pool named '\(pool)'"
                if let close = closestMatch(to: pool, in: declared.map(\.name)) { message += "; did you mean '\(close)'?" }
                console.err(message + " (user pools: \(declared.map(\.name).joined(separator: ", ")))\n")
                return .usage
            }
            wanted = found
        } else {
            guard declared.count == 1 else {
                console.err("error: name the user pool with --pool (\(declared.map(\.name).joined(separator: ", ")))\n")
                return .usage
            }
            wanted = declared[0]
        }
        // Only the wanted pool's keys are read (or made).
        var identities = Identities()
        identities.userPools = [wanted]
        let directory = UserPoolDirectory(identities: identities, keys: UserPoolKeyFiles(contentDirectory: project.contentDirectory))
        guard let pool = directory.pool(id: wanted.userPoolId) else { return .inputProblems }
        guard let account = pool.user(named: user) else {
            let users = wanted.users.map(\.username)
            var message = "error: user pool '\(wanted.name)' has no user '\(user)'"
            if let close = closestMatch(to: user, in: users) { message += "; did you mean '\(close)'?" }
            console.err(message + (users.isEmpty ? "; it declares no users" : " (users: \(users.joined(separator: ", ")))") + "\n")
            return .usage
        }
        var ids = seed.map { IdentifierGenerator(seed: $0) } ?? IdentifierGenerator(seed: UInt64.random(in: .min ... .max))
        let now = clock.now()
        do {
            let token = try pool.issue(use, for: account, clientId: client, scopes: scopes.isEmpty ? nil : scopes,
                                       session: SignInSession(at: now, ids: &ids), at: now, ids: &ids)
            console.out(token + "\n")
            return .success
        } catch {
            console.err("error: \(error)\n")
            return pool.keys == nil ? .inputProblems : .usage
        }
    }
}
