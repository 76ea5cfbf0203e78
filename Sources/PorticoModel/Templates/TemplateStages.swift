import Yams

/// Stage settings as CloudFormation and SAM write them (`AWS::ApiGateway::Stage`,
/// `AWS::Serverless::Api`, `AWS::ApiGatewayV2::Stage`, `AWS::Serverless::HttpApi`), in the
/// shape portico.yml's stages take (`aws apigateway get-stage`'s keys).
extension TemplateTranslation {
    /// A REST API stage: `Variables`, `MethodSettings` (a list of `{ResourcePath, HttpMethod,
    /// …}` where `/*` with `*` means every method), cache cluster, tracing, access log, canary.
    func restStage(named name: Node, _ properties: Node, description: Node? = nil) -> Node {
        var pairs: [(String, Node)] = [("stageName", name)]
        if let description { pairs.append(("description", description)) }
        if let variables = TemplateNode.value(properties, "Variables") { pairs.append(("variables", variables)) }
        let settings = TemplateNode.items(TemplateNode.value(properties, "MethodSettings")).compactMap(methodSetting)
        if !settings.isEmpty { pairs.append(("methodSettings", TemplateNode.mapping(settings, at: TemplateNode.value(properties, "MethodSettings")?.mark))) }
        for (key, portico) in [("CacheClusterEnabled", "cacheClusterEnabled"), ("CacheClusterSize", "cacheClusterSize"), ("TracingEnabled", "tracingEnabled")] {
            if let value = TemplateNode.value(properties, key) { pairs.append((portico, value)) }
        }
        if let log = TemplateNode.value(properties, "AccessLogSetting"), let format = TemplateNode.value(log, "Format") {
            pairs.append(("accessLogSettings", TemplateNode.mapping([("format", format)], at: log.mark)))
        }
        if let canary = TemplateNode.value(properties, "CanarySetting") {
            pairs.append(("canarySettings", TemplateNode.mapping(Self.renamed(canary, ["PercentTraffic": "percentTraffic",
                                                                                       "StageVariableOverrides": "stageVariableOverrides",
                                                                                       "UseStageCache": "useStageCache"]), at: canary.mark)))
        }
        return TemplateNode.mapping(pairs, at: name.mark)
    }

    /// One entry of `MethodSettings` as portico.yml keys it: `*/*`, or `/path/METHOD` (the
    /// resource path is written with `~1` for `/` in CloudFormation: `/~1pets/GET`).
    private func methodSetting(_ entry: Node) -> (String, Node)? {
        let written = TemplateNode.text(entry, "ResourcePath") ?? "/*"
        // `/~1orders~1{id}`: a slash, then the resource path with its own slashes escaped.
        let path = (written.hasPrefix("/~1") ? String(written.dropFirst()) : written).replacingOccurrences(of: "~1", with: "/")
        let method = TemplateNode.text(entry, "HttpMethod") ?? "*"
        let key = (path == "/*" || path == "*") && method == "*" ? "*/*" : "\(path)/\(method)"
        let fields = Self.renamed(entry, ["ThrottlingRateLimit": "throttlingRateLimit", "ThrottlingBurstLimit": "throttlingBurstLimit",
                                          "CachingEnabled": "cachingEnabled", "CacheTtlInSeconds": "cacheTtlInSeconds",
                                          "CacheDataEncrypted": "cacheDataEncrypted", "MetricsEnabled": "metricsEnabled",
                                          "LoggingLevel": "loggingLevel", "DataTraceEnabled": "dataTraceEnabled"])
        return (key, TemplateNode.mapping(fields, at: entry.mark))
    }

    /// An HTTP API stage: `StageVariables`, `DefaultRouteSettings`, `RouteSettings`, `AutoDeploy`.
    func httpStage(named name: Node, _ properties: Node, variablesKey: String = "StageVariables") -> Node {
        var pairs: [(String, Node)] = [("stageName", name)]
        if let variables = TemplateNode.value(properties, variablesKey) { pairs.append(("variables", variables)) }
        let routeKeys = ["ThrottlingRateLimit": "throttlingRateLimit", "ThrottlingBurstLimit": "throttlingBurstLimit",
                         "DetailedMetricsEnabled": "detailedMetricsEnabled", "LoggingLevel": "loggingLevel", "DataTraceEnabled": "dataTraceEnabled"]
        if let defaults = TemplateNode.value(properties, "DefaultRouteSettings") {
            pairs.append(("defaultRouteSettings", TemplateNode.mapping(Self.renamed(defaults, routeKeys), at: defaults.mark)))
        }
        if let routes = TemplateNode.value(properties, "RouteSettings") {
            pairs.append(("routeSettings", TemplateNode.mapping(TemplateNode.pairs(routes).map {
                ($0.key, TemplateNode.mapping(Self.renamed($0.value, routeKeys), at: $0.value.mark))
            }, at: routes.mark)))
        }
        if let autoDeploy = TemplateNode.value(properties, "AutoDeploy") { pairs.append(("autoDeploy", autoDeploy)) }
        return TemplateNode.mapping(pairs, at: name.mark)
    }

    /// The pairs of `node` whose keys `names` renames, in the node's order; others are left out.
    static func renamed(_ node: Node, _ names: [String: String]) -> [(String, Node)] {
        TemplateNode.pairs(node).compactMap { pair in names[pair.key].map { ($0, pair.value) } }
    }
}
