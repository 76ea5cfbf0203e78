import Diagnostics
import Foundation
import PorticoGateway
@testable import PorticoSite
import TestSupport
import Testing

/// `websocket example` blocks: the script language, and scripts run through a site build
/// (MOCK routes, `@connections` signed as a project identity, the idle timeout on the page's
/// clock). A script with a Lambda function runs in PorticoCommandsTests, where functions are
/// real processes.
@Suite("WebSocket examples in pages", .serialized)
struct WebSocketExampleTests {
    static let at = SourceLocation(file: "note.md", line: 3, column: 1)
    static let contentStart = SourceLocation(file: "note.md", line: 4, column: 1)

    static func parse(_ text: String, info: String = "websocket example api=chat") -> (WebSocketScript?, [String]) {
        var diagnostics = DiagnosticEngine()
        let script = WebSocketScript.parse(info: info, text: text, location: at, contentStart: contentStart, diagnostics: &diagnostics)
        return (script, diagnostics.sorted.map { DiagnosticFormatter.format($0) })
    }

    @Test("each statement of the script language parses into its action, with the line it is on")
    func statements() throws {
        let (script, problems) = Self.parse("""
            # two clients
            A> connect ?name=ana
               X-Team: blue
            B> connect ?name=mallory expect=403
            A> send {"action": "echo"}
            A< {"route": "*"}
            @post A {"from": "server"}
            @get A
            @wait 11min
            A< close 1001
            @delete A
            A> disconnect 4000
            """)
        #expect(problems == [])
        let parsed = try #require(script)
        #expect(parsed.api == "chat")
        #expect(parsed.statements.map(\.action) == [
            .connect(client: "A", query: "name=ana", headers: [HTTPHeader("X-Team", "blue")], expectedStatus: nil),
            .connect(client: "B", query: "name=mallory", headers: [], expectedStatus: 403),
            .send(client: "A", text: #"{"action": "echo"}"#),
            .expectFrame(client: "A", pattern: #"{"route": "*"}"#),
            .manage(method: "POST", client: "A", body: #"{"from": "server"}"#),
            .manage(method: "GET", client: "A", body: ""),
            .wait(.seconds(660)),
            .expectClose(client: "A", code: 1001),
            .manage(method: "DELETE", client: "A", body: ""),
            .disconnect(client: "A", code: 4000),
        ])
        #expect(parsed.statements.map(\.location.line) == [5, 7, 8, 9, 10, 11, 12, 13, 14, 15])
    }

    @Test("every malformed line gets its own located error, and the script is not run")
    func malformed() {
        let (script, problems) = Self.parse("""
            A> connect name=ana
            A> shout hi
            A<
            @post A
            @wait soon
            1A> send x
            B< close 99
            """)
        #expect(script == nil)
        #expect(problems == [
            "note.md:4:1: error: 'connect' takes a query string ('?name=ana') and expect=STATUS; found 'name=ana' [example.script]",
            "note.md:5:1: error: unknown client action 'shout'; a client can connect, send and disconnect [example.script]",
            "note.md:6:1: error: 'A<' expects a frame: write the text it must be ('*' matches any run) [example.script]",
            "note.md:7:1: error: '@post A' sends data: '@post A {\"text\": \"hi\"}' [example.script]",
            "note.md:8:1: error: '@wait soon' is not a wait; write for example '@wait 2s' (ms, s, min, h) [example.script]",
            "note.md:9:1: error: expected 'NAME> connect|send|disconnect …', 'NAME< FRAME' or a directive (@wait, @post, @get, @delete); found '1A> send x' [example.script]",
            "note.md:10:1: error: 'close 99' is not a close code (1000 to 4999) [example.script]",
        ])
    }

    @Test("'*' in an expected frame matches any run of characters, and only there")
    func wildcard() {
        #expect(WebSocketScript.matches(#"{"id": "abc="}"#, pattern: #"{"id": "*"}"#))
        #expect(WebSocketScript.matches("abc", pattern: "*"))
        #expect(WebSocketScript.matches("ab", pattern: "a*b"))
        #expect(!WebSocketScript.matches("abc", pattern: "a*b"))
        #expect(!WebSocketScript.matches("{}", pattern: "{ }"))
    }

    // MARK: Through a site build

    static let portico = WebSocketEchoProject.portico
    static let api = WebSocketEchoProject.api

    static let note = """
        # Chat

        ```websocket example api=chat stage=prod as=pusher
        A> connect ?name=ana
        M> connect ?name=mallory expect=403
        A> send {"action": "echo", "text": "hi <b>"}
        A< {"route": "echo", "connection": "*"}
        @post A {"from": "server"}
        A< {"from": "server"}
        @wait 11min
        A< close 1001
        @post A late
        ```
        """

    static func build(_ note: String = note) async throws -> SiteBuilder.Result {
        let project = try TemporaryDirectory()
        defer { project.remove() }
        try project.write(["Content/portico.yml": portico, "Content/apis/chat.yaml": api,
                           "Content/index.md": note])
        return await SiteBuilder(projectRoot: project.path).build()
    }

    @Test("a script runs through the build: frames each way in order, the refused upgrade, @connections signed as pusher, the idle timeout after @wait, 410 after it")
    func transcript() async throws {
        let result = try await Self.build()
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted)")
        let page = try #require(result.files.text("index.html"))
        let items = page.components(separatedBy: "\n").filter { $0.hasPrefix("<li class=\"ws-") }.map { line in
            // Each item's line up to its folded details.
            line.components(separatedBy: "<details").first ?? line
        }
        let id = try #require(page.firstMatch(of: /connection <code>([A-Za-z0-9_=+\/-]+)<\/code>/)?.1)
        #expect(items == [
            "<li class=\"ws-connect\"><span class=\"ws-client\">A</span> <span class=\"ws-arrow\">⇢</span> <span class=\"ws-what\">connect <code>/prod?name=ana</code> → 101 Switching Protocols · connection <code>\(id)</code></span>",
            "<li class=\"ws-connect\"><span class=\"ws-client\">M</span> <span class=\"ws-arrow\">⇢</span> <span class=\"ws-what\">connect <code>/prod?name=mallory</code> → 403 Forbidden</span>",
            "<li class=\"ws-send\"><span class=\"ws-client\">A</span> <span class=\"ws-arrow\">→</span> <span class=\"ws-what\"><code>{&quot;action&quot;: &quot;echo&quot;, &quot;text&quot;: &quot;hi &lt;b&gt;&quot;}</code> <span class=\"ws-route\">route echo</span></span>",
            "<li class=\"ws-receive\"><span class=\"ws-client\">A</span> <span class=\"ws-arrow\">←</span> <span class=\"ws-what\"><code>{&quot;route&quot;: &quot;echo&quot;, &quot;connection&quot;: &quot;\(id)&quot;}</code></span></li>",
            "<li class=\"ws-manage\"><span class=\"ws-client\">@connections</span> <span class=\"ws-arrow\">→</span> <span class=\"ws-what\">POST A → <span class=\"status status-2xx\">200 OK</span></span>",
            "<li class=\"ws-receive\"><span class=\"ws-client\">A</span> <span class=\"ws-arrow\">←</span> <span class=\"ws-what\"><code>{&quot;from&quot;: &quot;server&quot;}</code></span></li>",
            "<li class=\"ws-wait\">11 min later on the page's clock</li>",
            "<li class=\"ws-close\"><span class=\"ws-client\">A</span> <span class=\"ws-arrow\">✕</span> <span class=\"ws-what\">closed by API Gateway: 1001 Going away</span></li>",
            "<li class=\"ws-expired\"><span class=\"ws-client\">A</span> <span class=\"ws-arrow\">✕</span> <span class=\"ws-what\">idle connection timeout: $disconnect with 1001 Going away</span>",
            "<li class=\"ws-manage\"><span class=\"ws-client\">@connections</span> <span class=\"ws-arrow\">→</span> <span class=\"ws-what\">POST A → <span class=\"status status-4xx\">410 Gone</span></span>",
        ])
        // The trace of the idle close is folded under its line.
        #expect(page.contains("<tr><td>connection</td><td>no data frame either way for 10 min (the idle connection timeout): closed with 1001 Going away</td></tr>"))
        #expect(page.contains("<details class=\"sequence\"><summary>Sequence diagram</summary>"))
        // Nothing the script or a backend wrote reaches the page unescaped.
        #expect(!page.contains("hi <b>"))
    }

    @Test("on the page's clock: traffic either way keeps a connection from its idle timeout (a frame sent to it counts), and every connection ends at 2 hours")
    func timeouts() async throws {
        let result = try await Self.build("""
            # Limits

            ```websocket example api=chat stage=prod as=pusher
            A> connect ?name=ana
            B> connect ?name=bob
            C> connect ?name=cy
            @wait 9min
            A> send {"action": "echo"}
            A< {"route": "echo", "connection": "*"}
            @post B {"kept": "alive"}
            B< {"kept": "alive"}
            @wait 2min
            C< close 1001
            @wait 7min
            A> send {"action": "echo"}
            A< {"route": "echo", "connection": "*"}
            \(Array(repeating: "@wait 9min\nA> send {\"action\": \"echo\"}\nA< {\"route\": \"echo\", \"connection\": \"*\"}", count: 11).joined(separator: "\n"))
            # 126 minutes since A connected, 9 since it last spoke: past the 2 hours.
            @wait 9min
            A< close 1001
            ```
            """)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted)")
        let page = try #require(result.files.text("index.html"))
        // C, silent, closes at the first wait past 10 minutes; B, sent a frame at 9, later.
        let closes = page.matches(of: /<li class="ws-expired"><span class="ws-client">([ABC])<\/span> <span class="ws-arrow">✕<\/span> <span class="ws-what">([a-z ]+):/).map { "\($0.1) \($0.2)" }
        #expect(closes == ["C idle connection timeout", "B idle connection timeout", "A maximum connection duration"])
        #expect(page.contains("<tr><td>connection</td><td>open for 2 h (the maximum connection duration): closed with 1001 Going away</td></tr>"))
    }

    @Test("the same Content gives the same page bytes")
    func deterministic() async throws {
        let first = try await Self.build(), second = try await Self.build()
        #expect(first.files.text("index.html") == second.files.text("index.html"))
    }

    @Test("a frame other than expected, a refusal not expected (and nothing more about that client) and a close that did not happen are located errors on their lines")
    func expectations() async throws {
        let result = try await Self.build("""
            # Chat

            ```websocket example api=chat stage=prod
            A> connect ?name=ana
            A> send {"action": "echo", "text": "hi"}
            A< {"route": "other"}
            M> connect ?name=mallory
            M> send {"action": "echo"}
            M< {"route": "echo"}
            A< close 1001
            ```
            """)
        let errors = result.diagnostics.sorted
        // Located in the note, as the build reports it (the project's path, then Content/index.md).
        #expect(errors.map { DiagnosticFormatter.format(Diagnostic($0.severity, id: $0.id, $0.message, at: $0.location)).components(separatedBy: "/Content/").last ?? "" } == [
            "index.md:6:1: error: A received a frame other than expected [example.frame]",
            "index.md:7:1: error: M> connect was refused with 403 [example.frame]",
            // M's later lines add no error: its refused upgrade is the one to read.
            "index.md:10:1: error: A's connection was not closed by the gateway; expected close 1001 [example.frame]",
        ])
        #expect(errors.first?.notes.first == #"expected: {"route": "other"}"#)
        // Connection ids are 16 characters of base64, as API Gateway's.
        #expect(errors.first?.notes.last?.wholeMatch(of: /received: \{"route": "echo", "connection": "[A-Za-z0-9+\/=_-]{16}"\}/) != nil)
        #expect(errors.dropFirst().first?.notes.first == "endpoint: upgrade to WebSocket API 'chat', stage 'prod'; connection id \(errors.dropFirst().first?.notes.first?.components(separatedBy: "connection id ").last ?? "")")
    }
}
