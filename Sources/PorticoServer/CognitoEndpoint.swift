import Foundation
import HTTPTypes
import Hummingbird
import PorticoGateway

/// Where a request to the server is aimed at the project's Cognito user pools, found the way
/// a client finds Cognito (API reference: Amazon Cognito user pools endpoints):
///
/// - by host, `cognito-idp.{region}.amazonaws.com` (or any host whose first label is
///   `cognito-idp`, such as `cognito-idp.localhost`): `GET /{userPoolId}/.well-known/jwks.json`,
///   and API calls `POST /`;
/// - by path on the docs server, `/_cognito/{userPoolId}/.well-known/jwks.json` and
///   `POST /_cognito/`;
/// - an API call on any host: `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.…`,
///   what an SDK sends to the endpoint it is given
///   (`boto3.client("cognito-idp", endpoint_url="http://127.0.0.1:8080")`).
public enum CognitoAddress: Sendable, Equatable {
    /// An API call (InitiateAuth).
    case api
    /// A pool's key set.
    case keySet(userPoolId: String)
    /// A Cognito host or path with nothing behind it.
    case notFound

    public static let pathPrefix = "/_cognito"

    public static func find(method: String, host: String?, path: String, target: String?) -> CognitoAddress? {
        let relative: Substring
        if let host, host.split(separator: ".", maxSplits: 1).first?.lowercased() == "cognito-idp" {
            relative = Substring(path)
        } else if path == pathPrefix || path.hasPrefix(pathPrefix + "/") {
            relative = path.dropFirst(pathPrefix.count)
        } else if method == "POST", path == "/", target?.hasPrefix(CognitoIdentityProvider.targetPrefix) == true {
            return .api
        } else {
            return nil
        }
        if method == "POST", relative == "/" || relative.isEmpty { return .api }
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        // "", "{userPoolId}", ".well-known", "jwks.json"
        if method == "GET" || method == "HEAD", parts.count == 4, parts[0].isEmpty, !parts[1].isEmpty,
           parts[2] == ".well-known", parts[3] == "jwks.json" {
            return .keySet(userPoolId: String(parts[1]))
        }
        return .notFound
    }
}

/// Answers ``CognitoAddress`` requests from the served gateway's user pools, in front of the
/// site: InitiateAuth signs users in with the passwords of portico.yml, and the key set lets
/// any JWT library verify the tokens.
struct CognitoMiddleware<Context: Hummingbird.RequestContext>: RouterMiddleware {
    let live: LiveGateway

    /// The largest API call read: Cognito's requests are small.
    static var maximumBodyBytes: Int { 1 << 20 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let address = CognitoAddress.find(method: request.method.rawValue, host: request.head.authority, path: request.uri.path,
                                                target: request.headers[HTTPField.Name("X-Amz-Target")!])
        else { return try await next(request, context) }
        let gateway = live.gateway
        let provider = CognitoIdentityProvider(pools: gateway.environment.userPools)
        let reply: CognitoIdentityProvider.Reply
        switch address {
        case .api:
            var request = request
            let body = try await request.collectBody(upTo: Self.maximumBodyBytes)
            var ids = IdentifierGenerator(seed: UInt64.random(in: .min ... .max))
            reply = provider.call(target: request.headers[HTTPField.Name("X-Amz-Target")!], body: Array(body.readableBytesView),
                                  now: gateway.environment.clock.now(), ids: &ids)
        case .keySet(let id):
            reply = provider.keySet(ofPool: id)
        case .notFound:
            reply = CognitoIdentityProvider.Reply(status: 404, headers: [HTTPHeader("Content-Type", "application/json")],
                                                  body: "{\"message\":\"Not Found\"}")
        }
        var fields = HTTPFields()
        for header in reply.headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        return Response(status: .init(code: reply.status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: reply.body)))
    }
}
