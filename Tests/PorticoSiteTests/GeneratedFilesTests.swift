import Foundation
import PorticoSite
import TestSupport
import Testing

private let fixtureRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/site").path

@Suite("Reference pages, search index, sitemap and 404", .serialized)
struct GeneratedFilesTests {
    @Test("an operation page and an API overview from the model match their goldens")
    func referenceGoldens() async throws {
        let result = await SiteBuilder(projectRoot: fixtureRoot).build()
        assertGolden(try #require(result.files.text("reference/orders/get-items-id.html")), named: "reference-get-items-id.html")
        assertGolden(try #require(result.files.text("reference/orders/index.html")), named: "reference-orders.html")
    }

    @Test("the search index is script files: a manifest, documents and terms with delta-encoded postings")
    func searchIndex() async throws {
        let result = await SiteBuilder(projectRoot: fixtureRoot).build()
        #expect(result.files.text("search/index.js") == "PorticoSearch.manifest({\"docs\":6,\"chunk\":100,\"shards\":[\"\"]});\n")
        #expect(result.files.text("search/d-0.js") == """
            PorticoSearch.docs(0,[["Escaping \\u003cb\\u003ebold\\u003c/b\\u003e","guide/escaping.html","Guide"],
            ["Welcome","index.html",""],
            ["API reference","reference/index.html","API reference"],
            ["Orders API","reference/orders/index.html","API reference › Orders API"],
            ["GET /items/{id}","reference/orders/get-items-id.html","API reference › Orders API"],
            ["GET /health","reference/orders/get-health.html","API reference › Orders API"]]);

            """)
        let terms = try #require(result.files.text("search/t-all.js"))
        #expect(terms.hasPrefix("PorticoSearch.shard(\"\",{"))
        // Documents are the notes in path order, then the reference. "health": in the body of
        // index.md (doc 1: 1*2 = 2) and the title of doc 5 (5*2+1 = 11, a delta of 9).
        #expect(terms.contains("\"health\":\"2,9\""))
        // "hostile": a heading of doc 0, so in its body (0*2 = 0).
        #expect(terms.contains("\"hostile\":\"0\""))
    }

    @Test("sitemap.xml lists every page with relative locations; 404.html links from the site's root, so it works at any depth")
    func sitemapAnd404() async throws {
        let result = await SiteBuilder(projectRoot: fixtureRoot).build()
        #expect(result.files.text("sitemap.xml") == """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <url><loc>guide/escaping.html</loc></url>
            <url><loc>index.html</loc></url>
            <url><loc>reference/index.html</loc></url>
            <url><loc>reference/orders/get-health.html</loc></url>
            <url><loc>reference/orders/get-items-id.html</loc></url>
            <url><loc>reference/orders/index.html</loc></url>
            </urlset>

            """)
        let notFound = try #require(result.files.text("404.html"))
        #expect(notFound.contains("<h1 id=\"page-not-found\">Page not found</h1>"))
        #expect(notFound.contains("<a href=\"/index.html\">home page</a>"))
        // Served for /a/b/missing, a relative link would point into /a/b/: every link, the
        // stylesheet and the script start at the root (only servers show 404.html).
        let references = notFound.matches(of: /(?:href|src)="([^"]*)"/).map { String($0.1) }
        #expect(references.contains("/assets/portico.css") && references.contains("/assets/portico.js"))
        #expect(references.allSatisfy { $0.hasPrefix("/") || $0.hasPrefix("#") }, "\(references)")
        #expect(notFound.contains("<html lang=\"en\" data-root=\"/\">"))
        // Every other page stays relative, so the site works from file://.
        let deep = try #require(result.files.text("reference/orders/get-health.html"))
        #expect(deep.contains("<link rel=\"stylesheet\" href=\"../../assets/portico.css\">"))
    }

    @Test("pages load one deferred script and make no request outside the site")
    func selfContained() async throws {
        let result = await SiteBuilder(projectRoot: fixtureRoot).build()
        for path in result.files.paths where path.hasSuffix(".html") {
            let page = try #require(result.files.text(path))
            #expect(page.components(separatedBy: "<script").count == 2, "\(path)")
            #expect(page.contains("<script defer src=\""), "\(path)")
            for attribute in ["src=\"http", "href=\"http", "src=\"//", "href=\"//", "url(http"] {
                #expect(!page.contains(attribute), "\(path) has \(attribute)")
            }
        }
        let script = try #require(result.files.text("assets/portico.js"))
        #expect(!script.contains("fetch(") && !script.contains("XMLHttpRequest") && !script.contains("http"))
    }

    @Test("a large site's sidebar shows the open branch only")
    func collapsedNavigation() async throws {
        let temp = try copyFixture(URL(fileURLWithPath: fixtureRoot))
        defer { temp.remove() }
        var files: [String: String] = [:]
        for section in 0..<4 { for page in 0..<40 { files["Content/s\(section)/p\(page).md"] = "# Page \(section)-\(page)\n" } }
        try temp.write(files)
        let result = await SiteBuilder(projectRoot: temp.path).build()
        let page = try #require(result.files.text("s1/p3.html"))
        #expect(page.contains("<li class=\"nav-section\"><a class=\"nav-section-title\" href=\"../s0/p0.html\">S0</a></li>"))
        #expect(page.contains("<li class=\"nav-section open\"><span class=\"nav-section-title\">S1</span>"))
        #expect(page.contains("<li><a href=\"p3.html\" aria-current=\"page\">Page 1-3</a></li>"))
        #expect(!page.contains("Page 0-1<"))
    }

    @Test("hostile descriptions and summaries in a definition never run in the reference pages")
    func hostileDefinition() async throws {
        let temp = try copyFixture(URL(fileURLWithPath: fixtureRoot))
        defer { temp.remove() }
        let definition = try String(contentsOfFile: temp.path + "/Content/apis/orders.openapi.yaml", encoding: .utf8)
            .replacing("summary: Reads one item", with: "summary: '<img src=x onerror=alert(1)>'\n      description: '[x](javascript:alert(1)) <script>alert(1)</script>'")
        try temp.write(["Content/apis/orders.openapi.yaml": definition])
        let result = await SiteBuilder(projectRoot: temp.path).build()
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted)")
        let page = try #require(result.files.text("reference/orders/get-items-id.html"))
        #expect(page.contains("<p class=\"summary\">&lt;img src=x onerror=alert(1)&gt;</p>"))
        #expect(page.contains("<p><a href=\"\">x</a> <!-- raw HTML omitted -->alert(1)<!-- raw HTML omitted --></p>"))
        #expect(!page.contains("<script>") && !page.contains("<img") && !page.contains("javascript:"))
    }

    @Test("authorizers, parameters and the authorization of each method reach the reference")
    func authorizers() async throws {
        let temp = try copyFixture(URL(fileURLWithPath: fixtureRoot))
        defer { temp.remove() }
        var definition = try String(contentsOfFile: temp.path + "/Content/apis/orders.openapi.yaml", encoding: .utf8)
        definition = definition.replacing("      summary: Reads one item\n", with: """
                  summary: Reads one item
                  security: [{tokenAuth: []}]
                  parameters:
                    - {name: id, in: path, required: true, description: The item's number}

            """)
        definition += """
            components:
              securitySchemes:
                tokenAuth:
                  type: apiKey
                  name: Authorization
                  in: header
                  x-amazon-apigateway-authtype: custom
                  x-amazon-apigateway-authorizer:
                    type: token
                    identitySource: method.request.header.Authorization
                    authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations
                    authorizerResultTtlInSeconds: 60

            """
        let project = try String(contentsOfFile: temp.path + "/Content/portico.yml", encoding: .utf8)
            + "functions:\n  - {name: auth, runtime: python3, handler: app.handler, code: functions/auth}\n"
        try temp.write([
            "Content/apis/orders.openapi.yaml": definition,
            "Content/portico.yml": project,
            "Content/functions/auth/app.py": "def handler(event, context):\n    return {}\n",
            "Content/guide/auth.md": "# Auth\n\n```portico authorizers api=orders\n```\n",
        ])
        let result = await SiteBuilder(projectRoot: temp.path).build()
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted)")
        // The function's code is the project's, not the site's.
        #expect(!result.files.paths.contains { $0.hasPrefix("functions/") })
        let overview = try #require(result.files.text("reference/orders/index.html"))
        #expect(overview.contains("<tr><td><code>tokenAuth</code></td><td>TOKEN</td><td><code>method.request.header.Authorization</code></td><td>60 s</td><td>Lambda function <code>auth</code><br>declared at <code>Content/apis/orders.openapi.yaml:52</code></td><td><a href=\"get-items-id.html\">GET /items/{id}</a></td></tr>"))
        let page = try #require(result.files.text("reference/orders/get-items-id.html"))
        #expect(page.contains("<tr><th scope=\"row\">Authorization</th><td>CUSTOM · authorizer <a href=\"index.html#authorizers\"><code>tokenAuth</code></a></td></tr>"))
        #expect(page.contains("<tr><td><code>id</code></td><td>path</td><td></td><td>yes</td><td>The item&#39;s number</td></tr>"))
        // The same table in a note, its links relative to the note.
        let note = try #require(result.files.text("guide/auth.html"))
        #expect(note.contains("<tr><td><code>tokenAuth</code></td><td>TOKEN</td><td><code>method.request.header.Authorization</code></td><td>60 s</td><td>Lambda function <code>auth</code><br>declared at <code>Content/apis/orders.openapi.yaml:52</code></td><td><a href=\"../reference/orders/get-items-id.html\">GET /items/{id}</a></td></tr>"))
    }

    @Test("notes embed tables drawn from the model; an unknown one is a located error")
    func embeddedTables() async throws {
        let temp = try copyFixture(URL(fileURLWithPath: fixtureRoot))
        defer { temp.remove() }
        try temp.write(["Content/tables.md": "# Tables\n\n```portico endpoint-types\n```\n\n```portico authorizer-support\n```\n\n```portico authorizers\n```\n"])
        let result = await SiteBuilder(projectRoot: temp.path).build()
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted)")
        let page = try #require(result.files.text("tables.html"))
        #expect(page.contains("<tr><td><code>orders</code></td><td>REST</td><td>EDGE</td><td>prod</td></tr>"))
        #expect(page.contains("<tr><td>Lambda authorizer, <code>TOKEN</code></td><td>yes</td><td>no</td></tr>"))
        #expect(page.contains("<p>The <code>orders</code> API declares no authorizers.</p>"))

        try temp.write(["Content/tables.md": "# Tables\n\n```portico authorisers\n```\n"])
        let broken = await SiteBuilder(projectRoot: temp.path).build()
        #expect(broken.diagnostics.sorted.map(\.description) == [
            "\(temp.path)/Content/tables.md:3:1: error: expected a table name after 'portico' (authorizers, endpoint-types, authorizer-support), found 'authorisers' [note.table]",
        ])
    }
}
