public import Diagnostics

/// Parses mermaid's `sequenceDiagram` subset:
///
/// ```
/// sequenceDiagram
///   autonumber
///   title Calling an API
///   actor U as User                 %% participant X [as Label] · actor X [as Label]
///   participant G as API Gateway
///   U->>G: GET /items/42           %% ->> -->> -> --> -x --x -) --)   (+/- activation ignored)
///   Note right of G: routing       %% left of · right of · over A[,B]
///   loop every minute               %% loop · alt … else … · opt, closed by end
///     G-->>U: 200 OK
///   end
/// ```
///
/// Errors are located in the block (line 1 is its first line, columns in UTF-8 bytes); the
/// parser goes on at the next line so one run reports every problem.
public enum SequenceDiagramParser {
    public static func parse(_ source: String) -> (diagram: SequenceDiagram?, diagnostics: [Diagnostic]) {
        if source.utf8.count > MermaidLimits.maximumSourceBytes {
            return (nil, [.error(.diagramLimit, "diagram is larger than \(MermaidLimits.maximumSourceBytes) bytes",
                                 at: SourceLocation(file: "", line: 1, column: 1))])
        }
        var diagram = SequenceDiagram()
        var diagnostics: [Diagnostic] = []
        var sawHeader = false
        var open: [(kind: SequenceDiagram.FrameKind, line: Int, column: Int)] = []
        var declared = Set<String>()

        func error(_ message: String, _ line: Int, _ column: Int, id: DiagnosticID = .diagramSyntax) {
            diagnostics.append(.error(id, message, at: SourceLocation(file: "", line: line, column: column)))
        }
        func use(_ id: String) {
            if declared.insert(id).inserted { diagram.participants.append(.init(id: id)) }
        }

        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, rawLine) in lines.enumerated() {
            let number = offset + 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let indent = line.prefix { $0 == " " || $0 == "\t" }.utf8.count
            var text = line.drop { $0 == " " || $0 == "\t" }
            if let comment = text.firstRange(of: "%%") { text = text[..<comment.lowerBound] }
            let statement = text.trimmingCharacters(in: " \t")
            if statement.isEmpty { continue }
            let column = indent + 1
            if !sawHeader {
                guard statement == "sequenceDiagram" else {
                    error("expected 'sequenceDiagram', found '\(statement.prefix(30))'", number, column)
                    return (nil, diagnostics)
                }
                sawHeader = true
                continue
            }
            let words = statement.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            let keyword = String(words[0])
            let rest = words.count > 1 ? words[1].trimmingCharacters(in: " \t") : ""
            switch keyword {
            case "autonumber":
                diagram.autonumber = true
            case "title":
                diagram.title = rest
            case "participant", "actor":
                guard !rest.isEmpty else { error("expected a participant name after '\(keyword)'", number, column + keyword.utf8.count); continue }
                var id = rest, label: String? = nil
                if let range = rest.firstRange(of: " as ") {
                    id = rest[..<range.lowerBound].trimmingCharacters(in: " \t")
                    label = rest[range.upperBound...].trimmingCharacters(in: " \t")
                }
                guard isName(id) else { error("expected a participant name (letters, digits, '_' or '.'), found '\(id)'", number, column + keyword.utf8.count + 1); continue }
                if declared.contains(id) {
                    if let index = diagram.participants.firstIndex(where: { $0.id == id }) {
                        diagram.participants[index] = .init(id: id, label: label.map(breaks), isActor: keyword == "actor")
                    }
                } else {
                    declared.insert(id)
                    diagram.participants.append(.init(id: id, label: label.map(breaks), isActor: keyword == "actor"))
                }
            case "Note", "note":
                let lower = rest.lowercased()
                let placement: SequenceDiagram.NotePlacement
                var remainder: Substring
                if lower.hasPrefix("left of ") { placement = .leftOf; remainder = rest.dropFirst(8) }
                else if lower.hasPrefix("right of ") { placement = .rightOf; remainder = rest.dropFirst(9) }
                else if lower.hasPrefix("over ") { placement = .over; remainder = rest.dropFirst(5) }
                else { error("expected 'left of', 'right of' or 'over' after 'Note'", number, column + 5); continue }
                guard let colon = remainder.firstIndex(of: ":") else {
                    error("expected ':' and the note's text", number, column + statement.utf8.count); continue
                }
                let names = remainder[..<colon].split(separator: ",").map { $0.trimmingCharacters(in: " \t") }
                guard !names.isEmpty, names.allSatisfy(isName), names.count <= (placement == .over ? 2 : 1) else {
                    error(placement == .over ? "expected one or two participants ('over A' or 'over A,B')" : "expected one participant", number, column + 5)
                    continue
                }
                names.forEach(use)
                diagram.items.append(.note(placement, participants: names, text: breaks(remainder[remainder.index(after: colon)...].trimmingCharacters(in: " \t"))))
            case "loop", "alt", "opt":
                let kind = SequenceDiagram.FrameKind(rawValue: keyword)!
                open.append((kind, number, column))
                diagram.items.append(.frameStart(kind, label: rest))
            case "else":
                guard let top = open.last, top.kind == .alt else { error("'else' belongs inside an 'alt' frame", number, column); continue }
                diagram.items.append(.frameElse(label: rest))
            case "end":
                guard !open.isEmpty else { error("'end' has no open 'loop', 'alt' or 'opt'", number, column); continue }
                open.removeLast()
                diagram.items.append(.frameEnd)
            case "par", "and", "critical", "break", "rect", "box", "activate", "deactivate", "create", "destroy", "link", "links", "option":
                error("mermaid's '\(keyword)' is not supported in sequence diagrams yet; supported: participant, actor, messages, Note, loop, alt/else, opt, autonumber, title",
                      number, column, id: .diagramUnsupported)
            default:
                guard let message = parseMessage(statement) else {
                    error("expected a message such as 'A->>B: text' (arrows ->>, -->>, ->, -->, -x, --x, -), --)) or a statement, found '\(statement.prefix(40))'", number, column)
                    continue
                }
                if let problem = message.problem { error(problem.text, number, column + problem.offset); continue }
                use(message.from); use(message.to)
                diagram.items.append(.message(from: message.from, to: message.to, text: breaks(message.text), arrow: message.arrow))
            }
            if diagram.items.count > MermaidLimits.maximumEdges * 2 || diagram.participants.count > 50 {
                error("diagram has more than \(MermaidLimits.maximumEdges * 2) items or 50 participants", number, column, id: .diagramLimit)
                return (nil, diagnostics)
            }
        }
        if !sawHeader {
            error("expected 'sequenceDiagram', found an empty diagram", 1, 1)
        }
        for frame in open.reversed() {
            error("expected 'end' to close '\(frame.kind.rawValue)'", frame.line, frame.column)
        }
        let failed = diagnostics.contains { $0.severity == .error }
        return (failed ? nil : diagram, diagnostics)
    }

    private struct Message {
        var from = "", to = "", text = "", arrow = SequenceDiagram.Arrow.solidArrow
        var problem: (text: String, offset: Int)?
    }

    /// `From ARROW [+|-]To[: text]`.
    private static func parseMessage(_ statement: String) -> Message? {
        let bytes = Array(statement.utf8)
        // Arrows, longest first so '-->>' is not read as '-->' then '>'.
        let arrows: [SequenceDiagram.Arrow] = [.dottedArrow, .solidArrow, .dottedCross, .dottedAsync, .dottedLine, .solidCross, .solidAsync, .solidLine]
        guard let dash = bytes.firstIndex(of: UInt8(ascii: "-")), dash > 0 else { return nil }
        for arrow in arrows {
            let needle = Array(arrow.rawValue.utf8)
            guard bytes.count >= dash + needle.count, Array(bytes[dash..<(dash + needle.count)]) == needle else { continue }
            var message = Message()
            message.arrow = arrow
            message.from = String(decoding: bytes[..<dash], as: UTF8.self).trimmingCharacters(in: " \t")
            var rest = Substring(String(decoding: bytes[(dash + needle.count)...], as: UTF8.self))
            if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
            if let colon = rest.firstIndex(of: ":") {
                message.to = rest[..<colon].trimmingCharacters(in: " \t")
                message.text = rest[rest.index(after: colon)...].trimmingCharacters(in: " \t")
            } else {
                message.to = rest.trimmingCharacters(in: " \t")
            }
            if !isName(message.from) {
                message.problem = ("expected a participant name before '\(arrow.rawValue)', found '\(message.from)'", 0)
            } else if !isName(message.to) {
                message.problem = ("expected a participant name after '\(arrow.rawValue)', found '\(message.to.isEmpty ? "end of line" : message.to)'", dash + needle.count)
            }
            return message
        }
        return nil
    }

    static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
    }

    /// Mermaid's `<br>`/`<br/>` line breaks become newlines.
    static func breaks(_ text: String) -> String {
        text.replacing("<br/>", with: "\n").replacing("<br>", with: "\n").replacing("<br />", with: "\n")
    }
}
