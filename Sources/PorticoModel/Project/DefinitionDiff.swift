import Diagnostics
import Foundation
import Yams

/// What changes between two OpenAPI definitions of one API (a stage's deployment and its
/// canary's, or two stages' deployments): routes, methods, models and API-wide settings
/// added, removed or changed, each changed one with the leaves that differ. Read from the
/// files as written, so what a page lists is what the user would see in a diff of the two,
/// grouped the way API Gateway thinks of them; key order and formatting do not count.
public struct DefinitionDiff: Sendable, Equatable {
    public enum Section: String, Sendable, CaseIterable {
        case routes = "Routes"
        case methods = "Methods"
        case models = "Models"
        case settings = "Settings"
    }

    public enum Change: String, Sendable {
        case added, removed, changed
    }

    /// One route, method, model or setting that differs.
    public struct Entry: Sendable, Equatable {
        public var section: Section
        /// `/items/{id}`, `GET /items/{id}`, `Item`, `x-amazon-apigateway-binary-media-types`.
        public var name: String
        public var change: Change
        /// For a changed entry, each differing leaf: `where: before → after`.
        public var details: [String]
    }

    public var entries: [Entry]

    public var isEmpty: Bool { entries.isEmpty }

    /// The differences from the definition at `before` to the one at `after` (paths relative
    /// to the content folder); nil when either does not read as YAML or JSON.
    public static func between(_ before: String, _ after: String, contentDirectory: String) -> DefinitionDiff? {
        func root(_ path: String) -> Node? {
            var ignored = DiagnosticEngine()
            let full = (contentDirectory as NSString).appendingPathComponent(path)
            return YAMLSource.read(path: full, displayPath: path, diagnostics: &ignored)?.compose(diagnostics: &ignored)
        }
        guard let old = root(before), let new = root(after) else { return nil }
        return between(old, new)
    }

    static let methodKeys = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "x-amazon-apigateway-any-method"]
    /// Keys that describe the document, not the API as API Gateway runs it.
    static let documentKeys: Set<String> = ["openapi", "swagger", "info", "paths", "components", "definitions", "servers", "host", "basePath", "schemes"]

    static func between(_ old: Node, _ new: Node) -> DefinitionDiff {
        var entries: [Entry] = []
        let oldPaths = pairs(child(old, "paths")), newPaths = pairs(child(new, "paths"))
        for (path, change) in keyed(oldPaths, newPaths) where change != .changed {
            entries.append(Entry(section: .routes, name: path, change: change, details: []))
        }
        for (path, oldNode) in oldPaths {
            guard let newNode = newPaths.first(where: { $0.key == path })?.value else { continue }
            let oldMethods = pairs(oldNode).filter { methodKeys.contains($0.key) }, newMethods = pairs(newNode).filter { methodKeys.contains($0.key) }
            for (method, change) in keyed(oldMethods, newMethods) {
                let name = (method == "x-amazon-apigateway-any-method" ? "ANY" : method.uppercased()) + " " + path
                let details = change == .changed ? leaves(oldMethods.first { $0.key == method }!.value, newMethods.first { $0.key == method }!.value) : []
                entries.append(Entry(section: .methods, name: name, change: change, details: details))
            }
        }
        let oldModels = pairs(child(child(old, "components"), "schemas") ?? child(old, "definitions")), newModels = pairs(child(child(new, "components"), "schemas") ?? child(new, "definitions"))
        entries += sectionEntries(.models, oldModels, newModels)
        let oldSettings = pairs(old).filter { !documentKeys.contains($0.key) } + pairs(child(old, "components")).filter { $0.key != "schemas" }.map { ("components › " + $0.key, $0.value) }
        let newSettings = pairs(new).filter { !documentKeys.contains($0.key) } + pairs(child(new, "components")).filter { $0.key != "schemas" }.map { ("components › " + $0.key, $0.value) }
        entries += sectionEntries(.settings, oldSettings.map { (key: $0.0, value: $0.1) }, newSettings.map { (key: $0.0, value: $0.1) })
        return DefinitionDiff(entries: entries)
    }

    private static func sectionEntries(_ section: Section, _ old: [(key: String, value: Node)], _ new: [(key: String, value: Node)]) -> [Entry] {
        keyed(old, new).map { name, change in
            let details = change == .changed ? leaves(old.first { $0.key == name }!.value, new.first { $0.key == name }!.value) : []
            return Entry(section: section, name: name, change: change, details: details)
        }
    }

    private static func child(_ node: Node?, _ key: String) -> Node? {
        pairs(node).first { $0.key == key }?.value
    }

    /// A mapping's pairs by key text, in file order; nothing for anything else.
    private static func pairs(_ node: Node?) -> [(key: String, value: Node)] {
        guard case .mapping(let mapping)? = node else { return [] }
        return mapping.map { (key: $0.key.string ?? "", value: $0.value) }
    }

    /// Keys only in `new` (added), only in `old` (removed), in both but different (changed):
    /// in `old`'s order, then the added ones in `new`'s.
    private static func keyed(_ old: [(key: String, value: Node)], _ new: [(key: String, value: Node)]) -> [(String, Change)] {
        var result: [(String, Change)] = []
        for (key, value) in old {
            if let other = new.first(where: { $0.key == key }) {
                if !same(value, other.value) { result.append((key, .changed)) }
            } else {
                result.append((key, .removed))
            }
        }
        for (key, _) in new where !old.contains(where: { $0.key == key }) { result.append((key, .added)) }
        return result
    }

    /// Equal as data: scalars by text, mappings by key (in any order), sequences item by item.
    static func same(_ a: Node, _ b: Node) -> Bool {
        switch (a, b) {
        case (.scalar(let x), .scalar(let y)): return x.string == y.string
        case (.mapping, .mapping):
            let x = pairs(a), y = pairs(b)
            return x.count == y.count && x.allSatisfy { pair in y.first { $0.key == pair.key }.map { same(pair.value, $0.value) } ?? false }
        case (.sequence(let x), .sequence(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        default: return false
        }
    }

    /// The leaves that differ, as `a › b › c: before → after` (`(none)` for an absent one).
    static func leaves(_ old: Node?, _ new: Node?, at path: [String] = []) -> [String] {
        switch (old, new) {
        case (.mapping?, .mapping?):
            let x = pairs(old), y = pairs(new)
            var keys = x.map(\.key)
            for pair in y where !keys.contains(pair.key) { keys.append(pair.key) }
            return keys.flatMap { key in
                leaves(x.first { $0.key == key }?.value, y.first { $0.key == key }?.value, at: path + [key])
            }
        default:
            if let old, let new, same(old, new) { return [] }
            let place = path.isEmpty ? "" : path.joined(separator: " › ") + ": "
            return [place + text(old) + " → " + text(new)]
        }
    }

    /// A value on one line, at most 120 characters.
    static func text(_ node: Node?) -> String {
        guard let node else { return "(none)" }
        var out: String
        switch node {
        case .scalar(let scalar): out = scalar.string.contains(where: { $0 == " " || $0 == "\n" || $0.isPunctuation }) || scalar.string.isEmpty ? "'\(scalar.string)'" : scalar.string
        case .mapping: out = "{" + pairs(node).map { "\($0.key): \(text($0.value))" }.joined(separator: ", ") + "}"
        case .sequence(let items): out = "[" + items.map { text($0) }.joined(separator: ", ") + "]"
        default: out = "?"
        }
        out = out.replacingOccurrences(of: "\n", with: "⏎")
        return out.count > 120 ? String(out.prefix(119)) + "…" : out
    }
}
