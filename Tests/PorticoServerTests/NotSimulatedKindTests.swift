import PorticoGateway
import PorticoModel
@testable import PorticoServer
import Testing

/// A kind of API the simulator has no pipeline for is not answered by the REST pipeline: the
/// served gateway says so.
@Suite("APIs without a pipeline, served")
struct NotSimulatedKindTests {
    @Test("a request to an HTTP API is answered 501 with the simulator's message, and a REST API's request as before")
    func httpAPI() throws {
        var project = try loadFixtureProject()
        let rest = try #require(project.apis.first)
        var http = rest
        http.name = "catalog"
        http.apiDefinition = .http(rest.definition)
        project.apis.append(http)
        let live = LiveGateway(Gateway(project: project, clock: FixedClock.siteBuild))
        var connection = ConnectionGateway(live: live)
        let stage = try #require(rest.stages.first?.stageName)
        guard case .answered(let answer) = connection.start(GatewayRequest(method: "GET", path: "/anything"),
                                                            at: Endpoint(api: "catalog", stage: stage), on: live.served) else {
            Issue.record("the request waited")
            return
        }
        #expect(answer.status == 501)
        #expect(answer.headers == [HTTPHeader("Content-Type", "application/json")])
        #expect(answer.body == #"{"message":"API 'catalog' is an HTTP API, and the simulator runs REST APIs only for now"}"#)
        guard case .answered(let restAnswer) = connection.start(GatewayRequest(method: "GET", path: "/nowhere"),
                                                                at: Endpoint(api: rest.name, stage: stage), on: live.served) else {
            Issue.record("the REST request waited")
            return
        }
        #expect(restAnswer.status == 403) // Missing Authentication Token: the REST pipeline ran
    }
}
