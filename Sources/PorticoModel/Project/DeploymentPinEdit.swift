import Foundation
import Yams

/// The smallest text edit of a user's `portico.yml` that declares a deployment of an API and
/// pins a stage to it: `portico deploy` makes it. Nothing else of the file changes (comments,
/// order, quoting and spacing stay as the user wrote them), so the edit reads as one hunk in
/// a diff.
///
/// - The deployment is one line, `- {id: …, definition: …}`, appended after the last item of
///   the API's block `deployments:` list, or a new `deployments:` list placed after the API's
///   `definition:` line.
/// - The stage's `deploymentId:` value is replaced where it is written, or a new line
///   `deploymentId: …` goes after the stage's `stageName:` line.
///
/// Where the file is written in a shape these edits cannot keep (a stage or API in flow
/// style, a deployments list whose items span lines), the edit is refused with what to add by
/// hand; the file is never reformatted.
public struct DeploymentPinEdit: Sendable {
    public var api: String
    public var stage: String
    public var deployment: Entry

    /// A deployment as the API's `deployments` list declares it.
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var definition: String
        public var description: String?

        public init(id: String, definition: String, description: String? = nil) {
            self.id = id
            self.definition = definition
            self.description = description
        }

        /// `{id: k3x9q2, definition: apis/orders.openapi.k3x9q2.yaml, description: "…"}`.
        var flowMapping: String {
            var text = "{id: \(id), definition: \(Self.scalar(definition))"
            if let description { text += ", description: \(Self.quoted(description))" }
            return text + "}"
        }

        /// A path stays plain when YAML would read it back unchanged; otherwise double-quoted.
        static func scalar(_ text: String) -> String {
            let plain = !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.plainPath.contains($0)) }
            return plain ? text : quoted(text)
        }

        /// A double-quoted YAML scalar: JSON's escapes are YAML's.
        static func quoted(_ text: String) -> String {
            JSONValue.quoted(text)
        }
    }

    /// Why the file could not be edited, in words a user can act on.
    public struct Refusal: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var line: Int
        public var column: Int
        public var description: String { message }

        public init(message: String, line: Int, column: Int) {
            self.message = message
            self.line = line
            self.column = column
        }
    }

    public init(api: String, stage: String, deployment: Entry) {
        self.api = api
        self.stage = stage
        self.deployment = deployment
    }

    /// The edited text of `text` (the project file at `path`, for located refusals).
    public func apply(to text: String, path: String) -> Result<String, Refusal> {
        let source = YAMLSource(path: path, text: text)
        guard case .success(let composed) = YAMLComposer.compose(source), let root = composed,
              let apiNode = Self.item(in: root, list: "apis", named: "name", api),
              case .mapping(let apiMapping) = apiNode,
              let stageNode = Self.item(in: apiNode, list: "stages", named: "stageName", stage),
              case .mapping(let stageMapping) = stageNode
        else {
            return .failure(Refusal(message: "cannot find stage '\(stage)' of API '\(api)' in \(path)", line: 1, column: 1))
        }
        let crlf = text.contains("\r\n")
        var lines = text.components(separatedBy: "\n")
        var edits: [(line: Int, apply: (inout [String]) -> Void)] = []

        // The stage's deploymentId.
        if let value = Self.value(stageMapping, "deploymentId"), let mark = value.mark {
            guard case .scalar = value else { return refuse("deploymentId of stage '\(stage)' is not a plain value", at: value) }
            let id = deployment.id
            edits.append((mark.line, { lines in lines[mark.line - 1] = Self.replacingScalar(in: lines[mark.line - 1], at: mark.column, with: id) }))
        } else {
            guard stageMapping.style == .block else {
                return refuse("stage '\(stage)' is written in flow style ({…}); add 'deploymentId: \(deployment.id)' to it by hand", at: stageNode)
            }
            guard let (keyMark, line) = Self.singleLinePair(stageMapping, key: "stageName") else {
                return refuse("the stageName of stage '\(stage)' does not fit on one line; add 'deploymentId: \(deployment.id)' to the stage by hand", at: stageNode)
            }
            let newLine = String(repeating: " ", count: keyMark.column - 1) + "deploymentId: \(deployment.id)" + (crlf ? "\r" : "")
            edits.append((line, { lines in lines.insert(newLine, at: line) }))
        }

        // The API's deployments list, unless it already declares this id.
        let entry = deployment.flowMapping + (crlf ? "\r" : "")
        if let list = Self.value(apiMapping, "deployments") {
            guard case .sequence(let items) = list, items.style == .block, let last = items.last, let lastMark = last.mark else {
                return refuse("the deployments of API '\(api)' are not a block list ('- {id: …}' lines); add '- \(deployment.flowMapping)' by hand", at: list)
            }
            let declared = items.contains { item in
                if case .mapping(let mapping) = item, Self.value(mapping, "id")?.string == deployment.id { return true }
                return false
            }
            if !declared {
                guard items.allSatisfy(Self.isOneLine) else {
                    return refuse("the deployments of API '\(api)' span several lines each; add '- \(deployment.flowMapping)' by hand", at: list)
                }
                let itemLine = lines[lastMark.line - 1]
                let prefix = String(String.UnicodeScalarView(itemLine.unicodeScalars.prefix(lastMark.column - 1)))
                guard prefix.trimmingCharacters(in: .whitespaces) == "-" else {
                    return refuse("the last deployment of API '\(api)' does not start its own '- ' line; add '- \(deployment.flowMapping)' by hand", at: last)
                }
                edits.append((lastMark.line, { lines in lines.insert(prefix + entry, at: lastMark.line) }))
            }
        } else {
            guard apiMapping.style == .block else {
                return refuse("API '\(api)' is written in flow style ({…}); add 'deployments: [\(deployment.flowMapping)]' to it by hand", at: apiNode)
            }
            guard let (keyMark, line) = Self.singleLinePair(apiMapping, key: "definition") else {
                return refuse("the definition of API '\(api)' does not fit on one line; add its deployments by hand", at: apiNode)
            }
            let indent = String(repeating: " ", count: keyMark.column - 1)
            let added = [indent + "deployments:" + (crlf ? "\r" : ""), indent + "  - " + entry]
            edits.append((line, { lines in lines.insert(contentsOf: added, at: line) }))
        }

        // Bottom up, so each edit's line is still where the file said.
        guard Set(edits.map(\.line)).count == edits.count else {
            return .failure(Refusal(message: "stage '\(stage)' and the deployments of API '\(api)' share a line; edit \(path) by hand",
                                    line: edits[0].line, column: 1))
        }
        for edit in edits.sorted(by: { $0.line > $1.line }) { edit.apply(&lines) }
        return .success(lines.joined(separator: "\n"))
    }

    private func refuse(_ message: String, at node: Node) -> Result<String, Refusal> {
        .failure(Refusal(message: message, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1))
    }

    /// The value of `key` in `mapping`, compared by text (the composer's tags are its own).
    private static func value(_ mapping: Node.Mapping, _ key: String) -> Node? {
        mapping.first { $0.key.string == key }?.value
    }

    /// The item of `root[list]` whose `key` is `name`.
    private static func item(in root: Node, list: String, named key: String, _ name: String) -> Node? {
        guard case .mapping(let mapping) = root, case .sequence(let items)? = Self.value(mapping, list) else { return nil }
        return items.first { item in
            guard case .mapping(let fields) = item else { return false }
            return Self.value(fields, key)?.string == name
        }
    }

    /// The key's mark and its line when the key and a one-line scalar value share that line.
    private static func singleLinePair(_ mapping: Node.Mapping, key: String) -> (Mark, Int)? {
        guard let pair = mapping.first(where: { $0.key.string == key }), let keyMark = pair.key.mark,
              case .scalar(let scalar) = pair.value, let valueMark = pair.value.mark, valueMark.line == keyMark.line,
              scalar.style != .literal, scalar.style != .folded, !scalar.string.contains("\n")
        else { return nil }
        return (keyMark, keyMark.line)
    }

    /// Whether a list item is a flow mapping (or a scalar) written on one line.
    private static func isOneLine(_ node: Node) -> Bool {
        switch node {
        case .scalar: return true
        case .mapping(let mapping):
            guard mapping.style == .flow, let line = node.mark?.line else { return false }
            return mapping.allSatisfy { $0.key.mark?.line == line && $0.value.mark?.line == line && isOneLine($0.value) }
        default: return false
        }
    }

    /// `line` with the scalar that starts at `column` (1-based, in Unicode scalars, as libyaml
    /// counts) replaced by `value`: a quoted scalar to its closing quote, a plain one to the
    /// first space, comma, bracket or comment.
    static func replacingScalar(in line: String, at column: Int, with value: String) -> String {
        let scalars = Array(line.unicodeScalars)
        let start = min(column - 1, scalars.count)
        var end = start
        if start < scalars.count, scalars[start] == "\"" || scalars[start] == "'" {
            let quote = scalars[start]
            end += 1
            while end < scalars.count {
                if scalars[end] == "\\" && quote == "\"" { end += 2; continue }
                if scalars[end] == quote {
                    if quote == "'" && end + 1 < scalars.count && scalars[end + 1] == "'" { end += 2; continue }
                    end += 1
                    break
                }
                end += 1
            }
            end = min(end, scalars.count)
        } else {
            while end < scalars.count, !" \t,}]#\r".unicodeScalars.contains(scalars[end]) { end += 1 }
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[..<start])
        view.append(contentsOf: value.unicodeScalars)
        view.append(contentsOf: scalars[end...])
        return String(view)
    }
}

private extension CharacterSet {
    /// Characters a path may hold and stay a plain YAML scalar.
    static let plainPath = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-")
}

