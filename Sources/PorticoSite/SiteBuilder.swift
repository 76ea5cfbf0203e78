import Diagnostics
import Foundation
import PorticoDiagrams
import PorticoGateway
import PorticoMarkdown
import PorticoModel

/// Builds a docs project into site files, as a list of named steps that reads like a recipe
/// (Publish's idea): load the project, load the notes, prepare the gateway, render the pages,
/// add the assets. Any error stops the build before anything is written.
public struct SiteBuilder: Sendable {
    public let projectRoot: String
    public let clock: any GatewayClock

    public init(projectRoot: String, clock: any GatewayClock = FixedClock.siteBuild) {
        self.projectRoot = projectRoot
        self.clock = clock
    }

    public struct Result: Sendable {
        public var files: SiteFiles
        public var diagnostics: DiagnosticEngine
        public var pageCount: Int
        public var exampleCount: Int
    }

    static let steps = ["Load project", "Load notes", "Prepare gateway", "Render pages", "Add assets"]

    /// - Parameter progress: told `[i/n] step` as each step starts (nil in CI and tests).
    public func build(progress: (@Sendable (String) -> Void)? = nil) async -> Result {
        var diagnostics = DiagnosticEngine()
        var files = SiteFiles()
        func step(_ index: Int) { progress?("[\(index + 1)/\(Self.steps.count)] \(Self.steps[index])") }

        step(0)
        let loader = ProjectLoader(root: projectRoot)
        guard let project = loader.load(diagnostics: &diagnostics) else {
            return Result(files: files, diagnostics: diagnostics, pageCount: 0, exampleCount: 0)
        }

        step(1)
        let notes = NoteLoader(contentDirectory: project.contentDirectory,
                               displayPrefix: loader.displayPath(ProjectLoader.contentFolderName)).load(diagnostics: &diagnostics)

        step(2)
        let gateway = Gateway(project: project, clock: clock)
        diagnostics.emit(contentsOf: gateway.diagnostics)
        let theme: Theme
        do {
            theme = try Theme.load(contentDirectory: project.contentDirectory)
        } catch {
            diagnostics.error("theme.template", error.description)
            return Result(files: files, diagnostics: diagnostics, pageCount: 0, exampleCount: 0)
        }

        step(3)
        let renderer = PageRenderer(project: project, runner: ExampleRunner(gateway: gateway), diagrams: GraphvizRenderer())
        let navigation = Navigation(notes: notes)
        var exampleCount = 0
        for note in notes {
            let page = await renderer.render(note, diagnostics: &diagnostics)
            exampleCount += page.exampleCount
            let context = PageContext(
                title: page.title, description: note.frontMatter.description, siteTitle: project.site.title,
                root: String(repeating: "../", count: note.depth), content: page.html,
                navigation: navigation.links(from: note))
            files.add(note.outputPath, theme.render(context))
        }

        step(4)
        files.add("assets/portico.css", theme.stylesheet)
        return Result(files: files, diagnostics: diagnostics, pageCount: notes.count, exampleCount: exampleCount)
    }
}

/// The sidebar: notes ordered by front-matter `order`, then by path, index first.
struct Navigation {
    let entries: [(note: Note, title: String)]

    init(notes: [Note]) {
        entries = notes.map { ($0, PageRenderer.title(of: $0)) }.sorted { a, b in
            let ka = (a.note.relativePath == "index.md" ? 0 : 1, a.note.frontMatter.order ?? Int.max, a.note.relativePath)
            let kb = (b.note.relativePath == "index.md" ? 0 : 1, b.note.frontMatter.order ?? Int.max, b.note.relativePath)
            return ka < kb
        }
    }

    func links(from current: Note) -> [(title: String, href: String, current: Bool)] {
        let root = String(repeating: "../", count: current.depth)
        return entries.map { ($0.title, root + $0.note.outputPath, $0.note.relativePath == current.relativePath) }
    }
}
