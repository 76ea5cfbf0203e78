import Foundation
import PorticoModel
import Velocity

/// A request body as the schema validator sees it: the body's JSON read into the model's
/// ordered `JSONValue`, where `1` is an integer and `1.0` or `1e2` a number, as Jackson reads
/// them (so `1.0` does not satisfy `type: integer`).
enum JSONInstance {
    /// The body's JSON, or the parser's complaint. An empty body is read as `{}`, as the
    /// recorded AWS test sends a GET without body and gets 400 only because `{}` lacks the
    /// model's required properties (recorded AWS response: LocalStack
    /// tests/aws/services/apigateway/test_apigateway_common.snapshot.json, test_api_gateway_request_validator).
    static func parse(_ body: String) -> Result<JSONValue, Unreadable> {
        if body.isEmpty { return .success(.object([])) }
        do {
            return .success(value(try JSONValueParser.parse(body)))
        } catch {
            return .failure(Unreadable(description: "\(error)"))
        }
    }

    /// Why a body is not JSON (the parser's message and offset).
    struct Unreadable: Error, CustomStringConvertible {
        let description: String
    }

    private static func value(_ parsed: VelocityValue) -> JSONValue {
        switch parsed {
        case .string(let text): .string(text)
        case .int(let number): .integer(number)
        case .double(let number): .number(number)
        case .bool(let flag): .bool(flag)
        case .list(let items), .jsonList(let items): .array(items.map(value))
        case .map(let map): .object(map.entries.map { JSONMember(key: $0.key, value: value($0.value)) })
        case .null, .object: .null
        }
    }

    /// The instance type names of JSON Schema draft 4.
    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// JSON equality as JSON Schema defines it for `enum` and `uniqueItems`: numbers by value
    /// (`1` equals `1.0`), objects regardless of member order.
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.integer, .integer), (.integer, .number), (.number, .integer), (.number, .number):
            return decimal(lhs) == decimal(rhs)
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { equal($0, $1) }
        case (.object(let left), .object(let right)):
            guard left.count == right.count else { return false }
            return left.allSatisfy { member in right.contains { $0.key == member.key && equal($0.value, member.value) } }
        default:
            return lhs == rhs
        }
    }

    /// A number as a decimal, so `0.3` is exactly three times `0.1` (the Java validator uses
    /// BigDecimal).
    static func decimal(_ value: JSONValue) -> Decimal? {
        switch value {
        case .integer(let number): Decimal(number)
        case .number(let number): Decimal(string: String(number))
        default: nil
        }
    }

    /// `multipleOf`: the quotient is a whole number.
    static func isMultiple(_ value: JSONValue, of divisor: JSONValue) -> Bool {
        if case .integer(let number) = value, case .integer(let step) = divisor, step != 0 {
            return number % step == 0
        }
        guard let number = decimal(value), let step = decimal(divisor), step != 0 else { return true }
        var quotient = number / step
        var whole = Decimal()
        NSDecimalRound(&whole, &quotient, 0, .down)
        return whole == quotient
    }

    /// A number as the validator prints it: integers plainly, others as Java prints a double
    /// (`1.5`, `100.0`).
    static func numberText(_ value: JSONValue) -> String {
        switch value {
        case .integer(let number): String(number)
        case .number(let number): String(number)
        default: value.jsonText
        }
    }
}
