import Diagnostics
import Yams

/// Reads one YAML mapping into typed values, reporting every wrong type, missing key and
/// unknown key as a located diagnostic instead of stopping at the first.
///
/// Loaders ask for the keys they know; ``finish(known:)`` then warns about the rest, naming
/// the closest known key, so a misspelt `requestTemplate` is caught where it was written.
public struct MappingReader {
    public let node: Node
    public let source: YAMLSource
    public let pairs: [(key: String, keyNode: Node, value: Node)]
    /// The keys alone, so lookups compare strings without copying nodes.
    private let keyTexts: [String]

    /// Nil (with a diagnostic) when `node` is not a mapping.
    public init?(_ node: Node, source: YAMLSource, what: String, diagnostics: inout DiagnosticEngine) {
        guard case .mapping(let mapping) = node else {
            diagnostics.error(.modelType, "\(what) must be a mapping, found \(node.kindDescription)", at: source.location(of: node))
            return nil
        }
        self.node = node
        self.source = source
        pairs = mapping.map { (key: $0.key.string ?? "", keyNode: $0.key, value: $0.value) }
        keyTexts = pairs.map(\.key)
    }

    public var keys: [String] { keyTexts }

    public func value(_ key: String) -> Node? {
        guard let index = keyTexts.firstIndex(of: key) else { return nil }
        return pairs[index].value
    }

    public func location(of key: String) -> SourceLocation {
        if let index = keyTexts.firstIndex(of: key) { return source.location(of: pairs[index].keyNode) }
        return source.location(of: node)
    }

    public func location(ofValue key: String) -> SourceLocation {
        if let value = value(key) { return source.location(of: value) }
        return source.location(of: node)
    }

    public func string(_ key: String, diagnostics: inout DiagnosticEngine) -> String? {
        guard let value = value(key) else { return nil }
        guard case .scalar(let scalar) = value else {
            diagnostics.error(.modelType, "'\(key)' must be a string, found \(value.kindDescription)", at: source.location(of: value))
            return nil
        }
        return scalar.string
    }

    public func requiredString(_ key: String, in what: String, diagnostics: inout DiagnosticEngine) -> String? {
        guard value(key) != nil else {
            diagnostics.error(.modelMissingKey, "\(what) needs '\(key)'", at: source.location(of: node))
            return nil
        }
        return string(key, diagnostics: &diagnostics)
    }

    public func int(_ key: String, diagnostics: inout DiagnosticEngine) -> Int? {
        guard let value = value(key) else { return nil }
        guard case .scalar(let scalar) = value, let number = Int(scalar.string) else {
            diagnostics.error(.modelType, "'\(key)' must be an integer, found \(value.kindDescription)", at: source.location(of: value))
            return nil
        }
        return number
    }

    public func double(_ key: String, diagnostics: inout DiagnosticEngine) -> Double? {
        guard let value = value(key) else { return nil }
        guard case .scalar(let scalar) = value, let number = Double(scalar.string) else {
            diagnostics.error(.modelType, "'\(key)' must be a number, found \(value.kindDescription)", at: source.location(of: value))
            return nil
        }
        return number
    }

    public func bool(_ key: String, diagnostics: inout DiagnosticEngine) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .scalar(let scalar) = value, let flag = Bool(yamlScalar: scalar.string) else {
            diagnostics.error(.modelType, "'\(key)' must be true or false, found \(value.kindDescription)", at: source.location(of: value))
            return nil
        }
        return flag
    }

    public func mapping(_ key: String, diagnostics: inout DiagnosticEngine) -> MappingReader? {
        guard let value = value(key) else { return nil }
        return MappingReader(value, source: source, what: "'\(key)'", diagnostics: &diagnostics)
    }

    public func sequence(_ key: String, diagnostics: inout DiagnosticEngine) -> [Node]? {
        guard let value = value(key) else { return nil }
        guard case .sequence(let sequence) = value else {
            diagnostics.error(.modelType, "'\(key)' must be a list, found \(value.kindDescription)", at: source.location(of: value))
            return nil
        }
        return Array(sequence)
    }

    /// A mapping of string to string (stage variables, templates by content type, …), in file order.
    public func stringMap(_ key: String, diagnostics: inout DiagnosticEngine) -> [(key: String, value: String, location: SourceLocation)]? {
        guard let reader = mapping(key, diagnostics: &diagnostics) else { return nil }
        var result: [(key: String, value: String, location: SourceLocation)] = []
        for pair in reader.pairs {
            guard case .scalar(let scalar) = pair.value else {
                diagnostics.error(.modelType, "'\(pair.key)' must be a string, found \(pair.value.kindDescription)", at: source.location(of: pair.value))
                continue
            }
            result.append((pair.key, scalar.string, source.textLocation(of: pair.value)))
        }
        return result
    }

    /// Warns about every key not in `known`, suggesting the closest known one.
    public func finish(known: [String], in what: String, diagnostics: inout DiagnosticEngine) {
        for (index, key) in keyTexts.enumerated() where !known.contains(key) {
            let pair = pairs[index]
            var message = "unknown key '\(pair.key)' in \(what)"
            if let suggestion = closestMatch(to: pair.key, in: known) {
                message += "; did you mean '\(suggestion)'?"
            }
            diagnostics.warning(.modelUnknownKey, message, at: source.location(of: pair.keyNode))
        }
    }
}

extension YAMLSource {
    /// Where the text of a scalar starts: for block scalars (`|`, `>`) that is the line after
    /// the indicator, so template diagnostics land on the template's own lines.
    public func textLocation(of node: Node) -> SourceLocation {
        let start = location(of: node)
        guard case .scalar(let scalar) = node, scalar.style == .literal || scalar.style == .folded else {
            if case .scalar(let scalar) = node, scalar.style == .singleQuoted || scalar.style == .doubleQuoted {
                return SourceLocation(file: start.file, line: start.line, column: start.column + 1)
            }
            return start
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var line = start.line + 1
        while line <= lines.count, lines[line - 1].allSatisfy({ $0 == " " }) { line += 1 }
        let indent = line <= lines.count ? lines[line - 1].prefix { $0 == " " }.count : 0
        return SourceLocation(file: start.file, line: line, column: indent + 1)
    }
}

extension Node {
    var kindDescription: String {
        switch self {
        case .scalar(let scalar): "'\(scalar.string.prefix(40))'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}

extension Bool {
    init?(yamlScalar text: String) {
        switch text {
        case "true", "True", "TRUE": self = true
        case "false", "False", "FALSE": self = false
        default: return nil
        }
    }
}

/// The known key closest to `key` by edit distance, if it is close enough to be a typo.
public func closestMatch(to key: String, in candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(key.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= max(2, key.count / 3) ? best.0 : nil
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

extension Node.Mapping {
    /// The value of the scalar key `key`. Unlike Yams' subscript, this compares key text only:
    /// no tag resolution, no node built for the key, so it stays cheap on large documents.
    func value(forKey key: String) -> Node? {
        for (candidate, value) in self where candidate.scalar?.string == key { return value }
        return nil
    }
}
