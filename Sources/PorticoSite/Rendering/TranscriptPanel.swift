import PorticoGateway

/// The HTML panel of an executed example: request, response, trace and the integration
/// request, all escaped here so nothing a request or backend returns can run in the page.
public enum TranscriptPanel {
    public static func html(_ run: ExampleRunner.Run) -> String {
        var out = "<figure class=\"example\" data-api=\"\(run.api.htmlEscaped)\" data-stage=\"\(run.stage.htmlEscaped)\">\n"
        out += "<figcaption><span class=\"example-label\">Example</span> <span class=\"example-target\">\(run.api.htmlEscaped) · \(run.stage.htmlEscaped)</span></figcaption>\n"
        for transcript in run.transcripts {
            out += exchange(transcript)
        }
        out += "</figure>\n"
        return out
    }

    static func exchange(_ t: Transcript) -> String {
        var request = "\(t.request.method) \(t.request.path) HTTP/1.1"
        for header in t.request.headers { request += "\n\(header.name): \(header.value)" }
        if !t.request.body.isEmpty { request += "\n\n\(t.request.body)" }

        var head = ""
        for header in t.response.headers { head += "\(header.name): \(header.value)\n" }
        let statusClass = "status-\(t.response.status / 100)xx"

        var out = "<div class=\"exchange\">\n"
        out += "<section class=\"request\" aria-label=\"Request\"><h4>Request</h4><pre><code>\(request.htmlEscaped)</code></pre></section>\n"
        out += "<section class=\"response\" aria-label=\"Response\"><h4>Response <span class=\"status \(statusClass)\">\(t.response.status) \(HTTPStatus.reason(t.response.status).htmlEscaped)</span></h4>"
        out += "<pre><code>\(head.htmlEscaped)"
        if !t.response.body.isEmpty { out += "\n\(t.response.body.htmlEscaped)" }
        out += "</code></pre></section>\n"
        out += "<details class=\"trace\"><summary>Trace: \(t.trace.count) stages</summary>\n<table>\n<thead><tr><th scope=\"col\">Stage</th><th scope=\"col\">Outcome</th><th scope=\"col\">Decision</th></tr></thead>\n<tbody>\n"
        for entry in t.trace {
            out += "<tr class=\"outcome-\(entry.outcome.rawValue)\"><td>\(entry.stage.rawValue)</td><td>\(entry.outcome.rawValue)</td><td>\(entry.detail.htmlEscaped)</td></tr>\n"
        }
        out += "</tbody>\n</table>\n</details>\n"
        if let integration = t.integrationRequest {
            var text = "\(integration.type)"
            if let method = integration.method { text += " \(method)" }
            if let uri = integration.uri { text += " \(uri)" }
            for header in integration.headers { text += "\n\(header.name): \(header.value)" }
            if !integration.body.isEmpty { text += "\n\n\(integration.body)" }
            out += "<details class=\"integration\"><summary>Integration request</summary><pre><code>\(text.htmlEscaped)</code></pre></details>\n"
        }
        if !t.logs.isEmpty {
            out += "<details class=\"logs\"><summary>Logs</summary><pre><code>\(t.logs.joined(separator: "\n").htmlEscaped)</code></pre></details>\n"
        }
        out += "</div>\n"
        return out
    }
}
