import Diagnostics
import PorticoDiagrams
import PorticoGateway
import PorticoMarkdown
import PorticoModel

/// Turns one note into the HTML of its page body: Markdown by cmark-gfm with links between
/// notes rewritten to pages, mermaid flowcharts drawn by Graphviz and sequence diagrams drawn
/// natively to inline SVG, code blocks highlighted, example blocks executed into transcript
/// panels.
struct PageRenderer: Sendable {
    let project: Project
    let runner: ExampleRunner
    let diagrams: GraphvizRenderer

    struct Page {
        var title: String
        var html: String
        var exampleCount: Int
        /// What its examples did, for the authorization table (``AuthorizationSupport``).
        var outcomes: [ExampleOutcome] = []
    }

    static func title(of note: Note) -> String {
        title(of: note, document: MarkdownDocument(markdown: note.body))
    }

    static func title(of note: Note, document: MarkdownDocument) -> String {
        if let title = note.frontMatter.title { return title }
        if let heading = document.title { return heading }
        let name = note.relativePath.split(separator: "/").last.map(String.init) ?? note.relativePath
        return String(name.dropLast(3))
    }

    func render(_ note: Note, diagnostics: inout DiagnosticEngine) async -> Page {
        await render(note, document: MarkdownDocument(markdown: note.body), diagnostics: &diagnostics)
    }

    func render(_ note: Note, document: MarkdownDocument, diagnostics: inout DiagnosticEngine) async -> Page {
        var replacements: [Int: String] = [:]
        var exampleCount = 0
        var outcomes: [ExampleOutcome] = []
        let title = Self.title(of: note, document: document)
        keyValueCheck(note, diagnostics: &diagnostics)
        // The page's examples share one copy of the buckets and streams, made on the first
        // example: writes carry from one example to the next in reading order, but never reach
        // Content/ or another page (pages render in parallel), so every build gives the same bytes.
        var pageRunner: ExampleRunner?
        func sharedRunner() -> ExampleRunner {
            let runner = pageRunner ?? ExampleRunner(gateway: self.runner.gateway.sandboxed())
            pageRunner = runner
            return runner
        }
        for block in document.fencedBlocks {
            let fence = SourceLocation(file: note.displayPath, line: note.bodyLine + block.line - 1, column: block.column)
            let contentStart = SourceLocation(file: note.displayPath, line: fence.line + 1, column: block.column)
            if block.language == "mermaid" {
                replacements[block.index] = await diagram(block, note: note, diagnostics: &diagnostics)
            } else if ExampleBlock.isExample(info: block.info) {
                guard let example = ExampleBlock.parse(info: block.info, text: block.literal, location: fence,
                                                       contentStart: contentStart, diagnostics: &diagnostics)
                else { continue }
                guard let run = await sharedRunner().run(example, seed: "\(note.relativePath)#\(block.index)", diagnostics: &diagnostics)
                else { continue }
                exampleCount += run.transcripts.count
                let id = "example\(block.index)"
                replacements[block.index] = TranscriptPanel.html(run, idPrefix: id)
                outcomes += AuthorizationSupport.outcomes(of: run, project: project, page: note.outputPath, pageTitle: title, anchor: id)
            } else if WebSocketScript.isExample(info: block.info) {
                guard let script = WebSocketScript.parse(info: block.info, text: block.literal, location: fence,
                                                         contentStart: contentStart, diagnostics: &diagnostics)
                else { continue }
                // The same sandboxed gateway as the page's http examples: state carries in reading order.
                guard let conversation = await WebSocketExampleRunner(gateway: sharedRunner().gateway)
                    .run(script, seed: "\(note.relativePath)#\(block.index)", diagnostics: &diagnostics)
                else { continue }
                exampleCount += 1
                replacements[block.index] = WebSocketPanel.html(conversation, script: script, idPrefix: "example\(block.index)")
            } else if block.language == "portico" {
                guard var table = EmbeddedTables.html(info: block.info, project: project, location: fence, diagnostics: &diagnostics) else { continue }
                // Reference links in the table are site paths; make them relative to this page.
                table = table.replacing("href=\"reference/", with: "href=\"\(String(repeating: "../", count: note.depth))reference/")
                replacements[block.index] = table
            } else if let language = Highlighter.language(named: block.language) {
                replacements[block.index] = Highlighter.block(block.literal, as: language)
            }
        }
        let html = document.html(replacingBlocks: replacements, rewritingLinks: LinkChecker.rewrite)
        return Page(title: title, html: html, exampleCount: exampleCount, outcomes: outcomes)
    }

    /// A note that holds an API key's value is an error (the build then writes nothing): Site/
    /// shows key names, never values; an example sends a key by name with `key=`.
    private func keyValueCheck(_ note: Note, diagnostics: inout DiagnosticEngine) {
        guard !runner.keyMask.isEmpty, let found = runner.keyMask.firstOccurrence(in: note.body) else { return }
        let before = note.body[..<found.at]
        let line = before.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: "\n").map { note.body.index(after: $0) } ?? note.body.startIndex
        let column = note.body.utf8.distance(from: lineStart, to: found.at) + 1
        let name = runner.gateway.environment.deployments.usagePlans.key(value: found.value)?.name ?? "?"
        diagnostics.error(.noteKeyValue, "the note holds the value of API key '\(name)'; the site never shows key values: write key=\(name) on an example, or the key's name",
                          at: SourceLocation(file: note.displayPath, line: note.bodyLine + line, column: column))
    }

    /// Moves a diagnostic located in a block's content (line 1 = the line after the fence)
    /// into the note's file, indent of a list or quote included.
    static func locate(_ diagnostic: Diagnostic, in block: FencedBlock, note: Note) -> Diagnostic {
        var copy = diagnostic
        let position = block.contentPosition(line: diagnostic.location?.line ?? 1, column: diagnostic.location?.column ?? 1)
        copy.location = SourceLocation(file: note.displayPath, line: note.bodyLine + position.line - 1, column: position.column)
        return copy
    }

    private func diagram(_ block: FencedBlock, note: Note, diagnostics: inout DiagnosticEngine) async -> String? {
        if MermaidDiagramKind.of(block.literal) == .sequence {
            let parsed = SequenceDiagramParser.parse(block.literal)
            diagnostics.emit(contentsOf: parsed.diagnostics.map { Self.locate($0, in: block, note: note) })
            guard let diagram = parsed.diagram else { return nil }
            return "<figure class=\"diagram sequence-diagram\">\n\(SequenceDiagramRenderer.svg(for: diagram, idPrefix: "diagram\(block.index)-"))</figure>\n"
        }
        let parsed = MermaidParser.parse(block.literal)
        diagnostics.emit(contentsOf: parsed.diagnostics.map { Self.locate($0, in: block, note: note) })
        guard let chart = parsed.chart else { return nil }
        let drawn = await diagrams.svg(for: chart, idPrefix: "diagram\(block.index)-")
        diagnostics.emit(contentsOf: drawn.diagnostics.map { Self.locate($0, in: block, note: note) })
        guard let svg = drawn.svg else { return nil }
        return "<figure class=\"diagram\">\n\(svg)\n</figure>\n"
    }
}
