import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
@testable import PorticoSite
import Testing
import TestSupport

/// A shop whose `GET /items` requires an API key and echoes it (`$context.identity.apiKey`) in
/// its integration request and response; `prod` limits every method to 2 a second, burst 3;
/// plan `gold` meters keys at 1 a second, burst 2, with a quota of 4 a day.
let keyProject: [String: String] = [
    "Content/portico.yml": """
    site: {title: Keys}
    apis:
      - name: shop
        definition: apis/shop.yaml
        stages:
          - stageName: prod
            methodSettings: {"*/*": {throttlingRateLimit: 2, throttlingBurstLimit: 3}}
    usagePlans:
      - {name: gold, apiStages: [{api: shop, stage: prod}], throttle: {rateLimit: 1, burstLimit: 2}, quota: {limit: 4, period: DAY}}
    apiKeys:
      - {name: alice, value: "alice-explicit-value-0123456789", usagePlans: [gold]}
      - {name: bob, usagePlans: [gold]}
      - {name: carol, enabled: false, usagePlans: [gold]}
    """,
    "Content/apis/shop.yaml": """
    openapi: 3.0.1
    info: {title: Shop, version: "1"}
    paths:
      /items:
        get:
          security: [{api_key: []}]
          x-amazon-apigateway-integration:
            type: mock
            requestTemplates: {application/json: '{"statusCode": 200, "key": "$context.identity.apiKey"}'}
            responses:
              default:
                statusCode: "200"
                responseTemplates: {application/json: '{"apiKey": "$context.identity.apiKey"}'}
      /health:
        get:
          x-amazon-apigateway-integration:
            type: mock
            requestTemplates: {application/json: '{"statusCode": 200}'}
            responses: {default: {statusCode: "200"}}
    components:
      securitySchemes:
        api_key: {type: apiKey, name: x-api-key, in: header}
    """,
    "Content/index.md": """
    # Keys

    ```http example api=shop stage=prod key=alice expect=200
    GET /items
    ```

    ```http example api=shop stage=prod key=carol expect=403
    GET /items
    ```

    ```http example api=shop stage=prod key=bob repeat=6 rate=2/s expect=200:4,429:2
    GET /items
    ```
    """,
    "Content/burst.md": """
    # Burst

    ```http example api=shop stage=prod repeat=8 rate=4/s expect=200,429
    GET /health
    ```

    ```http example api=shop stage=prod repeat=60 rate=8/s expect=200:17,429:43
    # @wait 10s
    GET /health
    ```
    """,
]

/// The `<figure>` of the page's `index`-th example.
func figure(_ page: String, _ index: Int) -> String? {
    let parts = page.components(separatedBy: "<figure id=\"example")
    guard index + 1 < parts.count, let end = parts[index + 1].range(of: "</figure>\n", options: .backwards) else { return nil }
    return "<figure id=\"example" + parts[index + 1][..<end.upperBound]
}

@Suite("API keys and bursts in examples", .serialized)
struct KeysAndBurstsTests {
    static let built = Task { () -> SiteBuilder.Result in
        let project = try! TemporaryDirectory()
        defer { project.remove() }
        try! project.write(keyProject)
        return await SiteBuilder(projectRoot: project.path).build()
    }

    static let values = ["alice-explicit-value-0123456789",
                         UsagePlanDirectory.value(of: APIKey(name: "bob", location: SourceLocation(file: "", line: 1, column: 1))),
                         UsagePlanDirectory.value(of: APIKey(name: "carol", location: SourceLocation(file: "", line: 1, column: 1)))]

    func page(_ path: String) async throws -> String {
        let result = await Self.built.value
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted)")
        return try #require(result.files.text(path))
    }

    @Test("no key value, explicit or derived, occurs in any file of the site; the masked forms do")
    func noKeyValues() async throws {
        let result = await Self.built.value
        #expect(result.diagnostics.diagnostics.isEmpty, "\(result.diagnostics.sorted)")
        #expect(Self.values[1].count == 40)
        for path in result.files.paths {
            let bytes = try #require(result.files.files[path])
            for value in Self.values {
                #expect(!bytes.containsSequence(Array(value.utf8)), "\(path) holds a key value")
                // Nor in the forms HTML and JSON escaping would give it.
                #expect(!bytes.containsSequence(Array(value.jsonQuoted.utf8)), "\(path) holds a key value")
            }
        }
        let index = try await page("index.html")
        // The request header, the integration request and the response body, each masked.
        let alice = String(repeating: "*", count: 25) + "456789"
        #expect(index.contains("X-API-Key</span>: \(alice)"))
        #expect(index.components(separatedBy: alice).count - 1 >= 4)
        let integration = try #require(index.components(separatedBy: "<details class=\"integration\">").dropFirst().first?.components(separatedBy: "</details>").first)
        #expect(integration.contains("<span class=\"tok-key\">&quot;key&quot;</span>: <span class=\"tok-str\">&quot;\(alice)&quot;</span>"))
        #expect(index.contains(String(repeating: "*", count: 34) + Self.values[1].suffix(6)))
    }

    @Test("a key= example says its value is masked, names its key in the caption and, for try-it, in data-request's apiKey, never its value")
    func keyedPanel() async throws {
        let alice = try #require(figure(try await page("index.html"), 0))
        #expect(alice.hasPrefix("<figure id=\"example0\" class=\"example\" data-api=\"shop\" data-stage=\"prod\" data-request=\"{&quot;method&quot;:&quot;GET&quot;,&quot;path&quot;:&quot;/items&quot;,&quot;headers&quot;:{},&quot;body&quot;:&quot;&quot;,&quot;apiKey&quot;:&quot;alice&quot;}\">\n<figcaption><span class=\"example-label\">Example</span> <span class=\"example-target\">shop · prod · API key alice</span></figcaption>\n"))
        #expect(alice.contains(TranscriptPanel.maskedNote))
        #expect(alice.contains("<span class=\"status status-2xx\">200 OK</span>"))
        let carol = try #require(figure(try await page("index.html"), 1))
        #expect(carol.contains("<td>API key &#39;carol&#39; is disabled</td>"))
        #expect(carol.contains(TranscriptPanel.maskedNote))
    }

    @Test("a burst's panel: what was sent, a summary, a row per run of outcomes, the bucket chart and the first refused transcript")
    func burstPanel() async throws {
        let burst = try #require(figure(try await page("burst.html"), 0))
        assertGolden(burst, named: "burst-health.html")
        let keyed = try #require(figure(try await page("index.html"), 2))
        assertGolden(keyed, named: "burst-keyed.html")
    }

    @Test("two builds of a project with bursts give the same bytes")
    func deterministic() async throws {
        let project = try TemporaryDirectory()
        defer { project.remove() }
        try project.write(keyProject)
        let first = await Self.built.value
        let second = await SiteBuilder(projectRoot: project.path).build()
        #expect(first.files.paths == second.files.paths)
        for path in first.files.paths { #expect(first.files.files[path] == second.files.files[path], "\(path) differs between builds") }
    }

    @Test("outcomes that alternate more often than a short table shows are drawn as a strip of marks, 50 to a row, with a legend")
    func strip() async throws {
        let burst = try #require(figure(try await page("burst.html"), 1))
        let start = try #require(burst.range(of: "<ul class=\"burst-legend\">"))
        let end = try #require(burst.range(of: "</table>\n", range: start.upperBound..<burst.endIndex))
        assertGolden(String(burst[start.lowerBound..<end.upperBound]), named: "burst-strip.html")
        #expect(burst.contains("<p class=\"example-wait\">10 s later on the page's clock</p>"))
    }

    /// Builds the key project with `note` as its index page; the diagnostics, formatted.
    func diagnostics(_ note: String) async throws -> [String] {
        let project = try TemporaryDirectory()
        defer { project.remove() }
        var files = keyProject
        files["Content/index.md"] = note
        try project.write(files)
        let result = await SiteBuilder(projectRoot: project.path).build()
        return result.diagnostics.sorted.map(DiagnosticFormatter.format).map { $0.replacing(project.path + "/", with: "") }
    }

    @Test("an unknown key, a key beside an X-API-Key header, a bad repeat or rate, a burst answering otherwise than expect: located errors")
    func errors() async throws {
        #expect(try await diagnostics("# K\n\n```http example api=shop stage=prod key=alcie\nGET /items\n```\n")
                == ["Content/index.md:3:1: error: key=alcie names no API key of the project; did you mean 'alice'? [example.key]"])
        #expect(try await diagnostics("# K\n\n```http example api=shop stage=prod key=zed\nGET /items\n```\n")
                == ["Content/index.md:3:1: error: key=zed names no API key of the project (alice, bob, carol) [example.key]"])
        #expect(try await diagnostics("# K\n\n```http example api=shop stage=prod key=alice\nGET /items\nX-API-Key: x\n```\n")
                == ["Content/index.md:3:1: error: the example sends an X-API-Key header and key=alice; keep one [example.key]"])
        #expect(try await diagnostics("# K\n\n```http example api=shop stage=prod repeat=1001\nGET /health\n```\n")
                == ["Content/index.md:3:1: error: repeat=1001 is not a number of requests from 1 to 1000 [example.repeat]"])
        #expect(try await diagnostics("# K\n\n```http example api=shop stage=prod repeat=5 rate=0/s\nGET /health\n```\n")
                == ["Content/index.md:3:1: error: rate=0/s is not a rate such as rate=50/s (requests per second, more than 0) [example.repeat]"])
        #expect(try await diagnostics("# K\n\n```http example api=shop stage=prod repeat=5 rate=20/s expect=200\nGET /health\n```\n")
                == ["Content/index.md:3:1: error: expected the statuses 200 but the burst answered 200:3,429:2 (5 × GET /health) [example.expectation]"])
        #expect(try await diagnostics("# K\n\n```http example api=shop stage=prod repeat=5 expect=200:5\nGET /health\n```\n")
                == ["Content/index.md:3:1: error: expected 200:5 but the burst answered 200:3,429:2 (5 × GET /health) [example.expectation]"])
    }

    @Test("a note that holds a key's value is an error at the value: the site would show it")
    func valueInNote() async throws {
        #expect(try await diagnostics("# K\n\nUse `alice-explicit-value-0123456789` here.\n")
                == ["Content/index.md:3:6: error: the note holds the value of API key 'alice'; the site never shows key values: write key=alice on an example, or the key's name [note.key-value]"])
    }
}

extension Array where Element == UInt8 {
    func containsSequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, count >= needle.count else { return false }
        return (0...(count - needle.count)).contains { self[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
