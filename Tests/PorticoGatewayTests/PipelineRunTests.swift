import PorticoGateway
import Testing

/// `Gateway.start` runs a request as far as it goes without waiting: a MOCK request to the
/// end, a request to an HTTP backend up to its integration, which `finish()` then runs. Both
/// ways give exactly the transcript `invoke` gives.
@Suite("Pipeline runs that stop where a stage waits")
struct PipelineRunTests {
    private func start(_ harness: GatewayHarness, _ method: String, _ path: String,
                       api: String = "shop", stage: String = "prod") throws -> Invocation {
        var ids = IdentifierGenerator(seed: 7)
        return try harness.gateway.start(GatewayRequest(method: method, path: path, headers: [HTTPHeader("Accept", "application/json")]),
                                         at: Endpoint(api: api, stage: stage), ids: &ids)
    }

    @Test("a MOCK request finishes without waiting, with the transcript invoke gives")
    func mockFinishesAtOnce() async throws {
        let harness = try GatewayHarness()
        guard case .finished(let started) = try start(harness, "GET", "/items/42") else {
            Issue.record("a MOCK request waited")
            return
        }
        // A fresh gateway: on this one the first request's token is already taken.
        let invoked = try await GatewayHarness().send("GET", "/items/42", headers: [HTTPHeader("Accept", "application/json")])
        #expect(started == invoked)
        #expect(started.response.body == #"{"id": "42", "color": "blue", "stage": "prod"}"#)
        #expect(started.trace.map(\.stage) == Pipeline.restAPI.traceOrder)
        // The run reserved exactly what it recorded: the trace never grew on the way.
        #expect(Pipeline.restAPI.traceLength == started.trace.count)
    }

    @Test("a request that fails before its integration (no resource) finishes without waiting")
    func routingMissFinishesAtOnce() async throws {
        guard case .finished(let t) = try start(GatewayHarness(), "GET", "/nothing/here") else {
            Issue.record("a routing miss waited")
            return
        }
        #expect(t.response.status == 403)
        #expect(t.response.body == #"{"message":"Missing Authentication Token"}"#)
    }

    @Test("an HTTP integration stops at the integration stage; finish() runs the rest as invoke does")
    func httpWaitsAtIntegration() async throws {
        let harness = try GatewayHarness(fixture: "http")
        guard case .waiting(let pending) = try start(harness, "GET", "/pets/42", api: "web") else {
            Issue.record("an HTTP integration did not wait")
            return
        }
        let finished = await pending.finish()
        let invoked = try await GatewayHarness(fixture: "http").send("GET", "/pets/42", headers: [HTTPHeader("Accept", "application/json")], api: "web")
        #expect(finished == invoked)
        // Every stage ran once, in order, including the ones after the integration.
        #expect(finished.trace.map(\.stage) == Pipeline.restAPI.traceOrder)
        #expect(finished.outcome(of: .integration)?.outcome == .fail)
    }
}
