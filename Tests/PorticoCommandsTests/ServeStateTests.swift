import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PorticoCommands
import PorticoGateway
import Synchronization
import Testing
import TestSupport

/// Counts the requests the served gateway answered for a stage, in its ``GatewayState``.
private final class ServedCountStage: PipelineStage {
    struct Count: GatewayStateKey { static let initialValue = 0 }
    let name = StageName.cache
    var phases: StagePhases { .response }

    func respond(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        let count = exchange.state.slots.update(Count.self) { count in
            count += 1
            return count
        }
        exchange.setResponseHeader("X-Count", String(count))
        return .proceed(TraceDetail(text: "request \(count)"))
    }
}

@Suite("serve keeps the gateway's state", .serialized)
struct ServeStateTests {
    static func project(variables: String = "{}", title: String = "Served") -> [String: String] {
        [
            "Content/portico.yml": """
            site: {title: \(title)}
            apis:
              - name: shop
                definition: apis/shop.yaml
                stages: [{stageName: prod, variables: \(variables)}]
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
            "Content/index.md": "# Home\n\nFirst text.\n",
        ]
    }

    @Test("across a note edit and a project change that leaves the stage alone; afresh when the stage changes")
    func keepsState() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(Self.project())
        let output = Mutex<String>("")
        let console = Console(out: { text in output.withLock { $0 += text } }, err: { text in output.withLock { $0 += text } }, interactive: false)
        let pipelines = Pipelines(rest: Pipeline.restAPI.inserting(ServedCountStage(), before: .gatewayResponse))
        let server = Task {
            await ServeAction(projectRoot: root.path, host: "127.0.0.1", port: 0, pipelines: pipelines).run(console: console)
        }
        defer { server.cancel() }

        func waitFor(_ text: String, occurrences: Int = 1) async throws {
            for _ in 0..<300 {
                if output.withLock({ $0.components(separatedBy: text).count - 1 }) >= occurrences { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            Issue.record("serve never said '\(text)' \(occurrences) times; it said:\n\(output.withLock { $0 })")
            throw CancellationError()
        }
        try await waitFor("Watching")
        try await waitFor("Serving")
        let port = try #require(output.withLock { text -> Int? in
            guard let range = text.range(of: "at http://127.0.0.1:") else { return nil }
            return Int(text[range.upperBound...].prefix { $0.isNumber })
        })
        func count() async throws -> String? {
            let url = URL(string: "http://127.0.0.1:\(port)/_gateway/shop/prod/items")!
            let (_, response) = try await URLSession.shared.data(from: url)
            return (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "X-Count")
        }
        #expect(try await count() == "1")
        #expect(try await count() == "2")

        // A note: only its page is rebuilt; the gateway is the same. (One file written per
        // step, so each step is one rebuild.)
        try root.write(["Content/index.md": "# Home\n\nSecond text.\n"])
        try await waitFor("Rebuilt")
        #expect(try await count() == "3")

        // The site's title: everything is rebuilt and the gateway replaced, but the stage's
        // configuration is unchanged, so its state carries over.
        let yml = "Content/portico.yml"
        try root.write([yml: Self.project(title: "Renamed")[yml]!])
        try await waitFor("Rebuilt the whole site")
        #expect(try await count() == "4")

        // The stage's variables: the stage starts afresh.
        try root.write([yml: Self.project(variables: "{color: red}", title: "Renamed")[yml]!])
        try await waitFor("Rebuilt the whole site", occurrences: 2)
        #expect(try await count() == "1")
    }
}
