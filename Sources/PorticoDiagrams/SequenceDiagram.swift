/// A mermaid `sequenceDiagram`: participants (boxes or actors), messages, notes and the
/// `loop`/`alt`/`opt` frames around them, drawn by ``SequenceDiagramRenderer`` without
/// Graphviz (the layout is a grid: one column per participant, one row per item).
public struct SequenceDiagram: Sendable, Equatable {
    public struct Participant: Sendable, Equatable {
        public var id: String
        public var label: String
        /// Drawn as a stick figure (`actor`) instead of a box (`participant`).
        public var isActor: Bool

        public init(id: String, label: String? = nil, isActor: Bool = false) {
            self.id = id
            self.label = label ?? id
            self.isActor = isActor
        }
    }

    /// Mermaid's arrows: the line (solid or dotted) and the head.
    public enum Arrow: String, Sendable, Equatable, CaseIterable {
        case solidArrow = "->>", dottedArrow = "-->>"
        case solidLine = "->", dottedLine = "-->"
        case solidCross = "-x", dottedCross = "--x"
        case solidAsync = "-)", dottedAsync = "--)"

        public var isDotted: Bool { rawValue.hasPrefix("--") }

        public enum Head: Sendable { case none, filled, cross, open }
        public var head: Head {
            switch self {
            case .solidArrow, .dottedArrow: .filled
            case .solidLine, .dottedLine: .none
            case .solidCross, .dottedCross: .cross
            case .solidAsync, .dottedAsync: .open
            }
        }
    }

    public enum NotePlacement: Sendable, Equatable {
        case leftOf, rightOf, over
    }

    public enum FrameKind: String, Sendable, Equatable {
        case loop, alt, opt
    }

    public enum Item: Sendable, Equatable {
        case message(from: String, to: String, text: String, arrow: Arrow)
        case note(NotePlacement, participants: [String], text: String)
        /// Opens a frame; its items follow until the matching ``end``.
        case frameStart(FrameKind, label: String)
        /// `else` inside an `alt` frame.
        case frameElse(label: String)
        case frameEnd
    }

    public var participants: [Participant]
    public var items: [Item]
    /// Numbers the messages from 1 (`autonumber`).
    public var autonumber: Bool
    public var title: String?

    public init(participants: [Participant] = [], items: [Item] = [], autonumber: Bool = false, title: String? = nil) {
        self.participants = participants
        self.items = items
        self.autonumber = autonumber
        self.title = title
    }

    public func participant(_ id: String) -> Participant? {
        participants.first { $0.id == id }
    }

    /// Names the drawing for assistive technology.
    public var accessibleLabel: String {
        if let title { return title }
        return "Sequence diagram: " + participants.map(\.label).joined(separator: ", ")
    }
}

/// Which kind of mermaid diagram a block holds, from its first statement.
public enum MermaidDiagramKind: Sendable, Equatable {
    case flowchart, sequence

    /// `sequenceDiagram` → `.sequence`; anything else is left to the flowchart parser, which
    /// reports what it expected.
    public static func of(_ source: String) -> MermaidDiagramKind {
        for line in source.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.trimmingCharacters(in: " \t\r")
            if trimmed.isEmpty || trimmed.hasPrefix("%%") { continue }
            return trimmed == "sequenceDiagram" || trimmed.hasPrefix("sequenceDiagram ") ? .sequence : .flowchart
        }
        return .flowchart
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        guard let first = firstIndex(where: { !characters.contains($0) }),
              let last = lastIndex(where: { !characters.contains($0) }) else { return "" }
        return String(self[first...last])
    }
}
