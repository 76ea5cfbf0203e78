import Diagnostics
import PorticoGateway
import PorticoSite
import Testing

@Suite("Example blocks")
struct ExampleBlockTests {
    let fence = SourceLocation(file: "Content/a.md", line: 10, column: 1)
    let content = SourceLocation(file: "Content/a.md", line: 11, column: 1)

    private func parse(_ info: String, _ text: String) -> (ExampleBlock?, [String]) {
        var diagnostics = DiagnosticEngine()
        let block = ExampleBlock.parse(info: info, text: text, location: fence, contentStart: content, diagnostics: &diagnostics)
        return (block, diagnostics.sorted.map(DiagnosticFormatter.format))
    }

    @Test("only blocks whose info string is 'http example …' are executed", arguments: [
        ("http example api=a", true), ("http example", true), ("http", false), ("json example", false), ("http  example", true),
    ])
    func recognisesExamples(info: String, expected: Bool) {
        #expect(ExampleBlock.isExample(info: info) == expected)
    }

    @Test("attributes, request line, headers and body are read")
    func parsesOneRequest() throws {
        let (block, diagnostics) = parse("http example api=orders stage=prod expect=201", "POST /items?x=1 HTTP/1.1\nContent-Type: application/json\nX-A:  b \n\n{\"a\": 1}\n\n")
        #expect(diagnostics.isEmpty)
        let example = try #require(block)
        #expect(example.api == "orders")
        #expect(example.stage == "prod")
        #expect(example.expectedStatuses == [201])
        #expect(example.requests == [GatewayRequest(method: "POST", path: "/items?x=1",
                                                    headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("X-A", "b")],
                                                    body: "{\"a\": 1}")])
    }

    @Test("### separates requests; comments and a bare path are allowed; expect lists one status per request")
    func parsesSeveralRequests() throws {
        let (block, diagnostics) = parse("http example expect=200,403", "# first\n/health\n###\n// second\nDELETE /items/1\n")
        #expect(diagnostics.isEmpty)
        let example = try #require(block)
        #expect(example.requests.map(\.method) == ["GET", "DELETE"])
        #expect(example.requests.map(\.path) == ["/health", "/items/1"])
        #expect(example.expectedStatus(at: 0) == 200)
        #expect(example.expectedStatus(at: 1) == 403)
    }

    @Test("errors point into the Markdown file")
    func locatedErrors() {
        let (_, diagnostics) = parse("http example expect=abc", "GET /a")
        #expect(diagnostics == ["Content/a.md:10:1: error: expect=abc is not a list of HTTP status codes [example.expect]"])
        let (_, lineErrors) = parse("http example", "GET /a\nnot a header\n")
        #expect(lineErrors == ["Content/a.md:12:1: error: expected a header line 'Name: value', found 'not a header' [example.header]"])
        let (_, badLine) = parse("http example", "\nFETCH the thing now\n")
        #expect(badLine == ["Content/a.md:12:1: error: expected a request line such as 'GET /items/42', found 'FETCH the thing now' [example.request-line]"])
        let (_, empty) = parse("http example", "\n# nothing\n")
        #expect(empty == ["Content/a.md:10:1: error: the example holds no request [example.empty]"])
        let (_, unknown) = parse("http example stag=prod", "GET /a")
        #expect(unknown == ["Content/a.md:10:1: warning: unknown example attribute 'stag'; did you mean 'stage'? [example.attribute]"])
    }
}

@Suite("Front matter")
struct FrontMatterTests {
    @Test("front matter is split from the body and the body's first line is known")
    func splits() {
        var diagnostics = DiagnosticEngine()
        let parts = FrontMatter.split("---\ntitle: T\norder: 3\n---\n# Body\n", path: "n.md", diagnostics: &diagnostics)
        #expect(parts.frontMatter == FrontMatter(title: "T", order: 3))
        #expect(parts.body == "# Body\n")
        #expect(parts.bodyLine == 5)
        #expect(diagnostics.diagnostics.isEmpty)
    }

    @Test("front matter errors are located in the note")
    func located() {
        var diagnostics = DiagnosticEngine()
        _ = FrontMatter.split("---\ntitle: T\nordr: x\norder: nope\n---\n", path: "n.md", diagnostics: &diagnostics)
        #expect(diagnostics.sorted.map(DiagnosticFormatter.format) == [
            "n.md:3:1: warning: unknown key 'ordr' in front matter; did you mean 'order'? [model.unknown-key]",
            "n.md:4:8: error: 'order' must be an integer, found 'nope' [model.type]",
        ])
        var unclosed = DiagnosticEngine()
        _ = FrontMatter.split("---\ntitle: T\n", path: "n.md", diagnostics: &unclosed)
        #expect(unclosed.sorted.map(DiagnosticFormatter.format) == ["n.md:1:1: error: front matter opened with '---' is never closed [note.front-matter]"])
    }
}
