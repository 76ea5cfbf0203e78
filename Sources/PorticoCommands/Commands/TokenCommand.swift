import ArgumentParser
import PorticoGateway

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a token of a user of one of the project's Cognito user pools.",
        discussion: """
        The token is signed with the pool's key, kept in PROJECT/.portico/user-pools/ and made \
        on first use, so 'portico serve' and 'portico invoke' accept it for an hour. A method \
        with a Cognito authorizer and no OAuth scopes wants an ID token; one with scopes wants \
        an access token granting one of them (--type access --scope NAME).
        """)

    @Option(name: .long, help: "The project folder, which holds Content/.")
    var project: String = "."

    @Option(name: .long, help: "The user pool's name or id (optional when the project has one pool).")
    var pool: String?

    @Option(name: .long, help: "The user's username.")
    var user: String

    @Option(name: .long, help: "The app client's id (the pool's first client by default).")
    var client: String?

    @Option(name: .long, help: "id or access.")
    var type: String = "id"

    @Option(name: .long, help: "A scope of the access token; repeatable (aws.cognito.signin.user.admin by default).")
    var scope: [String] = []

    func validate() throws {
        guard let use = TokenUse(rawValue: type) else { throw ValidationError("--type must be id or access") }
        if use == .id, !scope.isEmpty { throw ValidationError("--scope is for access tokens (--type access); an ID token has no scopes") }
    }

    func run() async throws {
        let scopes = scope.flatMap { $0.split(separator: " ").map(String.init) }
        try finish(TokenAction(projectRoot: project, pool: pool, user: user, client: client, use: TokenUse(rawValue: type) ?? .id,
                               scopes: scopes).run(console: .standard))
    }
}
