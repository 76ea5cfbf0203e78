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

    @Test("canary=true pins the canary release, canary=false the production release; anything else is a located error")
    func pinsRelease() throws {
        #expect(parse("http example canary=true", "GET /a").0?.channel == .canary)
        #expect(parse("http example canary=false", "GET /a").0?.channel == .main)
        #expect(parse("http example", "GET /a").0?.channel == nil)
        let (block, diagnostics) = parse("http example canary=yes", "GET /a")
        #expect(block == nil)
        #expect(diagnostics == ["Content/a.md:10:1: error: canary=yes must be canary=true (the canary release) or canary=false (the production release) [example.attribute]"])
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
        #expect(diagnostics == ["Content/a.md:10:1: error: expect=abc is not a list of HTTP status codes (or, on a burst, of STATUS:COUNT) [example.expect]"])
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

@Suite("Example blocks: keys and bursts")
struct BurstBlockTests {
    let fence = SourceLocation(file: "Content/a.md", line: 10, column: 1)
    let content = SourceLocation(file: "Content/a.md", line: 11, column: 1)

    private func parse(_ info: String, _ text: String = "GET /a") -> (ExampleBlock?, [String]) {
        var diagnostics = DiagnosticEngine()
        let block = ExampleBlock.parse(info: info, text: text, location: fence, contentStart: content, diagnostics: &diagnostics)
        return (block, diagnostics.sorted.map(DiagnosticFormatter.format))
    }

    @Test("key, repeat and rate are read; requests are spaced 1/rate apart")
    func parsesBurst() throws {
        let (block, diagnostics) = parse("http example rate=3/s key=alice repeat=4 expect=200:3,429:1")
        #expect(diagnostics.isEmpty)
        let example = try #require(block)
        #expect(example.key == "alice")
        #expect(example.burst == ExampleBlock.Burst(count: 4, rate: 3))
        #expect(example.expectedCounts == [.init(status: 200, count: 3), .init(status: 429, count: 1)])
        #expect((0..<4).map { example.burst!.offset(of: $0) } == [.zero, .nanoseconds(333_333_333), .nanoseconds(666_666_667), .seconds(1)])
        #expect(ExampleBlock.Burst(count: 3, rate: nil).offset(of: 2) == .zero)
    }

    @Test("bad repeat, rate and expect values are located errors", arguments: [
        ("repeat=0", "repeat=0 is not a number of requests from 1 to 1000 [example.repeat]"),
        ("repeat=1001", "repeat=1001 is not a number of requests from 1 to 1000 [example.repeat]"),
        ("repeat=many", "repeat=many is not a number of requests from 1 to 1000 [example.repeat]"),
        ("repeat=5 rate=50", "rate=50 is not a rate such as rate=50/s (requests per second, more than 0) [example.repeat]"),
        ("repeat=5 rate=-1/s", "rate=-1/s is not a rate such as rate=50/s (requests per second, more than 0) [example.repeat]"),
        ("repeat=5 rate=inf/s", "rate=inf/s is not a rate such as rate=50/s (requests per second, more than 0) [example.repeat]"),
        ("rate=5/s", "rate= paces a burst; add repeat=N (how many requests to send) [example.repeat]"),
        ("repeat=5 expect=200:4", "expect counts 4 answers for a burst of 5 requests [example.expect]"),
        ("expect=200:1", "expect=STATUS:COUNT counts the answers of a burst; this example has no repeat= [example.expect]"),
        ("repeat=5 expect=200:4,429", "expect=200:4,429 is not a list of HTTP status codes (or, on a burst, of STATUS:COUNT) [example.expect]"),
        ("repeat=5 expect=200:x", "expect=200:x is not a list of HTTP status codes (or, on a burst, of STATUS:COUNT) [example.expect]"),
    ])
    func badValues(info: String, message: String) {
        let (block, diagnostics) = parse("http example " + info)
        #expect(block == nil)
        #expect(diagnostics == ["Content/a.md:10:1: error: " + message])
    }

    @Test("a burst sends one request")
    func oneRequest() {
        let (block, diagnostics) = parse("http example repeat=3", "GET /a\n###\nGET /b\n")
        #expect(block == nil)
        #expect(diagnostics == ["Content/a.md:10:1: error: repeat= sends one request 3 times; this example holds 2 requests [example.repeat]"])
    }

    @Test("a misspelt burst attribute is a warning with a suggestion")
    func misspelt() {
        let (_, diagnostics) = parse("http example repaet=3")
        #expect(diagnostics == ["Content/a.md:10:1: warning: unknown example attribute 'repaet'; did you mean 'repeat'? [example.attribute]"])
    }

    @Test("expect on a burst: counts exactly, or each listed status at least once and no other", arguments: [
        ("expect=200:2,429:1", [200, 429, 200], nil),
        ("expect=429:1,200:2", [200, 200, 429], nil),
        ("expect=200:2,429:1,500:0", [200, 200, 429], nil),
        ("expect=200:2,429:1", [200, 200, 200], "expected 200:2,429:1 but the burst answered 200:3"),
        ("expect=200,429", [200, 429, 429], nil),
        ("expect=200,429", [200, 200, 200], "expected the statuses 200,429 but the burst answered 200:3"),
        ("expect=200", [200, 403, 200], "expected the statuses 200 but the burst answered 200:2,403:1"),
        ("", [500, 500, 500], nil),
    ] as [(String, [Int], String?)])
    func burstExpectations(expect: String, statuses: [Int], mismatch: String?) throws {
        let block = try #require(parse("http example repeat=3 " + expect).0)
        #expect(block.burstMismatch(statuses) == mismatch)
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
