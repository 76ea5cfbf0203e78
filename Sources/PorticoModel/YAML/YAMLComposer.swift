internal import CYaml
import Diagnostics
import Yams

/// Composes YAML (and JSON) text into Yams nodes straight from libyaml's event stream.
///
/// Why not `Yams.compose`: it recurses once per nesting level (so deep input overflows the
/// stack, and so does freeing such a tree) and it spends most of its time on per-node tag
/// objects and duplicate-key hashing; a 1,000-operation spec took over 200 ms. This composer
/// keeps its own stack of open collections, refuses nesting deeper than
/// ``YAMLSource/maximumDepth`` at the offending mark, checks duplicate keys by their text, and
/// shares one tag object per kind. Every failure is a located ``Diagnostic``.
enum YAMLComposer {
    private final class Frame {
        let isMapping: Bool
        let mark: Mark
        let anchor: String?
        let tag: Tag?
        var items: [Node] = []
        var pairs: [(Node, Node)] = []
        var pendingKey: Node?
        var keys: Set<String> = []
        /// Nodes below this one with aliases expanded, itself included.
        var size = 1
        let style: UInt32

        init(isMapping: Bool, mark: Mark, anchor: String?, tag: Tag?, style: UInt32) {
            self.isMapping = isMapping
            self.tag = tag
            self.mark = mark
            self.anchor = anchor
            self.style = style
        }
    }

    nonisolated(unsafe) private static let implicitTag = Tag(.implicit)
    nonisolated(unsafe) private static let stringTag = Tag(.str)

    /// A local tag (`!Ref`, `!GetAtt`, … in CloudFormation templates) kept by name, so the
    /// template reader can tell `!Ref Name` from the string `Name`. Other documents carry none,
    /// and standard `tag:yaml.org,2002:` tags keep meaning what the resolver makes of them.
    private static func localTag(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> Tag? {
        guard let pointer, pointer.pointee == UInt8(ascii: "!") else { return nil }
        return Tag(Tag.Name(rawValue: String(cString: pointer)))
    }

    /// A composed document and every `$ref` scalar in it (value node, in file order), collected
    /// on the way so loaders need not walk the tree again to check references.
    struct Composed {
        var root: Node?
        var references: [(String, Node)]
    }

    static func compose(_ source: YAMLSource) -> Result<Node?, Diagnostic> {
        composeCollectingReferences(source).map(\.root)
    }

    static func composeCollectingReferences(_ source: YAMLSource) -> Result<Composed, Diagnostic> {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return .failure(.error(.yamlSyntax, "cannot start the YAML parser", at: source.location(line: 1, column: 1)))
        }
        defer { yaml_parser_delete(&parser) }
        var text = source.text
        return text.withUTF8 { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            return run(&parser, source: source)
        }
    }

    private static func run(_ parser: inout yaml_parser_t, source: YAMLSource) -> Result<Composed, Diagnostic> {
        var stack: [Frame] = []
        var references: [(String, Node)] = []
        var root: Node?
        var anchors: [String: (node: Node, size: Int)] = [:]
        var aliasExpansion = 0
        var documents = 0
        var event = yaml_event_t()

        func mark(_ m: yaml_mark_t) -> Mark { makeMark(line: m.line + 1, column: m.column + 1) }
        func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            guard let pointer else { return nil }
            return String(cString: pointer)
        }
        /// Adds a finished node to the open collection; a duplicate key is the only failure.
        func add(_ node: Node, size: Int = 1, at position: Mark) -> Diagnostic? {
            guard let top = stack.last else {
                root = node
                return nil
            }
            top.size += size
            if !top.isMapping {
                top.items.append(node)
            } else if let key = top.pendingKey {
                if case .scalar(let value) = node, case .scalar(let keyText) = key, keyText.string == "$ref" {
                    references.append((value.string, node))
                }
                top.pairs.append((key, node))
                top.pendingKey = nil
            } else {
                if case .scalar(let scalar) = node, !top.keys.insert(scalar.string).inserted {
                    return .error(.yamlDuplicateKey, "duplicate key '\(scalar.string)' in a mapping",
                                  at: source.location(line: position.line, column: position.column))
                }
                top.pendingKey = node
            }
            return nil
        }

        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                return .failure(parserError(parser, source: source))
            }
            defer { yaml_event_delete(&event) }
            let start = mark(event.start_mark)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return .success(Composed(root: root, references: references))
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    return .failure(.error(.yamlSyntax, "expected one document in the file, found another",
                                           at: source.location(line: start.line, column: start.column)))
                }
            case YAML_SCALAR_EVENT:
                let data = event.data.scalar
                let value = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
                let style = Node.Scalar.Style(rawValue: UInt32(data.style.rawValue)) ?? .any
                let tag = localTag(data.tag) ?? (data.quoted_implicit == 1 || style != .plain ? stringTag : implicitTag)
                let node = Node.scalar(.init(value, tag, style, start))
                if let anchor = string(data.anchor) { anchors[anchor] = (node, 1) }
                if let problem = add(node, at: start) { return .failure(problem) }
            case YAML_ALIAS_EVENT:
                let name = string(event.data.alias.anchor) ?? ""
                guard let (node, size) = anchors[name] else {
                    return .failure(.error(.yamlSyntax, "found undefined alias '\(name)'",
                                           at: source.location(line: start.line, column: start.column)))
                }
                // A "billion laughs" document is small but expands exponentially through aliases.
                aliasExpansion += size
                if aliasExpansion > YAMLSource.maximumAliasExpansion {
                    return .failure(.error(.yamlTooLarge, "aliases expand to more than \(YAMLSource.maximumAliasExpansion) nodes",
                                           at: source.location(line: start.line, column: start.column)))
                }
                if let problem = add(node, size: size, at: start) { return .failure(problem) }
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                if stack.count >= YAMLSource.maximumDepth {
                    return .failure(.error(.yamlTooDeep, "nesting is deeper than \(YAMLSource.maximumDepth) levels",
                                           at: source.location(line: start.line, column: start.column)))
                }
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let anchor = isMapping ? string(event.data.mapping_start.anchor) : string(event.data.sequence_start.anchor)
                let style = UInt32(isMapping ? event.data.mapping_start.style.rawValue : event.data.sequence_start.style.rawValue)
                let tag = localTag(isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag)
                stack.append(Frame(isMapping: isMapping, mark: start, anchor: anchor, tag: tag, style: style))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { continue }
                let node: Node
                if frame.isMapping {
                    node = .mapping(.init(frame.pairs, frame.tag ?? implicitTag, Node.Mapping.Style(rawValue: frame.style) ?? .any, frame.mark))
                } else {
                    node = .sequence(.init(frame.items, frame.tag ?? implicitTag, Node.Sequence.Style(rawValue: frame.style) ?? .any, frame.mark))
                }
                if let anchor = frame.anchor { anchors[anchor] = (node, frame.size) }
                if let problem = add(node, size: frame.size, at: frame.mark) { return .failure(problem) }
            default:
                break
            }
        }
    }

    /// Yams keeps `Mark`'s memberwise initialiser internal; a `Mark` is exactly two `Int`s
    /// (line, column), which the size check guards.
    static func makeMark(line: Int, column: Int) -> Mark {
        precondition(MemoryLayout<Mark>.size == MemoryLayout<(Int, Int)>.size, "Yams.Mark changed layout")
        return unsafeBitCast((line, column), to: Mark.self)
    }

    private static func parserError(_ parser: yaml_parser_t, source: YAMLSource) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "cannot parse"
        if problem.hasPrefix("Maximum nesting level") {
            // libyaml's own flow-nesting limit (1000) can trip before ours does.
            let mark = parser.context != nil ? parser.context_mark : parser.problem_mark
            return .error(.yamlTooDeep, "nesting is deeper than \(YAMLSource.maximumDepth) levels",
                          at: source.location(line: mark.line + 1, column: mark.column + 1))
        }
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            message += " \(context)"
        }
        if parser.error == YAML_READER_ERROR {
            let position = LineTable(source.text).position(ofUTF8Offset: parser.problem_offset)
            return .error(.yamlSyntax, message, at: source.location(line: position.line, column: position.column))
        }
        let mark = parser.problem_mark
        return .error(.yamlSyntax, message, at: source.location(line: mark.line + 1, column: mark.column + 1))
    }
}
