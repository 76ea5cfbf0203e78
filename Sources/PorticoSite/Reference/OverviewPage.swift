import Diagnostics
import PorticoGateway
import PorticoMarkdown
import PorticoModel

/// Where clients reach a stage: the API's own execute-api URL, and every custom domain
/// whose base path mapping names the API and stage.
struct BaseURL: Sendable, Equatable {
    var url: String
    var stage: String
    /// `nil` for the execute-api host, else the custom domain's name.
    var domain: String?

    /// - REST: `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`.
    /// - HTTP: the same, but the `$default` stage has no stage segment (DG: http-api-stages).
    /// - WebSocket: `wss://…/{stage}` (DG: apigateway-how-to-call-websocket-api-wscat,
    ///   `wscat -c wss://aabbccddee.execute-api.us-east-1.amazonaws.com/test/`).
    /// - A custom domain: `https://{domainName}/{basePath}`, no path for an empty base path
    ///   (AWS CLI `create-base-path-mapping`: "the base path name that callers of the API
    ///   must provide as part of the URL after the domain name").
    static func all(for api: APIDeployment, in project: Project) -> [BaseURL] {
        let scheme = api.kind == .webSocket ? "wss" : "https"
        let host = Gateway.executeAPIHost(for: api)
        var urls = api.stages.map { stage in
            let segment = api.kind == .http && stage.stageName == "$default" ? "" : "/" + stage.stageName
            return BaseURL(url: "\(scheme)://\(host)\(segment)", stage: stage.stageName)
        }
        for domain in project.domains {
            for mapping in domain.basePathMappings where mapping.api == api.name {
                let path = mapping.basePath.isEmpty ? "" : "/" + mapping.basePath
                urls.append(BaseURL(url: "\(scheme)://\(domain.domainName)\(path)", stage: mapping.stage, domain: domain.domainName))
            }
        }
        return urls
    }
}

extension ReferencePages {
    /// The overview of a REST or HTTP API: facts, base URLs, stages with their settings,
    /// usage plans, routes, authorizers, models and the architecture diagram.
    func overview(_ layout: Layout, diagnostics: inout DiagnosticEngine) async -> GeneratedPage {
        let api = layout.api
        let definition = api.definition
        var html = ReferenceHTML.heading(1, "overview", definition.title)
        if let description = definition.description { html += Self.markdown(description) }
        var facts: [(String, String)] = [
            ("Name in portico.yml", ReferenceHTML.code(api.name)),
            ("Type", "\(api.kind.rawValue) API"),
            ("Endpoint type", api.endpointType.rawValue),
        ]
        if let version = definition.version { facts.append(("Version", version.htmlEscaped)) }
        facts.append(("Definition", ReferenceHTML.code(api.definitionPath)))
        if let declared = declaredAt(api.location) { facts.append(("Declared at", declared)) }
        if api.kind == .rest { facts.append(("API key source", definition.apiKeySource.rawValue)) }
        if !definition.binaryMediaTypes.isEmpty {
            facts.append(("Binary media types", definition.binaryMediaTypes.map(ReferenceHTML.code).joined(separator: ", ")))
        }
        if let cors = definition.cors { facts.append(("CORS", Self.corsSummary(cors))) }
        html += ReferenceHTML.facts(facts)

        html += stagesSection(api)
        html += usagePlansSection(api)

        let isHTTP = api.kind == .http
        html += ReferenceHTML.heading(2, "operations", isHTTP ? "Routes" : "Methods")
        var rows: [[String]] = []
        for (operation, slug) in zip(definition.operations, layout.operationSlugs) {
            let link = "<a href=\"\(slug).html\">\(ReferenceHTML.code(isHTTP ? operation.routeKey : operation.path))</a>"
            var integration = operation.integration.map { $0.type.rawValue } ?? "none"
            if isHTTP, let version = operation.integration?.payloadFormatVersion { integration += " (payload \(version.htmlEscaped))" }
            let method = "<span class=\"method method-\(operation.method.rawValue.lowercased())\">\(operation.method.rawValue)</span>"
            rows.append(isHTTP ? [link, (operation.summary ?? "").htmlEscaped, integration, Self.authorization(operation)]
                               : [method, link, (operation.summary ?? "").htmlEscaped, integration])
        }
        html += ReferenceHTML.table(isHTTP ? ["Route", "Summary", "Integration", "Authorization"] : ["Method", "Path", "Summary", "Integration"], rows)

        if !definition.authorizers.isEmpty { html += Self.authorizersTable(api, in: project, slugs: layout.operationSlugs) }
        if !definition.models.isEmpty { html += modelsSection(layout) }

        html += await architectureSection(api, diagnostics: &diagnostics)

        var search = "\(definition.title) \(api.name) \(definition.description ?? "") \(api.kind.rawValue) \(api.endpointType.rawValue) "
        search += api.stages.map(\.stageName).joined(separator: " ") + " " + definition.models.map(\.name).joined(separator: " ")
        return GeneratedPage(path: layout.folder + "index.html", title: definition.title, description: definition.description, html: html, searchText: search)
    }

    /// "NONE", "CUSTOM · authorizer `tokenAuth`", "JWT · authorizer `jwt` · scopes `read`";
    /// the authorizer's name links to the overview's table when `linked`.
    static func authorization(_ operation: Operation, linked: Bool = false) -> String {
        var text = operation.authorizationType.rawValue
        if let name = operation.authorizerName {
            text += " · authorizer " + (linked ? "<a href=\"index.html#authorizers\">\(ReferenceHTML.code(name))</a>" : ReferenceHTML.code(name))
        }
        if !operation.authorizationScopes.isEmpty { text += " · scopes " + operation.authorizationScopes.map(ReferenceHTML.code).joined(separator: ", ") }
        return text
    }

    static func corsSummary(_ cors: CORSConfiguration) -> String {
        var parts = ["origins " + (cors.allowOrigins.isEmpty ? "none" : cors.allowOrigins.map(ReferenceHTML.code).joined(separator: ", "))]
        if !cors.allowMethods.isEmpty { parts.append("methods " + cors.allowMethods.map(ReferenceHTML.code).joined(separator: ", ")) }
        if !cors.allowHeaders.isEmpty { parts.append("headers " + cors.allowHeaders.map(ReferenceHTML.code).joined(separator: ", ")) }
        if !cors.exposeHeaders.isEmpty { parts.append("exposes " + cors.exposeHeaders.map(ReferenceHTML.code).joined(separator: ", ")) }
        if cors.allowCredentials { parts.append("credentials allowed") }
        if let maxAge = cors.maxAge { parts.append("max age \(maxAge) s") }
        return parts.joined(separator: "<br>")
    }

    // MARK: Stages

    /// The base URLs, then each stage: variables, cache cluster, canary, logging and its
    /// method settings (throttling, caching, logging per `*/*` or `/path/METHOD`).
    func stagesSection(_ api: APIDeployment) -> String {
        let urls = BaseURL.all(for: api, in: project)
        var html = ReferenceHTML.heading(2, "base-urls", "Base URLs")
        html += ReferenceHTML.table(["Base URL", "Stage", "Through"], urls.map { url in
            [ReferenceHTML.code(url.url), "<a href=\"#\(Self.stageAnchor(url.stage).htmlEscaped)\">\(url.stage.htmlEscaped)</a>",
             url.domain.map { "custom domain " + ReferenceHTML.code($0) } ?? "the API's own endpoint"]
        })
        html += ReferenceHTML.heading(2, "stages", "Stages")
        if !ReleasePages.comparisons(of: api).isEmpty {
            html += "<p>A stage here has a canary, or stages run different deployments: <a href=\"releases.html\">what a release changes</a>.</p>\n"
        }
        for stage in api.stages {
            html += ReferenceHTML.heading(3, Self.stageAnchor(stage.stageName), "Stage \(stage.stageName)")
            if let description = stage.description { html += "<p>\(description.htmlEscaped)</p>\n" }
            var facts: [(String, String)] = [
                ("Base URL", urls.filter { $0.stage == stage.stageName }.map { ReferenceHTML.code($0.url) }.joined(separator: "<br>")),
                ("Stage variables", ReferenceHTML.pairs(stage.variables)),
            ]
            if let declared = declaredAt(stage.location) { facts.append(("Declared at", declared)) }
            if api.kind == .rest {
                facts.append(("Cache cluster", stage.cacheClusterEnabled ? "enabled" + (stage.cacheClusterSize.map { ", \($0.htmlEscaped) GB" } ?? "") : "disabled"))
                facts.append(("X-Ray tracing", stage.tracingEnabled ? "enabled" : "disabled"))
            }
            if let id = stage.deploymentId {
                facts.append(("Deployment", ReferenceHTML.code(id) + (api.deployment(id: id).map { " (" + ReferenceHTML.code($0.definitionPath) + ($0.description.map { ", " + $0.htmlEscaped } ?? "") + ")" } ?? "")))
            }
            if let log = stage.accessLogSettings {
                facts.append(("Access log", ReferenceHTML.code(log.format) + (log.destinationArn.map { " → " + ReferenceHTML.code($0) } ?? "")))
            }
            if let canary = stage.canarySettings {
                var text = "\(ReferenceHTML.number(canary.percentTraffic))% of requests"
                if !canary.stageVariableOverrides.isEmpty { text += ", with stage variables " + ReferenceHTML.pairs(canary.stageVariableOverrides) }
                text += canary.useStageCache ? ", using the stage cache" : ", not using the stage cache"
                if let id = canary.deploymentId { text += ", running deployment " + ReferenceHTML.code(id) }
                facts.append(("Canary", text))
            }
            html += ReferenceHTML.facts(facts)
            if !stage.methodSettings.isEmpty {
                html += ReferenceHTML.table(["Method settings", "Throttling", "Caching", "Logging and metrics"],
                                            stage.methodSettings.map(Self.methodSettingRow))
            }
        }
        return html
    }

    static func stageAnchor(_ name: String) -> String {
        "stage-" + name.lowercased().split { !($0.isLetter || $0.isNumber) }.joined(separator: "-")
    }

    static func methodSettingRow(_ setting: MethodSetting) -> [String] {
        let scope = setting.key == "*/*" ? "every method (<code>*/*</code>)" : ReferenceHTML.code(setting.key)
        var throttle: [String] = []
        if let rate = setting.throttlingRateLimit { throttle.append("\(ReferenceHTML.number(rate)) requests/s") }
        if let burst = setting.throttlingBurstLimit { throttle.append("burst \(burst)") }
        var cache: [String] = []
        if let enabled = setting.cachingEnabled { cache.append(enabled ? "enabled" : "disabled") }
        if let ttl = setting.cacheTtlInSeconds { cache.append("TTL \(ttl) s") }
        if setting.cacheDataEncrypted == true { cache.append("encrypted") }
        if let strategy = setting.unauthorizedCacheControlHeaderStrategy {
            cache.append((setting.requireAuthorizationForCacheControl == true ? "invalidation needs authorization, " : "") + "unauthorized: " + strategy.rawValue)
        }
        var logging: [String] = []
        if let level = setting.loggingLevel { logging.append("log level \(level.rawValue)") }
        if setting.dataTraceEnabled == true { logging.append("full request/response data") }
        if let metrics = setting.metricsEnabled { logging.append(metrics ? "detailed metrics" : "no detailed metrics") }
        func cell(_ parts: [String]) -> String { parts.isEmpty ? "inherited" : parts.joined(separator: ", ") }
        return [scope, cell(throttle), cell(cache), cell(logging)]
    }

    // MARK: Usage plans

    /// The usage plans that include a stage of the API, with their limits and the names of
    /// their API keys (never the keys' values), each linked to its page.
    func usagePlansSection(_ api: APIDeployment) -> String {
        let plans = project.usagePlans.filter { plan in plan.apiStages.contains { $0.api == api.name } }
        guard !plans.isEmpty else { return "" }
        var html = ReferenceHTML.heading(2, "usage-plans", "Usage plans")
        var rows: [[String]] = []
        for plan in plans {
            let stages = plan.apiStages.filter { $0.api == api.name }
            var perMethod: [String] = []
            for stage in stages {
                for key in stage.throttle.keys.sorted() {
                    perMethod.append("\(ReferenceHTML.code(key)) (\(stage.stage.htmlEscaped)): " + Self.throttleText(stage.throttle[key]!))
                }
            }
            let keys = project.apiKeys.filter { $0.usagePlans.contains(plan.name) }
                .map { ReferenceHTML.code($0.name) + ($0.enabled ? "" : " (disabled)") }
            var name = ReferenceHTML.code(plan.name)
            if let link = usagePlanLink(plan) { name = "<a href=\"\(link.htmlEscaped)\">\(name)</a>" }
            if let description = plan.description { name += "<br>" + description.htmlEscaped }
            rows.append([name, stages.map { $0.stage.htmlEscaped }.joined(separator: ", "),
                         plan.throttle.map(Self.throttleText) ?? "none", plan.quota.map(Self.quotaText) ?? "none",
                         perMethod.isEmpty ? "none" : perMethod.joined(separator: "<br>"),
                         keys.isEmpty ? "none" : keys.joined(separator: ", ")])
        }
        html += ReferenceHTML.table(["Plan", "Stages", "Throttle", "Quota", "Method throttles", "API keys"], rows)
        return html
    }

    static func throttleText(_ throttle: ThrottleSettings) -> String {
        var parts: [String] = []
        if let rate = throttle.rateLimit { parts.append("\(ReferenceHTML.number(rate)) requests/s") }
        if let burst = throttle.burstLimit { parts.append("burst \(burst)") }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    static func quotaText(_ quota: QuotaSettings) -> String {
        "\(quota.limit) requests per \(quota.period.rawValue.lowercased())" + (quota.offset == 0 ? "" : " (offset \(quota.offset))")
    }

    // MARK: Models and authorizers

    func modelsSection(_ layout: Layout) -> String {
        let rows = layout.api.definition.models.compactMap { model -> [String]? in
            guard let page = layout.modelPages[model.name] else { return nil }
            return ["<a href=\"\(page.htmlEscaped)\">\(model.name.htmlEscaped)</a>", ReferenceHTML.code(model.contentType),
                    (model.schema["description"]?.stringValue ?? model.schema["title"]?.stringValue ?? "").htmlEscaped]
        }
        return ReferenceHTML.heading(2, "models", "Models") + ReferenceHTML.table(["Model", "Content type", "Description"], rows)
    }

    /// The authorizers of an API: name, type, identity source, cache TTL and the routes that
    /// use each (a table notes can embed as well), with what each checks: a JWT's issuer and
    /// audience, a Lambda authorizer's function and payload version, a user pool.
    /// - Parameter rootRelative: links as `{{root}}`-less site paths, for a note's table
    ///   (`slugs` then hold the whole path without `.html`).
    static func authorizersTable(_ api: APIDeployment, in project: Project, slugs: [String], rootRelative: Bool = false) -> String {
        var rows: [[String]] = []
        for authorizer in api.definition.authorizers {
            let ttl: String
            if let seconds = authorizer.authorizerResultTtlInSeconds { ttl = seconds == 0 ? "no cache" : "\(seconds) s" }
            else if authorizer.type == .token || authorizer.type == .request { ttl = "300 s (default)" }
            else { ttl = "n/a" }
            let routes = zip(api.definition.operations, slugs).filter { $0.0.authorizerName == authorizer.name }
                .map { "<a href=\"\($0.1).html\">\(operationTitle($0.0, kind: api.kind).htmlEscaped)</a>" }
            var checks: [String] = []
            if let jwt = authorizer.jwtConfiguration {
                checks.append("issuer " + ReferenceHTML.code(jwt.issuer))
                checks.append("audience " + jwt.audience.map(ReferenceHTML.code).joined(separator: ", "))
            }
            if let function = authorizer.functionName { checks.append("Lambda function " + ReferenceHTML.code(function)) }
            if let version = authorizer.authorizerPayloadFormatVersion { checks.append("payload \(version.htmlEscaped)") }
            if authorizer.enableSimpleResponses == true { checks.append("simple responses") }
            if let expression = authorizer.identityValidationExpression { checks.append("token must match " + ReferenceHTML.code(expression)) }
            if !authorizer.providerARNs.isEmpty { checks.append("user pools " + authorizer.providerARNs.map(ReferenceHTML.code).joined(separator: ", ")) }
            if let declared = declaredAt(authorizer.location, in: project) { checks.append("declared at " + declared) }
            rows.append([ReferenceHTML.code(authorizer.name), authorizer.type.rawValue,
                         authorizer.identitySource.map(ReferenceHTML.code) ?? "none", ttl,
                         checks.isEmpty ? "" : checks.joined(separator: "<br>"),
                         routes.isEmpty ? "none" : routes.joined(separator: "<br>")])
        }
        return (rootRelative ? "" : ReferenceHTML.heading(2, "authorizers", "Authorizers"))
            + ReferenceHTML.table(["Name", "Type", "Identity source", "Cache TTL", "Checks", "Routes"], rows)
    }
}
