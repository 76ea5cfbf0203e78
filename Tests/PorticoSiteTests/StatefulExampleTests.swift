import Foundation
import PorticoGateway
import PorticoSite
import Testing
import TestSupport

/// Counts the requests a stage has answered and how far its clock has moved since the first,
/// in its ``GatewayState``; tells the client in a header. Only here to prove the state's
/// ownership: a later feature (throttling, caching) keeps its state the same way.
final class CountingStage: PipelineStage {
    struct Seen: GatewayStateKey {
        static let initialValue: (count: Int, first: GatewayInstant?) = (0, nil)
    }

    let name = StageName.cache
    var phases: StagePhases { .response }

    func respond(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        let arrival = exchange.arrival
        let (count, first) = exchange.state.slots.update(Seen.self) { seen in
            seen.count += 1
            seen.first = seen.first ?? arrival
            return (seen.count, seen.first!)
        }
        let line = "request \(count), \(arrival.duration(since: first).seconds) s after the first"
        exchange.setResponseHeader("X-Seen", line)
        return .proceed(TraceDetail(text: line))
    }
}

/// The REST pipeline with the counting stage: its response phase runs before observability's.
let countingPipelines = Pipelines(rest: Pipeline.restAPI.inserting(CountingStage(), before: .gatewayResponse))

let statefulProject: [String: String] = [
    "Content/portico.yml": """
    site: {title: Stateful}
    apis:
      - name: shop
        definition: apis/shop.yaml
        stages: [{stageName: prod}]
    """,
    "Content/apis/shop.yaml": """
    openapi: 3.0.1
    info: {title: Shop, version: "1"}
    paths:
      /items:
        get:
          x-amazon-apigateway-integration:
            type: mock
            requestTemplates: {application/json: '{"statusCode": 200}'}
            responses: {default: {statusCode: "200"}}
    """,
    "Content/index.md": """
    # First page

    ```http example api=shop stage=prod
    GET /items
    ###
    # @wait 2.5s
    GET /items
    ```

    ```http example api=shop stage=prod
    # @wait 500ms
    GET /items
    ```
    """,
    "Content/second.md": """
    # Second page

    ```http example api=shop stage=prod
    GET /items
    ```
    """,
]

@Suite("Stateful examples")
struct StatefulExampleTests {
    @Test("a page's examples share fresh state and a virtual clock moved only by # @wait; two builds give the same bytes")
    func deterministic() async throws {
        let project = try TemporaryDirectory()
        defer { project.remove() }
        try project.write(statefulProject)
        let first = await SiteBuilder(projectRoot: project.path, pipelines: countingPipelines).build()
        #expect(!first.diagnostics.hasErrors, "\(first.diagnostics.sorted)")
        let second = await SiteBuilder(projectRoot: project.path, pipelines: countingPipelines).build()
        #expect(first.files.paths == second.files.paths)
        for path in first.files.paths { #expect(first.files.text(path) == second.files.text(path), "\(path) differs between builds") }

        let index = try #require(first.files.text("index.html"))
        let seen = index.components(separatedBy: "X-Seen</span>: ").dropFirst().map { $0.prefix { $0 != "\n" && $0 != "<" } }
        #expect(seen == ["request 1, 0.0 s after the first", "request 2, 2.5 s after the first", "request 3, 3.0 s after the first"])
        #expect(index.contains("<p class=\"example-wait\">2.5 s later on the page's clock</p>"))
        #expect(index.contains("<p class=\"example-wait\">500 ms later on the page's clock</p>"))
        // Another page starts afresh, whatever ran before it or beside it.
        let other = try #require(first.files.text("second.html"))
        #expect(other.contains("X-Seen</span>: request 1, 0.0 s after the first"))
    }

    @Test("a bad # @wait is a located error")
    func badWait() async throws {
        let project = try TemporaryDirectory()
        defer { project.remove() }
        var files = statefulProject
        files["Content/index.md"] = "# Page\n\n```http example api=shop stage=prod\n# @wait soon\nGET /items\n```\n"
        try project.write(files)
        let result = await SiteBuilder(projectRoot: project.path).build()
        #expect(result.diagnostics.sorted.map(\.description).contains { $0.contains("index.md:4:1: error: '@wait soon' is not a duration; write for example '# @wait 2s' (ms, s, min, h) [example.wait]") },
                "\(result.diagnostics.sorted)")
    }
}
