import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PorticoCommands
import PorticoGateway
import Synchronization
import Testing
import TestSupport

/// `portico invoke --key`, and `portico usage` against a real `portico serve` over loopback:
/// the served gateway counts a key's requests and the command prints them as GetUsage does.
@Suite("API keys on the command line and portico usage", .serialized)
struct UsageCommandTests {
    static let aliceKey = "alice-0123456789abcdefghij"

    static let project: [String: String] = [
        "Content/portico.yml": """
        site: {title: Keys}
        apis:
          - name: shop
            definition: apis/shop.yaml
            stages: [{stageName: prod}]
        usagePlans:
          - {name: basic, apiStages: [{api: shop, stage: prod}], quota: {limit: 5, period: DAY}}
        apiKeys:
          - {name: alice, value: \(aliceKey), usagePlans: [basic]}
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
                requestTemplates: {application/json: '{"statusCode": 200}'}
                responses: {default: {statusCode: "200"}}
        components:
          securitySchemes:
            api_key: {type: apiKey, name: x-api-key, in: header}
        """,
        "Content/index.md": "# Home\n",
    ]


    @Test("invoke --key sends the key's value as X-API-Key; without it the method answers 403; an unknown name is a usage error")
    func invokeWithKey() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(Self.project)
        func invoke(key: String?) async -> (PorticoCommands.ExitStatus, CommandOutput) {
            let output = CommandOutput()
            let status = await InvokeAction(projectRoot: root.path, api: nil, stage: nil, method: "GET", headers: [], body: nil,
                                            format: .json, target: "/items", apiKey: key, seed: 1).run(console: output.console)
            return (status, output)
        }
        let (withKey, keyed) = await invoke(key: "alice")
        #expect(withKey == .success)
        #expect(keyed.out.withLock { $0 }.contains(#""X-API-Key" : "\#(Self.aliceKey)""#))
        #expect(keyed.out.withLock { $0 }.contains(#""status" : 200"#))
        let (without, bare) = await invoke(key: nil)
        #expect(without == .success)
        // No key on a method that requires one: 403 Forbidden (LocalStack test_api_key_required_for_methods, recorded against AWS).
        #expect(bare.out.withLock { $0 }.contains(#""status" : 403"#))
        let (unknown, wrong) = await invoke(key: "mallory")
        #expect(unknown == .usage)
        #expect(wrong.err.withLock { $0 } == "error: --key 'mallory' is no API key of the project (alice)\n")
    }

    @Test("portico usage reads a running serve: a key's requests today as [used, remaining]")
    func usageFromServe() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(Self.project)
        let served = try await ServedProject.start(root: root.path)
        defer { served.task.cancel() }
        let base = served.base
        for _ in 0..<3 {
            var request = URLRequest(url: URL(string: "\(base)/_gateway/shop/prod/items")!)
            request.setValue(Self.aliceKey, forHTTPHeaderField: "X-API-Key")
            let (_, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
        }
        // A request without a key is refused and not counted.
        let (_, refused) = try await URLSession.shared.data(from: URL(string: "\(base)/_gateway/shop/prod/items")!)
        #expect((refused as? HTTPURLResponse)?.statusCode == 403)

        let today = UsageReport.dayText(Date())
        let output = CommandOutput()
        let status = await UsageAction(plan: "basic", startDate: nil, endDate: nil, serverURL: base).run(console: output.console)
        #expect(status == .success)
        let planId = derivedId("usage-plan:basic"), keyId = derivedId("api-key:alice")
        // API reference: GetUsage — items map each key id to daily [used, remaining] pairs.
        #expect(output.out.withLock { $0 } == #"{"usagePlanId":"\#(planId)","startDate":"\#(today)","endDate":"\#(today)","items":{"\#(keyId)":[[3,2]]}}"# + "\n")

        let unknown = CommandOutput()
        #expect(await UsageAction(plan: "gold", startDate: nil, endDate: nil, serverURL: base).run(console: unknown.console) == .usage)
        #expect(unknown.err.withLock { $0 } == "error: no usage plan named 'gold'; known: basic\n")
        let badDate = CommandOutput()
        #expect(await UsageAction(plan: "basic", startDate: "2026-13-01", endDate: nil, serverURL: base).run(console: badDate.console) == .usage)
    }

    @Test("portico usage with no server answering says so")
    func noServer() async throws {
        let output = CommandOutput()
        // Port 9 (discard) on loopback: nothing of ours listens there.
        let status = await UsageAction(plan: "basic", startDate: nil, endDate: nil, serverURL: "http://127.0.0.1:9").run(console: output.console)
        #expect(status == .inputProblems)
        #expect(output.err.withLock { $0 }.hasPrefix("error: no 'portico serve' answers at http://127.0.0.1:9"))
    }

    /// The ids the gateway derives from names (ten lower-case letters and digits).
    private func derivedId(_ seed: String) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = IdentifierGenerator(seed: stableHash(seed))
        return String((0..<10).map { _ in letters[Int(generator.next() % UInt64(letters.count))] })
    }
}
