import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import PorticoServer
import Testing

/// Try-it's keys by name, the invoke endpoint sending a key's value, and usage in GetUsage's shape.
@Suite("Keys and usage endpoints")
struct UsageEndpointTests {
    static let here = SourceLocation(file: "portico.yml", line: 1, column: 1)
    static let value = "alice-0123456789abcdefghij"

    func live() throws -> LiveGateway {
        var project = try loadFixtureProject()
        // /health requires a key here.
        var definition = project.apis[0].definition
        let index = try #require(definition.operations.firstIndex { $0.path == "/health" })
        definition.operations[index].apiKeyRequired = true
        project.apis[0].apiDefinition = .rest(definition)
        project.usagePlans = [UsagePlan(name: "basic", apiStages: [UsagePlanAPIStage(api: "orders", stage: "prod", location: Self.here)],
                                        quota: QuotaSettings(limit: 10, period: .day), location: Self.here)]
        project.apiKeys = [APIKey(name: "alice", value: Self.value, usagePlans: ["basic"], location: Self.here),
                           APIKey(name: "off", enabled: false, location: Self.here)]
        return LiveGateway(Gateway(project: project, clock: FixedClock.siteBuild))
    }

    func invoke(_ live: LiveGateway, _ body: String) async -> InvokeEndpoint.Reply {
        var ids = IdentifierGenerator(seed: 5)
        return await InvokeEndpoint(gateway: live).handle(Data(body.utf8), ids: &ids)
    }

    @Test("invoke with release pins a stage's canary or production release; a bad value or a stage without a canary is refused")
    func invokePinned() async throws {
        var project = try loadFixtureProject()
        project.apis[0].stages[0].canarySettings = CanarySettings(percentTraffic: 0, stageVariableOverrides: ["pinned": "canary"])
        let live = LiveGateway(Gateway(project: project, clock: FixedClock.siteBuild))
        let stage = project.apis[0].stages[0].stageName, api = project.apis[0].name
        func release(_ value: String) async -> (Int, String) {
            let reply = await invoke(live, #"{"api":"\#(api)","stage":"\#(stage)","path":"/health","release":"\#(value)"}"#)
            return (reply.status, String(decoding: reply.body, as: UTF8.self))
        }
        #expect(await release("canary").1.contains(#""release":"canary""#))
        #expect(await release("main").1.contains(#""release":"main""#))
        #expect(await release("both") == (400, #"{"error":"release must be \"canary\" or \"main\", not \"both\""}"#))
        let plain = await invoke(try self.live(), #"{"api":"\#(api)","stage":"\#(stage)","path":"/health","release":"canary"}"#)
        #expect(plain.status == 404)
        #expect(String(decoding: plain.body, as: UTF8.self) == #"{"error":"stage '\#(stage)' of API '\#(api)' has no canary (no canarySettings in portico.yml)"}"#)
    }

    @Test("keys are listed by name, never by value")
    func keys() throws {
        let reply = UsageEndpoint(gateway: try live()).keys()
        #expect(reply.status == 200)
        #expect(String(decoding: reply.body, as: UTF8.self)
            == #"{"keys":[{"name":"alice","enabled":true,"usagePlans":["basic"]},{"name":"off","enabled":false,"usagePlans":[]}]}"#)
    }

    @Test("invoke with apiKey sends the named key's value as X-API-Key; usage counts it")
    func invokeWithKey() async throws {
        let live = try live()
        let reply = await invoke(live, #"{"api":"orders","stage":"prod","path":"/health","apiKey":"alice"}"#)
        let text = String(decoding: reply.body, as: UTF8.self)
        #expect(text.contains(#""X-API-Key":"\#(Self.value)""#))
        #expect(text.contains(#""status":200"#))
        let refused = String(decoding: await invoke(live, #"{"api":"orders","stage":"prod","path":"/health"}"#).body, as: UTF8.self)
        #expect(refused.contains(#""status":403"#))
        let usage = UsageEndpoint(gateway: live).usage(plan: "basic", startDate: "2026-01-01", endDate: "2026-01-02")
        let directory = live.gateway.environment.deployments.usagePlans
        // API reference: GetUsage; FixedClock.siteBuild is 2026-01-01: one request that day, 9 of
        // 10 left; none the next day, a new DAY period: all 10 left.
        #expect(String(decoding: usage.body, as: UTF8.self)
            == #"{"usagePlanId":"\#(directory.plans[0].id)","startDate":"2026-01-01","endDate":"2026-01-02","items":{"\#(directory.keys[0].id)":[[1,9],[0,10]]}}"#)
    }

    @Test("an unknown key name, plan or date is a 4xx with the reason")
    func problems() async throws {
        let live = try live()
        let reply = await invoke(live, #"{"api":"orders","stage":"prod","path":"/health","apiKey":"mallory"}"#)
        #expect(reply.status == 400)
        #expect(String(decoding: reply.body, as: UTF8.self) == #"{"error":"no API key named 'mallory'; known: alice, off"}"#)
        let endpoint = UsageEndpoint(gateway: live)
        #expect(endpoint.usage(plan: nil, startDate: nil, endDate: nil).status == 400)
        let unknown = endpoint.usage(plan: "gold", startDate: nil, endDate: nil)
        #expect(unknown.status == 404)
        #expect(String(decoding: unknown.body, as: UTF8.self) == #"{"error":"no usage plan named 'gold'; known: basic"}"#)
        #expect(endpoint.usage(plan: "basic", startDate: "2026-02-30", endDate: nil).status == 400)
        #expect(endpoint.usage(plan: "basic", startDate: "2026-01-02", endDate: "2026-01-01").status == 400)
        #expect(endpoint.usage(plan: "basic", startDate: "2020-01-01", endDate: "2026-01-01").status == 400)
    }
}
