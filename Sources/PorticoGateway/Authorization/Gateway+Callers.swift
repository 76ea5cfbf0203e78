import PorticoModel

extension Gateway {
    /// The project's identity named `name` (see ``ProjectCaller/named(_:in:)``).
    public func caller(named name: String) -> Result<ProjectCaller, ProjectCaller.LookupFailure> {
        ProjectCaller.named(name, in: project.identities)
    }

    /// `request` as `caller` would send it to `endpoint`, now on the gateway's clock.
    public func credentialed(_ request: GatewayRequest, as caller: ProjectCaller, at endpoint: Endpoint) throws(CredentialFailure) -> GatewayRequest {
        switch caller {
        case .iamUser(let user):
            // Signed as an AWS SDK signs it, over the host and path the gateway sees the
            // request arrive with (``IAMAuthorization/verifySignature(_:of:principal:)``).
            guard let api = project.api(named: endpoint.api) else { throw CredentialFailure("no API named '\(endpoint.api)'") }
            let host = endpoint.customDomainName ?? Self.executeAPIHost(for: api)
            let path = endpoint.requestPath ?? endpoint.customDomainPath
                ?? DeployedStage.pathPrefix(stage: endpoint.stage, isHTTPAPI: api.kind == .http) + request.rawPath
            return SigV4.sign(request, host: host, path: path, credentials: user, date: environment.clock.now())
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
