import Diagnostics
import Foundation
import PorticoSite
import TestSupport
import Testing

private let fixtureRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/site").path

@Suite("Links, folders and assets", .serialized)
struct LinkAndAssetTests {
    func build(_ extra: [String: String]) async throws -> (SiteBuilder.Result, String) {
        let temp = try copyFixture(URL(fileURLWithPath: fixtureRoot))
        try temp.write(extra)
        let result = await SiteBuilder(projectRoot: temp.path).build()
        let path = temp.path
        temp.remove()
        return (result, path)
    }

    @Test("links between notes become links between pages, anchors kept; folders link to their index")
    func rewritten() async throws {
        let (result, _) = try await build([
            "Content/guide/index.md": "---\norder: 1\n---\n# The guide\n\nSee [escaping](escaping.md#hostile-input), [home](../index.md) and [top](#the-guide).\n",
            "Content/guide/deeper/more.md": "# More\n\n[Back](../) and [AWS](https://docs.aws.amazon.com/apigateway/) and ![logo](../../logo.svg)\n",
            "Content/logo.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ])
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted)")
        let index = try #require(result.files.text("guide/index.html"))
        #expect(index.contains("<p>See <a href=\"escaping.html#hostile-input\">escaping</a>, <a href=\"../index.html\">home</a> and <a href=\"#the-guide\">top</a>.</p>"))
        let more = try #require(result.files.text("guide/deeper/more.html"))
        #expect(more.contains("<a href=\"../index.html\">Back</a> and <a href=\"https://docs.aws.amazon.com/apigateway/\">AWS</a> and <img src=\"../../logo.svg\" alt=\"logo\" />"))
        #expect(result.files.text("logo.svg") == "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        #expect(!result.files.paths.contains { $0.hasPrefix("apis/") || $0 == "portico.yml" })
        // The folder is a section titled by its index note, the nested folder a section inside it;
        // pages with an order come before those without.
        #expect(more.contains("""
            <li class="nav-section open"><a class="nav-section-title" href="../../guide/index.html">The guide</a>
            <ul>
            <li><a href="../../guide/escaping.html">Escaping &lt;b&gt;bold&lt;/b&gt;</a></li>
            <li class="nav-section open"><span class="nav-section-title">Deeper</span>
            <ul>
            <li><a href="more.html" aria-current="page">More</a></li>
            </ul></li>
            </ul></li>
            """))
    }

    @Test("a broken link, anchor or image is an error at its path:line:column, and nothing is written")
    func broken() async throws {
        let (result, root) = try await build([
            "Content/guide/links.md": "# Links\n\n## Real heading\n\n- item with [gone](missing.md)\n- [bad anchor](escaping.md#hostile)\n\nText [self](#real-headin) and ![img](nope.png).\n",
        ])
        let lines = result.diagnostics.sorted.map(\.description)
        let file = "\(root)/Content/guide/links.md"
        #expect(lines == [
            "\(file):5:13: error: broken link 'missing.md': there is no note Content/guide/missing.md [link.broken]",
            "\(file):6:3: error: broken link 'escaping.md#hostile': Content/guide/escaping.md has no heading with the anchor '#hostile'; did you mean '#hostile-input'? [link.anchor]",
            "\(file):8:6: error: broken link '#real-headin': this page has no heading with the anchor '#real-headin'; did you mean '#real-heading'? [link.anchor]",
            "\(file):8:31: error: broken image 'nope.png': the site has no file 'guide/nope.png' [link.broken]",
        ])
        #expect(result.files.paths.isEmpty)
    }

    @Test("front matter places a note: order first, then title; Hugo's weight is read as order")
    func ordering() async throws {
        let (result, _) = try await build([
            "Content/b.md": "---\nweight: 5\n---\n# Bravo\n",
            "Content/a.md": "# Alpha\n",
            "Content/c.md": "---\norder: 3\n---\n# Charlie\n",
        ])
        let whole = try #require(result.files.text("a.html"))
        let nav = try #require(whole.range(of: "<nav"))
        let page = String(whole[nav.lowerBound...])
        let titles = ["Welcome", "Charlie", "Bravo", "Alpha", "Guide", "API reference"]
        let positions = titles.map { page.range(of: ">\($0)")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    }

    @Test("a mermaid sequence diagram in an indented block reports errors where they are in the note")
    func sequenceErrors() async throws {
        let (result, root) = try await build([
            "Content/seq.md": "# Seq\n\n- a list item\n\n  ```mermaid\n  sequenceDiagram\n    A->>B: fine\n    A=>B: wrong\n  ```\n",
        ])
        #expect(result.diagnostics.sorted.map(\.description) == [
            "\(root)/Content/seq.md:8:5: error: expected a message such as 'A->>B: text' (arrows ->>, -->>, ->, -->, -x, --x, -), --)) or a statement, found 'A=>B: wrong' [diagram.syntax]",
        ])
    }
}
