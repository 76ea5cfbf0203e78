import Testing
import Diagnostics
import PorticoDiagrams

typealias Chart = MermaidFlowchart
typealias Node = MermaidFlowchart.Node
typealias Edge = MermaidFlowchart.Edge

/// Parses text that must be valid, with no diagnostics.
func chart(_ source: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Chart {
    let result = MermaidParser.parse(source)
    #expect(result.diagnostics == [], sourceLocation: sourceLocation)
    return try #require(result.chart, sourceLocation: sourceLocation)
}

@Suite("Mermaid flowchart parsing")
struct MermaidParserTests {
    @Test("the header sets the direction; TD and TB are the same; none means top to bottom",
          arguments: [("graph TD", Chart.Direction.topToBottom), ("flowchart TB", .topToBottom), ("graph BT", .bottomToTop),
                      ("flowchart LR", .leftToRight), ("graph RL;", .rightToLeft), ("flowchart", .topToBottom)])
    func header(source: String, direction: Chart.Direction) throws {
        #expect(try chart(source) == Chart(direction: direction))
    }

    @Test("every node shape is recognised with its label")
    func shapes() throws {
        let parsed = try chart("""
            graph LR
              A[rect]
              B(round)
              C([stadium])
              D[[subroutine]]
              E[(cylinder)]
              F((circle))
              G>asym]
              H{rhombus}
              I{{hexagon}}
              J[/para/]
              K
            """)
        #expect(parsed.nodes == [
            Node(id: "A", label: "rect", shape: .rectangle), Node(id: "B", label: "round", shape: .round),
            Node(id: "C", label: "stadium", shape: .stadium), Node(id: "D", label: "subroutine", shape: .subroutine),
            Node(id: "E", label: "cylinder", shape: .cylinder), Node(id: "F", label: "circle", shape: .circle),
            Node(id: "G", label: "asym", shape: .asymmetric), Node(id: "H", label: "rhombus", shape: .rhombus),
            Node(id: "I", label: "hexagon", shape: .hexagon), Node(id: "J", label: "para", shape: .parallelogram),
            Node(id: "K", label: "K", shape: .rectangle),
        ])
    }

    @Test("quoted labels may hold brackets and parentheses; <br/> is a line break; unicode passes")
    func labels() throws {
        let parsed = try chart("""
            graph TD
              A["GET /items/{id} (v2)"] --> B[Line one<br/>line two<br>three<BR />four]
              C(Grüße 世界)
            """)
        #expect(parsed.nodes == [
            Node(id: "A", label: "GET /items/{id} (v2)"),
            Node(id: "B", label: "Line one\nline two\nthree\nfour"),
            Node(id: "C", label: "Grüße 世界", shape: .round),
        ])
    }

    @Test("each edge kind: arrow, open, dotted and thick, with and without arrowheads")
    func edgeKinds() throws {
        let parsed = try chart("""
            graph LR
              A --> B
              A --- C
              A -.-> D
              A -.- E
              A ==> F
              A === G
              A ---> H
            """)
        #expect(parsed.edges == [
            Edge(from: "A", to: "B"), Edge(from: "A", to: "C", arrow: false),
            Edge(from: "A", to: "D", stroke: .dotted), Edge(from: "A", to: "E", stroke: .dotted, arrow: false),
            Edge(from: "A", to: "F", stroke: .thick), Edge(from: "A", to: "G", stroke: .thick, arrow: false),
            Edge(from: "A", to: "H"),
        ])
    }

    @Test("edge labels between pipes and inside the arrow")
    func edgeLabels() throws {
        let parsed = try chart("""
            graph LR
              A -->|200 OK| B
              A -- "allow" --> C
              A -- deny --- D
              A -. retry .-> E
              A == hot path ==> F
              A ---|"quoted"| G
            """)
        #expect(parsed.edges == [
            Edge(from: "A", to: "B", label: "200 OK"),
            Edge(from: "A", to: "C", label: "allow"),
            Edge(from: "A", to: "D", label: "deny", arrow: false),
            Edge(from: "A", to: "E", label: "retry", stroke: .dotted),
            Edge(from: "A", to: "F", label: "hot path", stroke: .thick),
            Edge(from: "A", to: "G", label: "quoted", arrow: false),
        ])
    }

    @Test("chains and & groups expand into one edge per pair, in order")
    func chainsAndGroups() throws {
        let parsed = try chart("graph TD\n  A --> B --> C\n  A & B --> C & D[Dee]; D --- A")
        #expect(parsed.edges == [
            Edge(from: "A", to: "B"), Edge(from: "B", to: "C"),
            Edge(from: "A", to: "C"), Edge(from: "A", to: "D"), Edge(from: "B", to: "C"), Edge(from: "B", to: "D"),
            Edge(from: "D", to: "A", arrow: false),
        ])
        #expect(parsed.nodes.map(\.id) == ["A", "B", "C", "D"])
        #expect(parsed.node("D")?.label == "Dee")
    }

    @Test("a later shape redefines a node; a bare mention keeps it")
    func redefinition() throws {
        let parsed = try chart("graph TD\n  A --> B\n  B{Check} --> A\n  B")
        #expect(parsed.nodes == [Node(id: "A", label: "A"), Node(id: "B", label: "Check", shape: .rhombus)])
    }

    @Test("classDef, class, ::: and style give nodes classes and properties, colours normalised")
    func classesAndStyles() throws {
        let parsed = try chart("""
            graph TD
              classDef hot fill:#f9f,stroke:#333,stroke-width:4px
              classDef cold,calm fill:LightBlue
              A:::hot --> B
              class B,C cold
              style A fill:#ABCDEF, color:red ,stroke-dasharray: 5 5
            """)
        typealias P = MermaidFlowchart.StyleProperty
        #expect(parsed.classDefinitions == [
            MermaidFlowchart.ClassDefinition(name: "hot", properties: [P(.fill, "#ff99ff"), P(.stroke, "#333333"), P(.strokeWidth, "4")]),
            MermaidFlowchart.ClassDefinition(name: "cold", properties: [P(.fill, "lightblue")]),
            MermaidFlowchart.ClassDefinition(name: "calm", properties: [P(.fill, "lightblue")]),
        ])
        #expect(parsed.nodes == [
            Node(id: "A", label: "A", classes: ["hot"], style: [P(.fill, "#abcdef"), P(.color, "red"), P(.strokeDasharray, "5 5")]),
            Node(id: "B", label: "B", classes: ["cold"]),
            Node(id: "C", label: "C", classes: ["cold"]),
        ])
    }

    @Test("subgraphs with ids, titles and nesting hold the nodes first mentioned inside them")
    func subgraphs() throws {
        let parsed = try chart("""
            flowchart LR
              client --> api
              subgraph aws [AWS Cloud]
                api[API Gateway] --> fn
                subgraph vpc["VPC (private)"]
                  fn([Lambda]) --> db[(DynamoDB)]
                end
                api
              end
              subgraph Other things
                x
              end
            """)
        #expect(parsed.subgraphs == [
            MermaidFlowchart.Subgraph(id: "aws", title: "AWS Cloud", parent: nil, nodeIDs: ["api"]),
            MermaidFlowchart.Subgraph(id: "vpc", title: "VPC (private)", parent: "aws", nodeIDs: ["fn", "db"]),
            MermaidFlowchart.Subgraph(id: "Other things", title: "Other things", parent: nil, nodeIDs: ["x"]),
        ])
        #expect(parsed.nodes.map(\.id) == ["client", "api", "fn", "db", "x"])
    }

    @Test("%% comments, blank lines, semicolons and CRLF are ignored")
    func comments() throws {
        let parsed = try chart("%% leading comment\r\ngraph LR;\r\n\r\n  A --> B; %% trailing\r\n  %% B --> C\r\n")
        #expect(parsed == Chart(direction: .leftToRight, nodes: [Node(id: "A", label: "A"), Node(id: "B", label: "B")],
                                edges: [Edge(from: "A", to: "B")]))
    }

    @Test("accTitle and accDescr name the chart for screen readers")
    func accessibility() throws {
        let parsed = try chart("graph TD\n  accTitle: Request flow\n  accDescr: How a request reaches Lambda\n  A[Client] --> B")
        #expect(parsed.accessibleTitle == "Request flow")
        #expect(parsed.accessibleDescription == "How a request reaches Lambda")
        #expect(parsed.accessibleLabel == "Request flow")
        #expect(try chart("graph TD\n  A[Client] --> B[Two<br/>lines]").accessibleLabel == "Flowchart: Client, Two lines")
    }
}
