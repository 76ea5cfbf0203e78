import Testing
import Diagnostics
import PorticoDiagrams
import Foundation

@Suite("Drawing flowcharts with Graphviz", .serialized)
struct GraphvizRendererTests {
    func render(_ source: String, idPrefix: String = "fig1-", sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> (svg: String, diagnostics: [Diagnostic]) {
        let chart = try #require(MermaidParser.parse(source).chart, sourceLocation: sourceLocation)
        let result = await GraphvizRenderer().svg(for: chart, idPrefix: idPrefix)
        return (try #require(result.svg, sourceLocation: sourceLocation), result.diagnostics)
    }

    func count(_ needle: String, in text: String) -> Int {
        text.ranges(of: needle).count
    }

    @Test("a small chart renders to exactly this SVG: text measured by the built-in Helvetica metrics, not installed fonts")
    func exactSVG() async throws {
        let (svg, diagnostics) = try await render("graph LR\n  A[API Gateway request] -.->|yes| B((B))")
        #expect(diagnostics == [])
        #expect(svg == """
            <svg role="img" aria-label="Flowchart: API Gateway request, B" width="268pt" height="59pt"
             viewBox="0.00 0.00 267.65 58.72" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
            <title>Flowchart: API Gateway request, B</title>
            <g id="fig1-graph0" class="graph" transform="scale(1 1) rotate(0) translate(7.2 51.52)">
            <title>Flowchart: API Gateway request, B</title>
            <g id="fig1-node1" class="node">
            <title>A</title>
            <polygon fill="#eef1ff" stroke="#5a67a8" points="154.39,-40.16 -0.13,-40.16 -0.13,-4.16 154.39,-4.16 154.39,-40.16"/>
            <text text-anchor="middle" x="77.13" y="-17.96" font-family="Helvetica,sans-Serif" font-size="14.00" fill="#1d2433">API Gateway request</text>
            </g>
            <g id="fig1-node2" class="node">
            <title>B</title>
            <ellipse fill="#eef1ff" stroke="#5a67a8" cx="231.09" cy="-22.16" rx="22.32" ry="22.32"/>
            <text text-anchor="middle" x="231.09" y="-17.96" font-family="Helvetica,sans-Serif" font-size="14.00" fill="#1d2433">B</text>
            </g>
            <g id="fig1-edge1" class="edge">
            <title>A&#45;&gt;B</title>
            <path fill="none" stroke="#4a5168" stroke-dasharray="5,2" d="M154.56,-22.16C170.93,-22.16 187.27,-22.16 200.54,-22.16"/>
            <polygon fill="#4a5168" stroke="#4a5168" points="200.79,-24.96 208.79,-22.16 200.79,-19.36 200.79,-24.96"/>
            <text text-anchor="middle" x="181.6" y="-25.76" font-family="Helvetica,sans-Serif" font-size="12.00" fill="#1d2433">yes</text>
            </g>
            </g>
            </svg>

            """)
    }

    @Test("the SVG is ready to inline: no prolog, DOCTYPE or comments, and an accessible name")
    func inlineReady() async throws {
        let (svg, _) = try await render("graph TD\n  accTitle: Request <flow>\n  accDescr: From \"client\" to Lambda\n  A --> B")
        #expect(svg.hasPrefix("<svg role=\"img\" aria-label=\"Request &lt;flow&gt;\" "))
        #expect(svg.contains("<title>Request &lt;flow&gt;</title>\n<desc>From &quot;client&quot; to Lambda</desc>"))
        #expect(!svg.contains("<?xml"))
        #expect(!svg.contains("<!DOCTYPE"))
        #expect(!svg.contains("<!--"))
        #expect(svg.hasSuffix("</svg>\n"))
    }

    @Test("nodes, edges and clusters are all drawn with their labels")
    func structure() async throws {
        let (svg, diagnostics) = try await render("""
            flowchart TB
              client[Client] -->|HTTPS| api{{API Gateway}}
              subgraph aws [AWS]
                api --> fn([Lambda]) & db[(Table)]
                subgraph inner [Inner]
                  db
                end
              end
              fn --- log>Logs]
              api ==> fn
            """)
        #expect(diagnostics == [])
        #expect(count("class=\"node\"", in: svg) == 5)
        #expect(count("class=\"edge\"", in: svg) == 5)
        #expect(count("class=\"cluster\"", in: svg) == 2)
        for label in ["Client", "HTTPS", "API Gateway", "Lambda", "Table", "Logs", ">AWS<", ">Inner<"] {
            #expect(svg.contains(label), "missing \(label)")
        }
        #expect(svg.contains("stroke-width=\"2.5\""))  // the thick edge
    }

    @Test("every id carries the prefix, so two diagrams on one page never clash")
    func idsPrefixed() async throws {
        let (first, _) = try await render("graph TD\n  A --> B", idPrefix: "d1-")
        let (second, _) = try await render("graph TD\n  A --> B", idPrefix: "d2-")
        let ids = first.ranges(of: " id=\"").map { first[$0.upperBound...].prefix(3) }
        #expect(ids.count == 4)
        #expect(ids.allSatisfy { $0 == "d1-" })
        #expect(count(" id=\"d2-", in: second) == 4)
        #expect(first.replacing("d1-", with: "d2-") == second)
    }

    @Test("an unsafe id prefix is made safe for an attribute")
    func prefixSanitised() async throws {
        let (svg, _) = try await render("graph TD\n  A", idPrefix: "1 \"x\"<")
        #expect(svg.contains(" id=\"d1__x__graph0\""))
    }

    @Test("an edge without an arrowhead draws no arrowhead; a dotted one is dashed")
    func edgeStyles() async throws {
        let (svg, _) = try await render("graph LR\n  A --- B\n  B -.-> C")
        let edges = svg.split(separator: "<g id=\"fig1-edge").dropFirst().map { String($0).components(until: "</g>") }
        #expect(edges.count == 2)
        #expect(!edges[0].contains("<polygon"))
        #expect(edges[1].contains("<polygon"))
        #expect(edges[1].contains("stroke-dasharray=\"5,2\""))
    }

    @Test("labels are text: markup is escaped and Graphviz escapes like \\N stay literal")
    func labelsAreText() async throws {
        let (svg, _) = try await render("graph TD\n  A[\"<b>bold</b> & \\N\"]")
        #expect(svg.contains(">&lt;b&gt;bold&lt;/b&gt; &amp; \\N</text>"))
    }

    @Test("class and style colours fill and stroke the node")
    func colours() async throws {
        let (svg, _) = try await render("graph TD\n  classDef hot fill:#f96,stroke:#333,color:#fff\n  A:::hot\n  style A stroke:#0a0,stroke-width:3px")
        #expect(svg.contains("<polygon fill=\"#ff9966\" stroke=\"#00aa00\" stroke-width=\"3\""))
        #expect(svg.contains("fill=\"#ffffff\">A</text>"))
    }

    @Test("a colour Graphviz does not know becomes a located warning")
    func graphvizWarnings() async throws {
        let (svg, diagnostics) = try await render("graph TD\n  style A fill:blurple")
        #expect(diagnostics.map(\.description) == [":1:1: warning: Graphviz: blurple is not a known color. [diagram.graphviz]"])
        #expect(svg.contains("class=\"node\""))
    }

    @Test("only the dot layout and core plugins are loaded: never pango, so installed fonts cannot change the output")
    func noFontDependentPlugins() async throws {
        _ = try await render("graph TD\n  A --> B")
        #if os(Linux)
        // /proc files report no size, so read to the end rather than by length.
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/maps"))
        defer { try? handle.close() }
        let maps = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        #expect(maps.contains("libgvplugin_dot_layout"))
        #expect(!maps.contains("libgvplugin_pango"))
        #expect(!maps.contains("libpango"))
        #endif
    }

    @Test("a chart at the size limits still renders")
    func largestChart() async throws {
        let nodes = (0..<MermaidLimits.maximumNodes).map { "  n\($0)[Step \($0)]" }
        let edges = (1..<MermaidLimits.maximumNodes).map { "  n\($0 - 1) -->|next| n\($0)" }
        let (svg, diagnostics) = try await render((["graph LR"] + nodes + edges).joined(separator: "\n"))
        #expect(diagnostics == [])
        #expect(count("class=\"node\"", in: svg) == MermaidLimits.maximumNodes)
    }

    @Test("the same chart gives the same bytes, from any renderer, even concurrently")
    func deterministic() async throws {
        let source = "graph LR\n  A[Start] --> B{Choice} -->|yes| C([Done]) & D\n  B -.-> A"
        let chart = try #require(MermaidParser.parse(source).chart)
        let reference = await GraphvizRenderer().svg(for: chart, idPrefix: "p-").svg
        let results = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<8 {
                group.addTask { await GraphvizRenderer().svg(for: chart, idPrefix: "p-").svg }
            }
            return await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(reference != nil)
        #expect(results.allSatisfy { $0 == reference })
    }
}

extension String {
    /// The text before the first `marker`.
    func components(until marker: String) -> String {
        guard let range = firstRange(of: marker) else { return self }
        return String(self[..<range.lowerBound])
    }
}
