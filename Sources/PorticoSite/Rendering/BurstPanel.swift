import PorticoDiagrams
import PorticoGateway
import PorticoMarkdown

/// The panel of a burst (`repeat=N rate=R/s`): what was sent, a sentence of what came back,
/// the outcome of every request (runs of the same outcome as table rows; a strip of one mark
/// per request when the outcomes alternate too often for a short table), a chart of the token
/// buckets the requests drained, and the full transcript of the first refused request (of the
/// last, when none was refused). Everything is drawn from the transcripts, so the panel is
/// the same bytes on every build.
enum BurstPanel {
    /// More runs than this and the outcomes are drawn as a strip instead of a table.
    static let tableRuns = 12
    /// Marks per row of the strip.
    static let stripRow = 50

    /// What one request came to: its status and what refused it, if anything did.
    struct Outcome: Equatable {
        var status: Int
        /// The bucket's level, the quota, or the stage that failed; empty when none.
        var refusedBy: String

        init(_ t: Transcript) {
            status = t.response.status
            if let bucket = t.buckets.first(where: \.refused) {
                refusedBy = bucket.limit.level
            } else if let failed = t.trace.first(where: { $0.outcome == .fail }) {
                // A spent quota: the throttling stage's own words up to its figures
                // ("quota of usage plan 'trial' for key 'bob' exhausted: 5 of 5 …").
                var words = failed.detail.prefix { $0 != ":" }
                if words.hasSuffix(" exhausted") { words = words.dropLast(" exhausted".count) }
                refusedBy = failed.stage == .throttling ? "the " + words : "the \(failed.stage.rawValue) stage"
            } else {
                refusedBy = ""
            }
        }

        var isRefusal: Bool { status == 429 || !refusedBy.isEmpty }

        var statusHTML: String {
            "<span class=\"status status-\(status / 100)xx\">\(status) \(HTTPStatus.reason(status).htmlEscaped)</span>"
        }
    }

    /// A run of consecutive requests with the same outcome.
    struct Run {
        var first: Int
        var last: Int
        var outcome: Outcome
    }

    static func html(_ run: ExampleRunner.Run, idPrefix: String) -> String {
        guard let burst = run.block.burst, let request = run.block.requests.first, !run.transcripts.isEmpty else { return "" }
        let outcomes = run.transcripts.map(Outcome.init)
        let refusedIndex = outcomes.firstIndex(where: \.isRefusal)
        let shownIndex = refusedIndex ?? outcomes.count - 1
        let shown = run.keyMask.mask(run.transcripts[shownIndex])

        var out = TranscriptPanel.opening(run, label: "Burst", id: idPrefix)
        var sent = "\(burst.count) × <code>\(request.method.htmlEscaped) \(request.path.htmlEscaped)</code>"
        if let rate = burst.rate {
            sent += ", \(ReferenceHTML.number(rate)) per second on the page's clock (one every \(TranscriptPanel.waitText(burst.offset(of: 1)).htmlEscaped))"
        } else {
            sent += ", all at the same instant on the page's clock"
        }
        if let key = run.block.key { sent += ", with API key <code>\(key.htmlEscaped)</code>" }
        out += "<p class=\"burst-sent\">Sent \(sent).</p>\n"
        if let wait = run.block.waits.first, wait > .zero {
            out += "<p class=\"example-wait\">\(TranscriptPanel.waitText(wait).htmlEscaped) later on the page's clock</p>\n"
        }
        out += "<p class=\"burst-summary\">\(summary(outcomes))</p>\n"
        out += CanarySplit.html(run)
        let runs = runs(of: outcomes)
        out += runs.count <= tableRuns ? table(runs, offsets: run.offsets) : strip(outcomes, offsets: run.offsets)
        if let chart = chart(run, request: request, burst: burst) {
            out += "<figure class=\"diagram bucket-diagram\">\n\(BucketChartRenderer.svg(for: chart, idPrefix: idPrefix + "-buckets-"))\n"
            out += "<figcaption>The token buckets after each request: one panel per level of throttling, from the burst (the bucket's size, dashed) down to empty; a cross marks a refusal.</figcaption>\n</figure>\n"
        }
        let offset = shownIndex < run.offsets.count ? TranscriptPanel.waitText(run.offsets[shownIndex]) : "0 ms"
        let which = refusedIndex == nil ? "the last; none was refused" : "the first refused"
        out += "<h4 class=\"burst-shown\">Request \(shownIndex + 1) of \(burst.count), at \(offset.htmlEscaped): \(which)</h4>\n"
        out += TranscriptPanel.maskNotes(run, shown: [shown], original: [run.transcripts[shownIndex]])
        out += TranscriptPanel.exchange(shown, idPrefix: "\(idPrefix)-\(shownIndex)-")
        out += "</figure>\n"
        return run.keyMask.maskHTML(out)
    }

    /// "12 answered 200 OK; 18 answered 429 Too Many Requests (18 refused by stage 'prod' …)."
    static func summary(_ outcomes: [Outcome]) -> String {
        var statuses: [Int] = []
        for outcome in outcomes where !statuses.contains(outcome.status) { statuses.append(outcome.status) }
        let parts = statuses.sorted().map { status -> String in
            let matching = outcomes.filter { $0.status == status }
            var reasons: [String] = []
            for outcome in matching where !outcome.refusedBy.isEmpty && !reasons.contains(outcome.refusedBy) { reasons.append(outcome.refusedBy) }
            var text = "\(matching.count) answered \(matching[0].statusHTML)"
            if !reasons.isEmpty {
                text += " (" + reasons.map { reason in
                    "\(matching.filter { $0.refusedBy == reason }.count) refused by \(reason.htmlEscaped)"
                }.joined(separator: ", ") + ")"
            }
            return text
        }
        var text = parts.joined(separator: "; ")
        if let first = outcomes.firstIndex(where: \.isRefusal) { text += "; the first refusal was request \(first + 1)" }
        return text + "."
    }

    static func runs(of outcomes: [Outcome]) -> [Run] {
        var runs: [Run] = []
        for (index, outcome) in outcomes.enumerated() {
            if let last = runs.last, last.outcome == outcome { runs[runs.count - 1].last = index } else {
                runs.append(Run(first: index, last: index, outcome: outcome))
            }
        }
        return runs
    }

    /// "1–5", "6".
    static func span(_ first: Int, _ last: Int) -> String {
        first == last ? "\(first + 1)" : "\(first + 1)–\(last + 1)"
    }

    static func times(_ first: Int, _ last: Int, offsets: [Duration]) -> String {
        guard first < offsets.count, last < offsets.count else { return "" }
        let start = TranscriptPanel.waitText(offsets[first]), end = TranscriptPanel.waitText(offsets[last])
        return start == end ? start : "\(start) – \(end)"
    }

    static func table(_ runs: [Run], offsets: [Duration]) -> String {
        var html = "<table class=\"burst-outcomes\">\n<thead><tr><th scope=\"col\">Requests</th><th scope=\"col\">Sent at</th><th scope=\"col\">Status</th><th scope=\"col\">Refused by</th></tr></thead>\n<tbody>\n"
        for run in runs {
            html += "<tr><td>\(span(run.first, run.last))</td><td>\(times(run.first, run.last, offsets: offsets).htmlEscaped)</td>"
            html += "<td>\(run.outcome.statusHTML)</td><td>\(run.outcome.refusedBy.isEmpty ? "" : run.outcome.refusedBy.htmlEscaped)</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// Marks for the outcomes of a strip, in order of first appearance: a success is ✓, the
    /// refusals ✗, then other shapes for further outcomes.
    static let marks: [Character] = ["✗", "■", "▲", "◆", "●", "★"]

    static func strip(_ outcomes: [Outcome], offsets: [Duration]) -> String {
        var kinds: [Outcome] = []
        for outcome in outcomes where !kinds.contains(outcome) { kinds.append(outcome) }
        var refusalMark = 0
        let markOf: [Character] = kinds.map { kind in
            if (200..<300).contains(kind.status) && kind.refusedBy.isEmpty { return "✓" }
            defer { refusalMark += 1 }
            return marks[min(refusalMark, marks.count - 1)]
        }
        var html = "<ul class=\"burst-legend\">\n"
        for (kind, mark) in zip(kinds, markOf) {
            let count = outcomes.filter { $0 == kind }.count
            html += "<li><span class=\"burst-mark status-\(kind.status / 100)xx\">\(mark)</span> \(kind.statusHTML)"
            if !kind.refusedBy.isEmpty { html += ", refused by \(kind.refusedBy.htmlEscaped)" }
            html += ": \(count)</li>\n"
        }
        html += "</ul>\n<table class=\"burst-outcomes burst-strip\">\n<thead><tr><th scope=\"col\">Requests</th><th scope=\"col\">Sent at</th><th scope=\"col\">Outcome of each, in order</th></tr></thead>\n<tbody>\n"
        var start = 0
        while start < outcomes.count {
            let end = min(start + stripRow, outcomes.count) - 1
            html += "<tr><td>\(span(start, end))</td><td>\(times(start, end, offsets: offsets).htmlEscaped)</td><td class=\"burst-marks\">"
            // One span per run of the same outcome, coloured by its status.
            var index = start
            while index <= end {
                let kind = kinds.firstIndex(of: outcomes[index])!
                var stop = index
                while stop < end, outcomes[stop + 1] == outcomes[index] { stop += 1 }
                html += "<span class=\"status-\(outcomes[index].status / 100)xx\">\(String(repeating: String(markOf[kind]), count: stop - index + 1))</span>"
                index = stop + 1
            }
            html += "</td></tr>\n"
            start = end + 1
        }
        return html + "</tbody>\n</table>\n"
    }

    /// The chart of every bucket the requests read, levels in the order the gateway checks them.
    static func chart(_ run: ExampleRunner.Run, request: GatewayRequest, burst: ExampleBlock.Burst) -> BucketChart? {
        var levels: [String] = []
        var limits: [String: ThrottleLimit] = [:]
        for transcript in run.transcripts {
            var previous: Int?
            for reading in transcript.buckets {
                if let index = levels.firstIndex(of: reading.limit.level) {
                    previous = index
                } else {
                    let index = (previous ?? -1) + 1
                    levels.insert(reading.limit.level, at: index)
                    limits[reading.limit.level] = reading.limit
                    previous = index
                }
            }
        }
        guard !levels.isEmpty else { return nil }
        var points: [String: [BucketChart.Point]] = [:]
        for (index, transcript) in run.transcripts.enumerated() {
            for reading in transcript.buckets {
                points[reading.limit.level, default: []].append(BucketChart.Point(request: index, tokens: reading.tokens, refused: reading.refused))
            }
        }
        let spacing = burst.rate == nil ? "all sent at the same instant" : "one every \(TranscriptPanel.waitText(burst.offset(of: 1)))"
        return BucketChart(
            title: "Token buckets during \(burst.count) × \(request.method) \(request.path) to \(run.api) · \(run.stage)",
            requestCount: run.transcripts.count, spacing: spacing,
            series: levels.map { level in
                let limit = limits[level]!
                return BucketChart.Series(label: level, figures: limit.figures, burst: limit.burst, points: points[level] ?? [])
            })
    }
}
