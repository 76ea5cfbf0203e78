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

/// The reference of every API, from the model:
///
/// ```
/// reference/index.html                 every API
/// reference/{api}/index.html           overview: base URLs, stages and settings, usage plans,
///                                      routes, authorizers, models, architecture diagram
/// reference/{api}/{method-path}.html   one per REST/HTTP route and method (OverviewPage,
///                                      OperationPage)
/// reference/{api}/route-{key}.html     one per WebSocket route (WebSocketPages)
/// reference/{api}/models/{name}.html   one per model, with the routes that use it (ModelPage)
/// reference/usage-plans/{plan}.html    one per usage plan: limits, stages, key names (UsagePlanPages)
/// ```
///
/// Pages link to one another; schemas link to model pages instead of inlining them, so a
/// 200-operation API makes about 200 small pages and every model is drawn once.
struct ReferencePages: Sendable {
    let project: Project

    /// Where something is declared, as `file:line` from the project folder
    /// (`Content/portico.yml:12`, `template.yaml:40`), so a reader finds the line to change;
    /// nothing when the location is unknown. The folder the project was built from is left out,
    /// so the page is the same wherever the build ran.
    func declaredAt(_ location: SourceLocation?) -> String? {
        Self.declaredAt(location, in: project)
    }

    static func declaredAt(_ location: SourceLocation?, in project: Project) -> String? {
        guard let location else { return nil }
        let content = project.contentDirectory
        let root = content.hasSuffix("/Content") ? String(content.dropLast("/Content".count)) : (content == "Content" ? "." : content)
        var file = location.file
        if !root.isEmpty, root != ".", file.hasPrefix(root + "/") { file = String(file.dropFirst(root.count + 1)) }
        return ReferenceHTML.code("\(file):\(location.line)")
    }
    let diagrams: GraphvizRenderer

    static let folder = "reference/"

    /// The page names of one API's reference, computed once.
    struct Layout: Sendable {
        let api: APIDeployment
        /// `reference/orders/`.
        let folder: String
        /// Indexed like `api.definition.operations`: `get-items-id`.
        let operationSlugs: [String]
        /// Model name → `models/pet.html` (relative to ``folder``).
        let modelPages: [String: String]
        /// Indexed like the WebSocket API's routes: `route-connect`.
        let routeSlugs: [String]

        init(_ api: APIDeployment) {
            self.api = api
            folder = ReferencePages.folder + ReferencePages.slug(api.name) + "/"
            operationSlugs = ReferencePages.operationSlugs(api)
            var pages: [String: String] = [:]
            for (model, slug) in zip(api.definition.models, ReferencePages.uniqueSlugs(api.definition.models.map { ReferencePages.slug($0.name) })) {
                pages[model.name] = "models/\(slug).html"
            }
            modelPages = pages
            routeSlugs = ReferencePages.uniqueSlugs((api.webSocketAPI?.routes ?? []).map { route in
                "route-" + route.routeKey.lowercased().split { !($0.isLetter || $0.isNumber) }.joined(separator: "-")
            })
        }

        var isWebSocket: Bool { api.kind == .webSocket && api.webSocketAPI != nil }

        /// Every page of the API, inside the site.
        var paths: [String] {
            var paths = [folder + "index.html"]
            if isWebSocket {
                paths += routeSlugs.map { folder + $0 + ".html" }
            } else {
                paths += operationSlugs.map { folder + $0 + ".html" }
            }
            paths += api.definition.models.compactMap { modelPages[$0.name].map { folder + $0 } }
            return paths
        }
    }

    let layouts: [Layout]
    /// Where the usage plans' pages go (``usagePlansFolder(_:)``).
    let usagePlansFolder: String

    init(project: Project, diagrams: GraphvizRenderer) {
        self.project = project
        self.diagrams = diagrams
        layouts = project.apis.map(Layout.init)
        usagePlansFolder = Self.usagePlansFolder(layouts)
    }

    /// `GET /items/{id}` → `get-items-id`; unique within the API.
    static func operationSlugs(_ api: APIDeployment) -> [String] {
        uniqueSlugs(api.definition.operations.map { operation in
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
            return slug
        })
    }

    /// The second `a` becomes `a-2`, the third `a-3`.
    static func uniqueSlugs(_ slugs: [String]) -> [String] {
        var used: [String: Int] = [:]
        return slugs.map { slug in
            let count = used[slug, default: 0]
            used[slug] = count + 1
            return count == 0 ? slug : "\(slug)-\(count + 1)"
        }
    }

    static func apiFolder(_ api: APIDeployment) -> String { folder + slug(api.name) + "/" }

    static func slug(_ name: String) -> String {
        String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    /// The "API reference" section of the sidebar: each API with its routes, then its models.
    func navigation() -> Navigation.Node? {
        guard !layouts.isEmpty else { return nil }
        var section = Navigation.Node(title: "API reference", href: Self.folder + "index.html", folder: Self.folder, order: Int.max)
        for layout in layouts {
            let api = layout.api
            var node = Navigation.Node(title: title(of: api), href: layout.folder + "index.html", folder: layout.folder)
            if let webSocket = api.webSocketAPI, layout.isWebSocket {
                for (route, slug) in zip(webSocket.routes, layout.routeSlugs) {
                    node.children.append(Navigation.Node(title: route.routeKey, href: layout.folder + slug + ".html"))
                }
            } else {
                for (operation, slug) in zip(api.definition.operations, layout.operationSlugs) {
                    node.children.append(Navigation.Node(title: Self.operationTitle(operation, kind: api.kind), href: layout.folder + slug + ".html"))
                }
            }
            if !api.definition.models.isEmpty {
                var models = Navigation.Node(title: "Models", folder: layout.folder + "models/")
                for model in api.definition.models {
                    if let page = layout.modelPages[model.name] { models.children.append(Navigation.Node(title: model.name, href: layout.folder + page)) }
                }
                node.children.append(models)
            }
            section.children.append(node)
        }
        if let plans = usagePlansNavigation() { section.children.append(plans) }
        if hasAuthorizationPage { section.children.append(Navigation.Node(title: AuthorizationSupport.title, href: AuthorizationSupport.path)) }
        return section
    }

    /// Every page path, for link checking before the pages are drawn.
    func paths() -> [String] {
        guard !layouts.isEmpty else { return [] }
        return [Self.folder + "index.html"] + layouts.flatMap(\.paths) + usagePlanPaths
            + (hasAuthorizationPage ? [AuthorizationSupport.path] : [])
    }

    /// Whether the site has the authorization table's page (``AuthorizationSupport``), drawn
    /// once the notes' examples have run.
    var hasAuthorizationPage: Bool { AuthorizationSupport.isDrawn(for: project.apis) }

    /// An API's display title: the definition's, or the WebSocket API's name.
    func title(of api: APIDeployment) -> String {
        if api.kind == .webSocket, let webSocket = api.webSocketAPI { return webSocket.name }
        return api.definition.title
    }

    /// `GET /items/{id}`; an HTTP API's default route is `$default`.
    static func operationTitle(_ operation: Operation, kind: APIKind) -> String {
        kind == .http ? operation.routeKey : "\(operation.method.rawValue) \(operation.path)"
    }

    func pages(diagnostics: inout DiagnosticEngine) async -> [GeneratedPage] {
        guard !layouts.isEmpty else { return [] }
        var pages: [GeneratedPage] = [indexPage()]
        for layout in layouts {
            if layout.isWebSocket {
                pages.append(await webSocketOverview(layout, diagnostics: &diagnostics))
                pages += webSocketRoutePages(layout)
            } else {
                pages.append(await overview(layout, diagnostics: &diagnostics))
                let usage = ModelUsage(layout)
                for (operation, slug) in zip(layout.api.definition.operations, layout.operationSlugs) {
                    pages.append(self.operation(operation, slug: slug, layout: layout))
                }
                pages += layout.api.definition.models.compactMap { modelPage($0, layout: layout, usage: usage) }
            }
        }
        return pages + usagePlanPages()
    }

    func indexPage() -> GeneratedPage {
        var rows: [[String]] = []
        for layout in layouts {
            let api = layout.api
            let count = layout.isWebSocket ? "\(api.webSocketAPI?.routes.count ?? 0) routes" : "\(api.definition.operations.count) \(api.kind == .rest ? "methods" : "routes")"
            rows.append(["<a href=\"\(Self.slug(api.name))/index.html\">\(title(of: api).htmlEscaped)</a> \(ReferenceHTML.code(api.name))",
                         api.kind.rawValue, api.endpointType.rawValue, count, "\(api.definition.models.count)"])
        }
        let html = ReferenceHTML.heading(1, "api-reference", "API reference")
            + ReferenceHTML.table(["API", "Type", "Endpoint", "Routes", "Models"], rows)
        return GeneratedPage(path: Self.folder + "index.html", title: "API reference", description: nil, html: html,
                             searchText: "API reference " + layouts.map { "\($0.api.name) \(title(of: $0.api))" }.joined(separator: " "))
    }

    /// A description from the definition: CommonMark, in cmark's safe mode (no raw HTML, no
    /// `javascript:` links).
    static func markdown(_ text: String) -> String {
        MarkdownDocument(markdown: text).html().replacing("<h1 id=", with: "<h2 id=")
    }
}
