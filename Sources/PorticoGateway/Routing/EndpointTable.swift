import PorticoModel

/// How a request addressed its API and stage: what API Gateway's front end decides from the
/// host and the first path segments, before any stage of the pipeline runs.
public struct Endpoint: Sendable, Equatable {
    public var api: String
    public var stage: String
    /// The host the client named, without a port, when it was a custom domain name:
    /// `$context.domainName` (and `domainPrefix`, its first label). nil for the API's own
    /// execute-api host.
    public var customDomainName: String?
    /// Through a custom domain, the path exactly as the client sent it (without the query):
    /// AWS passes it as both the proxy event's `path` and `requestContext.path`, base path
    /// included and stage absent (localstack issue #12295 and PR #12296, verified against
    /// AWS).
    public var customDomainPath: String?
    /// The path of the request target exactly as the client sent it over HTTP (still
    /// percent-encoded, without the query): what a Signature Version 4 signature covers
    /// (`/prod/items` on an execute-api host, `/_gateway/orders/prod/items` on the docs
    /// server). nil for a request made in process, which is taken to be addressed to the API's
    /// execute-api host, at `/{stage}{path}`, or to its custom domain's path.
    public var requestPath: String?

    public init(api: String, stage: String, customDomainName: String? = nil, customDomainPath: String? = nil,
                requestPath: String? = nil) {
        self.api = api
        self.stage = stage
        self.customDomainName = customDomainName
        self.customDomainPath = customDomainPath
        self.requestPath = requestPath
    }
}

/// The hosts a project's gateway answers for, and how each maps a request to an API and stage:
///
/// - the execute-api hosts, `{apiId}.execute-api.{region}.amazonaws.com` and, for local
///   clients, `{apiId}.execute-api.localhost`: the first path segment names the stage;
/// - custom domain names (portico.yml `domains`): the longest base path mapping whose
///   segments begin the path, else the `(none)` mapping, names the API and stage.
///
/// A gateway host whose path names no stage or no mapping is answered 403
/// `{"message":"Forbidden"}` by API Gateway (see ``GatewayResponse/forbidden``).
public struct EndpointTable: Sendable {
    public enum Resolution: Sendable, Equatable {
        /// The request is for this endpoint; `path` is relative to the stage, query included.
        case endpoint(Endpoint, path: String)
        /// One of the gateway's hosts, but nothing behind this path; the reason is for logs.
        case forbidden(String)
        /// Not a host of this gateway.
        case unknownHost
    }

    private struct Mapping: Sendable {
        let segments: [Substring]
        let api: String
        let stage: String
    }

    /// API name and its stage names, by execute-api host.
    private let executeAPIHosts: [String: (api: String, stages: Set<String>)]
    /// Mappings by domain name, longest base path first, the root mapping last.
    private let domains: [String: [Mapping]]

    /// - Parameter facts: each API's identifiers by name (the gateway derives them once).
    public init(project: Project, facts allFacts: [String: APIFacts] = [:]) {
        var hosts: [String: (api: String, stages: Set<String>)] = [:]
        for api in project.apis {
            let facts = allFacts[api.name] ?? APIFacts(apiName: api.name)
            let stages = Set(api.stages.map(\.stageName))
            hosts[facts.host] = (api.name, stages)
            hosts["\(facts.apiId).execute-api.localhost"] = (api.name, stages)
        }
        executeAPIHosts = hosts
        var domains: [String: [Mapping]] = [:]
        for domain in project.domains {
            let mappings = domain.basePathMappings.map {
                Mapping(segments: $0.basePath.split(separator: "/"), api: $0.api, stage: $0.stage)
            }
            domains[domain.domainName.lowercased()] = mappings.sorted { $0.segments.count > $1.segments.count }
        }
        self.domains = domains
    }

    /// Whether `host` (a Host header, port allowed) is one the gateway answers for.
    public func answers(host: String) -> Bool {
        let name = Self.hostName(host)
        return executeAPIHosts[name] != nil || domains[name] != nil
    }

    /// - Parameters:
    ///   - host: the Host header (authority), possibly with a port.
    ///   - target: the request target as sent: path and query, percent-encoded.
    public func resolve(host: String, target: String) -> Resolution {
        let name = Self.hostName(host)
        let (path, query) = Self.split(target)
        if let api = executeAPIHosts[name] {
            // Slashes before the stage are skipped: `//stage/x` is stage `stage`, path `/x` (recorded
            // AWS response: LocalStack tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
            // test_lambda_aws_proxy_integration › invocation-payload-with-prepended-slash-to-stage,
            // whose requestContext.path is "/stage/proxy-value").
            var segments = path.drop { $0 == "/" }.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).makeIterator()
            guard let stage = segments.next().map(String.init), !stage.isEmpty else {
                return .forbidden("no stage in the path")
            }
            guard api.stages.contains(stage) else { return .forbidden("API '\(api.api)' has no stage '\(stage)'") }
            let rest = segments.next().map { "/" + $0 } ?? "/"
            return .endpoint(Endpoint(api: api.api, stage: stage, requestPath: String(path)), path: rest + query)
        }
        guard let mappings = domains[name] else { return .unknownHost }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for mapping in mappings where parts.starts(with: mapping.segments) {
            let rest = parts.dropFirst(mapping.segments.count)
            let relative = "/" + rest.joined(separator: "/")
            return .endpoint(Endpoint(api: mapping.api, stage: mapping.stage, customDomainName: name, customDomainPath: String(path),
                                      requestPath: String(path)),
                             path: relative + query)
        }
        return .forbidden("no base path mapping of '\(name)' matches \(path)")
    }

    /// The host name without port, lower-cased (host names are case-insensitive).
    static func hostName(_ host: String) -> String {
        let withoutPort = host.utf8.lastIndex(of: UInt8(ascii: ":")).map { String(host[..<$0]) } ?? host
        return withoutPort.lowercased()
    }

    /// `/prod/items?x=1` → (`/prod/items`, `?x=1`).
    static func split(_ target: String) -> (path: Substring, query: Substring) {
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (target[...], "") }
        return (target[..<mark], target[mark...])
    }
}
