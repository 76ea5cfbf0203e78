import Foundation
import TestSupport
import Testing

/// A `websocket example` whose routes are a real Lambda function: the repo's own chat-room
/// function (Content/functions/chat-room), run by `portico build` as a Python process.
@Suite("WebSocket chat examples with a Lambda function", .serialized)
struct WebSocketChatBuildTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let portico = """
        apis:
          - {name: chat, definition: apis/chat.ws.yaml, stages: [{stageName: live}]}
        functions:
          - {name: chat-room, runtime: python3, handler: app.handler, code: functions/chat-room}

        """

    static let note = """
        # Room

        ```websocket example api=chat
        A> connect ?name=ana
        B> connect ?name=bo
        C> connect expect=400
        A> send {"action": "sendmessage", "text": "hello"}
        A< {"messages": [{"from": "ana", "text": "hello"}]}
        B> send {"action": "sendmessage", "text": "hi"}
        B< {"messages": [{"from": "ana", "text": "hello"}, {"from": "bo", "text": "hi"}]}
        B> disconnect
        ```

        """

    @Test("the function admits members by ?name=, refuses a nameless upgrade with its 400, answers each sender with what it missed; its logs and Lambda events fold under each line")
    func room() throws {
        let project = try TemporaryDirectory()
        defer { project.remove() }
        let function = try String(contentsOf: Self.repo.appendingPathComponent("Content/functions/chat-room/app.py"), encoding: .utf8)
        let api = try String(contentsOf: Self.repo.appendingPathComponent("Content/apis/chat.ws.yaml"), encoding: .utf8)
        try project.write(["Content/portico.yml": Self.portico, "Content/apis/chat.ws.yaml": api,
                           "Content/functions/chat-room/app.py": function, "Content/index.md": Self.note])
        let output = try PorticoBinary.run(["build", project.path])
        #expect(output.status == 0, "\(output.stderr)")
        let page = try String(contentsOfFile: project.path + "/Site/index.html", encoding: .utf8)
        // Each item of the transcript, whole (its folded details span lines).
        let lines = page.components(separatedBy: "<li class=\"ws-").dropFirst().map { "<li class=\"ws-" + ($0.components(separatedBy: "</li>\n").first ?? $0) }
        let heads = lines.map { $0.components(separatedBy: "<details").first ?? $0 }
        let ids = page.matches(of: /connection <code>([A-Za-z0-9_=+\/-]+)<\/code>/).map { String($0.1) }
        try #require(ids.count == 2)
        #expect(heads == [
            "<li class=\"ws-connect\"><span class=\"ws-client\">A</span> <span class=\"ws-arrow\">⇢</span> <span class=\"ws-what\">connect <code>/live?name=ana</code> → 101 Switching Protocols · connection <code>\(ids[0])</code></span>",
            "<li class=\"ws-connect\"><span class=\"ws-client\">B</span> <span class=\"ws-arrow\">⇢</span> <span class=\"ws-what\">connect <code>/live?name=bo</code> → 101 Switching Protocols · connection <code>\(ids[1])</code></span>",
            // A $connect integration's answer refuses the upgrade with its status and body.
            "<li class=\"ws-connect\"><span class=\"ws-client\">C</span> <span class=\"ws-arrow\">⇢</span> <span class=\"ws-what\">connect <code>/live</code> → 400 Bad Request · <code>connect with ?name=…</code></span>",
            "<li class=\"ws-send\"><span class=\"ws-client\">A</span> <span class=\"ws-arrow\">→</span> <span class=\"ws-what\"><code>{&quot;action&quot;: &quot;sendmessage&quot;, &quot;text&quot;: &quot;hello&quot;}</code> <span class=\"ws-route\">route sendmessage</span></span>",
            "<li class=\"ws-receive\"><span class=\"ws-client\">A</span> <span class=\"ws-arrow\">←</span> <span class=\"ws-what\"><code>{&quot;messages&quot;: [{&quot;from&quot;: &quot;ana&quot;, &quot;text&quot;: &quot;hello&quot;}]}</code></span>",
            "<li class=\"ws-send\"><span class=\"ws-client\">B</span> <span class=\"ws-arrow\">→</span> <span class=\"ws-what\"><code>{&quot;action&quot;: &quot;sendmessage&quot;, &quot;text&quot;: &quot;hi&quot;}</code> <span class=\"ws-route\">route sendmessage</span></span>",
            "<li class=\"ws-receive\"><span class=\"ws-client\">B</span> <span class=\"ws-arrow\">←</span> <span class=\"ws-what\"><code>{&quot;messages&quot;: [{&quot;from&quot;: &quot;ana&quot;, &quot;text&quot;: &quot;hello&quot;}, {&quot;from&quot;: &quot;bo&quot;, &quot;text&quot;: &quot;hi&quot;}]}</code></span>",
            "<li class=\"ws-disconnect\"><span class=\"ws-client\">B</span> <span class=\"ws-arrow\">⇢</span> <span class=\"ws-what\">close 1000 → $disconnect</span>",
        ])
        // What the function printed, between the START and END lines Lambda writes (the
        // request ids are the page's seeded ones).
        #expect(lines[0].contains(" Version: $LATEST\nana joined as \(ids[0]); 1 in the room\nEND RequestId: "))
        #expect(lines[2].contains(" Version: $LATEST\nrefused a connection without ?name=\nEND RequestId: "))
        #expect(lines[5].contains(" Version: $LATEST\nbo says &#39;hi&#39;; 2 message(s) back\nEND RequestId: "))
        #expect(lines[7].contains(" Version: $LATEST\nbo left (1000)\nEND RequestId: "))
        // The Lambda event of the message, as API Gateway sends it.
        #expect(lines[3].contains("<h5>Event sent to chat-room</h5>"))
        // The sequence diagram has the function's lifeline.
        #expect(page.contains("Lambda"))
    }
}
