import Foundation
import PorticoGateway
import PorticoModel
import Testing

/// The canary is chosen where the stage is looked up (DG: canary-release: a canary takes
/// `percentTraffic` percent of the stage's requests, with its stage variable overrides).
@Suite("Canary releases")
struct CanaryTests {
    func gateway(percent: Double) throws -> Gateway {
        var project = try GatewayHarness().gateway.project
        project.apis[0].stages[0].canarySettings = CanarySettings(percentTraffic: percent, stageVariableOverrides: ["color": "red"])
        return Gateway(project: project, clock: FixedClock.siteBuild)
    }

    func colors(_ gateway: Gateway, seed: UInt64, count: Int) async throws -> [String] {
        let percent = gateway.project.apis[0].stages[0].canarySettings?.percentTraffic ?? 0
        var ids = IdentifierGenerator(seed: seed)
        var colors: [String] = []
        for _ in 0..<count {
            let transcript = try await gateway.invoke(GatewayRequest(method: "GET", path: "/items/1", headers: [HTTPHeader("Accept", "application/json")]),
                                                      api: "shop", stage: "prod", ids: &ids)
            colors.append(transcript.response.body.contains("\"red\"") ? "canary" : "base")
            if transcript.response.body.contains("\"red\"") {
                #expect(transcript.trace.first?.detail.hasSuffix("; canary release (drawn at random: the canary takes \(ReleaseChannel.percent(percent)) of requests): runs the current definition (\(gateway.project.apis[0].definitionPath)), stage variables overridden: color") == true)
            }
        }
        return colors
    }

    @Test("100% goes to the canary with its overrides; without canary settings nothing does")
    func extremes() async throws {
        #expect(try await colors(gateway(percent: 100), seed: 1, count: 20) == Array(repeating: "canary", count: 20))
        #expect(try await colors(GatewayHarness().gateway, seed: 1, count: 20) == Array(repeating: "base", count: 20))
    }

    @Test("a 25% canary takes about a quarter of the requests, the same ones for the same seed")
    func share() async throws {
        let gateway = try gateway(percent: 25)
        let first = try await colors(gateway, seed: 9, count: 400)
        let canary = first.filter { $0 == "canary" }.count
        #expect((60...140).contains(canary), "\(canary) of 400")
        #expect(try await colors(gateway, seed: 9, count: 400) == first)
    }
}
