import PorticoGateway
import PorticoModel

/// Where a request to the server is aimed at the simulated gateway, found the way a real
/// client finds API Gateway:
///
/// - by host, `{apiId}.execute-api.localhost[:port]` or
///   `{apiId}.execute-api.us-east-1.amazonaws.com`, with the stage as the first path segment
///   (`curl http://4qnt0bfmj9.execute-api.localhost:8080/prod/items/42`);
/// - by path on the docs server itself, `/_gateway/{api-name}/{stage}/…`
///   (`curl http://127.0.0.1:8080/_gateway/orders/prod/items/42`).
public struct GatewayAddress: Sendable, Equatable {
    public var api: String
    public var stage: String
    /// The path relative to the stage, with its query string.
    public var path: String

    public static let pathPrefix = "/_gateway/"

    public init(api: String, stage: String, path: String) {
        self.api = api
        self.stage = stage
        self.path = path
    }

    /// - Parameters:
    ///   - host: the Host header (authority), possibly with a port.
    ///   - target: the request target as sent: path and query, percent-encoded.
    public static func find(host: String?, target: String, project: Project) -> GatewayAddress? {
        if let host, let api = apiForHost(host, project: project) {
            let (stage, rest) = splitStage(target)
            guard let stage else { return nil }
            return GatewayAddress(api: api, stage: stage, path: rest)
        }
        guard target.hasPrefix(pathPrefix) else { return nil }
        let remainder = target.dropFirst(pathPrefix.count)
        guard let slash = remainder.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? Optional(remainder.endIndex) else { return nil }
        let api = String(remainder[..<slash])
        guard !api.isEmpty else { return nil }
        let (stage, rest) = splitStage(String(remainder[slash...]))
        guard let stage else { return nil }
        return GatewayAddress(api: api, stage: stage, path: rest)
    }

    private static func apiForHost(_ host: String, project: Project) -> String? {
        let name = host.split(separator: ":").first.map { $0.lowercased() } ?? ""
        for api in project.apis {
            let id = apiIdentifier(for: api.name)
            if name == "\(id).execute-api.localhost" || name == Gateway.executeAPIHost(for: api) { return api.name }
        }
        return nil
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
