import Diagnostics
import PorticoGateway
import PorticoMarkdown
import PorticoModel

/// `reference/{api}/releases.html`, "What a release changes": for an API with a stage that has
/// a canary, or with stages on different deployments, what differs between the two releases
/// (DG: canary-release: "the canary … receives a percentage of API traffic" while the stage
/// runs its production release): the definition's routes, methods, models and settings
/// (``DefinitionDiff``), the stage settings, and every executed example of the site whose
/// answers differ, run once on each side with the same ids and the same virtual clock, side
/// by side. No other documentation tool shows this; a reviewer reads it before promoting.
struct ReleasePages: Sendable {
    let project: Project

    /// One side of a comparison: a stage's production release or its canary, or a stage.
    struct Side: Sendable, Equatable {
        let stage: Stage
        let channel: ReleaseChannel?
        /// `prod`, `prod (canary)`.
        var label: String { channel == .canary ? "\(stage.stageName) (canary)" : stage.stageName }
        var deploymentId: String? {
            channel == .canary ? (stage.canarySettings?.deploymentId ?? stage.deploymentId) : stage.deploymentId
        }
        var variables: [String: String] {
            guard channel == .canary, let overrides = stage.canarySettings?.stageVariableOverrides else { return stage.variables }
            return stage.variables.merging(overrides) { _, override in override }
        }
    }

    /// Two releases of one API to compare.
    struct Comparison: Sendable {
        let before: Side
        let after: Side
        var title: String { "\(before.label) → \(after.label)" }
        var anchor: String { ReferencePages.slug(before.label + "-to-" + after.label).split(separator: "-", omittingEmptySubsequences: true).joined(separator: "-") }
    }

    /// An example block of a note, as the page that shows it runs it.
    struct Example: Sendable {
        let block: ExampleBlock
        /// The seed the note's page runs it with.
        let seed: String
        /// The note's page (`guide/canary.html`) and its title, for the heading.
        let notePath: String
        let noteTitle: String
    }

    /// Each stage with canary settings against its canary, then each pair of stages that run
    /// different deployments (a stage without `deploymentId` runs the current definition).
    static func comparisons(of api: APIDeployment) -> [Comparison] {
        guard api.kind != .webSocket else { return [] }
        var result: [Comparison] = []
        for stage in api.stages where stage.canarySettings != nil {
            result.append(Comparison(before: Side(stage: stage, channel: .main), after: Side(stage: stage, channel: .canary)))
        }
        for (index, first) in api.stages.enumerated() {
            // A stage with a canary is compared by its production release, pinned, so that no
            // draw between the releases moves its request ids away from the other stage's.
            for second in api.stages[(index + 1)...] where first.deploymentId != second.deploymentId {
                result.append(Comparison(before: Side(stage: first, channel: first.canarySettings == nil ? nil : .main),
                                         after: Side(stage: second, channel: second.canarySettings == nil ? nil : .main)))
            }
        }
        return result
    }

    /// The example blocks of the notes, in note order, with the seed each page runs them with
    /// (``PageRenderer``: the note's path and the block's index).
    static func examples(in notes: [Note], documents: [MarkdownDocument], titles: [String]) -> [Example] {
        var examples: [Example] = []
        for (index, note) in notes.enumerated() {
            for block in documents[index].fencedBlocks where ExampleBlock.isExample(info: block.info) {
                let fence = SourceLocation(file: note.displayPath, line: note.bodyLine + block.line - 1, column: block.column)
                var ignored = DiagnosticEngine()
                guard let example = ExampleBlock.parse(info: block.info, text: block.literal, location: fence, contentStart: fence, diagnostics: &ignored)
                else { continue }
                examples.append(Example(block: example, seed: "\(note.relativePath)#\(block.index)", notePath: note.outputPath, noteTitle: titles[index]))
            }
        }
        return examples
    }

    static func path(of api: APIDeployment) -> String { ReferencePages.apiFolder(api) + "releases.html" }

    /// The page paths, for link checking before the pages exist.
    func paths() -> [String] {
        project.apis.filter { !Self.comparisons(of: $0).isEmpty }.map(Self.path)
    }

    func pages(examples: [Example], gateway: Gateway) async -> [GeneratedPage] {
        var pages: [GeneratedPage] = []
        for api in project.apis {
            let comparisons = Self.comparisons(of: api)
            guard !comparisons.isEmpty else { continue }
            let title = "What a release changes: \(api.definition.title)"
            var html = ReferenceHTML.heading(1, "what-a-release-changes", title)
            html += "<p>Each comparison below sets a release of API \(ReferenceHTML.code(api.name)) beside another: what their definitions and stage settings differ in, and each example of this site whose answers differ, run once on each side with the same request ids and clock. A stage with a canary serves its canary release to <em>percentTraffic</em> percent of requests, chosen at random (<a href=\"https://docs.aws.amazon.com/apigateway/latest/developerguide/canary-release.html\">AWS Developer Guide: canary releases</a>).</p>\n"
            var search = title
            for comparison in comparisons {
                html += ReferenceHTML.heading(2, comparison.anchor, comparison.title)
                html += settingsTable(comparison, api: api)
                html += definitionSection(comparison, api: api)
                let (exampleHTML, count) = await exampleSection(comparison, api: api, examples: examples, gateway: gateway)
                html += exampleHTML
                search += " \(comparison.title) \(count) examples differ"
            }
            pages.append(GeneratedPage(path: Self.path(of: api), title: title, description: nil, html: html, searchText: search))
        }
        return pages
    }

    /// Deployment, stage variables and cache use of each side.
    private func settingsTable(_ comparison: Comparison, api: APIDeployment) -> String {
        func deployment(_ side: Side) -> String {
            side.deploymentId.map { id in ReferenceHTML.code(id) + " (" + ReferenceHTML.code(api.deployment(id: id)?.definitionPath ?? "?") + ")" }
                ?? "the current definition (" + ReferenceHTML.code(api.definitionPath) + ")"
        }
        func cache(_ side: Side) -> String {
            guard side.stage.cacheClusterEnabled else { return "no stage cache" }
            guard side.channel == .canary else { return "the stage cache" }
            return side.stage.canarySettings?.useStageCache == true ? "the stage cache (useStageCache)" : "its own cache entries"
        }
        // Throttling, caching and logging per `*/*` or `/path/METHOD`, as the overview lists them.
        func methodSettings(_ side: Side) -> String {
            let rows = side.stage.methodSettings.map(ReferencePages.methodSettingRow)
            return rows.isEmpty ? "none" : rows.map { row in row[0] + ": throttling " + row[1] + "; caching " + row[2] + "; logging " + row[3] }.joined(separator: "<br>")
        }
        func traffic(_ side: Side) -> String {
            guard let settings = side.stage.canarySettings, side.channel != nil else { return "every request to the stage" }
            let canary = settings.percentTraffic
            return ReleaseChannel.percent(side.channel == .canary ? canary : 100 - canary) + " of requests to \(ReferenceHTML.code(side.stage.stageName))"
        }
        let rows: [[String]] = [
            ["Deployment", deployment(comparison.before), deployment(comparison.after)],
            ["Traffic", traffic(comparison.before), traffic(comparison.after)],
            ["Stage variables", ReferenceHTML.pairs(comparison.before.variables), ReferenceHTML.pairs(comparison.after.variables)],
            ["Cache", cache(comparison.before), cache(comparison.after)],
            ["Method settings", methodSettings(comparison.before), methodSettings(comparison.after)],
        ]
        // A setting both sides share says "same" on the second, so differences stand out.
        return ReferenceHTML.table(["", comparison.before.label, comparison.after.label],
                                   rows.map { row in [row[0], row[1], row[1] == row[2] ? "same" : row[2]] })
    }

    private func definitionSection(_ comparison: Comparison, api: APIDeployment) -> String {
        let paths = [comparison.before, comparison.after].map { side in side.deploymentId.flatMap { api.deployment(id: $0)?.definitionPath } ?? api.definitionPath }
        guard paths[0] != paths[1] else {
            return "<p>Both run the same definition: only the stage settings above differ.</p>\n"
        }
        guard let diff = DefinitionDiff.between(paths[0], paths[1], contentDirectory: project.contentDirectory) else {
            return "<p>The two definitions could not be read to compare them.</p>\n"
        }
        guard !diff.isEmpty else { return "<p>The two definitions describe the same API.</p>\n" }
        var html = "<p>From " + ReferenceHTML.code(paths[0]) + " to " + ReferenceHTML.code(paths[1]) + ":</p>\n"
        for section in DefinitionDiff.Section.allCases {
            let entries = diff.entries.filter { $0.section == section }
            guard !entries.isEmpty else { continue }
            html += "<h3>\(section.rawValue.htmlEscaped)</h3>\n<ul class=\"release-changes\">\n"
            for entry in entries {
                html += "<li class=\"\(entry.change.rawValue)\"><strong>\(entry.change.rawValue)</strong> \(ReferenceHTML.code(entry.name))"
                if !entry.details.isEmpty {
                    html += "<ul>" + entry.details.map { "<li>\($0.htmlEscaped)</li>" }.joined() + "</ul>"
                }
                html += "</li>\n"
            }
            html += "</ul>\n"
        }
        return html
    }

    /// Every example aimed at either side, run on both; those whose answers differ, side by side.
    private func exampleSection(_ comparison: Comparison, api: APIDeployment, examples: [Example], gateway: Gateway) async -> (String, Int) {
        let stages = Set([comparison.before.stage.stageName, comparison.after.stage.stageName])
        let aimed = examples.filter { example in
            (example.block.api ?? (project.apis.count == 1 ? project.apis[0].name : nil)) == api.name
                && (example.block.stage ?? (api.stages.count == 1 ? api.stages[0].stageName : nil)).map(stages.contains) == true
        }
        var html = ReferenceHTML.heading(3, comparison.anchor + "-examples", "Examples that answer differently")
        var differing = 0
        for example in aimed {
            guard let before = await run(example, on: comparison.before, gateway: gateway),
                  let after = await run(example, on: comparison.after, gateway: gateway) else { continue }
            let pairs = zip(before.transcripts, after.transcripts).enumerated().filter { Self.answer($0.element.0) != Self.answer($0.element.1) }
            guard !pairs.isEmpty || before.transcripts.count != after.transcripts.count else { continue }
            differing += 1
            let page = "../../" + example.notePath
            html += "<h4><a href=\"\(page.htmlEscaped)\">\(example.noteTitle.htmlEscaped)</a>: \(ReferenceHTML.code(example.block.requests.first.map { "\($0.method) \($0.path)" } ?? ""))</h4>\n"
            // Each request that answers differently, side by side; of a burst, the first, and the others counted.
            for (index, pair) in example.block.burst == nil ? pairs : Array(pairs.prefix(1)) {
                html += "<div class=\"side-by-side\">"
                for (side, transcript) in [(comparison.before, pair.0), (comparison.after, pair.1)] {
                    let text = before.keyMask.mask(Self.answer(transcript))
                    html += "<figure><figcaption>\(side.label.htmlEscaped)\(before.transcripts.count > 1 ? " · request \(index + 1)" : "")</figcaption>"
                        + "<pre class=\"highlight\"><code class=\"language-http\">\(Highlighter.html(text, as: .http))</code></pre></figure>"
                }
                html += "</div>\n"
            }
            if example.block.burst != nil, pairs.count > 1 {
                html += "<p>\(pairs.count) of the burst's \(before.transcripts.count) requests answer differently; the first is shown.</p>\n"
            }
        }
        if differing == 0 {
            html += aimed.isEmpty ? "<p>No example of this site is aimed at these stages.</p>\n"
                : "<p>All \(aimed.count) examples aimed at these stages answer the same on both sides.</p>\n"
        } else {
            html += "<p>\(differing) of \(aimed.count) examples aimed at these stages answer differently.</p>\n"
        }
        return (html, differing)
    }

    /// The example run on one side, with a gateway of its own (fresh state, as the page's
    /// first example has) and the page's seed; its expectations are the page's business, so
    /// what they report here is dropped.
    private func run(_ example: Example, on side: Side, gateway: Gateway) async -> ExampleRunner.Run? {
        var block = example.block
        block.stage = side.stage.stageName
        block.channel = side.channel
        var ignored = DiagnosticEngine()
        return await ExampleRunner(gateway: gateway.sandboxed()).run(block, seed: example.seed, diagnostics: &ignored)
    }

    /// What a client sees: the status line, the headers and the body.
    static func answer(_ transcript: Transcript) -> String {
        var out = transcript.response.statusLine + "\n"
        for header in transcript.response.headers { out += "\(header.name): \(header.value)\n" }
        if !transcript.response.body.isEmpty {
            out += "\n" + BodySummary.text(transcript.response.body, isBase64Encoded: transcript.response.isBase64Encoded)
        }
        return out
    }
}
