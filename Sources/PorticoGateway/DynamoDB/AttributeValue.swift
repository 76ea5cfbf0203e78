import Foundation
import PorticoModel

/// One DynamoDB attribute value, as the JSON protocol types it (API: AttributeValue):
/// `{"S": "text"}`, `{"N": "12.5"}` (numbers travel as strings), `{"B": "<base64>"}`,
/// `{"BOOL": true}`, `{"NULL": true}`, `{"M": {…}}`, `{"L": […]}` and the sets `SS`, `NS`, `BS`.
///
/// Numbers are kept in DynamoDB's canonical form (`"01.50"` is stored and returned as
/// `"1.5"`: DynamoDB DG HowItWorks.NamingRulesDataTypes, "Leading and trailing zeroes are
/// trimmed") and compared as decimals of up to 38 digits.
indirect enum AttributeValue: Sendable, Equatable {
    case s(String)
    case n(String)
    case b([UInt8])
    case bool(Bool)
    case null
    case m([String: AttributeValue])
    case l([AttributeValue])
    case ss([String])
    case ns([String])
    case bs([[UInt8]])

    /// The type's name on the wire (`S`, `N`, …), as error messages print it.
    var typeName: String {
        switch self {
        case .s: "S"
        case .n: "N"
        case .b: "B"
        case .bool: "BOOL"
        case .null: "NULL"
        case .m: "M"
        case .l: "L"
        case .ss: "SS"
        case .ns: "NS"
        case .bs: "BS"
        }
    }

    /// The value as a key attribute compares it, when it is a scalar (S, N or B).
    var scalar: KeyScalar? {
        switch self {
        case .s(let text): .s(text)
        case .n(let number): .n(number)
        case .b(let bytes): .b(bytes)
        default: nil
        }
    }

    /// Reads one attribute value from the request's JSON. The messages are DynamoDB's
    /// (ValidationException for the shape, SerializationException for a member of the wrong
    /// JSON type), as botocore surfaces them.
    init(json: JSONValue) throws(DynamoDBError) {
        guard case .object(let members) = json else {
            throw .serialization("Unexpected value type in payload")
        }
        guard let member = members.first else {
            throw .validation("One or more parameter values were invalid: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")
        }
        guard members.count == 1 else {
            throw .validation("One or more parameter values were invalid: Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")
        }
        switch (member.key, member.value) {
        case ("S", .string(let text)): self = .s(text)
        case ("N", .string(let text)): self = .n(try Self.number(text))
        case ("B", .string(let text)): self = .b(try Self.blob(text))
        case ("BOOL", .bool(let flag)): self = .bool(flag)
        case ("NULL", .bool(true)): self = .null
        case ("NULL", .bool(false)):
            throw .validation("One or more parameter values were invalid: Null attribute value types must have the value of true")
        case ("M", .object(let entries)):
            var map: [String: AttributeValue] = [:]
            for entry in entries { map[entry.key] = try AttributeValue(json: entry.value) }
            self = .m(map)
        case ("L", .array(let items)):
            self = .l(try items.map { item throws(DynamoDBError) in try AttributeValue(json: item) })
        case ("SS", .array(let items)):
            self = .ss(try Self.set(items, name: "string") { text throws(DynamoDBError) in text })
        case ("NS", .array(let items)):
            self = .ns(try Self.set(items, name: "number", Self.number))
        case ("BS", .array(let items)):
            let texts = try Self.set(items, name: "binary") { text throws(DynamoDBError) in text }
            self = .bs(try texts.map { text throws(DynamoDBError) in try Self.blob(text) })
        case ("S", _), ("N", _), ("B", _), ("BOOL", _), ("NULL", _), ("M", _), ("L", _), ("SS", _), ("NS", _), ("BS", _):
            throw .serialization("Unexpected value type in payload")
        default:
            throw .serialization("Unknown type in payload: \(member.key)")
        }
    }

    /// A number in DynamoDB's canonical form, or the ValidationException DynamoDB answers
    /// for text that is not one.
    static func number(_ text: String) throws(DynamoDBError) -> String {
        guard Self.isNumberText(text), let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            throw .validation("A value provided cannot be converted into a number")
        }
        return value.isZero ? "0" : value.description
    }

    private static func isNumberText(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let digits = bytes.prefix { (48...57).contains($0) }
        bytes = bytes.dropFirst(digits.count)
        var fraction = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fraction = bytes.prefix { (48...57).contains($0) }.count
            bytes = bytes.dropFirst(fraction)
        }
        guard digits.count + fraction > 0 else { return false }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            let exponent = bytes.prefix { (48...57).contains($0) }.count
            guard exponent > 0 else { return false }
            bytes = bytes.dropFirst(exponent)
        }
        return bytes.isEmpty
    }

    private static func blob(_ text: String) throws(DynamoDBError) -> [UInt8] {
        guard let bytes = Base64.decode(text) else { throw .serialization("Base64 encoded length is expected a multiple of 4 bytes but found: \(text.utf8.count)") }
        return bytes
    }

    /// A set's members: never empty, never repeated (DynamoDB DG
    /// HowItWorks.NamingRulesDataTypes, "Sets": "The values within a set must be unique…
    /// Empty sets are not supported").
    private static func set(_ items: [JSONValue], name: String, _ read: (String) throws(DynamoDBError) -> String) throws(DynamoDBError) -> [String] {
        guard !items.isEmpty else {
            throw .validation("One or more parameter values were invalid: An \(name) set  may not be empty")
        }
        var values: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw .serialization("Unexpected value type in payload") }
            values.append(try read(text))
        }
        guard Set(values).count == values.count else {
            throw .validation("One or more parameter values were invalid: Input collection [\(values.joined(separator: ", "))] contains duplicates.")
        }
        return values
    }

    /// The JSON DynamoDB answers with. Map members are written in name order, so the same
    /// item prints the same bytes every time (DynamoDB promises no order).
    func write(into out: inout String) {
        switch self {
        case .s(let text): out += "{\"S\":" + jsonQuoted(text) + "}"
        case .n(let number): out += "{\"N\":" + jsonQuoted(number) + "}"
        case .b(let bytes): out += "{\"B\":" + jsonQuoted(Base64.encode(bytes)) + "}"
        case .bool(let flag): out += flag ? "{\"BOOL\":true}" : "{\"BOOL\":false}"
        case .null: out += "{\"NULL\":true}"
        case .m(let map):
            out += "{\"M\":"
            Self.write(map, into: &out)
            out += "}"
        case .l(let items):
            out += "{\"L\":["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]}"
        case .ss(let texts): out += "{\"SS\":[" + texts.map(jsonQuoted).joined(separator: ",") + "]}"
        case .ns(let numbers): out += "{\"NS\":[" + numbers.map(jsonQuoted).joined(separator: ",") + "]}"
        case .bs(let blobs): out += "{\"BS\":[" + blobs.map { jsonQuoted(Base64.encode($0)) }.joined(separator: ",") + "]}"
        }
    }

    /// An item (or key) as DynamoDB writes it: `{"name":{"S":"…"},…}`, names in order.
    static func write(_ item: [String: AttributeValue], into out: inout String) {
        out += "{"
        for (index, name) in item.keys.sorted().enumerated() {
            if index > 0 { out += "," }
            out += jsonQuoted(name) + ":"
            item[name]!.write(into: &out)
        }
        out += "}"
    }

    static func json(_ item: [String: AttributeValue]) -> String {
        var out = ""
        write(item, into: &out)
        return out
    }

    /// Reads an item (`Item`, `Key`, `ExclusiveStartKey`): an object of attribute values.
    static func item(_ json: JSONValue) throws(DynamoDBError) -> [String: AttributeValue] {
        guard case .object(let members) = json else { throw .serialization("Unexpected value type in payload") }
        var item: [String: AttributeValue] = [:]
        for member in members { item[member.key] = try AttributeValue(json: member.value) }
        return item
    }
}

/// A key attribute's value, as DynamoDB orders keys (DynamoDB DG
/// HowItWorks.NamingRulesDataTypes, "String": UTF-8 bytes compared as binary; "Number":
/// numerically; "Binary": unsigned bytes).
enum KeyScalar: Hashable, Comparable, Sendable {
    case s(String)
    case n(String)
    case b([UInt8])

    static func < (lhs: KeyScalar, rhs: KeyScalar) -> Bool {
        switch (lhs, rhs) {
        case (.s(let a), .s(let b)): return a.utf8.lexicographicallyPrecedes(b.utf8)
        case (.n(let a), .n(let b)): return Decimal(string: a)! < Decimal(string: b)!
        case (.b(let a), .b(let b)): return a.lexicographicallyPrecedes(b)
        default: return lhs.rank < rhs.rank
        }
    }

    private var rank: Int {
        switch self {
        case .s: 0
        case .n: 1
        case .b: 2
        }
    }

    var value: AttributeValue {
        switch self {
        case .s(let text): .s(text)
        case .n(let number): .n(number)
        case .b(let bytes): .b(bytes)
        }
    }
}
