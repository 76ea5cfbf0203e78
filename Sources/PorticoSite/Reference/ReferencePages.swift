import Diagnostics
import PorticoDiagrams
import PorticoGateway
import PorticoMarkdown
import PorticoModel

/// A page the site generates rather than reads: reference pages, the reference index.
struct GeneratedPage: Sendable {
    var path: String
    var title: String
    var description: String?
    var html: String
    /// Plain text for the search index.
    var searchText: String
}

/// The reference of every API, from the model: an overview per API (type, endpoint type,
/// base URL per stage, stage variables, its operations and an architecture diagram) and one
/// page per route and method. Pages link to one another; nothing is inlined recursively, so a
/// 200-operation API makes 201 small pages.
struct ReferencePages: Sendable {
    let project: Project
    let diagrams: GraphvizRenderer

    static let folder = "reference/"

    /// `GET /items/{id}` → `get-items-id`; unique within the API.
    static func operationSlugs(_ api: APIDeployment) -> [String] {
        var used: [String: Int] = [:]
        return api.definition.operations.map { operation in
            var slug = operation.method.rawValue.lowercased()
            var dash = true
            for character in operation.path.lowercased() {
                if character.isLetter || character.isNumber {
                    if dash { slug += "-" }
                    slug.append(character)
                    dash = false
                } else if character == "+" {
                    slug += "-plus"
                } else {
                    dash = true
                }
            }
            if operation.path == "/" { slug += "-root" }
            let count = used[slug, default: 0]
            used[slug] = count + 1
            return count == 0 ? slug : "\(slug)-\(count + 1)"
        }
    }

    static func apiFolder(_ api: APIDeployment) -> String { folder + slug(api.name) + "/" }

    static func slug(_ name: String) -> String {
        String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    /// The "API reference" section of the sidebar.
    func navigation() -> Navigation.Node? {
        guard !project.apis.isEmpty else { return nil }
        var section = Navigation.Node(title: "API reference", href: Self.folder + "index.html", folder: Self.folder, order: Int.max)
        for api in project.apis {
            let folder = Self.apiFolder(api)
            var node = Navigation.Node(title: api.definition.title, href: folder + "index.html", folder: folder)
            for (operation, slug) in zip(api.definition.operations, Self.operationSlugs(api)) {
                node.children.append(Navigation.Node(title: "\(operation.method.rawValue) \(operation.path)", href: folder + slug + ".html"))
            }
            section.children.append(node)
        }
        return section
    }

    /// Every page path, for link checking before the pages are drawn.
    func paths() -> [String] {
        guard !project.apis.isEmpty else { return [] }
        var paths = [Self.folder + "index.html"]
        for api in project.apis {
            paths.append(Self.apiFolder(api) + "index.html")
            paths += Self.operationSlugs(api).map { Self.apiFolder(api) + $0 + ".html" }
        }
        return paths
    }

    func pages(diagnostics: inout DiagnosticEngine) async -> [GeneratedPage] {
        guard !project.apis.isEmpty else { return [] }
        var pages: [GeneratedPage] = []
        var index = "<h1 id=\"api-reference\">API reference</h1>\n<table>\n<thead><tr><th scope=\"col\">API</th><th scope=\"col\">Type</th><th scope=\"col\">Endpoint</th><th scope=\"col\">Operations</th></tr></thead>\n<tbody>\n"
        for api in project.apis {
            index += "<tr><td><a href=\"\(Self.slug(api.name))/index.html\">\(api.definition.title.htmlEscaped)</a> <code>\(api.name.htmlEscaped)</code></td><td>REST</td><td>\(api.endpointType.rawValue)</td><td>\(api.definition.operations.count)</td></tr>\n"
        }
        index += "</tbody>\n</table>\n"
        pages.append(GeneratedPage(path: Self.folder + "index.html", title: "API reference", description: nil, html: index,
                                   searchText: "API reference " + project.apis.map { "\($0.name) \($0.definition.title)" }.joined(separator: " ")))
        for api in project.apis {
            pages.append(await overview(api, diagnostics: &diagnostics))
            for (operation, slug) in zip(api.definition.operations, Self.operationSlugs(api)) {
                pages.append(self.operation(operation, slug: slug, api: api))
            }
        }
        return pages
    }

    // MARK: Overview

    func overview(_ api: APIDeployment, diagnostics: inout DiagnosticEngine) async -> GeneratedPage {
        let definition = api.definition
        var html = "<h1 id=\"overview\">\(definition.title.htmlEscaped)</h1>\n"
        if let description = definition.description { html += Self.markdown(description) }
        html += "<table class=\"facts\">\n<tbody>\n"
        html += "<tr><th scope=\"row\">Name in portico.yml</th><td><code>\(api.name.htmlEscaped)</code></td></tr>\n"
        html += "<tr><th scope=\"row\">Type</th><td>\(api.kind.rawValue) API</td></tr>\n"
        html += "<tr><th scope=\"row\">Endpoint type</th><td>\(api.endpointType.rawValue)</td></tr>\n"
        if let version = definition.version { html += "<tr><th scope=\"row\">Version</th><td>\(version.htmlEscaped)</td></tr>\n" }
        html += "<tr><th scope=\"row\">Definition</th><td><code>\(api.definitionPath.htmlEscaped)</code></td></tr>\n"
        html += "</tbody>\n</table>\n"

        html += "<h2 id=\"stages\">Stages</h2>\n<table>\n<thead><tr><th scope=\"col\">Stage</th><th scope=\"col\">Base URL</th><th scope=\"col\">Variables</th></tr></thead>\n<tbody>\n"
        let host = Gateway.executeAPIHost(for: api)
        for stage in api.stages {
            let variables = stage.variables.keys.sorted().map { "<code>\($0.htmlEscaped)</code> = <code>\(stage.variables[$0]!.htmlEscaped)</code>" }.joined(separator: "<br>")
            html += "<tr><td>\(stage.stageName.htmlEscaped)</td><td><code>https://\(host.htmlEscaped)/\(stage.stageName.htmlEscaped)</code></td><td>\(variables.isEmpty ? "none" : variables)</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"

        html += "<h2 id=\"operations\">Operations</h2>\n<table>\n<thead><tr><th scope=\"col\">Method</th><th scope=\"col\">Path</th><th scope=\"col\">Summary</th><th scope=\"col\">Integration</th></tr></thead>\n<tbody>\n"
        for (operation, slug) in zip(definition.operations, Self.operationSlugs(api)) {
            html += "<tr><td><span class=\"method method-\(operation.method.rawValue.lowercased())\">\(operation.method.rawValue)</span></td><td><a href=\"\(slug).html\"><code>\(operation.path.htmlEscaped)</code></a></td><td>\((operation.summary ?? "").htmlEscaped)</td><td>\(operation.integration.map { $0.type.rawValue } ?? "none")</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"

        if !definition.authorizers.isEmpty {
            html += Self.authorizersTable(api, slugs: Self.operationSlugs(api))
        }

        html += "<h2 id=\"architecture\">Architecture</h2>\n"
        let chart = Self.architecture(api)
        let drawn = await diagrams.svg(for: chart, idPrefix: "arch-\(Self.slug(api.name))-")
        diagnostics.emit(contentsOf: drawn.diagnostics.map { var d = $0; d.location = d.location ?? api.location; return d })
        if let svg = drawn.svg { html += "<figure class=\"diagram\">\n\(svg)</figure>\n" }

        var search = "\(definition.title) \(api.name) \(definition.description ?? "") REST \(api.endpointType.rawValue) "
        search += api.stages.map(\.stageName).joined(separator: " ")
        return GeneratedPage(path: Self.apiFolder(api) + "index.html", title: definition.title, description: definition.description, html: html, searchText: search)
    }

    /// Client → gateway → stages → routes → integrations. Above 24 operations, routes are
    /// grouped by their first path segment, and past 24 groups the rest become one node, so
    /// the drawing stays legible and Graphviz fast.
    static func architecture(_ api: APIDeployment) -> MermaidFlowchart {
        var chart = MermaidFlowchart(direction: .leftToRight, nodes: [], edges: [], subgraphs: [], classDefinitions: [])
        chart.accessibleTitle = "Architecture of \(api.definition.title)"
        chart.nodes.append(.init(id: "client", label: "Client", shape: .stadium))
        chart.nodes.append(.init(id: "gateway", label: "API Gateway\n\(api.endpointType.rawValue) REST API", shape: .rectangle))
        chart.edges.append(.init(from: "client", to: "gateway", label: "HTTPS"))
        for (i, stage) in api.stages.enumerated() {
            chart.nodes.append(.init(id: "stage\(i)", label: "stage \(stage.stageName)", shape: .subroutine))
            chart.edges.append(.init(from: "gateway", to: "stage\(i)"))
        }
        let operations = api.definition.operations
        var routes: [(label: String, targets: [String])] = []
        if operations.count <= 24 {
            var byPath: [String: Int] = [:]
            for operation in operations {
                let target = integrationLabel(operation.integration)
                if let index = byPath[operation.path] {
                    routes[index].label += " \(operation.method.rawValue)"
                    routes[index].targets.append(target)
                } else {
                    byPath[operation.path] = routes.count
                    routes.append(("\(operation.path)\n\(operation.method.rawValue)", [target]))
                }
            }
        } else {
            var bySegment: [String: Int] = [:]
            var counts: [Int] = []
            for operation in operations {
                let segment = "/" + (operation.path.split(separator: "/").first.map(String.init) ?? "")
                let target = integrationLabel(operation.integration)
                if let index = bySegment[segment] {
                    counts[index] += 1
                    routes[index].targets.append(target)
                } else {
                    bySegment[segment] = routes.count
                    counts.append(1)
                    routes.append((segment, [target]))
                }
            }
            for i in routes.indices { routes[i].label += "…\n\(counts[i]) methods" }
            if routes.count > 24 {
                let rest = routes[23...]
                let methods = counts[23...].reduce(0, +)
                routes = Array(routes[..<23])
                routes.append(("\(rest.count) more resources\n\(methods) methods", rest.flatMap(\.targets)))
            }
        }
        var integrations: [String: String] = [:]
        for (i, route) in routes.enumerated() {
            chart.nodes.append(.init(id: "route\(i)", label: route.label, shape: .round))
            for s in api.stages.indices { chart.edges.append(.init(from: "stage\(s)", to: "route\(i)")) }
            var seen = Set<String>()
            for target in route.targets where seen.insert(target).inserted {
                let id: String
                if let existing = integrations[target] { id = existing } else {
                    id = "integration\(integrations.count)"
                    integrations[target] = id
                    chart.nodes.append(.init(id: id, label: target, shape: target.hasPrefix("MOCK") ? .cylinder : .rectangle))
                }
                chart.edges.append(.init(from: "route\(i)", to: id))
            }
        }
        return chart
    }

    /// The authorizers of an API: name, type, identity source, cache TTL and the routes that
    /// use each (a table notes can embed as well).
    /// - Parameter rootRelative: links as `{{root}}`-less site paths, for a note's table
    ///   (`slugs` then hold the whole path without `.html`).
    static func authorizersTable(_ api: APIDeployment, slugs: [String], rootRelative: Bool = false) -> String {
        var html = (rootRelative ? "" : "<h2 id=\"authorizers\">Authorizers</h2>\n") + "<table>\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Type</th><th scope=\"col\">Identity source</th><th scope=\"col\">Cache TTL</th><th scope=\"col\">Routes</th></tr></thead>\n<tbody>\n"
        for authorizer in api.definition.authorizers {
            let ttl: String
            if let seconds = authorizer.authorizerResultTtlInSeconds { ttl = seconds == 0 ? "no cache" : "\(seconds) s" }
            else if authorizer.type == .token || authorizer.type == .request { ttl = "300 s (default)" }
            else { ttl = "n/a" }
            let routes = zip(api.definition.operations, slugs).filter { $0.0.authorizerName == authorizer.name }
                .map { "<a href=\"\($0.1).html\">\($0.0.method.rawValue) \($0.0.path.htmlEscaped)</a>" }
            html += "<tr><td><code>\(authorizer.name.htmlEscaped)</code></td><td>\(authorizer.type.rawValue)</td><td>\(authorizer.identitySource.map { "<code>\($0.htmlEscaped)</code>" } ?? "none")</td><td>\(ttl)</td><td>\(routes.isEmpty ? "none" : routes.joined(separator: "<br>"))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    static func integrationLabel(_ integration: Integration?) -> String {
        guard let integration else { return "no integration" }
        var label = integration.type.rawValue
        if let uri = integration.uri { label += "\n" + (uri.count > 40 ? String(uri.prefix(39)) + "…" : uri) }
        return label
    }

    // MARK: Operation

    func operation(_ operation: Operation, slug: String, api: APIDeployment) -> GeneratedPage {
        let title = "\(operation.method.rawValue) \(operation.path)"
        var html = "<p class=\"breadcrumb\"><a href=\"index.html\">\(api.definition.title.htmlEscaped)</a></p>\n"
        html += "<h1 id=\"operation\"><span class=\"method method-\(operation.method.rawValue.lowercased())\">\(operation.method.rawValue)</span> <code>\(operation.path.htmlEscaped)</code></h1>\n"
        if let summary = operation.summary { html += "<p class=\"summary\">\(summary.htmlEscaped)</p>\n" }
        if let description = operation.description { html += Self.markdown(description) }
        html += "<table class=\"facts\">\n<tbody>\n"
        if let id = operation.operationID { html += "<tr><th scope=\"row\">Operation id</th><td><code>\(id.htmlEscaped)</code></td></tr>\n" }
        let host = Gateway.executeAPIHost(for: api)
        for stage in api.stages {
            html += "<tr><th scope=\"row\">URL (\(stage.stageName.htmlEscaped))</th><td><code>https://\(host.htmlEscaped)/\(stage.stageName.htmlEscaped)\(operation.path.htmlEscaped)</code></td></tr>\n"
        }
        var authorization = operation.authorizationType.rawValue
        if let name = operation.authorizerName { authorization += " · authorizer <a href=\"index.html#authorizers\"><code>\(name.htmlEscaped)</code></a>" }
        if !operation.authorizationScopes.isEmpty { authorization += " · scopes " + operation.authorizationScopes.map { "<code>\($0.htmlEscaped)</code>" }.joined(separator: ", ") }
        html += "<tr><th scope=\"row\">Authorization</th><td>\(authorization)</td></tr>\n"
        html += "<tr><th scope=\"row\">API key required</th><td>\(operation.apiKeyRequired ? "yes" : "no")</td></tr>\n"
        html += "<tr><th scope=\"row\">Request validator</th><td>\(operation.requestValidatorName.map { "<code>\($0.htmlEscaped)</code>" } ?? "none")</td></tr>\n"
        if operation.deprecated { html += "<tr><th scope=\"row\">Deprecated</th><td>yes</td></tr>\n" }
        html += "</tbody>\n</table>\n"

        if !operation.parameters.isEmpty {
            html += "<h2 id=\"parameters\">Parameters</h2>\n<table>\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">In</th><th scope=\"col\">Required</th><th scope=\"col\">Description</th></tr></thead>\n<tbody>\n"
            for parameter in operation.parameters {
                html += "<tr><td><code>\(parameter.name.htmlEscaped)</code></td><td>\(parameter.location.rawValue)</td><td>\(parameter.required ? "yes" : "no")</td><td>\((parameter.description ?? "").htmlEscaped)</td></tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }

        html += "<h2 id=\"integration\">Integration</h2>\n"
        if let integration = operation.integration {
            html += "<table class=\"facts\">\n<tbody>\n"
            html += "<tr><th scope=\"row\">Type</th><td>\(integration.type.rawValue)</td></tr>\n"
            if let method = integration.httpMethod { html += "<tr><th scope=\"row\">HTTP method</th><td>\(method.htmlEscaped)</td></tr>\n" }
            if let uri = integration.uri { html += "<tr><th scope=\"row\">Target</th><td><code>\(uri.htmlEscaped)</code></td></tr>\n" }
            html += "<tr><th scope=\"row\">Passthrough behavior</th><td>\(integration.passthroughBehavior.rawValue)</td></tr>\n"
            html += "<tr><th scope=\"row\">Timeout</th><td>\(integration.timeoutInMillis) ms</td></tr>\n"
            html += "</tbody>\n</table>\n"
            if !integration.requestTemplates.isEmpty {
                html += "<h3 id=\"request-templates\">Request templates</h3>\n"
                for template in integration.requestTemplates {
                    html += "<p><code>\(template.contentType.htmlEscaped)</code></p>\n"
                    html += Highlighter.block(template.source, as: .vtl, label: "Request template for \(template.contentType)")
                }
            }
            if !integration.responses.isEmpty {
                html += "<h3 id=\"integration-responses\">Integration responses</h3>\n<table>\n<thead><tr><th scope=\"col\">Selection pattern</th><th scope=\"col\">Status</th><th scope=\"col\">Response parameters</th></tr></thead>\n<tbody>\n"
                for response in integration.responses {
                    let pattern = response.isDefault ? "default" : "<code>\(response.selectionPattern.htmlEscaped)</code>"
                    let parameters = response.responseParameters.keys.sorted().map { "<code>\($0.htmlEscaped)</code> = <code>\(response.responseParameters[$0]!.htmlEscaped)</code>" }.joined(separator: "<br>")
                    html += "<tr><td>\(pattern)</td><td>\(response.statusCode.htmlEscaped)</td><td>\(parameters.isEmpty ? "none" : parameters)</td></tr>\n"
                }
                html += "</tbody>\n</table>\n"
                for response in integration.responses where !response.responseTemplates.isEmpty {
                    let name = response.isDefault ? "default" : response.selectionPattern
                    for template in response.responseTemplates {
                        html += "<p>Response template for <code>\(name.htmlEscaped)</code> → \(response.statusCode.htmlEscaped), <code>\(template.contentType.htmlEscaped)</code></p>\n"
                        html += Highlighter.block(template.source, as: .vtl, label: "Response template for \(name) \(template.contentType)")
                    }
                }
            }
        } else {
            html += "<p>This method has no <code>x-amazon-apigateway-integration</code>; API Gateway answers it with a 500.</p>\n"
        }

        html += "<h2 id=\"method-responses\">Method responses</h2>\n"
        if operation.responses.isEmpty {
            html += "<p>None declared.</p>\n"
        } else {
            html += "<table>\n<thead><tr><th scope=\"col\">Status</th><th scope=\"col\">Description</th></tr></thead>\n<tbody>\n"
            for response in operation.responses {
                html += "<tr><td>\(response.statusCode.htmlEscaped)</td><td>\((response.description ?? "").htmlEscaped)</td></tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        let search = "\(title) \(operation.operationID ?? "") \(operation.summary ?? "") \(operation.description ?? "") \(operation.integration?.type.rawValue ?? "")"
        return GeneratedPage(path: Self.apiFolder(api) + slug + ".html", title: title, description: operation.summary, html: html, searchText: search)
    }

    /// A description from the definition: CommonMark, in cmark's safe mode (no raw HTML, no
    /// `javascript:` links).
    static func markdown(_ text: String) -> String {
        MarkdownDocument(markdown: text).html().replacing("<h1 id=", with: "<h2 id=")
    }
}
