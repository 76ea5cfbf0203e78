import PorticoDiagrams
import PorticoGateway

/// The HTML panel of an executed example: request (with copy-as-curl), response with its body
/// pretty-printed and highlighted, a sequence diagram drawn from the trace, the stage-by-stage
/// trace, the integration request and the logs; all escaped here so nothing a request or
/// backend returns can run in the page.
///
/// The `<figure>` carries the request as data for a try-it script: `data-api`, `data-stage` and
/// `data-request`, the JSON `{"method","path","headers":{…},"body"}` of the first request.
public enum TranscriptPanel {
    public static func html(_ run: ExampleRunner.Run) -> String {
        html(run, idPrefix: "example")
    }

    /// - Parameter idPrefix: makes the ids in the sequence diagrams unique on the page.
    ///
    /// A burst (`repeat=`) is drawn by ``BurstPanel``. The values of the project's API keys
    /// never reach the HTML: each transcript is masked (``KeyMask``) before it is drawn, and
    /// the panel says so.
    public static func html(_ run: ExampleRunner.Run, idPrefix: String) -> String {
        if run.block.burst != nil { return BurstPanel.html(run, idPrefix: idPrefix) }
        let shown = run.transcripts.map(run.keyMask.mask)
        var out = opening(run, label: "Example", id: idPrefix)
        out += maskNotes(run, shown: shown, original: run.transcripts)
        for (index, transcript) in shown.enumerated() {
            if index < run.block.waits.count, run.block.waits[index] > .zero {
                out += "<p class=\"example-wait\">\(waitText(run.block.waits[index]).htmlEscaped) later on the page's clock</p>\n"
            }
            out += exchange(transcript, idPrefix: "\(idPrefix)-\(index)-")
        }
        out += "</figure>\n"
        return run.keyMask.maskHTML(out)
    }

    /// The `<figure>` with the try-it data and its caption. The request carries no key value:
    /// its `apiKey` names the key `key=` sends, whose value the try-it endpoint looks up.
    static func opening(_ run: ExampleRunner.Run, label: String, id: String) -> String {
        var out = "<figure id=\"\(id.htmlEscaped)\" class=\"example\(run.block.burst == nil ? "" : " burst")\" data-api=\"\(run.api.htmlEscaped)\" data-stage=\"\(run.stage.htmlEscaped)\""
        if let first = run.block.requests.first { out += " data-request=\"\(requestJSON(first, apiKey: run.block.key, caller: run.block.caller, release: run.block.channel).htmlEscaped)\"" }
        out += ">\n"
        out += "<figcaption><span class=\"example-label\">\(label.htmlEscaped)</span> <span class=\"example-target\">\(run.api.htmlEscaped) · \(run.stage.htmlEscaped)"
        if let key = run.block.key { out += " · API key \(key.htmlEscaped)" }
        if let caller = run.block.caller { out += " · as \(caller.htmlEscaped)" }
        if let domain = run.block.domain { out += " · through \(domain.htmlEscaped)" }
        if let pinned = run.block.channel { out += pinned == .canary ? " · canary release" : " · production release" }
        out += "</span></figcaption>\n"
        return out
    }

    /// Said wherever a panel shows a masked key value.
    static let maskedNote = "<p class=\"example-note\">API key values are masked as API Gateway masks them in its logs: every character but the last six is <code>*</code>.</p>\n"

    /// Said wherever a panel shows a token by its label.
    static let tokenNote = "<p class=\"example-note\">Tokens of the project's user pools, and the ids of its keys, are shown by what they are (<code>&lt;ID token of alice&gt;</code>): they depend on the project's own signing keys, which no page holds.</p>\n"

    /// The notes a panel owes its reader: a key value masked (or sent with `key=`), a token
    /// shown by its label.
    static func maskNotes(_ run: ExampleRunner.Run, shown: [Transcript], original: [Transcript]) -> String {
        guard shown != original || run.block.key != nil else { return "" }
        let keysMasked = run.block.key != nil || (!run.keyMask.isEmpty && original.map(run.keyMask.keysOnly.mask) != original)
        let tokensMasked = !run.keyMask.tokens.isEmpty && original.map(run.keyMask.keysOnly.mask) != shown
        return (keysMasked ? maskedNote : "") + (tokensMasked ? tokenNote : "")
    }

    /// `1.5 s`, `250 ms`, `2 h`: a `# @wait` as a reader would say it.
    static func waitText(_ wait: Duration) -> String {
        let seconds = wait.seconds
        func number(_ value: Double) -> String {
            value == value.rounded() ? String(Int(value)) : String(format: "%.3g", value)
        }
        if seconds < 1 { return "\(number(seconds * 1000)) ms" }
        if seconds < 120 { return "\(number(seconds)) s" }
        if seconds < 7200 { return "\(number(seconds / 60)) min" }
        return "\(number(seconds / 3600)) h"
    }

    /// The request as the try-it endpoint takes it, keys in a fixed order; repeated headers
    /// joined with ", " as HTTP allows; then `apiKey`, the name of the project key to send, and
    /// `as`, the name of the identity to send it as.
    public static func requestJSON(_ request: GatewayRequest, apiKey: String? = nil, caller: String? = nil, release: ReleaseChannel? = nil) -> String {
        var names: [String] = []
        var values: [String: String] = [:]
        for header in request.headers {
            if let existing = values[header.name] { values[header.name] = existing + ", " + header.value } else {
                names.append(header.name)
                values[header.name] = header.value
            }
        }
        let headers = names.map { "\($0.jsonQuoted):\(values[$0]!.jsonQuoted)" }.joined(separator: ",")
        let body = request.bodyAsSent
        return "{\"method\":\(request.method.jsonQuoted),\"path\":\(request.path.jsonQuoted),\"headers\":{\(headers)},\"body\":\(body.body.jsonQuoted)"
            + (body.isBase64Encoded ? ",\"isBase64Encoded\":true" : "") + (apiKey.map { ",\"apiKey\":\($0.jsonQuoted)" } ?? "") + (caller.map { ",\"as\":\($0.jsonQuoted)" } ?? "")
            + (release.map { ",\"release\":\($0.rawValue.jsonQuoted)" } ?? "") + "}"
    }

    /// The request as a `curl` command against the stage's base URL.
    public static func curl(_ request: GatewayRequest, api: String, stage: String) -> String {
        // An HTTP API's `$default` stage is served at the root, with no stage segment (DG: http-api-stages).
        let segment = stage == "$default" ? "" : "/" + stage
        let url = "https://\(apiIdentifier(for: api)).execute-api.\(Gateway.region).amazonaws.com\(segment)\(request.path)"
        var parts = ["curl"]
        let method = request.method.uppercased()
        if method == "HEAD" { parts.append("-I") } else if method != "GET" || !request.body.isEmpty {
            if !(method == "POST" && !request.body.isEmpty) { parts.append("-X \(method.shellQuoted)") }
        }
        parts.append(url.shellQuoted)
        for header in request.headers { parts.append("-H \("\(header.name): \(header.value)".shellQuoted)") }
        if !request.body.isEmpty { parts.append("--data-raw \(String(decoding: request.body, as: UTF8.self).shellQuoted)") }
        return parts.joined(separator: " \\\n  ")
    }

    static func exchange(_ t: Transcript, idPrefix: String) -> String {
        var request = "\(t.request.method) \(t.request.path) HTTP/1.1"
        for header in t.request.headers { request += "\n\(header.name): \(header.value)" }
        let sent = t.request.bodyAsSent
        if !sent.body.isEmpty { request += "\n\n" + BodySummary.text(sent.body, isBase64Encoded: sent.isBase64Encoded) }
        let curl = curl(t.request, api: t.api, stage: t.stage)

        let statusClass = "status-\(t.response.status / 100)xx"
        var head = "HTTP/1.1 \(t.response.status) \(HTTPStatus.reason(t.response.status))"
        for header in t.response.headers { head += "\n\(header.name): \(header.value)" }
        let contentType = t.response.headers.value(for: "Content-Type")?.lowercased() ?? ""

        var out = "<div class=\"exchange\">\n"
        out += "<section class=\"request\" aria-label=\"Request\"><h4>Request</h4>"
        out += Highlighter.block(request, as: .http)
        out += "<details class=\"curl\"><summary>curl</summary>"
        out += Highlighter.block(curl, as: .shell)
        out += "</details>"
        out += "<button type=\"button\" class=\"copy-curl\" data-copy=\"\(curl.htmlEscaped)\" hidden>Copy as curl</button>"
        out += "</section>\n"
        out += "<section class=\"response\" aria-label=\"Response\"><h4>Response <span class=\"status \(statusClass)\">\(t.response.status) \(HTTPStatus.reason(t.response.status).htmlEscaped)</span></h4>"
        out += "<pre class=\"highlight\"><code class=\"language-http\">\(Highlighter.html(head, as: .http))"
        if t.response.isBase64Encoded {
            // Binary data: a summary, not base64 or garbage.
            out += "\n\n" + BodySummary.text(t.response.body, isBase64Encoded: true).htmlEscaped
        } else if !t.response.body.isEmpty {
            out += "\n\n"
            if let pretty = JSONFormatter.pretty(t.response.body), contentType.isEmpty || contentType.contains("json") || t.response.body.first == "{" {
                out += Highlighter.html(pretty, as: .json)
            } else {
                out += t.response.body.htmlEscaped
            }
        }
        out += "</code></pre></section>\n"
        let sequence = TraceSequence.diagram(for: t)
        out += "<details class=\"sequence\"><summary>Sequence diagram</summary>\n<div class=\"diagram sequence-diagram\">\n"
        out += SequenceDiagramRenderer.svg(for: sequence, idPrefix: idPrefix)
        out += "</div>\n</details>\n"
        // Stages, not lines: the cache has a line on the way in and one on the way out.
        out += "<details class=\"trace\"><summary>Trace: \(Set(t.trace.map(\.stage)).count) stages</summary>\n<table>\n<thead><tr><th scope=\"col\">Stage</th><th scope=\"col\">Outcome</th><th scope=\"col\">Decision</th></tr></thead>\n<tbody>\n"
        for entry in t.trace {
            out += "<tr class=\"outcome-\(entry.outcome.rawValue)\"><td>\(entry.stage.rawValue)</td><td>\(entry.outcome.rawValue)</td><td>\(entry.detail.htmlEscaped)</td></tr>\n"
        }
        out += "</tbody>\n</table>\n</details>\n"
        if let authorizer = t.authorizer {
            out += authorizerPanel(authorizer)
        }
        if let integration = t.integrationRequest {
            var text = integration.type.rawValue
            if let method = integration.method { text += " \(method)" }
            if let uri = integration.uri { text += " \(uri)" }
            for header in integration.headers { text += "\n\(header.name): \(header.value)" }
            var body = BodySummary.text(integration.body, isBase64Encoded: integration.isBase64Encoded)
            let pretty = integration.isBase64Encoded ? nil : JSONFormatter.pretty(body)
            if let pretty { body = pretty }
            out += "<details class=\"integration\"><summary>Integration request</summary><pre class=\"highlight\"><code class=\"language-http\">\(Highlighter.html(text, as: .http))"
            if !body.isEmpty { out += "\n\n" + (pretty != nil ? Highlighter.html(body, as: .json) : body.htmlEscaped) }
            out += "</code></pre></details>\n"
        }
        if !t.logs.isEmpty {
            out += "<details class=\"logs\"><summary>Logs</summary><pre><code>\(t.logs.joined(separator: "\n").htmlEscaped)</code></pre></details>\n"
        }
        // The stage's own logs, as CloudWatch would hold them (accessLogSettings, methodSettings' loggingLevel).
        if let line = t.accessLog {
            out += "<details class=\"access-log\"><summary>Access log</summary><pre><code>\(line.htmlEscaped)</code></pre></details>\n"
        }
        if !t.executionLog.isEmpty {
            out += "<details class=\"execution-log\"><summary>Execution log</summary><pre><code>\(t.executionLog.joined(separator: "\n").htmlEscaped)</code></pre></details>\n"
        }
        out += "</div>\n"
        return out
    }
}

extension TranscriptPanel {
    /// What a Lambda authorizer was sent and returned (or the cached result a request reused),
    /// each pretty-printed when it is JSON.
    static func authorizerPanel(_ run: AuthorizerRun) -> String {
        func json(_ text: String) -> String {
            JSONFormatter.pretty(text).map { Highlighter.html($0, as: .json) } ?? text.htmlEscaped
        }
        var out = "<details class=\"authorizer\"><summary>Lambda authorizer</summary>"
        out += "<p class=\"authorizer-heading\">\(run.heading.htmlEscaped)</p>"
        if let event = run.event {
            out += "<h5>Event</h5><pre class=\"highlight\"><code class=\"language-json\">\(json(event))</code></pre>"
        }
        if let returned = run.returned {
            out += "<h5>\(run.cache == .hit ? "Cached result" : "Returned")</h5><pre class=\"highlight\"><code class=\"language-json\">\(json(returned))</code></pre>"
        }
        return out + "</details>\n"
    }
}

/// The sequence diagram of one transcript: the client, the gateway (each stage that decided
/// something is a step on its lifeline) and the integration, when one was called.
enum TraceSequence {
    static func diagram(for t: Transcript) -> SequenceDiagram {
        var diagram = SequenceDiagram(autonumber: false, title: "Sequence of \(t.request.method) \(t.request.path)")
        let integrationType = t.integrationRequest?.type.rawValue
        diagram.participants = [
            .init(id: "client", label: "Client", isActor: true),
            .init(id: "gateway", label: "API Gateway\n\(t.api) · \(t.stage)"),
        ]
        let authorizerRan = t.authorizer.map { $0.cache != .hit } ?? false
        if let authorizer = t.authorizer, authorizerRan {
            diagram.participants.append(.init(id: "authorizer", label: "Lambda authorizer\n\(authorizer.function)"))
        }
        if let integrationType { diagram.participants.append(.init(id: "integration", label: "\(integrationType) integration")) }
        diagram.items.append(.message(from: "client", to: "gateway", text: "\(t.request.method) \(t.request.path)", arrow: .solidArrow))
        var stepsBefore: [String] = []
        var stepsAfter: [String] = []
        var calledIntegration = false
        for entry in t.trace where entry.outcome != .skip && entry.outcome != .bypassed {
            if entry.stage == .authorization, authorizerRan, let authorizer = t.authorizer {
                if !stepsBefore.isEmpty { diagram.items.append(.note(.over, participants: ["gateway"], text: stepsBefore.joined(separator: "\n"))) }
                stepsBefore = []
                diagram.items.append(.message(from: "gateway", to: "authorizer", text: "\(authorizer.type) event", arrow: .solidArrow))
                let answer = authorizer.returned == nil ? "no answer" : "result"
                diagram.items.append(.message(from: "authorizer", to: "gateway", text: answer, arrow: .dottedArrow))
                stepsBefore.append("authorization: \(entry.outcome.rawValue)")
                continue
            }
            if entry.stage == .integration, integrationType != nil {
                if !stepsBefore.isEmpty { diagram.items.append(.note(.over, participants: ["gateway"], text: stepsBefore.joined(separator: "\n"))) }
                stepsBefore = []
                var call = integrationType ?? ""
                if let method = t.integrationRequest?.method { call += " \(method)" }
                diagram.items.append(.message(from: "gateway", to: "integration", text: call, arrow: .solidArrow))
                diagram.items.append(.message(from: "integration", to: "gateway", text: shorten(entry.detail), arrow: entry.outcome == .fail ? .dottedCross : .dottedArrow))
                calledIntegration = true
                continue
            }
            let step = "\(entry.stage.rawValue): \(entry.outcome.rawValue)"
            if calledIntegration { stepsAfter.append(step) } else { stepsBefore.append(step) }
        }
        let remaining = stepsBefore + stepsAfter
        if !remaining.isEmpty { diagram.items.append(.note(.over, participants: ["gateway"], text: remaining.joined(separator: "\n"))) }
        diagram.items.append(.message(from: "gateway", to: "client", text: "\(t.response.status) \(HTTPStatus.reason(t.response.status))", arrow: .dottedArrow))
        return diagram
    }

    static func shorten(_ text: String) -> String {
        text.count > 48 ? String(text.prefix(47)) + "…" : text
    }
}
