import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import Testing

func loadFixtureProject() throws -> Project {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/minimal").path
    var diagnostics = DiagnosticEngine()
    return try #require(ProjectLoader(root: root).load(diagnostics: &diagnostics))
}

enum PorticoGatewayTestHooks {
    static func executeAPIHost(_ name: String, in project: Project) -> String {
        Gateway.executeAPIHost(for: project.api(named: name)!)
    }
}
