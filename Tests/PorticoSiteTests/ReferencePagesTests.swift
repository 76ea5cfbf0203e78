import Diagnostics
import Foundation
import PorticoModel
@testable import PorticoSite
import TestSupport
import Testing

private let referenceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/reference").path

/// The `<main>` of a page: what the reference draws, without the theme around it.
private func mainContent(_ page: String) -> String {
    guard let start = page.range(of: "<main id=\"main\" tabindex=\"-1\">\n"), let end = page.range(of: "\n</main>", options: .backwards) else { return page }
    return String(page[start.upperBound..<end.lowerBound])
}

@Suite("Reference pages of REST, HTTP and WebSocket APIs", .serialized)
struct ReferencePagesTests {
    static let built = Task { await SiteBuilder(projectRoot: referenceRoot).build() }

    func page(_ path: String) async throws -> String {
        let result = await Self.built.value
        #expect(result.diagnostics.diagnostics.isEmpty, "\(result.diagnostics.sorted)")
        return try #require(result.files.text(path), "no \(path) in \(result.files.paths)")
    }

    @Test("every API gets an overview, a page per route and a page per model")
    func pageList() async throws {
        let result = await Self.built.value
        #expect(result.files.paths.filter { $0.hasPrefix("reference/") } == [
            "reference/authorization.html",
            "reference/chat/index.html", "reference/chat/route-connect.html", "reference/chat/route-default.html",
            "reference/chat/route-sendmessage.html",
            "reference/index.html",
            "reference/pets/any-default.html", "reference/pets/get-pets.html", "reference/pets/index.html",
            "reference/shop/get-pets-id.html", "reference/shop/get-pets.html", "reference/shop/index.html",
            "reference/shop/models/newpet.html", "reference/shop/models/owner.html", "reference/shop/models/pet.html",
            "reference/shop/models/receipt.html", "reference/shop/post-pets.html",
            // Stage prod has a canary: what its release changes (ReleasePageTests).
            "reference/shop/releases.html",
            "reference/usage-plans/basic.html",
        ])
    }

    @Test("pages match their goldens", arguments: [
        "reference/shop/index.html", "reference/shop/post-pets.html", "reference/shop/get-pets.html",
        "reference/shop/models/pet.html", "reference/shop/models/owner.html", "reference/shop/models/newpet.html",
        "reference/pets/index.html", "reference/pets/any-default.html",
        "reference/chat/index.html", "reference/chat/route-sendmessage.html", "reference/index.html",
        "reference/usage-plans/basic.html",
    ])
    func goldens(path: String) async throws {
        assertGolden(mainContent(try await page(path)), named: "ref-" + path.dropFirst("reference/".count).replacing("/", with: "-"))
    }

    @Test("base URLs: each stage's execute-api URL and every custom domain mapping, HTTP's $default stage without a segment")
    func baseURLs() async throws {
        let shop = try await page("reference/shop/index.html")
        // REST: https://{api-id}.execute-api.{region}.amazonaws.com/{stage}; a custom domain:
        // https://{domainName}/{basePath} (AWS CLI create-base-path-mapping: "the base path name
        // that callers of the API must provide as part of the URL after the domain name").
        #expect(shop.contains("<tr><td><code>https://api.example.com</code></td><td><a href=\"#stage-prod\">prod</a></td><td>custom domain <code>api.example.com</code></td></tr>"))
        #expect(shop.contains("<tr><td><code>https://api.example.com/v2-beta</code></td><td><a href=\"#stage-beta\">beta</a></td><td>custom domain <code>api.example.com</code></td></tr>"))
        // HTTP API $default stage: served at the API root (DG: http-api-stages).
        let pets = try await page("reference/pets/index.html")
        #expect(pets.contains("execute-api.us-east-1.amazonaws.com</code></td><td><a href=\"#stage-default\">$default</a></td>"))
        // WebSocket: wss:// (DG apigateway-how-to-call-websocket-api-wscat: wss://aabbccddee.execute-api.us-east-1.amazonaws.com/test/).
        let chat = try await page("reference/chat/index.html")
        #expect(chat.contains("<tr><td><code>wss://chat.example.com</code></td><td><a href=\"#stage-production\">production</a></td>"))
        #expect(chat.contains(".execute-api.us-east-1.amazonaws.com/production</code>"))
    }

    @Test("stage settings and usage plans, with API key names but never their values")
    func stagesAndPlans() async throws {
        let shop = try await page("reference/shop/index.html")
        #expect(shop.contains("<tr><td>every method (<code>*/*</code>)</td><td>100 requests/s, burst 50</td><td>inherited</td><td>log level INFO, detailed metrics</td></tr>"))
        #expect(shop.contains("<tr><td><code>/pets/{id}/GET</code></td><td>inherited</td><td>enabled, TTL 60 s</td><td>inherited</td></tr>"))
        #expect(shop.contains("<tr><th scope=\"row\">Canary</th><td>10% of requests, with stage variables <code>backend</code> = <code>http://127.0.0.1:10</code>, not using the stage cache</td></tr>"))
        #expect(shop.contains("<td>5 requests/s, burst 10</td><td>1000 requests per day</td><td><code>/pets/GET</code> (prod): 1 requests/s, burst 2</td><td><code>alice</code>, <code>bob</code> (disabled)</td>"))
        let result = await Self.built.value
        for path in result.files.paths {
            let text = result.files.text(path) ?? ""
            #expect(!text.contains("KEY-VALUE"), "\(path) shows an API key's value")
        }
    }

    @Test("a usage plan's page: limits per key, per method and the stage's own, its stages linked to their APIs, its keys by name; linked from the overview, the sidebar and search")
    func usagePlanPage() async throws {
        let plan = try await page("reference/usage-plans/basic.html")
        #expect(plan.contains("<tr><th scope=\"row\">Throttle, per API key</th><td>5 requests/s, burst 10</td></tr>"))
        #expect(plan.contains("<tr><th scope=\"row\">Quota, per API key</th><td>1000 requests per day, counted in UTC</td></tr>"))
        #expect(plan.contains("<tr><th scope=\"row\">Account limit</th><td>10000 requests/s, burst 5000 (AWS's default)</td></tr>"))
        #expect(plan.contains("<tr><td><a href=\"../shop/index.html\">Shop API</a> <code>shop</code></td><td><a href=\"../shop/index.html#stage-prod\">prod</a></td><td><a href=\"../shop/get-pets.html\"><code>/pets/GET</code></a>: 1 requests/s, burst 2</td><td>every method (<code>*/*</code>): 100 requests/s, burst 50</td></tr>"))
        #expect(plan.contains("<tr><td><code>alice</code></td>"))
        #expect(plan.contains("<td>no: requests with it answer 403 Forbidden</td>"))
        let sidebar = try await page("reference/index.html")
        #expect(sidebar.contains("usage-plans/basic.html"))
        let result = await Self.built.value
        let search = result.files.paths.filter { $0.hasPrefix("search") || $0.contains("search-") }.compactMap { result.files.text($0) }.joined()
        #expect(search.contains("reference/usage-plans/basic.html"))
    }

    @Test("schema trees: required marks, enums, formats, arrays, nested objects, alternatives; $refs are links, so cycles draw once")
    func schemaTrees() async throws {
        let post = try await page("reference/shop/post-pets.html")
        #expect(post.contains("<p class=\"schema-content-type\"><code>application/json</code>: <a class=\"schema-ref\" href=\"models/newpet.html\">NewPet</a></p>"))
        #expect(post.contains("<li><code class=\"schema-name\">pet</code> <a class=\"schema-ref\" href=\"models/pet.html\">Pet</a> <span class=\"schema-required\">required</span></li>"))
        #expect(post.contains("<li><code class=\"schema-name\">receipt</code> <span class=\"schema-combinator\">exactly one of</span>\n<ol class=\"schema-branches\">\n<li><a class=\"schema-ref\" href=\"models/receipt.html\">Receipt</a></li>"))
        let owner = try await page("reference/shop/models/owner.html")
        // Owner → Pet → Owner, and Owner → Owner: links, never inlined.
        #expect(owner.contains("<li><code class=\"schema-name\">pets</code> <span class=\"schema-type\">array of</span> <a class=\"schema-ref\" href=\"pet.html\">Pet</a></li>"))
        #expect(owner.contains("<li><code class=\"schema-name\">self</code> <a class=\"schema-ref\" href=\"owner.html\">Owner</a></li>"))
        #expect(owner.contains("<li>model <a href=\"pet.html\">Pet</a></li>"))
        let pet = try await page("reference/shop/models/pet.html")
        #expect(pet.contains("<li><span class=\"schema-combinator\">all of, merged</span> <span class=\"schema-description\">A pet, with its owner (who lists their pets)</span>\n<ol class=\"schema-branches\">\n<li><a class=\"schema-ref\" href=\"newpet.html\">NewPet</a></li>"))
        #expect(pet.contains("<li><a href=\"../get-pets-id.html\">GET /pets/{id}</a></li>"))
        let newPet = try await page("reference/shop/models/newpet.html")
        #expect(newPet.contains("<li><code class=\"schema-name\">kind</code> <span class=\"schema-type\">string</span> <span class=\"schema-required\">required</span> <span class=\"schema-enum\">one of <code>&quot;cat&quot;</code>, <code>&quot;dog&quot;</code></span></li>"))
    }

    @Test("a schema nested deeper than the limit is cut with a note")
    func deepSchema() async throws {
        var schema = JSONValue.object([JSONMember(key: "type", value: .string("string"))])
        for _ in 0..<40 { schema = .object([JSONMember(key: "type", value: .string("object")), JSONMember(key: "properties", value: .object([JSONMember(key: "a", value: schema)]))]) }
        let html = SchemaTree { _ in nil }.html(schema)
        #expect(html.components(separatedBy: "<li>").count - 1 == 25)
        #expect(html.contains("(nested deeper than 24 levels; not drawn)"))
    }

    @Test("nothing a definition, a usage plan or a WebSocket template contains can run in the pages")
    func escaping() async throws {
        let result = await Self.built.value
        for path in result.files.paths where path.hasPrefix("reference/") {
            let text = try #require(result.files.text(path))
            #expect(!text.contains("<script>") && !text.contains("<img") && !text.contains("<b>") && !text.contains("href=\"javascript:"), "\(path)")
        }
        let shop = try await page("reference/shop/index.html")
        #expect(shop.contains("<a href=\"../usage-plans/basic.html\"><code>basic</code></a><br>&lt;script&gt;alert(1)&lt;/script&gt; tier"))
        let plan = try await page("reference/usage-plans/basic.html")
        #expect(plan.contains("<p class=\"summary\">&lt;script&gt;alert(1)&lt;/script&gt; tier</p>"))
        #expect(plan.contains("<meta name=\"description\" content=\"&lt;script&gt;alert(1)&lt;/script&gt; tier\">"))
        #expect(shop.contains("<p>Live &lt;b&gt;traffic&lt;/b&gt;</p>"))
        #expect(shop.contains("<a href=\"\">Evil</a>"))
    }

    @Test("HTTP API routes show payload versions, $default, JWT and Lambda authorizers")
    func httpAPI() async throws {
        let pets = try await page("reference/pets/index.html")
        #expect(pets.contains("<tr><td><a href=\"any-default.html\"><code>$default</code></a></td><td></td><td>HTTP_PROXY (payload 1.0)</td><td>CUSTOM · authorizer <code>lambda-authorizer</code></td></tr>"))
        #expect(pets.contains("<td>issuer <code>https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example</code><br>audience <code>1example23456789</code><br>declared at <code>Content/apis/pets-http.yaml:29</code></td>"))
        #expect(pets.contains("<td>Lambda function <code>chat-connect</code><br>payload 2.0<br>simple responses<br>declared at <code>Content/apis/pets-http.yaml:39</code></td>"))
    }

    @Test("WebSocket pages: route selection, routes with integrations and route responses")
    func webSocket() async throws {
        let chat = try await page("reference/chat/index.html")
        #expect(chat.contains("<tr><th scope=\"row\">Route selection expression</th><td><code>$request.body.action</code></td></tr>"))
        #expect(chat.contains("<tr><td><a href=\"route-sendmessage.html\"><code>sendmessage</code></a></td><td>NONE</td><td><code>echo</code> (MOCK)</td><td>none</td><td><code>$default</code></td></tr>"))
        let route = try await page("reference/chat/route-connect.html")
        #expect(route.contains("<tr><th scope=\"row\">Target</th><td>function <code>chat-connect</code></td></tr>"))
    }

    @Test("a builder given a loaded project builds what loading it itself builds, and reports what loading reported")
    func preloadedProject() async throws {
        var diagnostics = DiagnosticEngine()
        let project = ProjectLoader(root: referenceRoot).load(diagnostics: &diagnostics)
        let given = await SiteBuilder(project: project, loadDiagnostics: diagnostics, projectRoot: referenceRoot).build()
        #expect(given.files == (await Self.built.value).files)

        var failed = DiagnosticEngine()
        failed.error(.projectMissing, "no project", at: SourceLocation(file: "Content/portico.yml", line: 1, column: 1))
        let none = await SiteBuilder(project: nil, loadDiagnostics: failed, projectRoot: referenceRoot).build()
        #expect(none.diagnostics.sorted.map(\.description) == ["Content/portico.yml:1:1: error: no project [project.missing]"])
        #expect(none.files.paths.isEmpty)
    }
}
