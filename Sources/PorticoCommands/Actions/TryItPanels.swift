import Diagnostics
import Foundation
import PorticoGateway
import PorticoServer
import PorticoSite

/// Renders try-it runs with the site's own example panel, so a re-run example looks exactly
/// like the built one. The request goes through the same `ExampleRunner` a build uses.
enum TryItPanels {
    static func renderer(for live: LiveGateway) -> TryItRenderer {
        { request, endpoint in
            var diagnostics = DiagnosticEngine()
            let origin = SourceLocation(file: "try-it", line: 1, column: 1)
            var block = ExampleBlock(api: endpoint.api, stage: endpoint.stage, request: request, location: origin)
            block.channel = endpoint.channel
            guard let run = await ExampleRunner(gateway: live.gateway).run(block, seed: UUID().uuidString, diagnostics: &diagnostics) else {
                return nil
            }
            return TranscriptPanel.html(run)
        }
    }
}
