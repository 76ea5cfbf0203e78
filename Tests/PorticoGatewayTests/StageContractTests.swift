import Foundation
@testable import PorticoGateway
import PorticoModel
import Synchronization
import Testing

/// What a probe stage did, in order.
final class Journal: Sendable {
    private let lines = Mutex<[String]>([])
    func add(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// A stage that writes what the pipeline asked of it into a journal and answers as told.
final class ProbeStage: PipelineStage {
    enum Behaviour: Sendable { case proceed, answer, fail, wait, waitTwice }
    let name: StageName
    let phases: StagePhases
    let behaviour: Behaviour
    let journal: Journal

    init(_ name: StageName, _ phases: StagePhases, _ behaviour: Behaviour = .proceed, journal: Journal) {
        self.name = name
        self.phases = phases
        self.behaviour = behaviour
        self.journal = journal
    }

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        journal.add("\(name.rawValue) decide")
        let journal = journal, name = name
        switch behaviour {
        case .proceed: return .proceed("went on")
        case .answer:
            exchange.response = GatewayResponse(status: 299, body: "probe")
            return .answer("answered")
        case .fail: return .fail(.internalServerError, "failed")
        case .wait:
            return .wait(StageWait {
                journal.add("\(name.rawValue) waited")
                try? await Task.sleep(for: .milliseconds(1))
                return .proceed("waited once")
            })
        case .waitTwice:
            return .wait(StageWait { .wait(StageWait { .proceed("never") }) })
        }
    }

    func respond(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        journal.add("\(name.rawValue) respond")
        return .proceed("responded")
    }
}

@Suite("The stage contract")
struct StageContractTests {
    func gateway(_ stages: [any PipelineStage]) throws -> Gateway {
        let harness = try GatewayHarness()
        return Gateway(project: harness.gateway.project, clock: FixedClock.siteBuild, pipelines: Pipelines(rest: Pipeline(stages: stages)))
    }

    func send(_ gateway: Gateway) async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 1)
        return try await gateway.invoke(GatewayRequest(method: "GET", path: "/items/1"), api: "shop", stage: "prod", ids: &ids)
    }

    @Test("requests run forward, decide once each, wait once; responses run backwards through the stages reached")
    func order() async throws {
        let journal = Journal()
        let gateway = try gateway([
            ProbeStage(.observability, .response, journal: journal),
            ProbeStage(.endpoint, [.request, .response], journal: journal),
            ProbeStage(.routing, .request, .wait, journal: journal),
            ProbeStage(.cache, .request, .answer, journal: journal),
            ProbeStage(.integration, [.request, .response], journal: journal),
        ])
        let transcript = try await send(gateway)
        #expect(journal.all == ["endpoint decide", "routing decide", "routing waited", "cache decide", "endpoint respond", "observability respond"])
        #expect(transcript.trace.map { "\($0.stage.rawValue) \($0.outcome.rawValue) \($0.detail)" } == [
            "endpoint proceed went on", "routing proceed waited once", "cache answer answered",
            "integration bypassed ", "endpoint proceed responded", "observability proceed responded",
        ])
        #expect(transcript.response.status == 299)
    }

    @Test("a request that never waits finishes in start(), on the caller's thread")
    func noWait() throws {
        let journal = Journal()
        let gateway = try gateway([ProbeStage(.endpoint, .request, journal: journal), ProbeStage(.observability, .response, journal: journal)])
        var ids = IdentifierGenerator(seed: 1)
        guard case .finished(let transcript) = try gateway.start(GatewayRequest(method: "GET", path: "/"), at: Endpoint(api: "shop", stage: "prod"), ids: &ids) else {
            Issue.record("the request waited")
            return
        }
        #expect(transcript.trace.map(\.stage) == [.endpoint, .observability])
    }

    @Test("a failure ends the request phase; a wait that asks to wait again is a failure, not a second wait")
    func failures() async throws {
        let journal = Journal()
        let failing = try await send(try gateway([
            ProbeStage(.gatewayResponse, .response, journal: journal), ProbeStage(.routing, .request, .fail, journal: journal),
            ProbeStage(.integration, .request, journal: journal),
        ]))
        #expect(failing.trace.map(\.outcome) == [.fail, .bypassed, .proceed])
        #expect(journal.all == ["routing decide", "gateway-response respond"])
        let twice = try await send(try gateway([ProbeStage(.integration, .request, .waitTwice, journal: journal)]))
        #expect(twice.trace.map(\.outcome) == [.fail])
        #expect(twice.trace.first?.detail == "the stage asked to wait a second time (a stage waits at most once)")
    }

    @Test("an HTTP integration waits exactly once; MOCK decides at once")
    func integrationWaits() throws {
        let http = try GatewayHarness(fixture: "http").gateway
        var ids = IdentifierGenerator(seed: 1)
        guard case .waiting = try http.start(GatewayRequest(method: "GET", path: "/pets/42"), at: Endpoint(api: "web", stage: "prod"), ids: &ids) else {
            Issue.record("an HTTP integration finished without waiting")
            return
        }
        let mock = try GatewayHarness().gateway
        guard case .finished = try mock.start(GatewayRequest(method: "GET", path: "/items/1"), at: Endpoint(api: "shop", stage: "prod"), ids: &ids) else {
            Issue.record("a MOCK integration waited")
            return
        }
    }

    @Test("the order of the REST pipeline is the list in Pipeline.restAPI, response-phase stages first")
    func restOrder() {
        let stages = Pipeline.restAPI.stages
        #expect(stages.map(\.name) == [.observability, .gatewayResponse, .endpoint, .limits, .routing, .cors, .resourcePolicy,
                                       .authorization, .apiKey, .throttling, .validation, .cache, .integrationRequest,
                                       .integration, .integrationResponse])
        // The cache looks up on the way in and stores on the way out.
        #expect(stages.filter { $0.phases.contains(.response) }.map(\.name) == [.observability, .gatewayResponse, .cache])
        #expect(Pipeline.restAPI.traceOrder == [.endpoint, .limits, .routing, .cors, .resourcePolicy, .authorization, .apiKey,
                                                .throttling, .validation, .cache, .integrationRequest, .integration,
                                                .integrationResponse, .cache, .gatewayResponse, .observability])
    }

    @Test("the HTTP API pipeline: its own routing, errors and integration, REST's endpoint, limits and throttling")
    func httpAPIOrder() {
        #expect(Pipeline.httpAPI.traceOrder == [.endpoint, .limits, .routing, .cors, .authorization, .throttling, .integrationRequest,
                                                .integration, .cors, .gatewayResponse, .observability])
    }

    @Test("an API kind without a pipeline is refused, not answered by the REST pipeline")
    func kindWithoutPipeline() throws {
        let project = try GatewayHarness().gateway.project
        var http = project
        http.apis[0].apiDefinition = .http(project.apis[0].definition)
        // A gateway made with REST's pipeline only: HTTP APIs then have none.
        let gateway = Gateway(project: http, clock: FixedClock.siteBuild, pipelines: Pipelines(rest: .restAPI))
        var ids = IdentifierGenerator(seed: 1)
        #expect(throws: Gateway.InvocationError.notSimulated(api: "shop", kind: .http)) {
            _ = try gateway.start(GatewayRequest(method: "GET", path: "/items/1"), at: Endpoint(api: "shop", stage: "prod"), ids: &ids)
        }
    }
}

/// One stage on a hand-built exchange, without the pipeline.
@Suite("Single stages")
struct SingleStageTests {
    func exchange(_ gateway: Gateway, method: String = "GET", path: String = "/items/1") throws -> Exchange {
        let deployed = try #require(gateway.environment.deployments[api: "shop", stage: "prod"])
        let context = RequestContext(
            accountId: "123456789012", apiId: "abc123defg", domainName: "abc123defg.execute-api.us-east-1.amazonaws.com",
            domainPrefix: "abc123defg", extendedRequestId: "wD4t0wMYOAKMCC4=", httpMethod: method, path: "/prod" + path,
            protocol: "HTTP/1.1", requestId: "41408e55-8290-47f5-ac1c-80f394c63007", requestTime: "01/Jan/2026:12:00:00 +0000",
            requestTimeEpoch: 1_767_268_800_000, resourceId: "", resourcePath: "", stage: "prod", sourceIp: "127.0.0.1", userAgent: nil)
        return Exchange(request: GatewayRequest(method: method, path: path), deployed: deployed, context: context,
                        arrival: .seconds(0), state: gateway.environment.state[deployed])
    }

    @Test("observability adds Date, Content-Type, Content-Length and AWS's two ids, keeping the response's own headers")
    func observability() throws {
        let gateway = try GatewayHarness().gateway
        let exchange = try exchange(gateway)
        exchange.response = GatewayResponse(status: 200, headers: [HTTPHeader("X-Own", "1")], body: "{}")
        let outcome = ObservabilityStage().respond(exchange, in: gateway.environment)
        #expect(outcome == .proceed("200, 2 bytes, request id 41408e55-8290-47f5-ac1c-80f394c63007"))
        // Recorded AWS response (LocalStack test_apigateway_common.snapshot.json): x-amzn-RequestId and x-amz-apigw-id on every response.
        #expect(exchange.response?.headers == [
            HTTPHeader("Date", "Thu, 01 Jan 2026 12:00:00 GMT"), HTTPHeader("Content-Type", "application/json"),
            HTTPHeader("Content-Length", "2"), HTTPHeader("x-amzn-RequestId", "41408e55-8290-47f5-ac1c-80f394c63007"),
            HTTPHeader("X-Own", "1"), HTTPHeader("x-amz-apigw-id", "wD4t0wMYOAKMCC4="),
        ])
    }

    @Test("routing alone: a miss fails with MISSING_AUTHENTICATION_TOKEN and leaves no route")
    func routingMiss() throws {
        let gateway = try GatewayHarness().gateway
        let exchange = try exchange(gateway, path: "/nowhere/at/all")
        let outcome = RoutingStage().decide(exchange, in: gateway.environment)
        guard case .fail(let error, _) = outcome else {
            Issue.record("routing did not fail: \(outcome)")
            return
        }
        #expect(error.type == .missingAuthenticationToken && error.status == 403)
        #expect(exchange.route == nil)
    }
}
