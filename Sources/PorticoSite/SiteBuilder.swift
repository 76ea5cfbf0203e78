import Diagnostics
import Foundation
import PorticoDiagrams
import PorticoGateway
import PorticoMarkdown
import PorticoModel

/// Builds a docs project into site files, as a list of named steps that reads like a recipe
/// (Publish's idea). Any error stops the build before anything is written.
///
/// The pages are independent, so the page loop runs on every core; results are merged in
/// note order, so output bytes and diagnostics are the same as a sequential build's.
public struct SiteBuilder: Sendable {
    public let projectRoot: String
    public let clock: any GatewayClock

    /// Lambda functions and HTTP backends the examples' integrations call.
    public let services: GatewayServices

    /// Where the project comes from: loaded by the first step, or already loaded by the
    /// caller (which needed it to start the services), with what loading it reported.
    enum Source: Sendable {
        case load
        case loaded(Project?, DiagnosticEngine)
    }
    let source: Source

    /// A builder that loads the project at `projectRoot` as its first step.
    public init(projectRoot: String, clock: any GatewayClock = FixedClock.siteBuild, services: GatewayServices = .none) {
        self.init(source: .load, projectRoot: projectRoot, clock: clock, services: services)
    }

    /// A builder for a project the caller has loaded: `project` is nil when it did not load,
    /// and `loadDiagnostics` (what loading reported) is part of the build's report.
    public init(project: Project?, loadDiagnostics: DiagnosticEngine, projectRoot: String,
                clock: any GatewayClock = FixedClock.siteBuild, services: GatewayServices = .none) {
        self.init(source: .loaded(project, loadDiagnostics), projectRoot: projectRoot, clock: clock, services: services)
    }

    init(source: Source, projectRoot: String, clock: any GatewayClock, services: GatewayServices) {
        self.source = source
        self.projectRoot = projectRoot
        self.clock = clock
        self.services = services
    }

    public struct Result: Sendable {
        public var files: SiteFiles
        public var diagnostics: DiagnosticEngine
        /// HTML pages built: notes and reference pages (the 404 page not counted).
        public var pageCount: Int
        public var exampleCount: Int
    }

    static let steps = ["Load project", "Load notes", "Prepare gateway", "Check links", "Render notes",
                        "Render API reference", "Build search index", "Add assets"]

    /// - Parameter progress: told `[i/n] step` as each step starts (nil in CI and tests).
    public func build(progress: (@Sendable (String) -> Void)? = nil) async -> Result {
        var diagnostics = DiagnosticEngine()
        var files = SiteFiles()
        func step(_ index: Int) { progress?("[\(index + 1)/\(Self.steps.count)] \(Self.steps[index])") }
        func failed() -> Result { Result(files: SiteFiles(), diagnostics: diagnostics, pageCount: 0, exampleCount: 0) }

        step(0)
        let loader = ProjectLoader(root: projectRoot)
        let loaded: Project?
        switch source {
        case .load:
            loaded = loader.load(diagnostics: &diagnostics)
        case .loaded(let project, let reported):
            diagnostics.emit(contentsOf: reported.diagnostics)
            loaded = project
        }
        guard let project = loaded else { return failed() }

        step(1)
        let noteLoader = NoteLoader(contentDirectory: project.contentDirectory,
                                    displayPrefix: loader.displayPath(ProjectLoader.contentFolderName))
        // Function code and bucket folders are data for the gateway, not pages or assets.
        let scan = noteLoader.scan(excluding: project.functions.compactMap(\.code) + project.buckets.map(\.folder))
        let notes = noteLoader.load(scan.notes, diagnostics: &diagnostics)
        let documents = ParallelMap.map(notes) { MarkdownDocument(markdown: $0.body) }
        let titles = zip(notes, documents).map { PageRenderer.title(of: $0, document: $1) }

        step(2)
        let gateway = Gateway(project: project, clock: clock, services: services)
        diagnostics.emit(contentsOf: gateway.diagnostics)
        let theme: Theme
        do {
            theme = try Theme.load(contentDirectory: project.contentDirectory)
        } catch {
            diagnostics.error("theme.template", error.description)
            return failed()
        }
        let graphviz = GraphvizRenderer()
        let reference = ReferencePages(project: project, diagrams: graphviz)

        step(3)
        var siteFiles = Set(scan.assets)
        siteFiles.formUnion(reference.paths())
        siteFiles.formUnion(["404.html", "sitemap.xml", "assets/portico.css", "assets/portico.js"])
        let checker = LinkChecker(
            anchors: Dictionary(uniqueKeysWithValues: zip(notes, documents).map { ($0.relativePath, Set($1.headings.map(\.anchor))) }),
            files: siteFiles)
        let linkProblems = ParallelMap.map(Array(zip(notes, documents).map { ($0, $1) })) { pair in
            checker.check(pair.0, links: pair.1.links, headings: Set(pair.1.headings.map(\.anchor)))
        }
        for problems in linkProblems { diagnostics.emit(contentsOf: problems) }

        var roots = Navigation.notes(notes, titles: titles)
        if let section = reference.navigation() { roots.append(section) }
        let navigation = Navigation(roots: roots)
        let sidebars = navigation.sidebars(folders: Set(notes.map(\.folder)))
        let sections = Self.sectionTitles(roots)

        step(4)
        let renderer = PageRenderer(project: project, runner: ExampleRunner(gateway: gateway), diagrams: graphviz)
        let siteTitle = project.site.title
        struct Rendered: Sendable {
            var index: Int
            /// The page's bytes, encoded on the worker so the merge below only moves them.
            var html: [UInt8]
            var examples: Int
            var diagnostics: DiagnosticEngine
            var search: SearchIndex.Document
        }
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let rendered: [Rendered] = await withTaskGroup(of: [Rendered].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var out: [Rendered] = []
                    var index = worker
                    while index < notes.count {
                        let note = notes[index]
                        var local = DiagnosticEngine()
                        let page = await renderer.render(note, document: documents[index], diagnostics: &local)
                        let root = String(repeating: "../", count: note.depth)
                        var context = PageContext(
                            title: page.title, description: note.frontMatter.description, siteTitle: siteTitle,
                            root: root, content: page.html, navigation: navigation.flat(current: note.outputPath, root: root))
                        context.navigationHTML = navigation.html(current: note.outputPath, root: root, sidebar: sidebars[note.folder] ?? "")
                        let search = SearchIndex.document(title: page.title, path: note.outputPath,
                                                          section: Self.section(of: note.outputPath, in: sections),
                                                          text: (note.frontMatter.description ?? "") + "\n" + note.body)
                        out.append(Rendered(index: index, html: Array(theme.render(context).utf8), examples: page.exampleCount,
                                            diagnostics: local, search: search))
                        index += workers
                    }
                    return out
                }
            }
            var all: [Rendered] = []
            all.reserveCapacity(notes.count)
            for await part in group { all += part }
            return all.sorted { $0.index < $1.index }
        }
        var exampleCount = 0
        var searchDocuments: [SearchIndex.Document] = []
        searchDocuments.reserveCapacity(rendered.count)
        for page in rendered {
            diagnostics.emit(contentsOf: page.diagnostics.diagnostics)
            exampleCount += page.examples
            files.add(notes[page.index].outputPath, bytes: page.html)
            searchDocuments.append(page.search)
        }

        step(5)
        let referencePages = await reference.pages(diagnostics: &diagnostics)
        for page in referencePages {
            let root = String(repeating: "../", count: page.path.split(separator: "/").count - 1)
            var context = PageContext(title: page.title, description: page.description, siteTitle: siteTitle, root: root,
                                      content: page.html, navigation: navigation.flat(current: page.path, root: root))
            context.navigationHTML = navigation.html(current: page.path, root: root)
            files.add(page.path, theme.render(context))
            searchDocuments.append(SearchIndex.document(title: page.title, path: page.path,
                                                        section: Self.section(of: page.path, in: sections), text: page.searchText))
        }
        if diagnostics.hasErrors { return failed() }

        step(6)
        for (path, text) in SearchIndex.files(searchDocuments) { files.add(path, text) }

        step(7)
        files.add("assets/portico.css", theme.stylesheet)
        files.add("assets/portico.js", theme.script)
        for asset in scan.assets {
            let full = (project.contentDirectory as NSString).appendingPathComponent(asset)
            if let data = FileManager.default.contents(atPath: full) { files.add(asset, bytes: [UInt8](data)) }
        }
        // Servers send 404.html for a missing address at any depth (/a/b/missing), so its links
        // and stylesheet start at the site's root; only servers show it, never file://.
        var notFound = PageContext(title: "Page not found", description: nil, siteTitle: siteTitle, root: "/",
                                   content: "<h1 id=\"page-not-found\">Page not found</h1>\n<p>There is no page at this address. Start again from the <a href=\"/index.html\">home page</a>, or use the search box.</p>\n",
                                   navigation: navigation.flat(current: "404.html", root: "/"))
        notFound.navigationHTML = navigation.html(current: "404.html", root: "/")
        files.add("404.html", theme.render(notFound))
        let pages = notes.map(\.outputPath) + referencePages.map(\.path)
        files.add("sitemap.xml", Self.sitemap(pages))
        return Result(files: files, diagnostics: diagnostics, pageCount: pages.count, exampleCount: exampleCount)
    }

    /// The pages, with locations relative to the site's root: the project has no base URL
    /// setting yet, and relative locations keep the site movable (and usable from `file://`).
    static func sitemap(_ paths: [String]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for path in paths.sorted() { xml += "<url><loc>\(path.htmlEscaped)</loc></url>\n" }
        return xml + "</urlset>\n"
    }

    /// Folder prefix → the breadcrumb of section titles down to it.
    static func sectionTitles(_ roots: [Navigation.Node]) -> [String: String] {
        var titles: [String: String] = [:]
        func walk(_ nodes: [Navigation.Node], trail: String) {
            for node in nodes {
                guard let folder = node.folder else { continue }
                let path = trail.isEmpty ? node.title : "\(trail) › \(node.title)"
                titles[folder] = path
                walk(node.children, trail: path)
            }
        }
        walk(roots, trail: "")
        return titles
    }

    static func section(of path: String, in titles: [String: String]) -> String {
        var parts = path.split(separator: "/").dropLast()
        while !parts.isEmpty {
            if let title = titles[parts.joined(separator: "/") + "/"] { return title }
            parts = parts.dropLast()
        }
        return ""
    }
}
