import Yams

/// Small helpers to read and build the YAML nodes a template turns into.
///
/// The template reader hands the rest of the loader nodes in the shape of `portico.yml` and of
/// OpenAPI documents; each built node carries the mark of the template node it comes from, so
/// every diagnostic and every "declared at" points at the line of the template that said it.
enum TemplateNode {
    nonisolated(unsafe) private static let plainTag = Tag(.implicit)
    nonisolated(unsafe) private static let stringTag = Tag(.str)

    static func string(_ text: String, at mark: Mark?) -> Node {
        .scalar(.init(text, stringTag, .doubleQuoted, mark))
    }

    /// A number or boolean as YAML writes it (`30`, `true`).
    static func plain(_ text: String, at mark: Mark?) -> Node {
        .scalar(.init(text, plainTag, .plain, mark))
    }

    static func mapping(_ pairs: [(String, Node)], at mark: Mark?) -> Node {
        .mapping(.init(pairs.map { (string($0.0, at: $0.1.mark ?? mark), $0.1) }, plainTag, .block, mark))
    }

    static func sequence(_ items: [Node], at mark: Mark?) -> Node {
        .sequence(.init(items, plainTag, .block, mark))
    }

    /// The node without its local tag (`!Ref Name` → `Name`).
    static func untagged(_ node: Node) -> Node {
        switch node {
        case .scalar(let scalar): .scalar(.init(scalar.string, plainTag, scalar.style, scalar.mark))
        case .mapping(let mapping): .mapping(.init(Array(mapping), plainTag, mapping.style, mapping.mark))
        case .sequence(let sequence): .sequence(.init(Array(sequence), plainTag, sequence.style, sequence.mark))
        case .alias: node
        }
    }

    /// A mapping's pairs with text keys, in file order (empty for anything else).
    static func pairs(_ node: Node?) -> [(key: String, value: Node)] {
        guard case .mapping(let mapping)? = node else { return [] }
        return mapping.map { (key: $0.key.string ?? "", value: $0.value) }
    }

    static func value(_ node: Node?, _ key: String) -> Node? {
        guard case .mapping(let mapping)? = node else { return nil }
        for (name, value) in mapping where name.string == key { return value }
        return nil
    }

    static func text(_ node: Node?, _ key: String) -> String? {
        guard case .scalar(let scalar)? = value(node, key) else { return nil }
        return scalar.string
    }

    static func items(_ node: Node?) -> [Node] {
        guard case .sequence(let sequence)? = node else { return [] }
        return Array(sequence)
    }

    /// A mapping with `key` set to `value` (replaced in place, or added at the end).
    static func setting(_ node: Node, _ key: String, to value: Node) -> Node {
        guard case .mapping(let mapping) = node else { return node }
        var pairs = Array(mapping)
        if let index = pairs.firstIndex(where: { $0.key.string == key }) {
            pairs[index].value = value
        } else {
            pairs.append((string(key, at: value.mark ?? mapping.mark), value))
        }
        return .mapping(.init(pairs, mapping.tag, mapping.style, mapping.mark))
    }

    /// Every `$ref` value below `node`, as the composer collects them for OpenAPI documents.
    static func references(in node: Node) -> [(String, Node)] {
        var found: [(String, Node)] = []
        var stack = [node]
        while let next = stack.popLast() {
            switch next {
            case .mapping(let mapping):
                for (key, value) in mapping.reversed() {
                    if key.string == "$ref", case .scalar(let scalar) = value { found.append((scalar.string, value)) }
                    stack.append(value)
                }
            case .sequence(let sequence):
                stack.append(contentsOf: sequence.reversed())
            default:
                break
            }
        }
        return found
    }
}
