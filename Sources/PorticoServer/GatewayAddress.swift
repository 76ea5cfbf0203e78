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
/// - for a PRIVATE API, through a VPC endpoint of portico.yml: by the API's name through it,
///   `{apiId}-{vpceId}.execute-api.localhost[:port]`, or by the endpoint's own name and the
///   `x-apigw-api-id` header (`curl -H 'x-apigw-api-id: {apiId}' http://vpce-0123456789abcdef0.execute-api.vpce.localhost:8080/prod/items`),
///   or by any of the other forms with an `X-Portico-Source-Vpce` header (the gateway's
///   `SimulatorHeaders`);
/// - by path on the docs server itself, `/_gateway/{api-name}/{stage}/…`
///   (`curl http://127.0.0.1:8080/_gateway/orders/prod/items/42`).
public enum GatewayAddress: Sendable, Equatable {
    /// The request is for this API and stage; `path` is relative to the stage, query included.
    case endpoint(Endpoint, path: String)
    /// A host of the gateway with nothing behind the path: API Gateway's 403 Forbidden.
    case forbidden
    /// An HTTP API's host with none of its stages behind the path: 404 Not Found.
    case notFound

    public static let pathPrefix = "/_gateway/"

    /// The path form on the docs server, `/_gateway/{api-name}/{stage}/…`.
    public static func api(_ api: String, stage: String, path: String, requestPath: String? = nil) -> GatewayAddress {
        .endpoint(Endpoint(api: api, stage: stage, requestPath: requestPath), path: path)
    }

    /// - Parameters:
    ///   - host: the Host header (authority), possibly with a port.
    ///   - target: the request target as sent: path and query, percent-encoded.
    ///   - endpoints: the gateway's hosts (execute-api hosts and custom domain names).
    ///   - apiIdHeader: the request's `x-apigw-api-id`, read only for a VPC endpoint's own name.
    public static func find(host: String?, target: String, endpoints: EndpointTable,
                            apiIdHeader: @autoclosure () -> String? = nil) -> GatewayAddress? {
        if let host {
            switch endpoints.resolve(host: host, target: target, apiIdHeader: apiIdHeader()) {
            case .endpoint(let endpoint, let path): return .endpoint(endpoint, path: path)
            case .forbidden: return .forbidden
            case .notFound: return .notFound
            case .unknownHost: break
            }
        }
        // Read as bytes: this runs for every request the server gets, site pages included.
        let bytes = target.utf8
        guard bytes.starts(with: pathPrefix.utf8) else { return nil }
        let apiStart = bytes.index(bytes.startIndex, offsetBy: pathPrefix.utf8.count)
        let apiEnd = segmentEnd(bytes, from: apiStart)
        guard apiEnd > apiStart, apiEnd < bytes.endIndex, bytes[apiEnd] == UInt8(ascii: "/") else { return nil }
        let stageStart = bytes.index(after: apiEnd)
        let stageEnd = segmentEnd(bytes, from: stageStart)
        guard stageEnd > stageStart else { return nil }
        // `/prod/items/42?x=1` → "/items/42?x=1"; `/prod` → "/"; `/prod?x=1` → "/?x=1".
        let rest = target[stageEnd...]
        let path = rest.utf8.first == UInt8(ascii: "/") ? String(rest) : "/" + rest
        // The whole path is what a SigV4 signature of this request covers.
        let requestPath = target.utf8.firstIndex(of: UInt8(ascii: "?")).map { String(target[..<$0]) } ?? target
        return .api(String(target[apiStart..<apiEnd]), stage: String(target[stageStart..<stageEnd]), path: path,
                    requestPath: requestPath)
    }

    /// Where the path segment starting at `start` ends: at the next `/` or `?`, or the end.
    private static func segmentEnd(_ bytes: String.UTF8View, from start: String.Index) -> String.Index {
        bytes[start...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? bytes.endIndex
    }
}
