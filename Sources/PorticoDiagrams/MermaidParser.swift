public import Diagnostics

/// Parses the flowchart subset of mermaid that Portico draws.
///
/// ```
/// flowchart LR                         %% graph or flowchart; TD, TB, BT, LR, RL
///   A[Client] -->|HTTPS| B{Authorizer}  %% shapes: [] () ([]) [[]] [()] (()) >] {} {{}} [//]
///   B -- allow --> C([Lambda]) & D[(Cache)]
///   B -.-> E>Deny] ==> F --- G
///   subgraph backend [Backend]
///     C
///   end
///   classDef hot fill:#f96,stroke:#333
///   class C,D hot
///   E:::hot
///   style F fill:#eee
/// ```
///
/// Statements end at a newline or `;`. Anything outside the subset is an error located in the
/// block (line 1 is the block's first line, columns count UTF-8 bytes) saying what was
/// expected; the parser recovers at the next line, so one run reports every problem. The size
/// of the input is bounded by ``MermaidLimits``.
public enum MermaidParser {
    /// The chart, or `nil` when any error was found, and every diagnostic.
    public static func parse(_ source: String) -> (chart: MermaidFlowchart?, diagnostics: [Diagnostic]) {
        if source.utf8.count > MermaidLimits.maximumSourceBytes {
            return (nil, [.error(.diagramLimit, "diagram is larger than \(MermaidLimits.maximumSourceBytes) bytes",
                                 at: SourceLocation(file: "", line: 1, column: 1))])
        }
        var parser = FlowchartParser()
        parser.run(source)
        let diagnostics = parser.diagnostics
        let failed = diagnostics.contains { $0.severity == .error }
        return (failed ? nil : parser.chart(), diagnostics)
    }
}

/// A position in one line of the block.
private struct Cursor {
    let bytes: [UInt8]
    let line: Int
    var position = 0

    var atEnd: Bool { position >= bytes.count }
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    func peek(_ offset: Int = 0) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    func starts(with text: String) -> Bool {
        let needle = Array(text.utf8)
        guard position + needle.count <= bytes.count else { return false }
        return bytes[position..<(position + needle.count)].elementsEqual(needle)
    }

    mutating func skipSpaces() {
        while let byte = current, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { position += 1 }
    }

    /// At the end of a statement: end of line, `;` or a `%%` comment.
    var atStatementEnd: Bool {
        atEnd || current == UInt8(ascii: ";") || starts(with: "%%")
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// What is at the cursor, for messages: a word or one character, or "end of line".
    var found: String {
        guard !atEnd else { return "end of line" }
        var end = position
        if isIdentifierByte(bytes[end]) {
            while end < bytes.count, isIdentifierByte(bytes[end]), end - position < 24 { end += 1 }
        } else {
            end += 1
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        }
        return "'\(text(position..<end))'"
    }

    /// Index of the next occurrence of `needle` at or after the cursor.
    func find(_ needle: String) -> Int? {
        let target = Array(needle.utf8)
        guard target.count <= bytes.count else { return nil }
        var index = position
        while index + target.count <= bytes.count {
            if bytes[index..<(index + target.count)].elementsEqual(target) { return index }
            index += 1
        }
        return nil
    }
}

private func isIdentifierByte(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
        || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte >= 0x80
}

/// A statement failed; the message is already recorded.
private struct StatementError: Error {}

private struct FlowchartParser {
    var diagnostics: [Diagnostic] = []
    private var direction: MermaidFlowchart.Direction?
    private var nodes: [MermaidFlowchart.Node] = []
    private var nodeIndex: [String: Int] = [:]
    private var edges: [MermaidFlowchart.Edge] = []
    private var subgraphs: [MermaidFlowchart.Subgraph] = []
    private var subgraphStack: [(index: Int, line: Int, column: Int, mentions: [String])] = []
    private var membership: [String: Int] = [:]
    private var subgraphLines: [String: (line: Int, column: Int)] = [:]
    private var classDefinitions: [MermaidFlowchart.ClassDefinition] = []
    private var classUses: [(name: String, line: Int, column: Int)] = []
    private var accessibleTitle: String?
    private var accessibleDescription: String?
    private var stopped = false

    func chart() -> MermaidFlowchart {
        var subgraphs = self.subgraphs
        for node in nodes {
            if let index = membership[node.id] { subgraphs[index].nodeIDs.append(node.id) }
        }
        return MermaidFlowchart(
            direction: direction ?? .topToBottom, nodes: nodes, edges: edges, subgraphs: subgraphs,
            classDefinitions: classDefinitions, accessibleTitle: accessibleTitle, accessibleDescription: accessibleDescription)
    }

    // MARK: Diagnostics

    private mutating func error(_ message: String, line: Int, column: Int, id: DiagnosticID = .diagramSyntax) {
        diagnostics.append(.error(id, message, at: SourceLocation(file: "", line: line, column: column)))
    }

    private mutating func warning(_ message: String, line: Int, column: Int, id: DiagnosticID = .diagramUnsupported) {
        diagnostics.append(.warning(id, message, at: SourceLocation(file: "", line: line, column: column)))
    }

    private mutating func fail(_ message: String, at cursor: Cursor) -> StatementError {
        error(message, line: cursor.line, column: cursor.position + 1)
        return StatementError()
    }

    // MARK: Lines and statements

    mutating func run(_ source: String) {
        var lineNumber = 0
        for rawLine in source.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if stopped { break }
            var bytes = Array(rawLine)
            if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
            var cursor = Cursor(bytes: bytes, line: lineNumber)
            parseLine(&cursor)
        }
        if !stopped {
            if direction == nil {
                error("expected 'graph' or 'flowchart' followed by a direction (TD, TB, BT, LR or RL), found an empty diagram", line: 1, column: 1)
            }
            for open in subgraphStack.reversed() {
                error("expected 'end' to close subgraph '\(subgraphs[open.index].id)'", line: open.line, column: open.column)
            }
            for subgraph in subgraphs where nodeIndex[subgraph.id] != nil {
                let position = subgraphLines[subgraph.id] ?? (1, 1)
                warning("'\(subgraph.id)' is a subgraph and a node; edges to a subgraph are not supported, so it is drawn as a separate node",
                        line: position.line, column: position.column)
            }
            let defined = Set(classDefinitions.map(\.name))
            for use in classUses where !defined.contains(use.name) {
                warning("class '\(use.name)' is not defined by a 'classDef'", line: use.line, column: use.column, id: .diagramUndefinedClass)
            }
        }
    }

    private mutating func parseLine(_ cursor: inout Cursor) {
        while true {
            cursor.skipSpaces()
            if cursor.atEnd || cursor.starts(with: "%%") { return }
            if cursor.current == UInt8(ascii: ";") {
                cursor.position += 1
                continue
            }
            do {
                try parseStatement(&cursor)
                cursor.skipSpaces()
                if !cursor.atStatementEnd {
                    throw fail("expected the end of the statement, found \(cursor.found)", at: cursor)
                }
            } catch {
                return  // recover at the next line
            }
            if stopped { return }
        }
    }

    private mutating func parseStatement(_ cursor: inout Cursor) throws {
        let start = cursor
        let word = readIdentifier(&cursor)
        if direction == nil {
            guard word == "graph" || word == "flowchart" else {
                cursor = start
                stopped = true  // not a flowchart: one message is enough
                throw fail("expected 'graph' or 'flowchart' followed by a direction (TD, TB, BT, LR or RL), found \(cursor.found)", at: cursor)
            }
            cursor.skipSpaces()
            direction = .topToBottom
            if cursor.atStatementEnd { return }
            direction = try parseDirection(&cursor)
            return
        }
        switch word {
        case "graph", "flowchart":
            cursor = start
            throw fail("expected a node or a statement, found a second header \(cursor.found)", at: cursor)
        case "subgraph": try parseSubgraph(&cursor, start: start)
        case "end": try parseEnd(at: start)
        case "direction":
            cursor.skipSpaces()
            _ = try parseDirection(&cursor)
            warning("'direction' inside a diagram is not supported; the chart's direction applies to every subgraph",
                    line: start.line, column: start.position + 1)
        case "classDef": try parseClassDefinition(&cursor)
        case "class": try parseClassStatement(&cursor)
        case "style": try parseStyleStatement(&cursor)
        case "accTitle", "accDescr":
            cursor.skipSpaces()
            guard cursor.current == UInt8(ascii: ":") else {
                throw fail("expected ':' after '\(word)', found \(cursor.found)", at: cursor)
            }
            cursor.position += 1
            let text = readToStatementEnd(&cursor).trimmed
            if word == "accTitle" { accessibleTitle = text } else { accessibleDescription = text }
        case "click", "linkStyle":
            // Known mermaid statements Portico does not draw (links and per-edge styles):
            // skipped with a warning, so a chart written for mermaid still builds.
            warning("'\(word)' is not supported and is ignored", line: start.line, column: start.position + 1)
            _ = readToStatementEnd(&cursor)
        default:
            cursor = start
            try parseChain(&cursor)
        }
    }

    private mutating func parseDirection(_ cursor: inout Cursor) throws -> MermaidFlowchart.Direction {
        let start = cursor
        let word = readIdentifier(&cursor)
        switch word {
        case "TD", "TB": return .topToBottom
        case "BT": return .bottomToTop
        case "LR": return .leftToRight
        case "RL": return .rightToLeft
        default:
            cursor = start
            throw fail("expected a direction (TD, TB, BT, LR or RL), found \(cursor.found)", at: cursor)
        }
    }

    private func readIdentifier(_ cursor: inout Cursor) -> String {
        let start = cursor.position
        while let byte = cursor.current, isIdentifierByte(byte) { cursor.position += 1 }
        return cursor.text(start..<cursor.position)
    }

    private func readToStatementEnd(_ cursor: inout Cursor) -> String {
        let start = cursor.position
        while !cursor.atEnd, cursor.current != UInt8(ascii: ";") { cursor.position += 1 }
        return cursor.text(start..<cursor.position)
    }

    // MARK: Subgraphs

    private mutating func parseSubgraph(_ cursor: inout Cursor, start: Cursor) throws {
        cursor.skipSpaces()
        if subgraphStack.count >= MermaidLimits.maximumSubgraphDepth {
            error("subgraphs are nested more than \(MermaidLimits.maximumSubgraphDepth) deep", line: start.line, column: start.position + 1, id: .diagramLimit)
            stopped = true
            throw StatementError()
        }
        var id: String
        var title: String
        if cursor.current == UInt8(ascii: "\"") {
            title = try readQuoted(&cursor)
            id = title
        } else {
            let idStart = cursor
            id = readIdentifier(&cursor)
            guard !id.isEmpty else {
                throw fail("expected a subgraph id or title after 'subgraph', found \(cursor.found)", at: cursor)
            }
            cursor.skipSpaces()
            if cursor.current == UInt8(ascii: "[") {
                let open = cursor
                cursor.position += 1
                title = try readLabel(&cursor, closer: "]", open: open, owner: "subgraph '\(id)'")
            } else if cursor.atStatementEnd {
                title = id
            } else {
                cursor = idStart
                title = readToStatementEnd(&cursor).trimmed
                id = title
            }
        }
        let parent = subgraphStack.last.map { subgraphs[$0.index].id }
        subgraphs.append(MermaidFlowchart.Subgraph(id: id, title: title, parent: parent))
        subgraphStack.append((subgraphs.count - 1, start.line, start.position + 1, []))
        if subgraphLines[id] == nil { subgraphLines[id] = (start.line, start.position + 1) }
    }

    private mutating func parseEnd(at start: Cursor) throws {
        guard let closed = subgraphStack.popLast() else {
            throw fail("expected a node or a statement; 'end' has no open 'subgraph'", at: start)
        }
        // As mermaid does: a subgraph takes the nodes mentioned in it that no subgraph closed
        // before it has taken, so a nested subgraph keeps its nodes.
        for id in closed.mentions where membership[id] == nil {
            membership[id] = closed.index
        }
    }

    // MARK: Nodes and edges

    private mutating func parseChain(_ cursor: inout Cursor) throws {
        var left = try parseGroup(&cursor)
        while true {
            cursor.skipSpaces()
            if cursor.atStatementEnd { return }
            let operatorStart = cursor
            guard let edge = try parseEdgeOperator(&cursor) else {
                let last = left.last ?? ""
                throw fail("expected an edge ('-->', '---', '-.->' or '==>'), '&' or the end of the statement after '\(last)', found \(cursor.found)", at: cursor)
            }
            cursor.skipSpaces()
            let right = try parseGroup(&cursor)
            for from in left {
                for to in right {
                    if edges.count >= MermaidLimits.maximumEdges {
                        throw limit("more than \(MermaidLimits.maximumEdges) edges", at: operatorStart)
                    }
                    edges.append(MermaidFlowchart.Edge(from: from, to: to, label: edge.label, stroke: edge.stroke, arrow: edge.arrow))
                }
            }
            left = right
        }
    }

    private mutating func limit(_ what: String, at cursor: Cursor) -> StatementError {
        error("diagram has \(what)", line: cursor.line, column: cursor.position + 1, id: .diagramLimit)
        stopped = true
        return StatementError()
    }

    /// `A`, `A & B[label] & C:::cls`: the ids, in order.
    private mutating func parseGroup(_ cursor: inout Cursor) throws -> [String] {
        var ids = [try parseNode(&cursor)]
        while true {
            let save = cursor
            cursor.skipSpaces()
            guard cursor.current == UInt8(ascii: "&") else {
                cursor = save
                return ids
            }
            cursor.position += 1
            cursor.skipSpaces()
            ids.append(try parseNode(&cursor))
        }
    }

    private static let shapeOpeners: [(open: String, close: String, shape: MermaidFlowchart.Shape)] = [
        ("[[", "]]", .subroutine), ("[(", ")]", .cylinder), ("[/", "/]", .parallelogram), ("[", "]", .rectangle),
        ("((", "))", .circle), ("([", "])", .stadium), ("(", ")", .round),
        ("{{", "}}", .hexagon), ("{", "}", .rhombus), (">", "]", .asymmetric),
    ]

    private static let reserved: Set<String> = ["end", "subgraph", "graph", "flowchart", "class", "classDef", "style", "click", "linkStyle"]

    private mutating func parseNode(_ cursor: inout Cursor) throws -> String {
        let start = cursor
        let id = readIdentifier(&cursor)
        guard !id.isEmpty else {
            throw fail("expected a node id (letters, digits or '_'), found \(cursor.found)", at: cursor)
        }
        if Self.reserved.contains(id) {
            cursor = start
            throw fail("expected a node id, found the keyword '\(id)'", at: cursor)
        }
        var shape: (label: String, shape: MermaidFlowchart.Shape)?
        for opener in Self.shapeOpeners where cursor.starts(with: opener.open) {
            let open = cursor
            cursor.position += opener.open.utf8.count
            let label = try readLabel(&cursor, closer: opener.close, open: open, owner: "node '\(id)'")
            shape = (label, opener.shape)
            break
        }
        try declare(id, shape: shape, at: start)
        if cursor.starts(with: ":::") {
            cursor.position += 3
            let classStart = cursor
            let name = readIdentifier(&cursor)
            guard !name.isEmpty else {
                throw fail("expected a class name after ':::', found \(cursor.found)", at: cursor)
            }
            addClass(name, to: id, at: classStart)
        }
        return id
    }

    private mutating func declare(_ id: String, shape: (label: String, shape: MermaidFlowchart.Shape)?, at cursor: Cursor) throws {
        if let index = nodeIndex[id] {
            if let shape {
                nodes[index].label = shape.label
                nodes[index].shape = shape.shape
            }
        } else {
            if nodes.count >= MermaidLimits.maximumNodes {
                throw limit("more than \(MermaidLimits.maximumNodes) nodes", at: cursor)
            }
            nodeIndex[id] = nodes.count
            nodes.append(MermaidFlowchart.Node(id: id, label: shape?.label ?? id, shape: shape?.shape ?? .rectangle))
        }
        for level in subgraphStack.indices where !subgraphStack[level].mentions.contains(id) {
            subgraphStack[level].mentions.append(id)
        }
    }

    private mutating func addClass(_ name: String, to id: String, at cursor: Cursor) {
        guard let index = nodeIndex[id] else { return }
        if !nodes[index].classes.contains(name) { nodes[index].classes.append(name) }
        classUses.append((name, cursor.line, cursor.position + 1))
    }

    /// The text up to `closer`, quoted or not, with `<br/>` as a line break.
    private mutating func readLabel(_ cursor: inout Cursor, closer: String, open: Cursor, owner: String) throws -> String {
        var text: String
        let save = cursor
        cursor.skipSpaces()
        if cursor.current == UInt8(ascii: "\"") {
            text = try readQuoted(&cursor)
            cursor.skipSpaces()
            guard cursor.starts(with: closer) else {
                throw fail("expected '\(closer)' after the quoted label of \(owner), found \(cursor.found)", at: cursor)
            }
        } else {
            cursor = save
            guard let end = cursor.find(closer) else {
                throw fail("expected '\(closer)' to close the label of \(owner)", at: open)
            }
            text = cursor.text(cursor.position..<end).trimmed
            cursor.position = end
        }
        if text.utf8.count > MermaidLimits.maximumLabelBytes {
            throw fail("expected a label of at most \(MermaidLimits.maximumLabelBytes) bytes for \(owner)", at: open)
        }
        cursor.position += closer.utf8.count
        return Self.lineBreaks(text)
    }

    private mutating func readQuoted(_ cursor: inout Cursor) throws -> String {
        let open = cursor
        cursor.position += 1
        guard let end = cursor.find("\"") else {
            throw fail("expected '\"' to close the quoted text", at: open)
        }
        let text = cursor.text(cursor.position..<end)
        cursor.position = end + 1
        return text
    }

    /// `<br>`, `<br/>` and `<br />` (any case) become newlines.
    static func lineBreaks(_ text: String) -> String {
        guard text.contains("<") else { return text }
        var out = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            let tail = rest[open...]
            if let close = tail.firstIndex(of: ">") {
                let tag = tail[tail.index(after: open)..<close].lowercased().filter { $0 != " " }
                if tag == "br" || tag == "br/" {
                    out += "\n"
                    rest = tail[tail.index(after: close)...]
                    continue
                }
            }
            out += "<"
            rest = tail.dropFirst()
        }
        return out + rest
    }

    private struct EdgeOperator {
        var stroke: MermaidFlowchart.Edge.Stroke
        var arrow: Bool
        var label: String?
    }

    /// `-->`, `---`, `-.->`, `-.-`, `==>`, `===` (longer forms too), each with an optional
    /// `|label|` after it, or the label inside: `-- text -->`, `-. text .->`, `== text ==>`.
    private mutating func parseEdgeOperator(_ cursor: inout Cursor) throws -> EdgeOperator? {
        let start = cursor
        var result: EdgeOperator
        func count(_ byte: UInt8, _ cursor: inout Cursor) -> Int {
            var n = 0
            while cursor.current == byte { n += 1; cursor.position += 1 }
            return n
        }
        let dash = UInt8(ascii: "-"), equals = UInt8(ascii: "="), dot = UInt8(ascii: "."), arrowHead = UInt8(ascii: ">")
        if cursor.current == dash, cursor.peek(1) == dot {
            cursor.position += 1
            _ = count(dot, &cursor)
            if cursor.current == dash {
                cursor.position += 1
                let arrow = cursor.current == arrowHead
                if arrow { cursor.position += 1 }
                result = EdgeOperator(stroke: .dotted, arrow: arrow)
            } else {
                // -. text .->
                result = try inlineLabel(&cursor, endings: [(".->", true), (".-", false)], stroke: .dotted, start: start)
            }
        } else if cursor.current == dash || cursor.current == equals {
            let byte = cursor.current!
            let stroke: MermaidFlowchart.Edge.Stroke = byte == dash ? .normal : .thick
            let n = count(byte, &cursor)
            guard n >= 2 else {
                cursor = start
                return nil
            }
            if cursor.current == arrowHead {
                cursor.position += 1
                result = EdgeOperator(stroke: stroke, arrow: true)
            } else if n >= 3 {
                result = EdgeOperator(stroke: stroke, arrow: false)
            } else {
                let mark = byte == dash ? "-" : "="
                result = try inlineLabel(&cursor, endings: [("\(mark)\(mark)>", true), ("\(mark)\(mark)\(mark)", false)], stroke: stroke, start: start)
            }
        } else {
            return nil
        }
        if result.label == nil {
            let save = cursor
            cursor.skipSpaces()
            if cursor.current == UInt8(ascii: "|") {
                let open = cursor
                cursor.position += 1
                guard let end = cursor.find("|") else {
                    throw fail("expected '|' to close the edge label", at: open)
                }
                var text = cursor.text(cursor.position..<end).trimmed
                if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
                guard text.utf8.count <= MermaidLimits.maximumLabelBytes else {
                    throw fail("expected an edge label of at most \(MermaidLimits.maximumLabelBytes) bytes", at: open)
                }
                result.label = Self.lineBreaks(text)
                cursor.position = end + 1
            } else {
                cursor = save
            }
        }
        return result
    }

    private mutating func inlineLabel(
        _ cursor: inout Cursor, endings: [(text: String, arrow: Bool)], stroke: MermaidFlowchart.Edge.Stroke, start: Cursor
    ) throws -> EdgeOperator {
        var best: (index: Int, ending: (text: String, arrow: Bool))?
        for ending in endings {
            if let index = cursor.find(ending.text), best == nil || index < best!.index { best = (index, ending) }
        }
        guard let best else {
            let expected = endings.map { "'\($0.text)'" }.joined(separator: " or ")
            throw fail("expected \(expected) to end the edge label", at: start)
        }
        var text = cursor.text(cursor.position..<best.index).trimmed
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
        guard text.utf8.count <= MermaidLimits.maximumLabelBytes else {
            throw fail("expected an edge label of at most \(MermaidLimits.maximumLabelBytes) bytes", at: start)
        }
        cursor.position = best.index + best.ending.text.utf8.count
        // a longer ending (`---->`) is part of the same arrow
        while cursor.current == UInt8(ascii: "-") || cursor.current == UInt8(ascii: "=") { cursor.position += 1 }
        var arrow = best.ending.arrow
        if !arrow, cursor.current == UInt8(ascii: ">") {
            cursor.position += 1
            arrow = true
        }
        return EdgeOperator(stroke: stroke, arrow: arrow, label: text.isEmpty ? nil : Self.lineBreaks(text))
    }

    // MARK: Classes and styles

    private mutating func parseClassDefinition(_ cursor: inout Cursor) throws {
        cursor.skipSpaces()
        var names: [String] = []
        repeat {
            cursor.skipSpaces()
            let name = readIdentifier(&cursor)
            guard !name.isEmpty else {
                throw fail("expected a class name after 'classDef', found \(cursor.found)", at: cursor)
            }
            names.append(name)
            cursor.skipSpaces()
        } while cursor.current == UInt8(ascii: ",") && { cursor.position += 1; return true }()
        let properties = try parseProperties(&cursor)
        for name in names {
            if let index = classDefinitions.firstIndex(where: { $0.name == name }) {
                classDefinitions[index].properties += properties
            } else {
                classDefinitions.append(MermaidFlowchart.ClassDefinition(name: name, properties: properties))
            }
        }
    }

    private mutating func parseClassStatement(_ cursor: inout Cursor) throws {
        var targets: [(id: String, at: Cursor)] = []
        repeat {
            cursor.skipSpaces()
            let at = cursor
            let id = readIdentifier(&cursor)
            guard !id.isEmpty else {
                throw fail("expected a node id after 'class', found \(cursor.found)", at: cursor)
            }
            targets.append((id, at))
            cursor.skipSpaces()
        } while cursor.current == UInt8(ascii: ",") && { cursor.position += 1; return true }()
        let nameStart = cursor
        let name = readIdentifier(&cursor)
        guard !name.isEmpty else {
            throw fail("expected a class name after the node ids, found \(cursor.found)", at: cursor)
        }
        for target in targets {
            try declare(target.id, shape: nil, at: target.at)
            addClass(name, to: target.id, at: nameStart)
        }
    }

    private mutating func parseStyleStatement(_ cursor: inout Cursor) throws {
        cursor.skipSpaces()
        let at = cursor
        let id = readIdentifier(&cursor)
        guard !id.isEmpty else {
            throw fail("expected a node id after 'style', found \(cursor.found)", at: cursor)
        }
        let properties = try parseProperties(&cursor)
        try declare(id, shape: nil, at: at)
        nodes[nodeIndex[id]!].style += properties
    }

    /// `fill:#f9f,stroke:#333,stroke-width:4px` up to the end of the statement.
    private mutating func parseProperties(_ cursor: inout Cursor) throws -> [MermaidFlowchart.StyleProperty] {
        cursor.skipSpaces()
        guard !cursor.atStatementEnd else {
            throw fail("expected style properties such as 'fill:#f9f,stroke:#333', found \(cursor.found)", at: cursor)
        }
        var properties: [MermaidFlowchart.StyleProperty] = []
        while true {
            cursor.skipSpaces()
            let start = cursor
            while !cursor.atEnd, cursor.current != UInt8(ascii: ","), cursor.current != UInt8(ascii: ";") { cursor.position += 1 }
            let item = cursor.text(start.position..<cursor.position)
            if let property = try property(item, at: start) { properties.append(property) }
            guard cursor.current == UInt8(ascii: ",") else { return properties }
            cursor.position += 1
        }
    }

    private mutating func property(_ item: String, at cursor: Cursor) throws -> MermaidFlowchart.StyleProperty? {
        guard let colon = item.firstIndex(of: ":") else {
            throw fail("expected 'name:value' in a style, found '\(item.trimmed)'", at: cursor)
        }
        let key = item[..<colon].trimmed
        let value = item[item.index(after: colon)...].trimmed
        guard let name = MermaidFlowchart.StyleProperty.Name(rawValue: key) else {
            warning("style property '\(key)' is not supported; expected fill, stroke, color, stroke-width or stroke-dasharray",
                    line: cursor.line, column: cursor.position + 1)
            return nil
        }
        switch name {
        case .fill, .stroke, .color:
            guard let colour = Self.colour(value) else {
                throw fail("expected a colour such as '#f9f', '#ff99ff' or 'red' for '\(key)', found '\(value)'", at: cursor)
            }
            return .init(name, colour)
        case .strokeWidth:
            let number = value.hasSuffix("px") ? String(value.dropLast(2)) : value
            guard let width = Double(number), width >= 0, width <= 20 else {
                throw fail("expected a width from 0 to 20 such as '2px' for 'stroke-width', found '\(value)'", at: cursor)
            }
            return .init(name, number)
        case .strokeDasharray:
            guard !value.isEmpty, value.allSatisfy({ $0.isNumber || $0 == " " || $0 == "." || $0 == "," }) else {
                throw fail("expected numbers such as '5 5' for 'stroke-dasharray', found '\(value)'", at: cursor)
            }
            return .init(name, value)
        }
    }

    /// `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` (normalised to lower-case long form) or a colour
    /// name made of letters.
    static func colour(_ value: String) -> String? {
        let lower = value.lowercased()
        if lower.hasPrefix("#") {
            let digits = lower.dropFirst()
            guard digits.allSatisfy(\.isHexDigit), digits.allSatisfy(\.isASCII) else { return nil }
            switch digits.count {
            case 3, 4: return "#" + digits.map { "\($0)\($0)" }.joined()
            case 6, 8: return lower
            default: return nil
            }
        }
        guard !lower.isEmpty, lower.count <= 32, lower.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return lower
    }
}

extension StringProtocol {
    var trimmed: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
