import Diagnostics
import Foundation
import PorticoSite
import TestSupport
import Testing

private let drift = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../PorticoGatewayTests/Fixtures/drift").standardizedFileURL

/// Docs as tests: an executed example whose answer drifts from its documented method response
/// is a warning located at the example (an error with `--strict`, see
/// `DiagnosticEngine.promotingWarnings(of:)`); the page is still built.
@Suite("Response drift in examples")
struct ResponseDriftTests {
    @Test("the drifting example is named by its fence, with the request, the model and the pointer")
    func located() async throws {
        let temp = try copyFixture(drift)
        defer { temp.remove() }
        try temp.write(["Content/index.md": """
            # Pets

            ```http example api=pets stage=prod expect=200
            GET /pets/7?code=200
            ```

            ```http example api=pets stage=prod expect=201
            GET /pets/7?code=201
            ```

            """])
        let result = await SiteBuilder(projectRoot: temp.path).build()
        #expect(!result.diagnostics.hasErrors)
        #expect(result.diagnostics.sorted.map(\.description) == [
            temp.path + #"/Content/index.md:7:1: warning: GET /pets/7?code=201: the 201 body of GET /pets/{id} does not match model Pet at "": object instance has properties which are not allowed by the schema: ["colour"] [example.response]"#,
        ])
        #expect(result.files.text("index.html") != nil)
        let strict = result.diagnostics.promotingWarnings(of: [.exampleResponse])
        #expect(strict.errorCount == 1 && strict.warningCount == 0)
    }
}
