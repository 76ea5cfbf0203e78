import Diagnostics
import Foundation
import PorticoSite
import TestSupport
import Testing

private let fixtureRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/site").path

@Suite("Site builder", .serialized)
struct SiteBuilderTests {
    @Test("a fixture project builds into the golden pages")
    func goldenPages() async throws {
        let result = await SiteBuilder(projectRoot: fixtureRoot).build()
        #expect(result.diagnostics.diagnostics.isEmpty, "\(result.diagnostics.sorted)")
        #expect(result.files.paths == [
            "404.html", "assets/portico.css", "assets/portico.js", "guide/escaping.html", "index.html",
            "reference/index.html", "reference/orders/get-health.html", "reference/orders/get-items-id.html",
            "reference/orders/index.html", "search/d-0.js", "search/index.js", "search/t-all.js", "sitemap.xml",
        ])
        #expect(result.pageCount == 6)
        #expect(result.exampleCount == 2)
        assertGolden(try #require(result.files.text("index.html")), named: "index.html")
        assertGolden(try #require(result.files.text("guide/escaping.html")), named: "guide-escaping.html")
    }

    @Test("nothing a note or a request contains can run in the page")
    func escaping() async throws {
        let result = await SiteBuilder(projectRoot: fixtureRoot).build()
        let page = try #require(result.files.text("guide/escaping.html"))
        #expect(!page.contains("<script>"))
        #expect(!page.contains("<img"))
        #expect(!page.contains("href=\"javascript:"))
        #expect(page.contains("<span class=\"tok-kw\">GET</span> /&lt;script&gt;alert(1)&lt;/script&gt; <span class=\"tok-kw\">HTTP/1.1</span>"))
        #expect(page.contains("data-request=\"{&quot;method&quot;:&quot;GET&quot;,&quot;path&quot;:&quot;/\\u003cscript\\u003ealert(1)\\u003c/script\\u003e&quot;"))
        #expect(page.contains("<title>Escaping &lt;b&gt;bold&lt;/b&gt; · Site Fixture</title>"))
    }

    @Test("pages in folders link to the root with relative paths, so the site works from file://")
    func relativeLinks() async throws {
        let result = await SiteBuilder(projectRoot: fixtureRoot).build()
        let page = try #require(result.files.text("guide/escaping.html"))
        #expect(page.contains("<link rel=\"stylesheet\" href=\"../assets/portico.css\">"))
        #expect(page.contains("<li><a href=\"../index.html\">Welcome</a></li>"))
        #expect(page.contains("<li><a href=\"escaping.html\" aria-current=\"page\">"))
    }

    @Test("two builds produce the same bytes")
    func deterministic() async {
        let a = await SiteBuilder(projectRoot: fixtureRoot).build()
        let b = await SiteBuilder(projectRoot: fixtureRoot).build()
        #expect(a.files == b.files)
    }

    @Test("a broken diagram is an error located in the note, and nothing is produced for it")
    func brokenDiagram() async throws {
        let temp = try copyFixture(URL(fileURLWithPath: fixtureRoot))
        defer { temp.remove() }
        try temp.write(["Content/broken.md": "# Broken\n\n```mermaid\ngraph TD\n  a[unclosed --> b\n```\n"])
        let result = await SiteBuilder(projectRoot: temp.path).build()
        let errors = result.diagnostics.sorted.filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.location?.file == "\(temp.path)/Content/broken.md")
        #expect(errors.first?.location?.line == 5)
        #expect(errors.first?.id == .diagramSyntax)
    }

    @Test("an example against an HTTP API or a WebSocket API is a located error: the simulator runs REST APIs only")
    func examplesOfOtherAPIKinds() async throws {
        let temp = try copyFixture(URL(fileURLWithPath: fixtureRoot))
        defer { temp.remove() }
        try temp.write([
            "Content/portico.yml": """
                site: {title: Site Fixture}
                apis:
                  - {name: orders, definition: apis/orders.openapi.yaml, stages: [{stageName: prod}]}
                  - {name: catalog, definition: apis/catalog.yaml, type: HTTP, stages: [{stageName: $default}]}
                  - {name: notifications, definition: apis/notifications.yaml, type: WEBSOCKET, stages: [{stageName: production}]}

                """,
            "Content/apis/catalog.yaml": """
                openapi: 3.0.1
                info: {title: Catalog, version: "1"}
                paths:
                  /items:
                    get:
                      responses: {default: {description: items}}
                      x-amazon-apigateway-integration: {type: http_proxy, httpMethod: GET, uri: "http://127.0.0.1:9/items", payloadFormatVersion: "1.0"}

                """,
            "Content/apis/notifications.yaml": """
                name: notifications
                routeSelectionExpression: $request.body.action
                routes:
                  - {routeKey: $default, target: integrations/echo}
                integrations:
                  - {name: echo, integrationType: MOCK}

                """,
            "Content/index.md": "# Home\n",  // its example names no API, which three APIs require
            "Content/guide/kinds.md": "# Kinds\n\n```http example api=catalog stage=$default\nGET /items\n```\n\nText.\n\n```http example api=notifications expect=200\nGET /\n```\n\n```http example api=orders stage=prod\nGET /health\n```\n",
        ])
        let result = await SiteBuilder(projectRoot: temp.path).build()
        let note = "\(temp.path)/Content/guide/kinds.md"
        #expect(result.diagnostics.sorted.map(DiagnosticFormatter.format) == [
            "\(note):9:1: error: 'notifications' is a WebSocket API: script its clients in a websocket example block (```websocket example api=notifications```) [example.api-kind]",
        ])
        #expect(result.files.paths.isEmpty)
    }
}

@Suite("Site writer", .serialized)
struct SiteWriterTests {
    @Test("writing replaces the previous site as a whole")
    func replaces() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let output = temp.url.appendingPathComponent("Site").path
        try temp.write(["Site/stale.html": "old"])
        var files = SiteFiles()
        files.add("index.html", "new")
        files.add("a/b.html", "deep")
        try SiteWriter(outputDirectory: output).write(files)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: output).sorted() == ["a", "a/b.html", "index.html"])
        #expect(try String(contentsOfFile: output + "/index.html", encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temp.path) == ["Site"])
    }

    @Test("the project root and the folder holding Content/ are refused as output")
    func refusesProject() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        #expect(throws: SiteWriter.WriteError.self) { try SiteWriter(outputDirectory: temp.path).checkSafe(projectRoot: temp.path) }
        #expect(throws: SiteWriter.WriteError.self) { try SiteWriter(outputDirectory: temp.path + "/Content").checkSafe(projectRoot: temp.path) }
        try SiteWriter(outputDirectory: temp.path + "/Site").checkSafe(projectRoot: temp.path)
    }
}
