import Testing
import Diagnostics
import PorticoDiagrams

@Suite("Mermaid flowchart diagnostics")
struct MermaidDiagnosticsTests {
    /// The diagnostics of a block, formatted as the compiler-style line the user sees.
    func report(_ source: String) -> [String] {
        MermaidParser.parse(source).diagnostics.map(\.description)
    }

    @Test("each syntax error is located and says what was expected", arguments: [
        ("sequenceDiagram\n  A->>B: hi", [":1:1: error: expected 'graph' or 'flowchart' followed by a direction (TD, TB, BT, LR or RL), found 'sequenceDiagram' [diagram.syntax]"]),
        ("", [":1:1: error: expected 'graph' or 'flowchart' followed by a direction (TD, TB, BT, LR or RL), found an empty diagram [diagram.syntax]"]),
        ("%% only a comment\n\n", [":1:1: error: expected 'graph' or 'flowchart' followed by a direction (TD, TB, BT, LR or RL), found an empty diagram [diagram.syntax]"]),
        ("graph XY", [":1:7: error: expected a direction (TD, TB, BT, LR or RL), found 'XY' [diagram.syntax]"]),
        ("graph TD\n  A[open --> B", [":2:4: error: expected ']' to close the label of node 'A' [diagram.syntax]"]),
        ("graph TD\n  A[\"quoted\" x] --> B", [":2:14: error: expected ']' after the quoted label of node 'A', found 'x' [diagram.syntax]"]),
        ("graph TD\n  A -> B", [":2:5: error: expected an edge ('-->', '---', '-.->' or '==>'), '&' or the end of the statement after 'A', found '-' [diagram.syntax]"]),
        ("graph TD\n  A --> ", [":2:9: error: expected a node id (letters, digits or '_'), found end of line [diagram.syntax]"]),
        ("graph TD\n  A -->|label B", [":2:8: error: expected '|' to close the edge label [diagram.syntax]"]),
        ("graph TD\n  A -- label B", [":2:5: error: expected '-->' or '---' to end the edge label [diagram.syntax]"]),
        ("graph TD\n  end", [":2:3: error: expected a node or a statement; 'end' has no open 'subgraph' [diagram.syntax]"]),
        ("graph TD\n  subgraph one\n    A", [":2:3: error: expected 'end' to close subgraph 'one' [diagram.syntax]"]),
        ("graph TD\n  A; B ==> ", [":2:12: error: expected a node id (letters, digits or '_'), found end of line [diagram.syntax]"]),
        ("graph TD\n  style A fill:url(x)", [":2:11: error: expected a colour such as '#f9f', '#ff99ff' or 'red' for 'fill', found 'url(x)' [diagram.syntax]"]),
        ("graph TD\n  classDef x stroke-width:huge", [":2:14: error: expected a width from 0 to 20 such as '2px' for 'stroke-width', found 'huge' [diagram.syntax]"]),
        ("graph TD\n  classDef x", [":2:13: error: expected style properties such as 'fill:#f9f,stroke:#333', found end of line [diagram.syntax]"]),
        ("graph TD\n  A --> B C", [":2:11: error: expected an edge ('-->', '---', '-.->' or '==>'), '&' or the end of the statement after 'B', found 'C' [diagram.syntax]"]),
        ("graph TD\n  A --> end", [":2:9: error: expected a node id, found the keyword 'end' [diagram.syntax]"]),
    ])
    func syntaxErrors(source: String, expected: [String]) {
        #expect(report(source) == expected)
        #expect(MermaidParser.parse(source).chart == nil)
    }

    @Test("every bad line is reported in one run, and good lines after it still parse")
    func recovery() {
        #expect(report("graph TD\n  A -> B\n  C --> D\n  E[x\n") == [
            ":2:5: error: expected an edge ('-->', '---', '-.->' or '==>'), '&' or the end of the statement after 'A', found '-' [diagram.syntax]",
            ":4:4: error: expected ']' to close the label of node 'E' [diagram.syntax]",
        ])
    }

    @Test("columns count UTF-8 bytes after non-ASCII text")
    func utf8Columns() {
        #expect(report("graph TD\n  Ä[Grüße] -> B") == [
            ":2:15: error: expected an edge ('-->', '---', '-.->' or '==>'), '&' or the end of the statement after 'Ä', found '-' [diagram.syntax]",
        ])
    }

    @Test("unsupported but harmless things are warnings and the chart is still made")
    func warnings() {
        let result = MermaidParser.parse("graph TD\n  classDef a fill:#fff,font-size:20px\n  B:::missing\n  subgraph s\n    direction LR\n  end\n  click B \"https://example.com\"; linkStyle 0 stroke:#f00\n  B --> C")
        #expect(result.diagnostics.map(\.description) == [
            ":2:24: warning: style property 'font-size' is not supported; expected fill, stroke, color, stroke-width or stroke-dasharray [diagram.unsupported]",
            ":5:5: warning: 'direction' inside a diagram is not supported; the chart's direction applies to every subgraph [diagram.unsupported]",
            ":7:3: warning: 'click' is not supported and is ignored [diagram.unsupported]",
            ":7:34: warning: 'linkStyle' is not supported and is ignored [diagram.unsupported]",
            ":3:7: warning: class 'missing' is not defined by a 'classDef' [diagram.undefined-class]",
        ])
        #expect(result.chart?.node("B")?.classes == ["missing"])
        #expect(result.chart?.edges == [MermaidFlowchart.Edge(from: "B", to: "C")])
    }

    @Test("an edge to a subgraph is flagged, since it is drawn to a node of the same name")
    func edgeToSubgraph() {
        let result = MermaidParser.parse("graph TD\n  subgraph aws\n    fn\n  end\n  client --> aws")
        #expect(result.diagnostics.map(\.description) == [
            ":2:3: warning: 'aws' is a subgraph and a node; edges to a subgraph are not supported, so it is drawn as a separate node [diagram.unsupported]",
        ])
        #expect(result.chart?.nodes.map(\.id) == ["fn", "client", "aws"])
    }

    @Test("a hostile block is bounded: too many nodes, edges, nesting or bytes stop the parse")
    func limits() {
        let manyNodes = "graph TD\n" + (0...MermaidLimits.maximumNodes).map { "  n\($0)" }.joined(separator: "\n")
        #expect(report(manyNodes) == [":\(MermaidLimits.maximumNodes + 2):3: error: diagram has more than \(MermaidLimits.maximumNodes) nodes [diagram.limit]"])

        let manyEdges = "graph TD\n  " + String(repeating: "a & ", count: 30) + "a --> " + String(repeating: "b & ", count: 30) + "b"
        #expect(report(manyEdges) == [":2:125: error: diagram has more than \(MermaidLimits.maximumEdges) edges [diagram.limit]"])

        let deep = "graph TD\n" + String(repeating: "subgraph s\n", count: 9) + String(repeating: "end\n", count: 9)
        #expect(report(deep) == [":10:1: error: subgraphs are nested more than 8 deep [diagram.limit]"])

        let huge = "graph TD\n" + String(repeating: "A --> B\n", count: 9000)
        #expect(report(huge) == [":1:1: error: diagram is larger than 65536 bytes [diagram.limit]"])
    }

    @Test("diagnostics shift from block space into the Markdown file")
    func shifting() throws {
        let diagnostic = try #require(MermaidParser.parse("graph TD\n  A -> B").diagnostics.first)
        let shifted = diagnostic.shifted(into: Diagnostics.SourceLocation(file: "Content/guide.md", line: 12, column: 1))
        #expect(shifted.description == "Content/guide.md:13:5: error: expected an edge ('-->', '---', '-.->' or '==>'), '&' or the end of the statement after 'A', found '-' [diagram.syntax]")
    }
}
