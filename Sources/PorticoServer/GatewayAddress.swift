import PorticoGateway
import PorticoModel

/// Where a request to the server is aimed at the simulated gateway, found the way a real
/// client finds API Gateway:
///
/// - by host, `{apiId}.execute-api.localhost[:port]` or
///   `{apiId}.execute-api.us-east-1.amazonaws.com`, with the stage as the first path segment
///   (`curl http://4qnt0bfmj9.execute-api.localhost:8080/prod/items/42`);
/// - by a custom domain name of portico.yml, through its base path mappings
///   (`curl -H 'Host: api.example.com' http://127.0.0.1:8080/orders/items/42`);
/// - by path on the docs server itself, `/_gateway/{api-name}/{stage}/…`
///   (`curl http://127.0.0.1:8080/_gateway/orders/prod/items/42`).
public enum GatewayAddress: Sendable, Equatable {
    /// The request is for this API and stage; `path` is relative to the stage, query included.
    case endpoint(Endpoint, path: String)
    /// A host of the gateway with nothing behind the path: API Gateway's 403 Forbidden.
    case forbidden

    public static let pathPrefix = "/_gateway/"

    /// The path form on the docs server, `/_gateway/{api-name}/{stage}/…`.
    public static func api(_ api: String, stage: String, path: String) -> GatewayAddress {
        .endpoint(Endpoint(api: api, stage: stage), path: path)
    }

    /// - Parameters:
    ///   - host: the Host header (authority), possibly with a port.
    ///   - target: the request target as sent: path and query, percent-encoded.
    ///   - endpoints: the gateway's hosts (execute-api hosts and custom domain names).
    public static func find(host: String?, target: String, endpoints: EndpointTable) -> GatewayAddress? {
        if let host {
            switch endpoints.resolve(host: host, target: target) {
            case .endpoint(let endpoint, let path): return .endpoint(endpoint, path: path)
            case .forbidden: return .forbidden
            case .unknownHost: break
            }
        }
        guard target.hasPrefix(pathPrefix) else { return nil }
        let remainder = target.dropFirst(pathPrefix.count)
        let slash = remainder.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? remainder.endIndex
        let api = String(remainder[..<slash])
        guard !api.isEmpty else { return nil }
        let (stage, rest) = splitStage(String(remainder[slash...]))
        guard let stage else { return nil }
        return .api(api, stage: stage, path: rest)
    }

    /// `/prod/items/42?x=1` → ("prod", "/items/42?x=1"); `/prod` → ("prod", "/").
    private static func splitStage(_ target: String) -> (String?, String) {
        guard target.hasPrefix("/") else { return (nil, "/") }
        let body = target.dropFirst()
        let end = body.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? body.endIndex
        let stage = String(body[..<end])
        guard !stage.isEmpty else { return (nil, "/") }
        var rest = String(body[end...])
        if rest.isEmpty || rest.hasPrefix("?") { rest = "/" + rest }
        return (stage, rest)
    }
}
