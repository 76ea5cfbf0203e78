import Diagnostics
import PorticoModel
import Testing

@Suite("YAML and JSON sources")
struct YAMLSourceTests {
    private func compose(_ text: String) -> [String] {
        var diagnostics = DiagnosticEngine()
        _ = YAMLSource(path: "f.yaml", text: text).compose(diagnostics: &diagnostics)
        return diagnostics.sorted.map(DiagnosticFormatter.format)
    }

    @Test("an empty file is a located error, not a crash")
    func emptyFile() {
        #expect(compose("") == ["f.yaml:1:1: error: file is empty; expected a mapping [yaml.empty]"])
    }

    @Test("malformed YAML points at the offending line")
    func malformedYAML() throws {
        let lines = compose("a: 1\nb: [1, 2\nc: 3\n")
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.hasPrefix("f.yaml:3:2: error: "))
        #expect(line.hasSuffix("[yaml.syntax]"))
    }

    @Test("malformed JSON is reported through the same reader")
    func malformedJSON() throws {
        let lines = compose("{\"openapi\": \"3.0.1\",\n \"paths\": {\"/a\": [1, 2}\n}")
        #expect(lines.count == 1)
        let line = try #require(lines.first)
        #expect(line.hasPrefix("f.yaml:2:"))
    }

    @Test("binary junk with a NUL byte is refused as not text")
    func binaryJunk() {
        #expect(compose("\u{0}\u{1}\u{2}garbage") == ["f.yaml:1:1: error: file contains a NUL byte; it is not a text file [file.encoding]"])
    }

    @Test("deep nesting does not crash the reader")
    func deepNesting() {
        let text = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        var diagnostics = DiagnosticEngine()
        _ = YAMLSource(path: "f.yaml", text: text).compose(diagnostics: &diagnostics)
        // Either parsed or reported; what matters is that we got here.
        #expect(diagnostics.diagnostics.allSatisfy { $0.location != nil })
    }

    @Test("a misspelt key suggests the closest known key")
    func closest() {
        #expect(closestMatch(to: "requestTemplate", in: ["requestTemplates", "responses"]) == "requestTemplates")
        #expect(closestMatch(to: "zzz", in: ["requestTemplates", "responses"]) == nil)
    }
}
