/// Draws a ``SequenceDiagram`` as an inline `<svg>` in pure Swift: one column per participant,
/// one row per message, note or frame line. Colours come from CSS classes (`seq-*`) with
/// `currentColor` as the fallback, so a page's light and dark themes both apply.
///
/// Text is measured with a fixed average glyph width, so the same diagram gives the same
/// bytes on every machine.
public enum SequenceDiagramRenderer {
    static let fontSize = 14
    static let charWidth = 7.8
    static let lineHeight = 18
    static let boxHeight = 36
    static let margin = 16
    static let gap = 36

    static func textWidth(_ text: String) -> Int {
        let longest = text.split(separator: "\n", omittingEmptySubsequences: false).map(\.count).max() ?? 0
        return Int((Double(longest) * charWidth).rounded(.up))
    }
    static func lineCount(_ text: String) -> Int {
        text.isEmpty ? 0 : text.split(separator: "\n", omittingEmptySubsequences: false).count
    }

    public static func svg(for diagram: SequenceDiagram, idPrefix: String) -> String {
        let prefix = SVGPostProcessor.sanitisedPrefix(idPrefix)
        let participants = diagram.participants
        let index = Dictionary(uniqueKeysWithValues: participants.enumerated().map { ($1.id, $0) })
        let widths = participants.map { max(96, textWidth($0.label) + 28) }

        // Columns: each centre is at least far enough right of every earlier one for the
        // boxes and for the text of messages and notes between them.
        var required: [[Int]] = Array(repeating: Array(repeating: 0, count: participants.count), count: participants.count)
        func need(_ a: Int, _ b: Int, _ distance: Int) {
            let (i, j) = a < b ? (a, b) : (b, a)
            if i != j { required[i][j] = max(required[i][j], distance) }
        }
        var rightOverhang = 0, leftOverhang = 0
        for item in diagram.items {
            switch item {
            case let .message(from, to, text, _):
                guard let a = index[from], let b = index[to] else { continue }
                let width = textWidth(text) + (diagram.autonumber ? 44 : 24)
                if a == b {
                    if a + 1 < participants.count { need(a, a + 1, width + 40) } else { rightOverhang = max(rightOverhang, width + 40 - widths[a] / 2) }
                } else {
                    need(a, b, width)
                }
            case let .note(placement, names, text):
                let width = textWidth(text) + 24
                let ids = names.compactMap { index[$0] }
                guard let first = ids.first else { continue }
                switch placement {
                case .rightOf:
                    if first + 1 < participants.count { need(first, first + 1, width + 30) } else { rightOverhang = max(rightOverhang, width + 16 - widths[first] / 2) }
                case .leftOf:
                    if first > 0 { need(first - 1, first, width + 30) } else { leftOverhang = max(leftOverhang, width + 16 - widths[first] / 2) }
                case .over:
                    if ids.count == 2 { need(ids[0], ids[1], width - 40) }
                }
            default: break
            }
        }
        var centres: [Int] = []
        for j in participants.indices {
            var x = margin + max(0, leftOverhang) + widths[j] / 2
            for i in 0..<j {
                var distance = required[i][j]
                if i == j - 1 { distance = max(distance, (widths[i] + widths[j]) / 2 + gap) }
                x = max(x, centres[i] + distance)
            }
            centres.append(x)
        }
        let lastEdge = participants.indices.map { centres[$0] + widths[$0] / 2 }.max() ?? margin
        var width = lastEdge + max(0, rightOverhang) + margin

        // Rows.
        var body = ""
        var y = margin + boxHeight + 24
        var number = 0
        struct OpenFrame { var kind: SequenceDiagram.FrameKind; var label: String; var top: Int; var columns: Set<Int>; var elses: [(y: Int, label: String)] }
        var frames: [OpenFrame] = []
        var frameShapes = ""
        func touch(_ columns: [Int]) {
            for i in frames.indices { frames[i].columns.formUnion(columns) }
        }
        for item in diagram.items {
            switch item {
            case let .message(from, to, text, arrow):
                guard let a = index[from], let b = index[to] else { continue }
                touch([a, b])
                number += 1
                let lines = lineCount(text)
                let dash = arrow.isDotted ? " stroke-dasharray=\"5 4\"" : ""
                let marker: String
                switch arrow.head {
                case .none: marker = ""
                case .filled: marker = " marker-end=\"url(#\(prefix)arrow)\""
                case .cross: marker = " marker-end=\"url(#\(prefix)cross)\""
                case .open: marker = " marker-end=\"url(#\(prefix)open)\""
                }
                let label = diagram.autonumber ? text : text
                if a == b {
                    let x = centres[a]
                    body += textBlock(label, x: x + 12, y: y + 4, anchor: "start", cssClass: "seq-text")
                    let top = y + lines * lineHeight + 4
                    body += "<path class=\"seq-line\" d=\"M\(x),\(top) h36 v22 h-32\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\"\(dash)\(marker)/>\n"
                    if diagram.autonumber { body += badge(number, x: x, y: top) }
                    y = top + 22 + 20
                } else {
                    let x1 = centres[a], x2 = centres[b]
                    body += textBlock(label, x: (x1 + x2) / 2, y: y, anchor: "middle", cssClass: "seq-text")
                    let lineY = y + lines * lineHeight + 6
                    let end = x2 + (x2 > x1 ? -2 : 2)
                    body += "<line class=\"seq-line\" x1=\"\(x1)\" y1=\"\(lineY)\" x2=\"\(end)\" y2=\"\(lineY)\" stroke=\"currentColor\" stroke-width=\"1.5\"\(dash)\(marker)/>\n"
                    if diagram.autonumber { body += badge(number, x: x1, y: lineY) }
                    y = lineY + 22
                }
            case let .note(placement, names, text):
                let ids = names.compactMap { index[$0] }
                guard let first = ids.first else { continue }
                touch(ids)
                let noteWidth = textWidth(text) + 24
                let height = lineCount(text) * lineHeight + 14
                let x: Int
                switch placement {
                case .rightOf: x = centres[first] + 10
                case .leftOf: x = centres[first] - 10 - noteWidth
                case .over:
                    let left = centres[ids.min()!], right = centres[ids.max()!]
                    let spanned = max(noteWidth, right - left + 40)
                    x = (left + right) / 2 - spanned / 2
                    body += "<rect class=\"seq-note\" x=\"\(x)\" y=\"\(y)\" width=\"\(spanned)\" height=\"\(height)\" fill=\"none\" stroke=\"currentColor\"/>\n"
                    body += textBlock(text, x: x + spanned / 2, y: y + 7, anchor: "middle", cssClass: "seq-note-text")
                    y += height + 14
                    continue
                }
                body += "<rect class=\"seq-note\" x=\"\(x)\" y=\"\(y)\" width=\"\(noteWidth)\" height=\"\(height)\" fill=\"none\" stroke=\"currentColor\"/>\n"
                body += textBlock(text, x: x + noteWidth / 2, y: y + 7, anchor: "middle", cssClass: "seq-note-text")
                y += height + 14
            case let .frameStart(kind, label):
                frames.append(OpenFrame(kind: kind, label: label, top: y, columns: [], elses: []))
                y += 30
            case let .frameElse(label):
                if !frames.isEmpty { frames[frames.count - 1].elses.append((y, label)) }
                y += 30
            case .frameEnd:
                guard let frame = frames.popLast() else { continue }
                let depth = frames.count
                let columns = frame.columns.isEmpty ? Set(participants.indices) : frame.columns
                let left = centres[columns.min()!] - widths[columns.min()!] / 2 - 4 + depth * 8
                var right = centres[columns.max()!] + widths[columns.max()!] / 2 + 4 - depth * 8
                right = max(right, left + textWidth(frame.kind.rawValue + " " + frame.label) + 70)
                width = max(width, right + margin)
                let bottom = y
                var shape = "<g class=\"seq-frame\">\n"
                shape += "<rect x=\"\(left)\" y=\"\(frame.top)\" width=\"\(right - left)\" height=\"\(bottom - frame.top)\" fill=\"none\" stroke=\"currentColor\"/>\n"
                let tab = textWidth(frame.kind.rawValue) + 16
                shape += "<path d=\"M\(left),\(frame.top + 20) h\(tab) l6,-6 v-14\" fill=\"none\" stroke=\"currentColor\"/>\n"
                shape += "<text class=\"seq-frame-kind\" x=\"\(left + 6)\" y=\"\(frame.top + 15)\" font-size=\"12\" font-weight=\"bold\" fill=\"currentColor\">\(escape(frame.kind.rawValue))</text>\n"
                if !frame.label.isEmpty {
                    shape += "<text class=\"seq-text\" x=\"\(left + tab + 14)\" y=\"\(frame.top + 15)\" font-size=\"12\" fill=\"currentColor\">[\(escape(frame.label))]</text>\n"
                }
                for divider in frame.elses {
                    shape += "<line x1=\"\(left)\" y1=\"\(divider.y)\" x2=\"\(right)\" y2=\"\(divider.y)\" stroke=\"currentColor\" stroke-dasharray=\"4 3\"/>\n"
                    shape += "<text class=\"seq-text\" x=\"\(left + 8)\" y=\"\(divider.y + 15)\" font-size=\"12\" fill=\"currentColor\">[\(escape(divider.label))]</text>\n"
                }
                shape += "</g>\n"
                frameShapes += shape
                y += 10
            }
        }
        let bottomTop = y + 8
        let height = bottomTop + boxHeight + margin

        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sequence\" role=\"img\" aria-label=\"\(escape(diagram.accessibleLabel))\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"\(fontSize)\">\n"
        out += "<title>\(escape(diagram.accessibleLabel))</title>\n"
        out += "<defs>\n"
        out += "<marker id=\"\(prefix)arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"currentColor\"/></marker>\n"
        out += "<marker id=\"\(prefix)open\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\"/></marker>\n"
        out += "<marker id=\"\(prefix)cross\" viewBox=\"0 0 10 10\" refX=\"5\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto\"><path d=\"M1,1 L9,9 M9,1 L1,9\" stroke=\"currentColor\" stroke-width=\"2\"/></marker>\n"
        out += "</defs>\n"
        for (i, participant) in participants.enumerated() {
            out += "<line class=\"seq-lifeline\" x1=\"\(centres[i])\" y1=\"\(margin + boxHeight)\" x2=\"\(centres[i])\" y2=\"\(bottomTop)\" stroke=\"currentColor\" stroke-opacity=\"0.45\" stroke-dasharray=\"3 3\"/>\n"
            _ = participant
        }
        out += frameShapes
        for (i, participant) in participants.enumerated() {
            out += head(participant, centre: centres[i], width: widths[i], top: margin)
            out += head(participant, centre: centres[i], width: widths[i], top: bottomTop)
        }
        out += body
        out += "</svg>\n"
        return out
    }

    private static func head(_ participant: SequenceDiagram.Participant, centre: Int, width: Int, top: Int) -> String {
        if participant.isActor {
            var out = "<g class=\"seq-actor\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\">"
            out += "<circle cx=\"\(centre)\" cy=\"\(top + 5)\" r=\"5\"/><path d=\"M\(centre),\(top + 10) v10 M\(centre - 8),\(top + 14) h16 M\(centre),\(top + 20) l-7,8 M\(centre),\(top + 20) l7,8\"/></g>\n"
            out += "<text class=\"seq-label\" x=\"\(centre)\" y=\"\(top + boxHeight + 8)\" text-anchor=\"middle\" fill=\"currentColor\">\(escape(participant.label.replacing("\n", with: " ")))</text>\n"
            return out
        }
        let lines = participant.label.split(separator: "\n", omittingEmptySubsequences: false)
        let height = max(boxHeight, lines.count * lineHeight + 12)
        var out = "<rect class=\"seq-box\" x=\"\(centre - width / 2)\" y=\"\(top)\" width=\"\(width)\" height=\"\(height)\" rx=\"4\" fill=\"none\" stroke=\"currentColor\"/>\n"
        out += textBlock(participant.label, x: centre, y: top + (height - lines.count * lineHeight) / 2, anchor: "middle", cssClass: "seq-label")
        return out
    }

    private static func badge(_ number: Int, x: Int, y: Int) -> String {
        "<circle class=\"seq-number\" cx=\"\(x)\" cy=\"\(y)\" r=\"9\" fill=\"currentColor\"/><text class=\"seq-number-text\" x=\"\(x)\" y=\"\(y + 4)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#ffffff\">\(number)</text>\n"
    }

    /// Lines of text whose first line's top is at `y`.
    private static func textBlock(_ text: String, x: Int, y: Int, anchor: String, cssClass: String) -> String {
        guard !text.isEmpty else { return "" }
        var out = "<text class=\"\(cssClass)\" x=\"\(x)\" y=\"\(y + 14)\" text-anchor=\"\(anchor)\" fill=\"currentColor\">"
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            out += i == 0 ? "<tspan>\(escape(String(line)))</tspan>" : "<tspan x=\"\(x)\" dy=\"\(lineHeight)\">\(escape(String(line)))</tspan>"
        }
        return out + "</text>\n"
    }

    static func escape(_ text: String) -> String {
        SVGPostProcessor.escape(text).replacing("'", with: "&#39;")
    }
}
