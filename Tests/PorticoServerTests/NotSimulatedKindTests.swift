import PorticoGateway
import PorticoModel
@testable import PorticoServer
import Testing

/// Each kind of API is answered by its own pipeline, never by another kind's: the same
/// definition served as an HTTP API answers an unmatched path as HTTP APIs do, as a REST API
/// as REST APIs do.
@Suite("APIs of each kind, served by their own pipeline")
struct NotSimulatedKindTests {
    @Test("an unmatched path is 404 Not Found on an HTTP API and 403 Missing Authentication Token on a REST API")
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
        // DG: http-api-develop-routes: no route and no $default route answers {"message":"Not Found"}.
        #expect(answer.status == 404)
        #expect(answer.body == #"{"message":"Not Found"}"#)
        #expect(answer.headers.map(\.name) == ["Date", "Content-Type", "Content-Length", "apigw-requestid"])
        guard case .answered(let restAnswer) = connection.start(GatewayRequest(method: "GET", path: "/nowhere"),
                                                                at: Endpoint(api: rest.name, stage: stage), on: live.served) else {
            Issue.record("the REST request waited")
            return
        }
        #expect(restAnswer.status == 403) // Missing Authentication Token: the REST pipeline ran
    }
}
