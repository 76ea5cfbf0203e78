import Diagnostics
import PorticoDiagrams
import Testing

@Suite("Mermaid sequence diagrams")
struct SequenceDiagramTests {
    func report(_ source: String) -> [String] {
        SequenceDiagramParser.parse(source).diagnostics.map(\.description)
    }

    @Test("participants, actors, every arrow, notes, frames and autonumber are read")
    func parsesEverything() throws {
        let source = """
        sequenceDiagram
          autonumber
          title Calling an API
          actor U as User
          participant G as API Gateway
          U->>G: GET /items/42
          G-->>U: 200
          U->G: line
          U-->G: dotted line
          G-xU: lost
          G--xU: lost, dotted
          U-)G: async
          U->>+L: activation sign ignored
          Note right of G: routing<br/>passed
          Note left of U: left
          Note over U,G: both
          loop every minute
            U->>G: poll
          end
          alt allowed
            G->>L: invoke
          else denied
            G-->>U: 403
          end
          opt cached
            G-->>U: hit
          end
        """
        let parsed = SequenceDiagramParser.parse(source)
        #expect(parsed.diagnostics.isEmpty)
        let diagram = try #require(parsed.diagram)
        #expect(diagram.autonumber)
        #expect(diagram.title == "Calling an API")
        #expect(diagram.participants == [
            .init(id: "U", label: "User", isActor: true),
            .init(id: "G", label: "API Gateway"),
            .init(id: "L"),
        ])
        #expect(diagram.items == [
            .message(from: "U", to: "G", text: "GET /items/42", arrow: .solidArrow),
            .message(from: "G", to: "U", text: "200", arrow: .dottedArrow),
            .message(from: "U", to: "G", text: "line", arrow: .solidLine),
            .message(from: "U", to: "G", text: "dotted line", arrow: .dottedLine),
            .message(from: "G", to: "U", text: "lost", arrow: .solidCross),
            .message(from: "G", to: "U", text: "lost, dotted", arrow: .dottedCross),
            .message(from: "U", to: "G", text: "async", arrow: .solidAsync),
            .message(from: "U", to: "L", text: "activation sign ignored", arrow: .solidArrow),
            .note(.rightOf, participants: ["G"], text: "routing\npassed"),
            .note(.leftOf, participants: ["U"], text: "left"),
            .note(.over, participants: ["U", "G"], text: "both"),
            .frameStart(.loop, label: "every minute"),
            .message(from: "U", to: "G", text: "poll", arrow: .solidArrow),
            .frameEnd,
            .frameStart(.alt, label: "allowed"),
            .message(from: "G", to: "L", text: "invoke", arrow: .solidArrow),
            .frameElse(label: "denied"),
            .message(from: "G", to: "U", text: "403", arrow: .dottedArrow),
            .frameEnd,
            .frameStart(.opt, label: "cached"),
            .message(from: "G", to: "U", text: "hit", arrow: .dottedArrow),
            .frameEnd,
        ])
    }

    @Test("each error is located and says what was expected", arguments: [
        ("graph TD", [":1:1: error: expected 'sequenceDiagram', found 'graph TD' [diagram.syntax]"]),
        ("sequenceDiagram\n  A=>B: x", [":2:3: error: expected a message such as 'A->>B: text' (arrows ->>, -->>, ->, -->, -x, --x, -), --)) or a statement, found 'A=>B: x' [diagram.syntax]"]),
        ("sequenceDiagram\n  A->>: x", [":2:7: error: expected a participant name after '->>', found 'end of line' [diagram.syntax]"]),
        ("sequenceDiagram\n  loop forever\n  A->>B: x", [":2:3: error: expected 'end' to close 'loop' [diagram.syntax]"]),
        ("sequenceDiagram\n  end", [":2:3: error: 'end' has no open 'loop', 'alt' or 'opt' [diagram.syntax]"]),
        ("sequenceDiagram\n  opt x\n  else y\n  end", [":3:3: error: 'else' belongs inside an 'alt' frame [diagram.syntax]"]),
        ("sequenceDiagram\n  Note above A: x", [":2:8: error: expected 'left of', 'right of' or 'over' after 'Note' [diagram.syntax]"]),
        ("sequenceDiagram\n  Note over A,B,C: x", [":2:8: error: expected one or two participants ('over A' or 'over A,B') [diagram.syntax]"]),
        ("sequenceDiagram\n  par a\n  end", [
            ":2:3: error: mermaid's 'par' is not supported in sequence diagrams yet; supported: participant, actor, messages, Note, loop, alt/else, opt, autonumber, title [diagram.unsupported]",
            ":3:3: error: 'end' has no open 'loop', 'alt' or 'opt' [diagram.syntax]",
        ]),
    ])
    func errors(source: String, expected: [String]) {
        #expect(report(source) == expected)
        #expect(SequenceDiagramParser.parse(source).diagram == nil)
    }

    @Test("the kind of a mermaid block is told by its first statement")
    func kind() {
        #expect(MermaidDiagramKind.of("%% comment\n\nsequenceDiagram\n A->>B: x") == .sequence)
        #expect(MermaidDiagramKind.of("graph TD\n A-->B") == .flowchart)
        #expect(MermaidDiagramKind.of("") == .flowchart)
    }

    @Test("a diagram is drawn as inline SVG with escaped text and prefixed ids")
    func golden() throws {
        let source = """
        sequenceDiagram
          autonumber
          actor C as Client
          participant G as API Gateway
          participant M as MOCK <integration>
          C->>G: GET /items/42
          Note over G: routing<br/>integration request
          alt status 200
            G->>M: {"statusCode": 200}
            M-->>G: 200
          else no route
            G--xC: 403 Missing Authentication Token
          end
          G->>G: integration response
          G-->>C: 200 OK
        """
        let diagram = try #require(SequenceDiagramParser.parse(source).diagram)
        let svg = SequenceDiagramRenderer.svg(for: diagram, idPrefix: "seq1-")
        #expect(!svg.contains("<integration>"))
        #expect(svg.contains("MOCK &lt;integration&gt;"))
        #expect(svg.contains("id=\"seq1-arrow\""))
        // Reviewed by eye: columns sized to the labels, the alt frame around rows 2–4 with its
        // else divider, the self-message loop, numbered badges, the cross head on row 4.
        #expect(svg == """
            <svg xmlns="http://www.w3.org/2000/svg" class="sequence" role="img" aria-label="Sequence diagram: Client, API Gateway, MOCK &lt;integration&gt;" viewBox="0 0 702 564" width="702" height="564" font-family="Helvetica, Arial, sans-serif" font-size="14">
            <title>Sequence diagram: Client, API Gateway, MOCK &lt;integration&gt;</title>
            <defs>
            <marker id="seq1-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="currentColor"/></marker>
            <marker id="seq1-open" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10" fill="none" stroke="currentColor" stroke-width="1.5"/></marker>
            <marker id="seq1-cross" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="9" markerHeight="9" orient="auto"><path d="M1,1 L9,9 M9,1 L1,9" stroke="currentColor" stroke-width="2"/></marker>
            </defs>
            <line class="seq-lifeline" x1="64" y1="52" x2="64" y2="512" stroke="currentColor" stroke-opacity="0.45" stroke-dasharray="3 3"/>
            <line class="seq-lifeline" x1="358" y1="52" x2="358" y2="512" stroke="currentColor" stroke-opacity="0.45" stroke-dasharray="3 3"/>
            <line class="seq-lifeline" x1="598" y1="52" x2="598" y2="512" stroke="currentColor" stroke-opacity="0.45" stroke-dasharray="3 3"/>
            <g class="seq-frame">
            <rect x="12" y="186" width="674" height="198" fill="none" stroke="currentColor"/>
            <path d="M12,206 h40 l6,-6 v-14" fill="none" stroke="currentColor"/>
            <text class="seq-frame-kind" x="18" y="201" font-size="12" font-weight="bold" fill="currentColor">alt</text>
            <text class="seq-text" x="66" y="201" font-size="12" fill="currentColor">[status 200]</text>
            <line x1="12" y1="308" x2="686" y2="308" stroke="currentColor" stroke-dasharray="4 3"/>
            <text class="seq-text" x="20" y="323" font-size="12" fill="currentColor">[no route]</text>
            </g>
            <g class="seq-actor" fill="none" stroke="currentColor" stroke-width="1.5"><circle cx="64" cy="21" r="5"/><path d="M64,26 v10 M56,30 h16 M64,36 l-7,8 M64,36 l7,8"/></g>
            <text class="seq-label" x="64" y="60" text-anchor="middle" fill="currentColor">Client</text>
            <g class="seq-actor" fill="none" stroke="currentColor" stroke-width="1.5"><circle cx="64" cy="517" r="5"/><path d="M64,522 v10 M56,526 h16 M64,532 l-7,8 M64,532 l7,8"/></g>
            <text class="seq-label" x="64" y="556" text-anchor="middle" fill="currentColor">Client</text>
            <rect class="seq-box" x="301" y="16" width="114" height="36" rx="4" fill="none" stroke="currentColor"/>
            <text class="seq-label" x="358" y="39" text-anchor="middle" fill="currentColor"><tspan>API Gateway</tspan></text>
            <rect class="seq-box" x="301" y="512" width="114" height="36" rx="4" fill="none" stroke="currentColor"/>
            <text class="seq-label" x="358" y="535" text-anchor="middle" fill="currentColor"><tspan>API Gateway</tspan></text>
            <rect class="seq-box" x="514" y="16" width="169" height="36" rx="4" fill="none" stroke="currentColor"/>
            <text class="seq-label" x="598" y="39" text-anchor="middle" fill="currentColor"><tspan>MOCK &lt;integration&gt;</tspan></text>
            <rect class="seq-box" x="514" y="512" width="169" height="36" rx="4" fill="none" stroke="currentColor"/>
            <text class="seq-label" x="598" y="535" text-anchor="middle" fill="currentColor"><tspan>MOCK &lt;integration&gt;</tspan></text>
            <text class="seq-text" x="211" y="90" text-anchor="middle" fill="currentColor"><tspan>GET /items/42</tspan></text>
            <line class="seq-line" x1="64" y1="100" x2="356" y2="100" stroke="currentColor" stroke-width="1.5" marker-end="url(#seq1-arrow)"/>
            <circle class="seq-number" cx="64" cy="100" r="9" fill="currentColor"/><text class="seq-number-text" x="64" y="104" text-anchor="middle" font-size="11" fill="#ffffff">1</text>
            <rect class="seq-note" x="272" y="122" width="173" height="50" fill="none" stroke="currentColor"/>
            <text class="seq-note-text" x="358" y="143" text-anchor="middle" fill="currentColor"><tspan>routing</tspan><tspan x="358" dy="18">integration request</tspan></text>
            <text class="seq-text" x="478" y="230" text-anchor="middle" fill="currentColor"><tspan>{&quot;statusCode&quot;: 200}</tspan></text>
            <line class="seq-line" x1="358" y1="240" x2="596" y2="240" stroke="currentColor" stroke-width="1.5" marker-end="url(#seq1-arrow)"/>
            <circle class="seq-number" cx="358" cy="240" r="9" fill="currentColor"/><text class="seq-number-text" x="358" y="244" text-anchor="middle" font-size="11" fill="#ffffff">2</text>
            <text class="seq-text" x="478" y="276" text-anchor="middle" fill="currentColor"><tspan>200</tspan></text>
            <line class="seq-line" x1="598" y1="286" x2="360" y2="286" stroke="currentColor" stroke-width="1.5" stroke-dasharray="5 4" marker-end="url(#seq1-arrow)"/>
            <circle class="seq-number" cx="598" cy="286" r="9" fill="currentColor"/><text class="seq-number-text" x="598" y="290" text-anchor="middle" font-size="11" fill="#ffffff">3</text>
            <text class="seq-text" x="211" y="352" text-anchor="middle" fill="currentColor"><tspan>403 Missing Authentication Token</tspan></text>
            <line class="seq-line" x1="358" y1="362" x2="66" y2="362" stroke="currentColor" stroke-width="1.5" stroke-dasharray="5 4" marker-end="url(#seq1-cross)"/>
            <circle class="seq-number" cx="358" cy="362" r="9" fill="currentColor"/><text class="seq-number-text" x="358" y="366" text-anchor="middle" font-size="11" fill="#ffffff">4</text>
            <text class="seq-text" x="370" y="412" text-anchor="start" fill="currentColor"><tspan>integration response</tspan></text>
            <path class="seq-line" d="M358,416 h36 v22 h-32" fill="none" stroke="currentColor" stroke-width="1.5" marker-end="url(#seq1-arrow)"/>
            <circle class="seq-number" cx="358" cy="416" r="9" fill="currentColor"/><text class="seq-number-text" x="358" y="420" text-anchor="middle" font-size="11" fill="#ffffff">5</text>
            <text class="seq-text" x="211" y="472" text-anchor="middle" fill="currentColor"><tspan>200 OK</tspan></text>
            <line class="seq-line" x1="358" y1="482" x2="66" y2="482" stroke="currentColor" stroke-width="1.5" stroke-dasharray="5 4" marker-end="url(#seq1-arrow)"/>
            <circle class="seq-number" cx="358" cy="482" r="9" fill="currentColor"/><text class="seq-number-text" x="358" y="486" text-anchor="middle" font-size="11" fill="#ffffff">6</text>
            </svg>

            """)
    }
}
