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
    let pipelines: Pipelines

    /// A builder that loads the project at `projectRoot` as its first step.
    /// - Parameter pipelines: the pipeline each kind of API runs (a test adds a stage here).
    public init(projectRoot: String, clock: any GatewayClock = FixedClock.siteBuild, services: GatewayServices = .none,
                pipelines: Pipelines = .standard) {
        self.init(source: .load, projectRoot: projectRoot, clock: clock, services: services, pipelines: pipelines)
    }

    /// A builder for a project the caller has loaded: `project` is nil when it did not load,
    /// and `loadDiagnostics` (what loading reported) is part of the build's report.
    public init(project: Project?, loadDiagnostics: DiagnosticEngine, projectRoot: String,
                clock: any GatewayClock = FixedClock.siteBuild, services: GatewayServices = .none) {
        self.init(source: .loaded(project, loadDiagnostics), projectRoot: projectRoot, clock: clock, services: services)
    }

    init(source: Source, projectRoot: String, clock: any GatewayClock, services: GatewayServices, pipelines: Pipelines = .standard) {
        self.pipelines = pipelines
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
        /// What the build knew, for `serve`'s incremental rebuilds: kept only when asked for,
        /// and nil when the build stopped before rendering pages.
        var state: SiteState?
    }

    /// The files every site has besides its pages, search index and assets.
    static let fixedFiles = ["404.html", "sitemap.xml", "assets/portico.css", "assets/portico.js"]

    static let steps = ["Load project", "Load notes", "Prepare gateway", "Check links", "Render notes",
                        "Render API reference", "Build search index", "Add assets"]

    /// - Parameter progress: told `[i/n] step` as each step starts (nil in CI and tests).
    public func build(progress: (@Sendable (String) -> Void)? = nil) async -> Result {
        await build(progress: progress, keepingState: false)
    }

    /// - Parameter keepingState: also return what an incremental rebuild needs (the notes,
    ///   their page bodies, the layout), which a one-off build does not keep in memory.
    func build(progress: (@Sendable (String) -> Void)?, keepingState: Bool) async -> Result {
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
        let projectDiagnostics = diagnostics.diagnostics

        step(1)
        let noteLoader = NoteLoader(contentDirectory: project.contentDirectory,
                                    displayPrefix: loader.displayPath(ProjectLoader.contentFolderName))
        // The project's own files (function code, backend scripts, bucket folders) are not pages or assets.
        let scan = noteLoader.scan(excluding: project.ownFiles)
        let notes = noteLoader.load(scan.notes, diagnostics: &diagnostics)
        let noteDiagnostics = diagnostics.diagnostics[projectDiagnostics.count...]
        let documents = ParallelMap.map(notes) { MarkdownDocument(markdown: $0.body) }
        let titles = zip(notes, documents).map { PageRenderer.title(of: $0, document: $1) }

        step(2)
        let gateway = Gateway(project: project, clock: clock, services: services, pipelines: pipelines)
        diagnostics.emit(contentsOf: gateway.diagnostics)
        let theme: Theme
        do {
            theme = try Theme.load(contentDirectory: project.contentDirectory)
        } catch {
            diagnostics.error(.themeTemplate, error.description)
            return failed()
        }
        let graphviz = GraphvizRenderer()
        let reference = ReferencePages(project: project, diagrams: graphviz)
        let releases = ReleasePages(project: project)

        step(3)
        var siteFiles = Set(scan.assets)
        siteFiles.formUnion(reference.paths())
        siteFiles.formUnion(releases.paths())
        siteFiles.formUnion(Self.fixedFiles)
        siteFiles.insert("index.html")
        let checker = LinkChecker(
            anchors: Dictionary(uniqueKeysWithValues: zip(notes, documents).map { ($0.relativePath, Set($1.headings.map(\.anchor))) }),
            files: siteFiles)
        let linkProblems = ParallelMap.map(Array(zip(notes, documents).map { ($0, $1) })) { pair in
            checker.check(pair.0, links: pair.1.links, headings: Set(pair.1.headings.map(\.anchor)))
        }
        for problems in linkProblems { diagnostics.emit(contentsOf: problems) }

        let siteTitle = project.site.title
        let layout = PageLayout(theme: theme, siteTitle: siteTitle, notes: notes, titles: titles, reference: reference.navigation())

        step(4)
        let renderer = PageRenderer(project: project, runner: ExampleRunner(gateway: gateway), diagrams: graphviz)
        struct Rendered: Sendable {
            var index: Int
            /// The page's bytes, encoded on the worker so the merge below only moves them.
            var html: [UInt8]
            /// The page without its frame, kept for incremental rebuilds only.
            var content: String
            var examples: Int
            var outcomes: [ExampleOutcome]
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
                        out.append(Rendered(index: index, html: layout.notePage(note, title: page.title, content: page.html),
                                            content: keepingState ? page.html : "", examples: page.exampleCount,
                                            outcomes: page.outcomes, diagnostics: local, search: layout.noteSearch(note, title: page.title)))
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
        let referenceStart = diagnostics.diagnostics.count
        var referencePages = await reference.pages(diagnostics: &diagnostics)
        if reference.hasAuthorizationPage { referencePages.append(AuthorizationSupport.page(rendered.flatMap(\.outcomes))) }
        referencePages += await releases.pages(examples: ReleasePages.examples(in: notes, documents: documents, titles: titles), gateway: gateway)
        for page in referencePages {
            files.add(page.path, layout.generatedPage(page))
            searchDocuments.append(layout.generatedSearch(page))
        }
        var state: SiteState?
        if keepingState {
            state = SiteState(
                project: project, gateway: gateway, graphviz: graphviz, layout: layout, loader: noteLoader,
                notes: zip(notes, zip(documents, titles)).enumerated().map { index, item in
                    NoteRecord(note: item.0, document: item.1.0, title: item.1.1, content: rendered[index].content,
                               exampleCount: rendered[index].examples, outcomes: rendered[index].outcomes, search: rendered[index].search,
                               linkDiagnostics: linkProblems[index], renderDiagnostics: rendered[index].diagnostics.diagnostics)
                },
                noteDiagnostics: Array(noteDiagnostics), assets: scan.assets, referencePaths: reference.paths() + releases.paths(),
                referenceNavigation: reference.navigation(), referencePages: referencePages,
                globalDiagnostics: projectDiagnostics + gateway.diagnostics + diagnostics.diagnostics[referenceStart...])
        }
        if diagnostics.hasErrors {
            var result = failed()
            result.state = state
            return result
        }

        step(6)
        let searchFiles = SearchIndex.files(searchDocuments)
        for (path, text) in searchFiles { files.add(path, text) }
        state?.searchFiles = Dictionary(uniqueKeysWithValues: searchFiles)

        step(7)
        files.add("assets/portico.css", theme.stylesheet)
        files.add("assets/portico.js", theme.script)
        for asset in scan.assets {
            let full = (project.contentDirectory as NSString).appendingPathComponent(asset)
            if let data = FileManager.default.contents(atPath: full) { files.add(asset, bytes: [UInt8](data)) }
        }
        files.add("404.html", layout.notFoundPage())
        if !notes.contains(where: { $0.outputPath == "index.html" }) {
            // A project without a home note (one read from a template alone): the site title
            // and `/` still lead somewhere, to the API reference.
            files.add("index.html", Self.homeRedirect)
        }
        let pages = notes.map(\.outputPath) + referencePages.map(\.path)
        files.add("sitemap.xml", Self.sitemap(pages))
        return Result(files: files, diagnostics: diagnostics, pageCount: pages.count, exampleCount: exampleCount, state: state)
    }

    /// `index.html` of a site with no `index.md`: a redirect to the API reference.
    static let homeRedirect = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="refresh" content="0; url=reference/index.html">
        <title>API reference</title>
        </head>
        <body><p><a href="reference/index.html">API reference</a></p></body>
        </html>

        """

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
