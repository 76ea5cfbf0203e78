import PorticoDiagrams
import PorticoGateway

/// The HTML panel of an executed `websocket example`: the conversation as a transcript (every
/// frame each way in the order the gateway saw and sent them, closes, `@connections` calls),
/// each gateway event with its trace, the Lambda events and the functions' logs, and a
/// sequence diagram of the whole. Everything is escaped here.
///
/// The `<figure>` carries the script for a try-it script (`data-websocket`: the statements as
/// JSON), with `data-api` and `data-stage`.
public enum WebSocketPanel {
    public static func html(_ conversation: WebSocketConversation, script: WebSocketScript, idPrefix: String) -> String {
        var out = "<figure id=\"\(idPrefix.htmlEscaped)\" class=\"example websocket-example\" data-api=\"\(conversation.api.htmlEscaped)\" data-stage=\"\(conversation.stage.htmlEscaped)\""
        out += " data-websocket=\"\(scriptJSON(script).htmlEscaped)\">\n"
        out += "<figcaption><span class=\"example-label\">WebSocket example</span> <span class=\"example-target\">\(conversation.api.htmlEscaped) · \(conversation.stage.htmlEscaped)"
        if let caller = script.caller { out += " · @connections as \(caller.htmlEscaped)" }
        out += "</span></figcaption>\n<ol class=\"ws-transcript\">\n"
        for entry in conversation.entries { out += item(entry) }
        out += "</ol>\n"
        out += "<details class=\"sequence\"><summary>Sequence diagram</summary>\n<div class=\"diagram sequence-diagram\">\n"
        out += SequenceDiagramRenderer.svg(for: diagram(conversation), idPrefix: idPrefix + "-")
        out += "</div>\n</details>\n</figure>\n"
        return out
    }

    /// One line of the transcript: who, which way, what; the event's details folded under it.
    static func item(_ entry: WebSocketConversation.Entry) -> String {
        switch entry {
        case let .connect(client, path, headers, outcome, run):
            var request = "GET \(path) HTTP/1.1\nUpgrade: websocket"
            for header in headers { request += "\n\(header.name): \(header.value)" }
            let answer: String
            switch outcome {
            case .accepted(let id): answer = "101 Switching Protocols · connection <code>\(id.htmlEscaped)</code>"
            case .refused(let response):
                answer = "\(response.status) \(HTTPStatus.reason(response.status).htmlEscaped)" + (response.body.isEmpty ? "" : " · <code>\(response.body.htmlEscaped)</code>")
            }
            return line("ws-connect", client: client, arrow: "⇢", text: "connect <code>\(path.htmlEscaped)</code> → \(answer)",
                        details: Highlighter.block(request, as: .http) + details(run))
        case let .send(client, text, run):
            return line("ws-send", client: client, arrow: "→", text: "<code>\(text.htmlEscaped)</code>" + (run.routeKey.map { " <span class=\"ws-route\">route \($0.htmlEscaped)</span>" } ?? ""),
                        details: details(run))
        case let .received(client, frame):
            let shown: String
            switch frame {
            case .text(let text): shown = "<code>\(text.htmlEscaped)</code>"
            case .binary(let bytes): shown = "binary, \(bytes.count) bytes"
            }
            return line("ws-receive", client: client, arrow: "←", text: shown, details: "")
        case let .closedByGateway(client, code, reason):
            return line("ws-close", client: client, arrow: "✕", text: "closed by API Gateway: \(code)\(reason.isEmpty ? "" : " \(reason.htmlEscaped)")", details: "")
        case let .disconnect(client, code, run):
            return line("ws-disconnect", client: client, arrow: "⇢", text: "close \(code) → $disconnect", details: details(run))
        case let .expired(client, closure, run):
            let why = closure == .idle ? "idle connection timeout" : "maximum connection duration"
            return line("ws-expired", client: client, arrow: "✕", text: "\(why): $disconnect with \(closure.code) \(closure.reason.htmlEscaped)", details: details(run))
        case let .manage(method, client, id, body, response, detail):
            var request = "\(method) /@connections/\(id)"
            if !body.isEmpty { request += "\n\n\(body)" }
            var answer = "HTTP/1.1 \(response.status) \(HTTPStatus.reason(response.status))"
            for header in response.headers where header.name.lowercased() != "x-amzn-requestid" { answer += "\n\(header.name): \(header.value)" }
            if !response.body.isEmpty { answer += "\n\n" + (JSONFormatter.pretty(response.body) ?? response.body) }
            return "<li class=\"ws-manage\"><span class=\"ws-client\">@connections</span> <span class=\"ws-arrow\">→</span> <span class=\"ws-what\">\(method.htmlEscaped) \(client.htmlEscaped)"
                + " → <span class=\"status status-\(response.status / 100)xx\">\(response.status) \(HTTPStatus.reason(response.status).htmlEscaped)</span></span>"
                + "<details class=\"ws-details\"><summary>\(detail.htmlEscaped)</summary>" + Highlighter.block(request, as: .http) + Highlighter.block(answer, as: .http) + "</details></li>\n"
        case .wait(let duration):
            return "<li class=\"ws-wait\">\(TranscriptPanel.waitText(duration).htmlEscaped) later on the page's clock</li>\n"
        }
    }

    static func line(_ kind: String, client: String, arrow: String, text: String, details: String) -> String {
        var out = "<li class=\"\(kind)\"><span class=\"ws-client\">\(client.htmlEscaped)</span> <span class=\"ws-arrow\">\(arrow)</span> <span class=\"ws-what\">\(text)</span>"
        if !details.isEmpty { out += "<details class=\"ws-details\"><summary>Trace</summary>\(details)</details>" }
        return out + "</li>\n"
    }

    /// A gateway event's trace, the Lambda events it sent, and what the functions printed.
    static func details(_ run: WebSocketRun) -> String {
        var out = "<table class=\"trace\">\n<tbody>\n"
        for entry in run.trace { out += "<tr><td>\(entry.step.rawValue)</td><td>\(entry.detail.htmlEscaped)</td></tr>\n" }
        out += "</tbody>\n</table>\n"
        for (function, event) in run.functionEvents {
            let shown = JSONFormatter.pretty(event).map { Highlighter.html($0, as: .json) } ?? event.htmlEscaped
            out += "<h5>Event sent to \(function.htmlEscaped)</h5><pre class=\"highlight\"><code class=\"language-json\">\(shown)</code></pre>"
        }
        if !run.logs.isEmpty { out += "<h5>Logs</h5><pre class=\"logs\"><code>\(run.logs.joined(separator: "\n").htmlEscaped)</code></pre>" }
        return out
    }

    /// The script's statements for the try-it script, one object each.
    static func scriptJSON(_ script: WebSocketScript) -> String {
        var items: [JSONText] = []
        for statement in script.statements {
            switch statement.action {
            case let .connect(client, query, headers, _):
                items.append(.object([("client", .string(client)), ("do", .string("connect")), ("query", .string(query ?? "")),
                                      ("headers", .object(headers.map { ($0.name, .string($0.value)) }))]))
            case let .send(client, text):
                items.append(.object([("client", .string(client)), ("do", .string("send")), ("text", .string(text))]))
            case let .disconnect(client, code):
                items.append(.object([("client", .string(client)), ("do", .string("disconnect")), ("code", .int(Int64(code)))]))
            case .expectFrame, .expectClose, .manage, .wait:
                continue
            }
        }
        return JSONText.array(items).compact
    }

    /// Clients, the gateway, and each function that ran, in order of appearance.
    static func diagram(_ conversation: WebSocketConversation) -> SequenceDiagram {
        var diagram = SequenceDiagram(title: "Sequence of the WebSocket example on \(conversation.api) · \(conversation.stage)")
        var clients: [String] = [], functions: [String] = [], caller = false
        func note(_ run: WebSocketRun) {
            for function in run.functionEvents.map(\.function) where !functions.contains(function) { functions.append(function) }
        }
        for entry in conversation.entries {
            switch entry {
            case .connect(let client, _, _, _, let run):
                if !clients.contains(client) { clients.append(client) }
                note(run)
            case .send(_, _, let run), .disconnect(_, _, let run), .expired(_, _, let run): note(run)
            case .manage: caller = true
            default: break
            }
        }
        diagram.participants = clients.map { .init(id: "client-\($0)", label: $0, isActor: true) }
            + [.init(id: "gateway", label: "API Gateway\n\(conversation.api) · \(conversation.stage)")]
            + functions.map { .init(id: "fn-\($0)", label: "Lambda\n\($0)") }
        if caller { diagram.participants.append(.init(id: "caller", label: "@connections caller")) }
        func calls(_ run: WebSocketRun, _ label: String) {
            for function in run.functionEvents.map(\.function) {
                diagram.items.append(.message(from: "gateway", to: "fn-\(function)", text: label, arrow: .solidArrow))
                diagram.items.append(.message(from: "fn-\(function)", to: "gateway", text: "result", arrow: .dottedArrow))
            }
        }
        for entry in conversation.entries {
            switch entry {
            case let .connect(client, path, _, outcome, run):
                diagram.items.append(.message(from: "client-\(client)", to: "gateway", text: "upgrade \(path)", arrow: .solidArrow))
                calls(run, "$connect")
                switch outcome {
                case .accepted: diagram.items.append(.message(from: "gateway", to: "client-\(client)", text: "101", arrow: .dottedArrow))
                case .refused(let response): diagram.items.append(.message(from: "gateway", to: "client-\(client)", text: "\(response.status)", arrow: .dottedCross))
                }
            case let .send(client, text, run):
                diagram.items.append(.message(from: "client-\(client)", to: "gateway", text: TraceSequence.shorten(text), arrow: .solidArrow))
                calls(run, run.routeKey ?? "message")
            case let .received(client, frame):
                let text = String(decoding: frame.bytes, as: UTF8.self)
                diagram.items.append(.message(from: "gateway", to: "client-\(client)", text: TraceSequence.shorten(text), arrow: .dottedArrow))
            case let .closedByGateway(client, code, _):
                diagram.items.append(.message(from: "gateway", to: "client-\(client)", text: "close \(code)", arrow: .dottedCross))
            case let .disconnect(client, code, run):
                diagram.items.append(.message(from: "client-\(client)", to: "gateway", text: "close \(code)", arrow: .solidCross))
                calls(run, "$disconnect")
            case let .expired(_, _, run):
                calls(run, "$disconnect")
            case let .manage(method, client, _, _, response, _):
                diagram.items.append(.message(from: "caller", to: "gateway", text: "\(method) @connections/\(client)", arrow: .solidArrow))
                diagram.items.append(.message(from: "gateway", to: "caller", text: "\(response.status)", arrow: .dottedArrow))
            case .wait(let duration):
                diagram.items.append(.note(.over, participants: ["gateway"], text: "\(TranscriptPanel.waitText(duration)) later"))
            }
        }
        return diagram
    }
}
