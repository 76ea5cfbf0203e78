import Testing
import PorticoMarkdown

@Suite("GitHub Flavored Markdown rendering")
struct GFMRenderingTests {
    @Test("a pipe table renders with its header, body and column alignment")
    func table() {
        let html = MarkdownDocument(markdown: """
            | Stage | Limit |
            |:------|------:|
            | prod  | 100   |
            """).html()
        #expect(html == """
            <table>
            <thead>
            <tr>
            <th align="left">Stage</th>
            <th align="right">Limit</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td align="left">prod</td>
            <td align="right">100</td>
            </tr>
            </tbody>
            </table>

            """)
    }

    @Test("tildes strike text through")
    func strikethrough() {
        #expect(MarkdownDocument(markdown: "~~old~~ new").html() == "<p><del>old</del> new</p>\n")
    }

    @Test("bare URLs and www. addresses become links")
    func autolinks() {
        #expect(MarkdownDocument(markdown: "See https://aws.amazon.com/api-gateway/ or www.example.com.").html()
            == "<p>See <a href=\"https://aws.amazon.com/api-gateway/\">https://aws.amazon.com/api-gateway/</a> or <a href=\"http://www.example.com\">www.example.com</a>.</p>\n")
    }

    @Test("task list items render as disabled checkboxes")
    func taskList() {
        #expect(MarkdownDocument(markdown: "- [x] deploy\n- [ ] test\n").html() == """
            <ul>
            <li><input type="checkbox" checked="" disabled="" /> deploy</li>
            <li><input type="checkbox" disabled="" /> test</li>
            </ul>

            """)
    }

    @Test("a raw script block in a note is omitted, not rendered")
    func rawScriptOmitted() {
        let html = MarkdownDocument(markdown: "Hello\n\n<script>alert(1)</script>\n\nand <img src=x onerror=alert(1)> inline").html()
        #expect(html == "<p>Hello</p>\n<!-- raw HTML omitted -->\n<p>and <!-- raw HTML omitted --> inline</p>\n")
        #expect(!html.contains("<script"))
    }

    @Test("a javascript: link keeps its text but loses its destination")
    func javascriptLinkDropped() {
        let html = MarkdownDocument(markdown: "[x](javascript:alert(1)) and [y](JAVASCRIPT:alert(1))").html()
        #expect(html == "<p><a href=\"\">x</a> and <a href=\"\">y</a></p>\n")
    }

    @Test("a fenced block renders as pre and code with its language class, content escaped")
    func fencedBlock() {
        let html = MarkdownDocument(markdown: "```json extra words\n{\"a\": \"<b>\"}\n```\n").html()
        #expect(html == "<pre><code class=\"language-json\">{&quot;a&quot;: &quot;&lt;b&gt;&quot;}\n</code></pre>\n")
    }

    @Test("non-ASCII text passes through unchanged")
    func unicode() {
        #expect(MarkdownDocument(markdown: "Grüße, 世界 — ✓").html() == "<p>Grüße, 世界 — ✓</p>\n")
    }

    @Test("rendering the same document twice gives the same bytes")
    func deterministic() {
        let document = MarkdownDocument(markdown: "# A\n\n```mermaid\ngraph TD\n```\n\n# A\n[l](x.md)")
        let first = document.html(replacingBlocks: [0: "<svg/>"])
        #expect(document.html(replacingBlocks: [0: "<svg/>"]) == first)
        #expect(first == "<h1 id=\"a\">A</h1>\n<svg/>\n<h1 id=\"a-1\">A</h1>\n<p><a href=\"x.md\">l</a></p>\n")
    }

    @Test("documents render concurrently without interfering")
    func concurrent() async {
        let documents = (0..<32).map { MarkdownDocument(markdown: "# Title \($0)\n\n| a |\n|---|\n| \($0) |\n") }
        let results = await withTaskGroup(of: (Int, String).self) { group in
            for (i, document) in documents.enumerated() {
                group.addTask { (i, document.html()) }
            }
            var all: [Int: String] = [:]
            for await (i, html) in group { all[i] = html }
            return all
        }
        for i in 0..<32 {
            #expect(results[i]?.hasPrefix("<h1 id=\"title-\(i)\">Title \(i)</h1>\n<table>") == true)
        }
    }
}
