import Diagnostics
import PorticoMarkdown
import PorticoModel

extension ReferencePages {
    /// A WebSocket API's overview: selection expressions, base URLs, stages, routes with
    /// their integrations, authorizers and the architecture diagram, laid out like a REST
    /// API's overview.
    func webSocketOverview(_ layout: Layout, diagnostics: inout DiagnosticEngine) async -> GeneratedPage {
        let api = layout.api
        guard let webSocket = api.webSocketAPI else { return await overview(layout, diagnostics: &diagnostics) }
        var html = ReferenceHTML.heading(1, "overview", webSocket.name)
        if let description = webSocket.description ?? api.description { html += Self.markdown(description) }
        var facts: [(String, String)] = [
            ("Name in portico.yml", ReferenceHTML.code(api.name)),
            ("Type", "WebSocket API"),
            ("Definition", ReferenceHTML.code(api.definitionPath)),
            ("Route selection expression", ReferenceHTML.code(webSocket.routeSelectionExpression)),
        ]
        if let expression = webSocket.apiKeySelectionExpression { facts.append(("API key selection expression", ReferenceHTML.code(expression))) }
        html += ReferenceHTML.facts(facts)
        html += "<p>Each message is routed by evaluating the route selection expression on its JSON body: the route whose key equals the result answers it, else <code>$default</code>; a message that is not JSON goes to <code>$default</code>.</p>\n"

        html += stagesSection(api)
        html += usagePlansSection(api)

        html += ReferenceHTML.heading(2, "routes", "Routes")
        html += ReferenceHTML.table(["Route key", "Authorization", "Integration", "Target", "Route responses"], zip(webSocket.routes, layout.routeSlugs).map { route, slug in
            let integration = route.integrationName.flatMap(webSocket.integration(named:))
            return ["<a href=\"\(slug).html\">\(ReferenceHTML.code(route.routeKey))</a>", Self.authorization(route),
                    integration.map { ReferenceHTML.code($0.name) + " (\($0.integrationType.rawValue))" } ?? "none",
                    integration.map(Self.target) ?? "none",
                    route.routeResponses.isEmpty ? "none (one-way)" : route.routeResponses.map { ReferenceHTML.code($0.routeResponseKey) }.joined(separator: ", ")]
        })

        if !webSocket.authorizers.isEmpty {
            html += ReferenceHTML.heading(2, "authorizers", "Authorizers")
            html += ReferenceHTML.table(["Name", "Type", "Identity source", "Cache TTL", "Function"], webSocket.authorizers.map { authorizer in
                [ReferenceHTML.code(authorizer.name), authorizer.type.rawValue,
                 authorizer.identitySources.isEmpty ? "none" : authorizer.identitySources.map { ReferenceHTML.code($0.text) }.joined(separator: ", "),
                 authorizer.authorizerResultTtlInSeconds.map { $0 == 0 ? "no cache" : "\($0) s" } ?? "300 s (default)",
                 authorizer.functionName.map(ReferenceHTML.code) ?? authorizer.authorizerUri.map(ReferenceHTML.code) ?? "none"]
            })
        }
        html += await architectureSection(api, diagnostics: &diagnostics)
        let search = "\(webSocket.name) \(api.name) WebSocket \(webSocket.description ?? "") " + webSocket.routes.map(\.routeKey).joined(separator: " ")
        return GeneratedPage(path: layout.folder + "index.html", title: webSocket.name, description: webSocket.description, html: html, searchText: search)
    }

    /// NONE, AWS_IAM or CUSTOM with the authorizer's name; API key when required.
    static func authorization(_ route: WebSocketRoute) -> String {
        var text = route.authorizationType.rawValue
        if let name = route.authorizerName { text += " " + ReferenceHTML.code(name) }
        if route.apiKeyRequired { text += " · API key required" }
        return text
    }

    /// A project function, backend or the integration URI.
    static func target(_ integration: WebSocketIntegration) -> String {
        if let function = integration.functionName { return "function " + ReferenceHTML.code(function) }
        if let backend = integration.backendName { return "backend " + ReferenceHTML.code(backend) }
        return integration.integrationUri.map(ReferenceHTML.code) ?? "none"
    }

    /// One page per route: its settings, integration (templates highlighted) and route responses.
    func webSocketRoutePages(_ layout: Layout) -> [GeneratedPage] {
        guard let webSocket = layout.api.webSocketAPI else { return [] }
        return zip(webSocket.routes, layout.routeSlugs).map { route, slug in
            var html = "<p class=\"breadcrumb\"><a href=\"index.html\">\(webSocket.name.htmlEscaped)</a></p>\n"
            html += "<h1 id=\"route\">\(ReferenceHTML.code(route.routeKey))</h1>\n"
            html += "<p class=\"summary\">\(Self.routeRole(route.routeKey))</p>\n"
            var facts: [(String, String)] = [("Authorization", Self.authorization(route))]
            if let name = route.operationName { facts.append(("Operation name", ReferenceHTML.code(name))) }
            if let expression = route.modelSelectionExpression { facts.append(("Model selection expression", ReferenceHTML.code(expression))) }
            if !route.requestModels.isEmpty { facts.append(("Request models", ReferenceHTML.pairs(route.requestModels))) }
            facts.append(("Route response selection", route.routeResponseSelectionExpression.map(ReferenceHTML.code) ?? "none: the route sends no response"))
            html += ReferenceHTML.facts(facts)

            html += ReferenceHTML.heading(2, "integration", "Integration")
            if let integration = route.integrationName.flatMap(webSocket.integration(named:)) {
                html += webSocketIntegration(integration)
            } else {
                html += "<p>This route has no integration.</p>\n"
            }
            if !route.routeResponses.isEmpty {
                html += ReferenceHTML.heading(2, "route-responses", "Route responses")
                html += ReferenceHTML.table(["Key", "Model selection expression", "Response models"], route.routeResponses.map { response in
                    [ReferenceHTML.code(response.routeResponseKey), response.modelSelectionExpression.map(ReferenceHTML.code) ?? "none",
                     ReferenceHTML.pairs(response.responseModels)]
                })
            }
            let search = "\(route.routeKey) \(webSocket.name) WebSocket route \(route.operationName ?? "") \(route.integrationName ?? "")"
            return GeneratedPage(path: layout.folder + slug + ".html", title: "\(route.routeKey) · \(webSocket.name)", description: nil, html: html, searchText: search)
        }
    }

    /// What API Gateway uses a route key for (DG: websocket-api-develop-routes,
    /// apigateway-websocket-api-route-keys-connect-disconnect).
    static func routeRole(_ key: String) -> String {
        switch key {
        case "$connect": "Runs while the client opens the connection; the connection is established only if its integration succeeds."
        case "$disconnect": "Runs after the connection closes, on a best-effort basis."
        case "$default": "Answers messages whose route selection expression matches no other route, and messages that are not JSON."
        default: "Answers messages whose route selection expression evaluates to <code>\(key.htmlEscaped)</code>."
        }
    }

    func webSocketIntegration(_ integration: WebSocketIntegration) -> String {
        var facts: [(String, String)] = [("Name", ReferenceHTML.code(integration.name)), ("Type", integration.integrationType.rawValue),
                                         ("Target", Self.target(integration))]
        if let method = integration.integrationMethod { facts.append(("HTTP method", method.htmlEscaped)) }
        if let expression = integration.templateSelectionExpression { facts.append(("Template selection expression", ReferenceHTML.code(expression))) }
        if let passthrough = integration.passthroughBehavior { facts.append(("Passthrough behavior", passthrough.rawValue)) }
        if let handling = integration.contentHandlingStrategy { facts.append(("Content handling", handling.rawValue)) }
        if !integration.requestParameters.isEmpty { facts.append(("Request parameters", ReferenceHTML.pairs(integration.requestParameters))) }
        facts.append(("Timeout", "\(integration.timeoutInMillis) ms"))
        var html = ReferenceHTML.facts(facts)
        for template in integration.requestTemplates {
            html += "<p>Request template for \(ReferenceHTML.code(template.contentType))</p>\n"
            html += Highlighter.block(template.source, as: .vtl, label: "Request template for \(template.contentType)")
        }
        if !integration.integrationResponses.isEmpty {
            html += ReferenceHTML.heading(3, "integration-responses", "Integration responses")
            for response in integration.integrationResponses {
                html += "<p>\(ReferenceHTML.code(response.integrationResponseKey))"
                if let expression = response.templateSelectionExpression { html += ", templates selected by \(ReferenceHTML.code(expression))" }
                html += "</p>\n"
                for template in response.responseTemplates {
                    html += Highlighter.block(template.source, as: .vtl, label: "Response template for \(response.integrationResponseKey) \(template.contentType)")
                }
            }
        }
        return html
    }
}
