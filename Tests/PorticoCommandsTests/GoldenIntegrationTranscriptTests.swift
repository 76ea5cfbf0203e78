import Foundation
import PorticoCommands
import PorticoGateway
import Synchronization
import Testing
import TestSupport

/// Whole transcripts of requests to real Lambda processes and a real HTTP backend, run in
/// process by `invoke` with seeded ids and the site build's clock, compared with goldens. In
/// the end-to-end suite: its fixture's backend listens on a fixed port, so these must not run
/// beside the suite's other tests.
extension IntegrationEndToEndTests {
    @Test("golden transcripts: Lambda proxy, Lambda non-proxy (success and error) and HTTP", arguments: [
        ("lambda-proxy.txt", "GET", [String](), nil as String?, "/items/9"),
        ("lambda-nonproxy-error.txt", "POST", ["Content-Type: application/json"], #"{"fail": true}"#, "/legacy"),
        ("lambda-nonproxy.txt", "POST", ["Content-Type: application/json"], #"{"fail": false}"#, "/legacy"),
        ("http-backend.txt", "GET", [], nil, "/pets/7"),
    ])
    func transcript(golden: String, method: String, headers: [String], body: String?, path: String) async throws {
        let output = Mutex<String>("")
        let errors = Mutex<String>("")
        let console = Console(out: { text in output.withLock { $0 += text } }, err: { text in errors.withLock { $0 += text } }, interactive: false)
        let status = await InvokeAction(projectRoot: fixtureURL("integrations").path, api: "shop", stage: "prod", method: method,
                                        headers: headers, body: body, format: .text, target: path, seed: 5,
                                        clock: FixedClock.siteBuild).run(console: console)
        #expect(status == .success, "\(errors.withLock { $0 })")
        assertGolden(output.withLock { $0 }, named: golden)
    }
}
