import Velocity

/// An ordered JSON value for what the gateway writes itself (Lambda events), so keys come out
/// in AWS's documented order and the same request always gives the same bytes.
public indirect enum JSONText: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    /// A number with a fraction or exponent, as a function returned it (an HTTP API
    /// authorizer's context).
    case double(Double)
    case string(String)
    case array([JSONText])
    case object([(String, JSONText)])

    public static func == (lhs: JSONText, rhs: JSONText) -> Bool {
        lhs.compact == rhs.compact
    }

    /// Compact text, as Lambda receives it.
    public var compact: String {
        var out = ""
        write(into: &out)
        return out
    }

    func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .double(let number): out += number.isFinite ? String(number) : "null"
        case .string(let text): out += jsonQuoted(text)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (index, pair) in pairs.enumerated() {
                if index > 0 { out += "," }
                out += jsonQuoted(pair.0)
                out += ":"
                pair.1.write(into: &out)
            }
            out += "}"
        }
    }

    /// A string map as an object, or null when empty (recorded AWS response: LocalStack
    /// tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
    /// test_lambda_aws_proxy_integration › invocation-payload-without-trailing-slash).
    static func objectOrNull(_ pairs: [(String, String)]) -> JSONText {
        pairs.isEmpty ? .null : .object(pairs.map { ($0.0, .string($0.1)) })
    }

    /// A value read from a function's JSON output, members in their order (`$util` objects,
    /// which JSON text never holds, as null).
    init(_ value: VelocityValue) {
        switch value {
        case .null, .object: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(Int64(number))
        case .double(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .list(let items), .jsonList(let items): self = .array(items.map(JSONText.init))
        case .map(let map): self = JSONText(map: map)
        }
    }

    init(map: OrderedMap) {
        self = .object(map.entries.map { ($0.key, JSONText($0.value)) })
    }
}
