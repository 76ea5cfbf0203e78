import Diagnostics
import Foundation
import PorticoDiagrams
import PorticoGateway
import PorticoMarkdown
import PorticoModel

/// One note as the last build left it: read, parsed, rendered, checked.
struct NoteRecord: Sendable {
    var note: Note
    var document: MarkdownDocument
    var title: String
    /// The page without its frame: a navigation change redraws the frame around it and runs
    /// no example again.
    var content: String
    var exampleCount: Int
    /// What its examples did, for the authorization table's page.
    var outcomes: [ExampleOutcome]
    var search: SearchIndex.Document
    /// Problems of its front matter.
    var loadDiagnostics: [Diagnostic] = []
    var linkDiagnostics: [Diagnostic]
    var renderDiagnostics: [Diagnostic]
    var anchors: Set<String>
    /// The paths (inside Content/ and the site) whose existence or anchors decide whether its
    /// links are broken: a change to one of them checks this note's links again.
    var linkTargets: Set<String>

    init(note: Note, document: MarkdownDocument, title: String, content: String, exampleCount: Int, outcomes: [ExampleOutcome] = [],
         search: SearchIndex.Document, linkDiagnostics: [Diagnostic], renderDiagnostics: [Diagnostic]) {
        self.note = note
        self.document = document
        self.title = title
        self.content = content
        self.exampleCount = exampleCount
        self.outcomes = outcomes
        self.search = search
        self.linkDiagnostics = linkDiagnostics
        self.renderDiagnostics = renderDiagnostics
        anchors = Set(document.headings.map(\.anchor))
        linkTargets = Self.linkTargets(of: note, document: document)
    }

    /// What ``LinkChecker/check(_:links:headings:)`` looks up for each link: a note's anchors
    /// for `.md` targets; the site's files and the note behind a page otherwise.
    static func linkTargets(of note: Note, document: MarkdownDocument) -> Set<String> {
        var targets = Set<String>()
        for link in document.links {
            guard let target = LinkChecker.resolve(link.destination, from: note.folder), !target.path.isEmpty else { continue }
            targets.insert(target.path)
            if !target.path.hasSuffix(".md") { targets.insert(String(target.path.dropLast(5)) + ".md") }
        }
        return targets
    }

    var diagnostics: [Diagnostic] { loadDiagnostics + linkDiagnostics + renderDiagnostics }

    var hasDiagnostics: Bool { !(loadDiagnostics.isEmpty && linkDiagnostics.isEmpty && renderDiagnostics.isEmpty) }

    /// Whether the sidebar would draw the note differently.
    func sameNavigation(as other: NoteRecord) -> Bool {
        title == other.title && note.frontMatter.order == other.note.frontMatter.order
    }
}

/// Everything a full build knew that a change can leave as it was: the project and its
/// gateway, the notes with their rendered bodies, the reference pages, the layout, the search
/// files. ``IncrementalSite`` updates it change by change; any file of the site can be drawn
/// from it again (``bytes(of:)``), with the bytes a full build of the same Content/ gives.
struct SiteState: Sendable {
    let project: Project
    let gateway: Gateway
    let graphviz: GraphvizRenderer
    let loader: NoteLoader
    var layout: PageLayout
    /// Sorted by path inside Content/, the order of a full build.
    private(set) var notes: [NoteRecord]
    private(set) var positions: [String: Int]
    /// Notes that exist but cannot be read, with their errors (a full build leaves them out).
    var unreadable: [String: [Diagnostic]] = [:]
    private(set) var assets: Set<String>
    /// Every file a link may name besides notes: assets, reference pages, the fixed files.
    private(set) var linkableFiles: Set<String>
    /// Note path → its heading anchors, for the link checker.
    private(set) var anchors: [String: Set<String>]
    let referencePaths: [String]
    let referenceNavigation: Navigation.Node?
    private(set) var referencePages: [GeneratedPage]
    /// Problems of the project, the gateway and the reference pages: only a full build
    /// changes them.
    private(set) var globalDiagnostics: [Diagnostic]
    /// The search files by site path, from the last time the index was drawn.
    var searchFiles: [String: String] = [:]
    /// Files of Content/ that are the project's, not the site's (code, bucket folders).
    let ownFiles: ProjectFiles

    /// - Parameter noteDiagnostics: what reading the notes reported, each located in its note.
    init(project: Project, gateway: Gateway, graphviz: GraphvizRenderer, layout: PageLayout, loader: NoteLoader,
         notes: [NoteRecord], noteDiagnostics: [Diagnostic], assets: [String], referencePaths: [String],
         referenceNavigation: Navigation.Node?, referencePages: [GeneratedPage], globalDiagnostics: [Diagnostic]) {
        self.project = project
        self.gateway = gateway
        self.graphviz = graphviz
        self.layout = layout
        self.loader = loader
        self.notes = notes
        self.assets = Set(assets)
        linkableFiles = self.assets.union(referencePaths).union(SiteBuilder.fixedFiles)
        anchors = Dictionary(uniqueKeysWithValues: notes.map { ($0.note.relativePath, $0.anchors) })
        self.referencePaths = referencePaths
        self.referenceNavigation = referenceNavigation
        self.referencePages = referencePages
        self.globalDiagnostics = globalDiagnostics
        ownFiles = project.ownFiles
        positions = Dictionary(uniqueKeysWithValues: notes.enumerated().map { ($1.note.relativePath, $0) })
        for diagnostic in noteDiagnostics {
            guard let file = diagnostic.location?.file, let relative = loader.relativePath(display: file) else {
                self.globalDiagnostics.append(diagnostic)
                continue
            }
            if let index = positions[relative] {
                self.notes[index].loadDiagnostics.append(diagnostic)
            } else {
                unreadable[relative, default: []].append(diagnostic)
            }
        }
    }

    // MARK: Notes

    func record(_ relativePath: String) -> NoteRecord? {
        positions[relativePath].map { notes[$0] }
    }

    mutating func update(_ record: NoteRecord) {
        guard let index = positions[record.note.relativePath] else { return }
        notes[index] = record
        anchors[record.note.relativePath] = record.anchors
    }

    /// Adds a note, or replaces the one at its path.
    mutating func insert(_ record: NoteRecord) {
        let path = record.note.relativePath
        anchors[path] = record.anchors
        if let index = positions[path] {
            notes[index] = record
            return
        }
        var low = 0, high = notes.count
        while low < high {
            let middle = (low + high) / 2
            if notes[middle].note.relativePath < path { low = middle + 1 } else { high = middle }
        }
        notes.insert(record, at: low)
        reindex(from: low)
    }

    mutating func remove(_ relativePath: String) {
        guard let index = positions[relativePath] else { return }
        notes.remove(at: index)
        positions[relativePath] = nil
        anchors[relativePath] = nil
        reindex(from: index)
    }

    private mutating func reindex(from start: Int) {
        for index in start..<notes.count { positions[notes[index].note.relativePath] = index }
    }

    /// The layout for the notes as they are now.
    func currentLayout() -> PageLayout {
        PageLayout(theme: layout.theme, siteTitle: layout.siteTitle, notes: notes.map(\.note), titles: notes.map(\.title),
                   reference: referenceNavigation)
    }

    mutating func setAsset(_ path: String, present: Bool) {
        if present {
            assets.insert(path)
            linkableFiles.insert(path)
        } else {
            assets.remove(path)
            if !referencePaths.contains(path) && !SiteBuilder.fixedFiles.contains(path) { linkableFiles.remove(path) }
        }
    }

    /// The search documents of every note again, for new section titles.
    mutating func redrawSearchDocuments() {
        for index in notes.indices {
            notes[index].search = layout.noteSearch(notes[index].note, title: notes[index].title)
        }
    }

    /// The checker a full build of the current notes and assets would use.
    func linkChecker() -> LinkChecker {
        LinkChecker(anchors: anchors, files: linkableFiles)
    }

    var diagnostics: DiagnosticEngine {
        var engine = DiagnosticEngine(globalDiagnostics)
        for index in notes.indices where notes[index].hasDiagnostics { engine.emit(contentsOf: notes[index].diagnostics) }
        for path in unreadable.keys.sorted() { engine.emit(contentsOf: unreadable[path]!) }
        return engine
    }

    var hasErrors: Bool { diagnostics.hasErrors }

    /// Draws the authorization table's page again from the notes' examples, as a full build
    /// draws it after the notes; true when its bytes changed.
    mutating func redrawAuthorizationPage() -> Bool {
        guard let index = referencePages.firstIndex(where: { $0.path == AuthorizationSupport.path }) else { return false }
        let page = AuthorizationSupport.page(notes.flatMap(\.outcomes))
        guard page.html != referencePages[index].html else { return false }
        referencePages[index] = page
        return true
    }

    func searchDocuments() -> [SearchIndex.Document] {
        notes.map(\.search) + referencePages.map(layout.generatedSearch)
    }

    // MARK: Files

    var pagePaths: [String] { notes.map(\.note.outputPath) + referencePages.map(\.path) }

    /// The bytes of a site file as a full build would write them, or nil when the site has no
    /// such file. Where two sources claim a path, the later step of the full build wins, as
    /// there: notes, reference pages, search, theme files, assets, then 404 and sitemap.
    func bytes(of path: String) -> [UInt8]? {
        switch path {
        case "sitemap.xml": return Array(SiteBuilder.sitemap(pagePaths).utf8)
        case "404.html": return Array(layout.notFoundPage().utf8)
        default: break
        }
        if assets.contains(path) {
            return NoteLoader.readFile((project.contentDirectory as NSString).appendingPathComponent(path))
        }
        if path == "assets/portico.css" { return Array(layout.theme.stylesheet.utf8) }
        if path == "assets/portico.js" { return Array(layout.theme.script.utf8) }
        if let search = searchFiles[path] { return Array(search.utf8) }
        if let page = referencePages.last(where: { $0.path == path }) { return Array(layout.generatedPage(page).utf8) }
        if path.hasSuffix(".html"), let record = record(String(path.dropLast(5)) + ".md") {
            return layout.notePage(record.note, title: record.title, content: record.content)
        }
        return nil
    }

    /// Every file of the site, as a full build would produce them.
    func allFiles() -> SiteFiles {
        var files = SiteFiles()
        let pages = ParallelMap.map(notes) { $0.note.outputPath }
        let drawn = ParallelMap.map(notes) { layout.notePage($0.note, title: $0.title, content: $0.content) }
        for (path, bytes) in zip(pages, drawn) { files.add(path, bytes: bytes) }
        for path in referencePaths + Array(searchFiles.keys) + assets.sorted() + SiteBuilder.fixedFiles {
            if let bytes = bytes(of: path) { files.add(path, bytes: bytes) }
        }
        return files
    }
}

extension NoteLoader {
    /// The note path inside Content/ that diagnostics call `display`.
    func relativePath(display: String) -> String? {
        if displayPrefix.isEmpty { return display }
        guard display.hasPrefix(displayPrefix + "/") else { return nil }
        return String(display.dropFirst(displayPrefix.count + 1))
    }
}
