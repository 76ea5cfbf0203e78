import Diagnostics
import Foundation
import PorticoGateway
import PorticoMarkdown
import PorticoModel

/// What one update of the site did.
public struct SiteUpdate: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// Nothing the site is made of changed (a hidden file, an editor's swap file).
        case unchanged
        /// Single files were written or deleted; `pages` are the HTML pages among them.
        case updated(pages: [String])
        /// The whole site was built and written again.
        case rebuilt
        /// The build is broken: nothing was written, and the output holds the last good site.
        case failed
    }

    public var outcome: Outcome
    /// Every problem of the site as it is now, warnings included.
    public var diagnostics: DiagnosticEngine
    /// The project as a full build loaded it again: the server's gateway should follow it.
    public var project: Project?
    /// `portico.yml` or a function's code changed: warm function processes run old code.
    public var functionsChanged = false
    /// Backends restarted because their code changed, by name.
    public var backendsChanged: Set<String> = []
    /// Files written or deleted.
    public var filesWritten = 0
    /// Notes rendered again (their examples ran again).
    public var notesRendered = 0
}

/// `serve`'s site: built in full once, then kept up to date change by change, with the bytes
/// a full build of the same Content/ would give (the tests compare every file).
///
/// ```
/// changed paths ─▶ ContentChanges ──project file──▶ full build, whole site swapped in
///                        │ notes, assets
///                        ▼
///   notes read again ─▶ navigation changed? ─yes─▶ frames redrawn in the folders whose
///                        │                         sidebar changed (all, if the top changed)
///                        ▼
///   links checked again (the changed notes, and those linking to what appeared, vanished
///   or lost an anchor) ─▶ changed notes rendered (examples run) ─▶ errors? ─yes─▶ nothing
///                        │                                        written; remembered
///                        ▼
///   each changed file written in place (temp + rename); search index later: updateSearch()
/// ```
///
/// The search index waits for ``updateSearch()`` so the edited page reaches the browser
/// first. Calls run one at a time, in the order they arrive.
public actor IncrementalSite {
    public let projectRoot: String
    /// A SAM or CloudFormation template read instead of the one found (`--template`).
    public let template: String?
    public let outputDirectory: String
    private let clock: any GatewayClock
    private let services: BuildServices
    private var state: SiteState?
    private var functions: BuildFunctions?
    /// Files whose bytes changed while the build was broken: written once it builds again.
    private var unwritten: Set<String> = []
    /// The last full build failed, so the output may be far behind: the next good state
    /// writes the whole site.
    private var needsFullWrite = false
    private var searchStale = false
    /// Counts the changes to the state, so a search index drawn meanwhile is known to be old.
    private var generation = 0
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(projectRoot: String, template: String? = nil, outputDirectory: String? = nil, clock: any GatewayClock = FixedClock.siteBuild,
                services: BuildServices = .none) {
        self.projectRoot = projectRoot
        self.template = template
        self.outputDirectory = outputDirectory ?? (projectRoot as NSString).appendingPathComponent("Site")
        self.clock = clock
        self.services = services
    }

    public nonisolated var contentDirectory: String {
        (projectRoot as NSString).appendingPathComponent(ProjectLoader.contentFolderName)
    }

    /// Builds the whole site and writes it (atomically, as `portico build` does) when it has
    /// no error.
    public func rebuildAll(progress: (@Sendable (String) -> Void)? = nil) async -> SiteUpdate {
        await exclusively { await fullBuild(progress: progress) }
    }

    /// Brings the site up to date with the changed paths (files or folders, below Content/).
    public func apply(_ changedPaths: [String]) async -> SiteUpdate {
        await exclusively {
            let changes = ContentChanges.classify(changedPaths, contentDirectory: contentDirectory, state: state)
            if changes.isEmpty {
                return SiteUpdate(outcome: .unchanged, diagnostics: state?.diagnostics ?? DiagnosticEngine())
            }
            guard !changes.needsFullBuild, var state else {
                let hadState = state != nil
                var update = await fullBuild(progress: nil, backendsChanged: changes.backendsChanged)
                update.functionsChanged = changes.functionsChanged || !hadState
                update.backendsChanged = changes.backendsChanged
                return update
            }
            // The local copy is then the only one: changing one note does not copy the others.
            self.state = nil
            let update = await update(&state, with: changes)
            self.state = state
            generation += 1
            return update
        }
    }

    /// Writes the search index for the notes as they are now, if a change made it stale and
    /// the site builds. Returns the number of search files written or deleted.
    ///
    /// The index is drawn outside the one-call-at-a-time section: a change that arrives
    /// meanwhile is applied at once, and the index drawn for the older notes is dropped.
    @discardableResult
    public func updateSearch() async -> Int {
        let job: (documents: [SearchIndex.Document], generation: Int)? = await exclusively {
            guard searchStale, let state, !state.hasErrors else { return nil }
            return (state.searchDocuments(), generation)
        }
        guard let job else { return 0 }
        let files = await Task.detached { Dictionary(uniqueKeysWithValues: SearchIndex.files(job.documents)) }.value
        return await exclusively {
            guard job.generation == generation, var state = self.state else { return 0 }
            let previous = Set(state.searchFiles.keys)
            state.searchFiles = files
            self.state = state
            searchStale = false
            return write(previous.union(files.keys), from: state).changed.count
        }
    }

    // MARK: Steps

    private func fullBuild(progress: (@Sendable (String) -> Void)?, backendsChanged: Set<String> = []) async -> SiteUpdate {
        var loaded = DiagnosticEngine()
        let project = ProjectLoader(root: projectRoot, template: template).load(diagnostics: &loaded)
        // Backends first: the examples must meet the code as it is now.
        var backendProblems: [Diagnostic] = []
        if let project, let prepare = services.prepareBackends {
            backendProblems = await prepare(project, backendsChanged)
        }
        let (gatewayServices, functions) = BuildFunctions.services(services, project: project)
        var result = await SiteBuilder(project: project, loadDiagnostics: loaded, projectRoot: projectRoot, clock: clock,
                                       services: gatewayServices)
            .build(progress: progress, keepingState: true)
        result.diagnostics.emit(contentsOf: backendProblems)
        await functions?.finish()
        self.functions = functions
        state = result.state
        generation += 1
        unwritten = []
        searchStale = false
        var update = SiteUpdate(outcome: .rebuilt, diagnostics: result.diagnostics, notesRendered: result.state?.notes.count ?? 0)
        guard !result.diagnostics.hasErrors else {
            needsFullWrite = true
            update.outcome = .failed
            return update
        }
        do {
            try SiteWriter(outputDirectory: outputDirectory).write(result.files)
        } catch {
            needsFullWrite = true
            update.outcome = .failed
            update.diagnostics.error(.siteWrite, error.description)
            return update
        }
        needsFullWrite = false
        update.project = result.state?.project
        update.filesWritten = result.files.files.count
        return update
    }

    private func update(_ state: inout SiteState, with changes: ContentChanges) async -> SiteUpdate {
        var candidates = Set<String>()
        var rerender: [String] = []
        // Paths whose existence or anchors changed: links to them are checked again.
        var moved = Set<String>()
        var navigationChanged = false, notesAddedOrRemoved = false

        for path in changes.notes.sorted() {
            let full = (state.project.contentDirectory as NSString).appendingPathComponent(path)
            let exists = FileManager.default.fileExists(atPath: full)
            var local = DiagnosticEngine()
            let note = exists ? state.loader.load([path], diagnostics: &local).first : nil
            let previous = state.record(path)
            state.unreadable[path] = exists && note == nil ? local.diagnostics : nil
            guard let note else {
                if let previous {
                    state.remove(path)
                    candidates.insert(previous.note.outputPath)
                    moved.insert(path)
                    navigationChanged = true
                    notesAddedOrRemoved = true
                }
                continue
            }
            let document = MarkdownDocument(markdown: note.body)
            var record = NoteRecord(note: note, document: document, title: PageRenderer.title(of: note, document: document),
                                    content: "", exampleCount: 0, search: state.layout.noteSearch(note, title: ""),
                                    linkDiagnostics: [], renderDiagnostics: [])
            record.loadDiagnostics = local.diagnostics
            if let previous {
                if !record.sameNavigation(as: previous) { navigationChanged = true }
                if record.anchors != previous.anchors { moved.insert(path) }
            } else {
                moved.insert(path)
                navigationChanged = true
                notesAddedOrRemoved = true
            }
            state.insert(record)
            rerender.append(path)
            candidates.insert(note.outputPath)
        }

        for path in changes.assets.sorted() {
            var isDirectory: ObjCBool = false
            let full = (state.project.contentDirectory as NSString).appendingPathComponent(path)
            let isFile = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) && !isDirectory.boolValue
            if isFile != state.assets.contains(path) {
                state.setAsset(path, present: isFile)
                moved.insert(path)
            }
            candidates.insert(path)
        }

        if navigationChanged {
            candidates.formUnion(redrawNavigation(&state))
        }
        if notesAddedOrRemoved { candidates.insert("sitemap.xml") }

        let checker = state.linkChecker()
        var recheck = Set(rerender)
        if !moved.isEmpty {
            for record in state.notes where !record.linkTargets.isDisjoint(with: moved) { recheck.insert(record.note.relativePath) }
        }
        for path in recheck {
            guard var record = state.record(path) else { continue }
            record.linkDiagnostics = checker.check(record.note, links: record.document.links, headings: record.anchors)
            state.update(record)
        }

        let rendered = await render(rerender.compactMap { state.record($0) }, state: state)
        for record in rendered { state.update(record) }
        if !rerender.isEmpty || notesAddedOrRemoved { searchStale = true }
        if state.redrawAuthorizationPage() { candidates.insert(AuthorizationSupport.path) }

        var update = SiteUpdate(outcome: .failed, diagnostics: state.diagnostics, notesRendered: rerender.count)
        if update.diagnostics.hasErrors {
            unwritten.formUnion(candidates)
            return update
        }
        if needsFullWrite {
            state.searchFiles = Dictionary(uniqueKeysWithValues: SearchIndex.files(state.searchDocuments()))
            let files = state.allFiles()
            do {
                try SiteWriter(outputDirectory: outputDirectory).write(files)
            } catch {
                update.diagnostics.error(.siteWrite, error.description)
                return update
            }
            needsFullWrite = false
            searchStale = false
            unwritten = []
            update.outcome = .rebuilt
            update.filesWritten = files.files.count
            return update
        }
        let paths = unwritten.union(candidates)
        unwritten = []
        let (written, failures) = write(paths, from: state)
        update.filesWritten = written.count
        for failure in failures { update.diagnostics.error(.siteWrite, failure) }
        if failures.isEmpty { update.outcome = .updated(pages: written.filter { $0.hasSuffix(".html") }) }
        return update
    }

    /// A layout for the notes as they are now; returns the pages whose frame may differ:
    /// those of folders whose sidebar drawing changed (every page when the top level did),
    /// and the reference pages and the 404 page when the drawing seen from outside the notes'
    /// folders changed. Search sections follow the new section titles.
    private func redrawNavigation(_ state: inout SiteState) -> Set<String> {
        let old = state.layout
        let layout = state.currentLayout()
        state.layout = layout
        let everyPage = layout.topLevel != old.topLevel
        let folders = Set(layout.sidebars.filter { old.sidebars[$0.key] != $0.value }.keys)
        // By index: a record handed to a closure would be copied, field by field, 10,000 times.
        var pages = Set<String>()
        for index in state.notes.indices where everyPage || folders.contains(state.notes[index].note.folder) {
            pages.insert(state.notes[index].note.outputPath)
        }
        if everyPage || layout.outsideNotes != old.outsideNotes {
            pages.formUnion(state.referencePaths)
            pages.insert("404.html")
        }
        if layout.sections != old.sections {
            state.redrawSearchDocuments()
            searchStale = true
        }
        return pages
    }

    /// Renders notes again, on every core, with the kept gateway; the function processes
    /// their examples start are stopped at the end.
    private func render(_ records: [NoteRecord], state: SiteState) async -> [NoteRecord] {
        guard !records.isEmpty else { return [] }
        let renderer = PageRenderer(project: state.project, runner: ExampleRunner(gateway: state.gateway), diagrams: state.graphviz)
        let layout = state.layout
        let rendered = await withTaskGroup(of: (Int, NoteRecord).self) { group in
            for (index, record) in records.enumerated() {
                group.addTask {
                    var local = DiagnosticEngine()
                    let page = await renderer.render(record.note, document: record.document, diagnostics: &local)
                    var updated = record
                    updated.content = page.html
                    updated.exampleCount = page.exampleCount
                    updated.outcomes = page.outcomes
                    updated.renderDiagnostics = local.diagnostics
                    updated.search = layout.noteSearch(record.note, title: page.title)
                    return (index, updated)
                }
            }
            var all: [(Int, NoteRecord)] = []
            for await item in group { all.append(item) }
            return all.sorted { $0.0 < $1.0 }.map(\.1)
        }
        await functions?.finish()
        return rendered
    }

    /// Writes each path as the state draws it (deleting those it no longer has), skipping
    /// files whose bytes on disk are already right. Returns the paths written or deleted,
    /// sorted, and what failed (those paths are tried again on the next change).
    private func write(_ paths: Set<String>, from state: SiteState) -> (changed: [String], failures: [String]) {
        let writer = SiteFileWriter(root: outputDirectory)
        var changed: [String] = [], failures: [String] = []
        for path in paths.sorted() {
            do {
                if try writer.put(path, state.bytes(of: path)) { changed.append(path) }
            } catch {
                unwritten.insert(path)
                failures.append(error.description)
            }
        }
        return (changed, failures)
    }

    /// Runs `body` when no other call is running, in the order calls arrived: an update
    /// awaits rendering, and another must not start from the state it is changing.
    private func exclusively<T: Sendable>(_ body: () async -> T) async -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        defer {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
        return await body()
    }
}
