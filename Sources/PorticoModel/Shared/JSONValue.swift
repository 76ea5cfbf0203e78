import Diagnostics
import Yams

/// A JSON value that keeps the order its object members were written in: JSON Schema models,
/// resource policies and documentation parts are kept as the user wrote them, and printed
/// back in the same order.
public indirect enum JSONValue: Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The member named `key` of an object, if any.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The members of an object, in file order (empty for anything else).
    public var members: [JSONMember] {
        if case .object(let members) = self { return members }
        return []
    }

    /// Compact JSON text, members in file order.
    public var jsonText: String {
        var out = ""
        write(to: &out)
        return out
    }

    public var description: String { jsonText }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .integer(let number): out += String(number)
        case .number(let number):
            out += number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case .string(let text): JSONValue.writeString(text, to: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += "," }
                JSONValue.writeString(member.key, to: &out)
                out += ":"
                member.value.write(to: &out)
            }
            out += "}"
        }
    }

    /// A JSON string literal with the escapes JSON requires (quotes, backslash, control
    /// characters); the gateway writes its JSON bodies and events with it too.
    public static func quoted(_ text: String) -> String {
        var out = ""
        writeString(text, to: &out)
        return out
    }

    private static func writeString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let s where s.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(s.value, radix: 16).count) + String(s.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONValue

    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}

extension JSONValue {
    /// Converts a composed YAML/JSON node. Plain scalars resolve as YAML 1.2's core schema
    /// does (null, booleans, integers, floats); quoted ones stay strings. Aliases are expanded,
    /// with a budget of ``maximumNodes`` so a "billion laughs" document is refused, not expanded.
    static func from(_ node: Node, source: YAMLSource, diagnostics: inout DiagnosticEngine) -> JSONValue? {
        var budget = maximumNodes
        let value = convert(node, budget: &budget)
        if budget < 0 {
            diagnostics.error(.yamlTooLarge, "the value expands to more than \(maximumNodes) nodes (aliases?)", at: source.location(of: node))
            return nil
        }
        return value
    }

    static let maximumNodes = 1_000_000

    private static func convert(_ node: Node, budget: inout Int) -> JSONValue {
        budget -= 1
        if budget < 0 { return .null }
        switch node {
        case .scalar(let scalar):
            return resolve(scalar)
        case .sequence(let sequence):
            var items: [JSONValue] = []
            items.reserveCapacity(sequence.count)
            for item in sequence {
                items.append(convert(item, budget: &budget))
                if budget < 0 { return .null }
            }
            return .array(items)
        case .mapping(let mapping):
            var members: [JSONMember] = []
            members.reserveCapacity(mapping.count)
            for (key, value) in mapping {
                members.append(JSONMember(key: key.string ?? "", value: convert(value, budget: &budget)))
                if budget < 0 { return .null }
            }
            return .object(members)
        case .alias:
            return .null
        }
    }

    static func resolve(_ scalar: Node.Scalar) -> JSONValue {
        let text = scalar.string
        guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || (first >= 48 && first <= 57) || first == UInt8(ascii: ".") {
            if let number = Int(text) { return .integer(number) }
            if let number = Double(text), number.isFinite { return .number(number) }
        }
        return .string(text)
    }
}
