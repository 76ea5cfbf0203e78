import PorticoModel
import Velocity

extension JSONValue {
    /// A value the gateway parsed from JSON text (a function's output, a request body) as the
    /// model's JSON, members in their order: how a Lambda authorizer's `policyDocument` reaches
    /// ``PolicyDocument``. Objects that are not JSON (`$util` helpers) become null.
    init(_ value: VelocityValue) {
        switch value {
        case .null, .object: self = .null
        case .string(let text): self = .string(text)
        case .int(let number): self = .integer(number)
        case .double(let number): self = .number(number)
        case .bool(let flag): self = .bool(flag)
        case .list(let items), .jsonList(let items): self = .array(items.map(JSONValue.init))
        case .map(let map): self = .object(map.entries.map { JSONMember(key: $0.key, value: JSONValue($0.value)) })
        }
    }

    /// Parses JSON text, as the gateway reads a function's output.
    static func parsing(_ text: String) throws -> JSONValue {
        JSONValue(try JSONValueParser.parse(text))
    }
}
