import PorticoModel

extension Gateway {
    /// The project's identity named `name` (see ``ProjectCaller/named(_:in:)``).
    public func caller(named name: String) -> Result<ProjectCaller, ProjectCaller.LookupFailure> {
        ProjectCaller.named(name, in: project.identities)
    }

    /// `request` as `caller` would send it to `endpoint`, now on the gateway's clock.
    public func credentialed(_ request: GatewayRequest, as caller: ProjectCaller, at endpoint: Endpoint) throws(CredentialFailure) -> GatewayRequest {
        switch caller {
        case .iamUser:
            throw CredentialFailure("signing as an IAM user is not available yet")
        case let .poolUser(pool, user):
            return try requestWithPoolToken(request, pool: pool, user: user, at: endpoint)
        }
    }
}

/// Why a request could not be given a caller's credentials.
public struct CredentialFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
