import Diagnostics
import Testing

@Suite("Diagnostics")
struct DiagnosticTests {
    @Test("a located error prints as path:line:column: error: message [id]")
    func formatsLikeACompiler() {
        let diagnostic = Diagnostic.error(.modelType, "'stages' must be a list", at: SourceLocation(file: "Content/portico.yml", line: 4, column: 7))
        #expect(DiagnosticFormatter.format(diagnostic) == "Content/portico.yml:4:7: error: 'stages' must be a list [model.type]")
    }

    @Test("notes are printed indented under their diagnostic")
    func printsNotes() {
        let diagnostic = Diagnostic.warning(DiagnosticID("x.y"), "message", notes: ["first", "second"])
        #expect(DiagnosticFormatter.format(diagnostic) == "warning: message [x.y]\n    note: first\n    note: second")
    }

    @Test("a location inside embedded text shifts into the embedding file")
    func shiftsEmbeddedLocations() {
        let origin = SourceLocation(file: "spec.yaml", line: 10, column: 5)
        #expect(SourceLocation(file: "", line: 1, column: 3).shifted(into: origin) == SourceLocation(file: "spec.yaml", line: 10, column: 7))
        #expect(SourceLocation(file: "", line: 3, column: 2).shifted(into: origin) == SourceLocation(file: "spec.yaml", line: 12, column: 2))
    }

    @Test("the engine sorts by file, line and column, drops duplicates and counts severities")
    func sortsAndCounts() {
        var engine = DiagnosticEngine()
        engine.error(DiagnosticID("b"), "second", at: SourceLocation(file: "a.yml", line: 9, column: 1))
        engine.warning(DiagnosticID("a"), "first", at: SourceLocation(file: "a.yml", line: 2, column: 4))
        engine.error(DiagnosticID("c"), "unlocated")
        engine.error(DiagnosticID("b"), "second", at: SourceLocation(file: "a.yml", line: 9, column: 1))
        #expect(engine.sorted.map(\.message) == ["first", "second", "unlocated"])
        #expect(engine.errorCount == 3)
        #expect(engine.warningCount == 1)
        #expect(engine.hasErrors)
    }

    @Test("the report ends with a summary line")
    func reportSummary() {
        var engine = DiagnosticEngine()
        engine.error(DiagnosticID("x"), "broken", at: SourceLocation(file: "f", line: 1, column: 1))
        engine.warning(DiagnosticID("y"), "odd", at: SourceLocation(file: "f", line: 2, column: 1))
        #expect(DiagnosticFormatter.report(engine) == "f:1:1: error: broken [x]\nf:2:1: warning: odd [y]\n1 error, 1 warning.\n")
        #expect(DiagnosticFormatter.report(DiagnosticEngine()) == "")
    }

    @Test("catalogue ids print exactly as the ids golden files and scripts match")
    func catalogueIDs() {
        #expect(DiagnosticID.exampleAPI.rawValue == "example.api")
        #expect(DiagnosticID.modelUnknownKey.description == "model.unknown-key")
        #expect(DiagnosticID.awsWebSocketAuthorizerNotConnect.rawValue == "aws.websocket-authorizer-not-connect")
        #expect(DiagnosticFormatter.format(.error(.yamlSyntax, "bad")) == "error: bad [yaml.syntax]")
        #expect(DiagnosticID(rawValue: "yaml.syntax") == .yamlSyntax)
    }

    @Test("UTF-8 offsets map to 1-based lines and columns", arguments: [
        (0, 1, 1), (3, 1, 4), (4, 2, 1), (6, 2, 3), (9, 3, 1),
    ])
    func lineTable(offset: Int, line: Int, column: Int) {
        let table = LineTable("abc\ndefg\nh")
        let position = table.position(ofUTF8Offset: offset)
        #expect(position.line == line && position.column == column)
    }
}
