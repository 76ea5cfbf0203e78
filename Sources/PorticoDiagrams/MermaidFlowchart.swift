/// A parsed mermaid flowchart: the subset Portico draws with Graphviz at build time.
///
/// Everything is in source order, so the same text always gives the same chart and the same
/// drawing. Labels are plain text; a `<br/>` in the source is a `"\n"` here.
public struct MermaidFlowchart: Sendable, Equatable {
    public enum Direction: String, Sendable, Equatable {
        case topToBottom = "TB"
        case bottomToTop = "BT"
        case leftToRight = "LR"
        case rightToLeft = "RL"
    }

    public enum Shape: String, Sendable, Equatable {
        case rectangle      // A[text]
        case round          // A(text)
        case stadium        // A([text])
        case subroutine     // A[[text]]
        case cylinder       // A[(text)]
        case circle         // A((text))
        case asymmetric     // A>text]
        case rhombus        // A{text}
        case hexagon        // A{{text}}
        case parallelogram  // A[/text/]
    }

    /// One `name:value` pair of a `classDef` or `style` statement, checked and normalised
    /// (`#f9f` becomes `#ff99ff`, `2px` becomes `2`).
    public struct StyleProperty: Sendable, Equatable {
        public enum Name: String, Sendable, Equatable {
            case fill
            case stroke
            case color
            case strokeWidth = "stroke-width"
            case strokeDasharray = "stroke-dasharray"
        }
        public var name: Name
        public var value: String

        public init(_ name: Name, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public struct Node: Sendable, Equatable {
        public var id: String
        public var label: String
        public var shape: Shape
        /// Class names from `class` statements and `:::name`, in order, without repeats.
        public var classes: [String]
        /// Properties from `style` statements, in order.
        public var style: [StyleProperty]

        public init(id: String, label: String, shape: Shape = .rectangle, classes: [String] = [], style: [StyleProperty] = []) {
            self.id = id
            self.label = label
            self.shape = shape
            self.classes = classes
            self.style = style
        }
    }

    public struct Edge: Sendable, Equatable {
        public enum Stroke: String, Sendable, Equatable {
            case normal  // --> ---
            case dotted  // -.-> -.-
            case thick   // ==> ===
        }
        public var from: String
        public var to: String
        public var label: String?
        public var stroke: Stroke
        /// Whether the edge has an arrowhead (`-->`) or not (`---`).
        public var arrow: Bool

        public init(from: String, to: String, label: String? = nil, stroke: Stroke = .normal, arrow: Bool = true) {
            self.from = from
            self.to = to
            self.label = label
            self.stroke = stroke
            self.arrow = arrow
        }
    }

    public struct Subgraph: Sendable, Equatable {
        public var id: String
        public var title: String
        /// The enclosing subgraph's id, if nested.
        public var parent: String?
        /// Nodes that first appeared inside this subgraph (not inside a nested one).
        public var nodeIDs: [String]

        public init(id: String, title: String, parent: String? = nil, nodeIDs: [String] = []) {
            self.id = id
            self.title = title
            self.parent = parent
            self.nodeIDs = nodeIDs
        }
    }

    public struct ClassDefinition: Sendable, Equatable {
        public var name: String
        public var properties: [StyleProperty]

        public init(name: String, properties: [StyleProperty]) {
            self.name = name
            self.properties = properties
        }
    }

    public var direction: Direction
    /// In order of first mention.
    public var nodes: [Node]
    public var edges: [Edge]
    /// In order of their `subgraph` line; a parent comes before its children.
    public var subgraphs: [Subgraph]
    public var classDefinitions: [ClassDefinition]
    /// From `accTitle: …`; used as the SVG's accessible name.
    public var accessibleTitle: String?
    /// From `accDescr: …`; becomes the SVG's `<desc>`.
    public var accessibleDescription: String?

    public init(
        direction: Direction, nodes: [Node] = [], edges: [Edge] = [], subgraphs: [Subgraph] = [],
        classDefinitions: [ClassDefinition] = [], accessibleTitle: String? = nil, accessibleDescription: String? = nil
    ) {
        self.direction = direction
        self.nodes = nodes
        self.edges = edges
        self.subgraphs = subgraphs
        self.classDefinitions = classDefinitions
        self.accessibleTitle = accessibleTitle
        self.accessibleDescription = accessibleDescription
    }

    /// The node with an id.
    public func node(_ id: String) -> Node? {
        nodes.first { $0.id == id }
    }

    /// What a screen reader announces for the drawing: the `accTitle`, or a sentence naming the
    /// nodes.
    public var accessibleLabel: String {
        if let accessibleTitle { return accessibleTitle }
        let names = nodes.prefix(12).map { $0.label.replacing("\n", with: " ") }
        let more = nodes.count > 12 ? ", …" : ""
        return "Flowchart: " + names.joined(separator: ", ") + more
    }
}

/// How much a diagram may hold, so a hostile or runaway block cannot stall a build.
///
/// Measured with Graphviz 2.42 and the renderer's layout budget: the densest random chart
/// within these limits (60 nodes, 200 labelled edges) lays out in about 2.5 s; unbounded, a
/// 300-node, 600-edge chart took over 3 minutes. Documentation charts are far smaller.
public enum MermaidLimits {
    public static let maximumSourceBytes = 64 * 1024
    public static let maximumNodes = 200
    public static let maximumEdges = 200
    public static let maximumSubgraphDepth = 8
    public static let maximumLabelBytes = 500
}
