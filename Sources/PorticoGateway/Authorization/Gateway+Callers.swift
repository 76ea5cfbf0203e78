import PorticoModel

extension Gateway {
    /// The project's identity named `name` (see ``ProjectCaller/named(_:in:)``).
    public func caller(named name: String) -> Result<ProjectCaller, ProjectCaller.LookupFailure> {
        ProjectCaller.named(name, in: project.identities)
    }

    /// `request` as `caller` would send it to `endpoint`, now on the gateway's clock.
    ///
    /// An IAM user signs with Signature Version 4 as the AWS SDKs do (``SigV4/sign(_:host:path:credentials:region:service:date:)``),
    /// for the host and path a client of `endpoint` names: its custom domain and path, else
    /// the API's execute-api host and `/{stage}{path}`, else the path the request came in with
    /// (``Endpoint/requestPath``). The request's own `Host` is replaced.
    public func credentialed(_ request: GatewayRequest, as caller: ProjectCaller, at endpoint: Endpoint) throws(CredentialFailure) -> GatewayRequest {
        switch caller {
        case .iamUser(let user):
            guard let api = project.api(named: endpoint.api) else { throw CredentialFailure("no API named '\(endpoint.api)'") }
            let host = endpoint.customDomainName ?? Self.executeAPIHost(for: api)
            let path = endpoint.requestPath ?? endpoint.customDomainPath ?? "/\(endpoint.stage)\(request.rawPath)"
            return SigV4.sign(request, host: host, path: path, credentials: user, date: environment.clock.now())
        case .poolUser:
            throw CredentialFailure("tokens of user pools are not available yet")
        }
    }
}

/// Why a request could not be given a caller's credentials.
public struct CredentialFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
