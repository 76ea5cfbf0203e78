import Diagnostics
import PorticoDiagrams
import PorticoGateway
import PorticoMarkdown
import PorticoModel

/// Turns one note into the HTML of its page body: Markdown by cmark-gfm, mermaid blocks
/// drawn to inline SVG, example blocks executed into transcript panels.
struct PageRenderer: Sendable {
    let project: Project
    let runner: ExampleRunner
    let diagrams: GraphvizRenderer

    struct Page {
        var title: String
        var html: String
        var exampleCount: Int
    }

    static func title(of note: Note) -> String {
        if let title = note.frontMatter.title { return title }
        if let heading = MarkdownDocument(markdown: note.body).title { return heading }
        let name = note.relativePath.split(separator: "/").last.map(String.init) ?? note.relativePath
        return String(name.dropLast(3))
    }

    func render(_ note: Note, diagnostics: inout DiagnosticEngine) async -> Page {
        let document = MarkdownDocument(markdown: note.body)
        var replacements: [Int: String] = [:]
        var exampleCount = 0
        for block in document.fencedBlocks {
            let fence = SourceLocation(file: note.displayPath, line: note.bodyLine + block.line - 1, column: block.column)
            let contentStart = SourceLocation(file: note.displayPath, line: fence.line + 1, column: 1)
            if block.language == "mermaid" {
                replacements[block.index] = await diagram(block, contentStart: contentStart, diagnostics: &diagnostics)
            } else if ExampleBlock.isExample(info: block.info) {
                guard let example = ExampleBlock.parse(info: block.info, text: block.literal, location: fence,
                                                       contentStart: contentStart, diagnostics: &diagnostics),
                      let run = await runner.run(example, seed: "\(note.relativePath)#\(block.index)", diagnostics: &diagnostics)
                else { continue }
                exampleCount += run.transcripts.count
                replacements[block.index] = TranscriptPanel.html(run)
            }
        }
        return Page(title: Self.title(of: note), html: document.html(replacingBlocks: replacements), exampleCount: exampleCount)
    }

    private func diagram(_ block: FencedBlock, contentStart: SourceLocation, diagnostics: inout DiagnosticEngine) async -> String? {
        let parsed = MermaidParser.parse(block.literal)
        diagnostics.emit(contentsOf: parsed.diagnostics.map { $0.shifted(into: contentStart) })
        guard let chart = parsed.chart else { return nil }
        let drawn = await diagrams.svg(for: chart, idPrefix: "diagram\(block.index)-")
        diagnostics.emit(contentsOf: drawn.diagnostics.map { $0.shifted(into: contentStart) })
        guard let svg = drawn.svg else { return nil }
        return "<figure class=\"diagram\">\n\(svg)\n</figure>\n"
    }
}
