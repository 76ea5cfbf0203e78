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
    func malformedYAML() {
        #expect(compose("a: 1\nb: [1, 2\nc: 3\n") == [
            "f.yaml:3:2: error: did not find expected ',' or ']' while parsing a flow sequence [yaml.syntax]",
        ])
    }

    @Test("malformed JSON is reported through the same reader")
    func malformedJSON() {
        #expect(compose("{\"openapi\": \"3.0.1\",\n \"paths\": {\"/a\": [1, 2}\n}") == [
            "f.yaml:2:23: error: did not find expected ',' or ']' while parsing a flow sequence [yaml.syntax]",
        ])
    }

    @Test("binary junk with a NUL byte is refused as not text")
    func binaryJunk() {
        #expect(compose("\u{0}\u{1}\u{2}garbage") == ["f.yaml:1:1: error: file contains a NUL byte; it is not a text file [file.encoding]"])
    }

    @Test("deep nesting is refused at the depth limit, not composed")
    func deepNesting() {
        let text = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(compose(text) == ["f.yaml:1:1: error: nesting is deeper than 128 levels [yaml.too-deep]"])
    }

    @Test("a mapping of sequences 128 deep still loads")
    func depthLimitIsInclusive() {
        let text = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
        #expect(compose(text) == [])
        #expect(compose("[" + text + "]") == ["f.yaml:1:129: error: nesting is deeper than 128 levels [yaml.too-deep]"])
    }

    @Test("a misspelt key suggests the closest known key")
    func closest() {
        #expect(closestMatch(to: "requestTemplate", in: ["requestTemplates", "responses"]) == "requestTemplates")
        #expect(closestMatch(to: "zzz", in: ["requestTemplates", "responses"]) == nil)
    }
}
