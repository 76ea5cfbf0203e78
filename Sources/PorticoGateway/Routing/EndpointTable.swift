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
    /// Through a custom domain, the base path of the mapping the request matched (`v1/orders`;
    /// empty for the mapping with no base path): `$context.customDomain.basePathMatched`.
    public var customDomainBasePath: String?
    /// The VPC endpoint (`vpce-…`) the request came through; nil for a request from the
    /// internet. A PRIVATE API answers only requests that have one (DG: apigateway-private-apis).
    public var sourceVpce: String?

    /// The path of the request target exactly as the client sent it over HTTP (still
    /// percent-encoded, without the query): what a Signature Version 4 signature covers
    /// (`/prod/items` on an execute-api host, `/_gateway/orders/prod/items` on the docs
    /// server). nil for a request made in process, which is taken to be addressed to the API's
    /// execute-api host, at `/{stage}{path}`, or to its custom domain's path.
    public var requestPath: String?
    /// The channel of a stage with a canary the request is pinned to (an example block's
    /// `canary=true|false`, `invoke --canary|--main`); nil: chosen at random as AWS does.
    public var channel: ReleaseChannel?

    public init(api: String, stage: String, customDomainName: String? = nil, customDomainPath: String? = nil,
                requestPath: String? = nil, sourceVpce: String? = nil, channel: ReleaseChannel? = nil) {
        self.api = api
        self.stage = stage
        self.channel = channel
        self.customDomainName = customDomainName
        self.customDomainPath = customDomainPath
        self.sourceVpce = sourceVpce
        self.requestPath = requestPath
    }
}

/// The hosts a project's gateway answers for, and how each maps a request to an API and stage:
///
/// - the execute-api hosts, `{apiId}.execute-api.{region}.amazonaws.com` and, for local
///   clients, `{apiId}.execute-api.localhost`: the first path segment names the stage;
/// - a PRIVATE API's names through its associated VPC endpoints (`vpcEndpointIds`),
///   `{apiId}-{vpceId}.execute-api.{region}.amazonaws.com` and `{apiId}-{vpceId}.execute-api.localhost`:
///   the same, through that endpoint (DG: apigateway-private-api-test-invoke-url, "Route53 alias");
/// - a declared VPC endpoint's own DNS name, `{vpceId}-….execute-api.{region}.vpce.amazonaws.com`
///   and `{vpceId}.execute-api.vpce.localhost`: through that endpoint, to the API the
///   `x-apigw-api-id` header names (same page, "endpoint-specific public DNS hostnames");
/// - custom domain names (portico.yml `domains`): the longest base path mapping whose
///   segments begin the path, else the `(none)` mapping, names the API and stage.
///
/// A gateway host whose path names no stage or no mapping is answered 403
/// `{"message":"Forbidden"}` by API Gateway (see ``GatewayResponse/forbidden``); so is, here,
/// a VPC endpoint's name that cannot reach an API (see ``resolve(host:target:apiIdHeader:)``).
public struct EndpointTable: Sendable {
    public enum Resolution: Sendable, Equatable {
        /// The request is for this endpoint; `path` is relative to the stage, query included.
        case endpoint(Endpoint, path: String)
        /// One of the gateway's hosts, but nothing behind this path; the reason is for logs.
        case forbidden(String)
        /// An HTTP API's host whose path names none of its stages, the API having no
        /// `$default` stage: answered 404 ``GatewayResponse/httpNotFound``, HTTP API style.
        case notFound(String)
        /// Not a host of this gateway.
        case unknownHost
    }

    private struct Mapping: Sendable {
        let segments: [Substring]
        let api: String
        let stage: String
    }

    /// An API a host leads to: its name, its stages, and the VPC endpoint the host goes through.
    private struct HostedAPI: Sendable {
        let api: String
        let stages: Set<String>
        let isHTTPAPI: Bool
        var sourceVpce: String?
    }

    /// APIs by execute-api host (their own, and a PRIVATE API's `{apiId}-{vpceId}` names).
    private let executeAPIHosts: [String: HostedAPI]
    /// APIs by id, for the `x-apigw-api-id` header.
    private let apisById: [String: HostedAPI]
    /// The declared VPC endpoints, whose own DNS names the gateway answers.
    private let vpcEndpoints: Set<String>
    /// Mappings by domain name, longest base path first, the root mapping last.
    private let domains: [String: [Mapping]]

    /// - Parameter facts: each API's identifiers by name (the gateway derives them once).
    public init(project: Project, facts allFacts: [String: APIFacts] = [:]) {
        var hosts: [String: HostedAPI] = [:]
        var byId: [String: HostedAPI] = [:]
        for api in project.apis {
            let facts = allFacts[api.name] ?? APIFacts(apiName: api.name)
            let hosted = HostedAPI(api: api.name, stages: Set(api.stages.map(\.stageName)), isHTTPAPI: api.kind == .http)
            hosts[facts.host] = hosted
            hosts["\(facts.apiId).execute-api.localhost"] = hosted
            byId[facts.apiId] = hosted
            for vpce in api.vpcEndpointIds {
                var through = hosted
                through.sourceVpce = vpce
                hosts["\(facts.apiId)-\(vpce).execute-api.\(Gateway.region).amazonaws.com"] = through
                hosts["\(facts.apiId)-\(vpce).execute-api.localhost"] = through
            }
        }
        executeAPIHosts = hosts
        apisById = byId
        vpcEndpoints = Set(project.vpcEndpoints.map(\.vpcEndpointId))
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
        return executeAPIHosts[name] != nil || domains[name] != nil || Self.vpcEndpointId(inHost: name) != nil
    }

    /// - Parameters:
    ///   - host: the Host header (authority), possibly with a port.
    ///   - target: the request target as sent: path and query, percent-encoded.
    ///   - apiIdHeader: the request's `x-apigw-api-id`, read only for a VPC endpoint's own name.
    public func resolve(host: String, target: String, apiIdHeader: @autoclosure () -> String? = nil) -> Resolution {
        let name = Self.hostName(host)
        let (path, query) = Self.split(target)
        if let api = executeAPIHosts[name] {
            return stage(of: api, path: path, query: query)
        }
        if let mappings = domains[name] {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            for mapping in mappings where parts.starts(with: mapping.segments) {
                let rest = parts.dropFirst(mapping.segments.count)
                let relative = "/" + rest.joined(separator: "/")
                var endpoint = Endpoint(api: mapping.api, stage: mapping.stage, customDomainName: name, customDomainPath: String(path),
                                        requestPath: String(path))
                endpoint.customDomainBasePath = mapping.segments.joined(separator: "/")
                return .endpoint(endpoint, path: relative + query)
            }
            return .forbidden("no base path mapping of '\(name)' matches \(path)")
        }
        if let vpce = Self.vpcEndpointId(inHost: name) {
            guard vpcEndpoints.contains(vpce) else {
                return .forbidden("no VPC endpoint '\(vpce)' is declared (vpcEndpoints in portico.yml)")
            }
            // The endpoint's own name reaches every private API; the header says which
            // (DG: apigateway-private-api-test-invoke-url).
            guard let id = apiIdHeader(), !id.isEmpty else {
                return .forbidden("a request to VPC endpoint \(vpce)'s own name names its API with the x-apigw-api-id header")
            }
            guard var api = apisById[id] else { return .forbidden("x-apigw-api-id '\(id)' names no API of the project") }
            api.sourceVpce = vpce
            return stage(of: api, path: path, query: query)
        }
        if let (apiId, vpce) = Self.unassociatedAlias(name), let api = apisById[apiId] {
            // AWS creates `{apiId}-{vpceId}` names only for the API's vpcEndpointIds.
            return .forbidden("VPC endpoint '\(vpce)' is not associated with API '\(api.api)' (vpcEndpointIds), so it has no host name '\(name)'")
        }
        return .unknownHost
    }

    /// The stage from the first path segment of an execute-api host's path.
    private func stage(of api: HostedAPI, path: Substring, query: Substring) -> Resolution {
        // Slashes before the stage are skipped: `//stage/x` is stage `stage`, path `/x` (recorded
        // AWS response: LocalStack tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
        // test_lambda_aws_proxy_integration › invocation-payload-with-prepended-slash-to-stage,
        // whose requestContext.path is "/stage/proxy-value").
        var segments = path.drop { $0 == "/" }.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).makeIterator()
        let first = segments.next().map(String.init)
        guard let stage = first, !stage.isEmpty, api.stages.contains(stage) else {
            // An HTTP API's `$default` stage is served at the root: a path that names no
            // stage goes to it (DG: http-api-develop-routes, "Routing API requests").
            if api.stages.contains(Self.defaultStage) {
                return .endpoint(Endpoint(api: api.api, stage: Self.defaultStage, requestPath: String(path), sourceVpce: api.sourceVpce),
                                 path: (path.isEmpty ? "/" : String(path)) + query)
            }
            guard let stage = first, !stage.isEmpty else {
                return api.isHTTPAPI ? .notFound("no stage in the path, and the HTTP API has no $default stage") : .forbidden("no stage in the path")
            }
            return api.isHTTPAPI ? .notFound("HTTP API '\(api.api)' has no stage '\(stage)' and no $default stage")
                : .forbidden("API '\(api.api)' has no stage '\(stage)'")
        }
        let rest = segments.next().map { "/" + $0 } ?? "/"
        return .endpoint(Endpoint(api: api.api, stage: stage, requestPath: String(path), sourceVpce: api.sourceVpce), path: rest + query)
    }

    /// The name of an HTTP API's stage served at the API's root (DG: http-api-stages).
    static let defaultStage = "$default"

    /// The VPC endpoint id of a VPC endpoint's own DNS name (`vpce-0123…-abcd.execute-api.us-east-1.vpce.amazonaws.com`,
    /// `vpce-0123….execute-api.vpce.localhost`), nil for any other name.
    static func vpcEndpointId(inHost name: String) -> String? {
        guard name.hasPrefix("vpce-"), let dot = name.firstIndex(of: ".") else { return nil }
        let rest = name[dot...]
        guard rest == ".execute-api.vpce.localhost" || rest == ".execute-api.\(Gateway.region).vpce.amazonaws.com" else { return nil }
        // `vpce-{hex}` and, in AWS's names, a `-{suffix}` of its own.
        let label = name[name.index(name.startIndex, offsetBy: 5)..<dot]
        let id = label.prefix { $0 != "-" }
        return id.isEmpty ? nil : "vpce-" + id
    }

    /// `{apiId}-{vpceId}` execute-api names, split; nil for any other name.
    ///
    /// Every request whose host is no gateway name (those of the docs server's
    /// `/_gateway/{api}/{stage}` addresses among them) ends here, so the cheap test comes first
    /// and nothing is searched with Foundation (whose `range(of:)` bridged the name to an
    /// NSString on every such request: about a microsecond of the served MOCK path).
    static func unassociatedAlias(_ name: String) -> (apiId: String, vpce: String)? {
        guard let dot = name.utf8.firstIndex(of: UInt8(ascii: ".")) else { return nil }
        let domain = name[dot...]
        guard domain == ".execute-api.localhost" || domain == executeAPIDomain else { return nil }
        let label = name[..<dot]
        guard let mark = label.firstRange(of: "-vpce-") else { return nil }
        return (String(label[..<mark.lowerBound]), "vpce-" + label[mark.upperBound...])
    }

    /// `.execute-api.{region}.amazonaws.com`, written once.
    static let executeAPIDomain = ".execute-api.\(Gateway.region).amazonaws.com"

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
