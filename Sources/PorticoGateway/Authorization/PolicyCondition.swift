import Foundation
import PorticoModel

/// One test of a `Condition` block: an operator, a key and the values it accepts (IAM User
/// Guide: reference_policies_elements_condition, reference_policies_elements_condition_operators,
/// reference_policies_condition-single-vs-multi-valued-context-keys).
///
/// Operators, keys and values combine as IAM says: every operator and every key of a block
/// must hold (AND); the values of one key are alternatives (OR) for a positive operator, and
/// none may match for a negated one. A key the request does not have makes a condition false,
/// except for negated operators (true), `…IfExists` (true) and `Null`.
public struct PolicyCondition: Sendable, Equatable {
    public var test: Test
    public var negated: Bool
    public var ifExists: Bool
    public var setOperator: SetOperator?
    /// The context key, as written (matched without regard to case).
    public var key: String
    public var values: [String]

    public enum Test: String, Sendable, Equatable, CaseIterable {
        case stringEquals = "StringEquals", stringEqualsIgnoreCase = "StringEqualsIgnoreCase", stringLike = "StringLike"
        case numericEquals = "NumericEquals", numericLessThan = "NumericLessThan", numericLessThanEquals = "NumericLessThanEquals"
        case numericGreaterThan = "NumericGreaterThan", numericGreaterThanEquals = "NumericGreaterThanEquals"
        case dateEquals = "DateEquals", dateLessThan = "DateLessThan", dateLessThanEquals = "DateLessThanEquals"
        case dateGreaterThan = "DateGreaterThan", dateGreaterThanEquals = "DateGreaterThanEquals"
        case bool = "Bool", ipAddress = "IpAddress", arnEquals = "ArnEquals", arnLike = "ArnLike", null = "Null"
    }

    /// `ForAnyValue:` / `ForAllValues:` on a multivalued key.
    public enum SetOperator: String, Sendable, Equatable {
        case forAnyValue = "ForAnyValue"
        case forAllValues = "ForAllValues"
    }

    /// The operator names IAM writes for the negated tests.
    private static let negatedNames: [String: (Test, Bool)] = [
        "StringNotEquals": (.stringEquals, true), "StringNotEqualsIgnoreCase": (.stringEqualsIgnoreCase, true),
        "StringNotLike": (.stringLike, true), "NumericNotEquals": (.numericEquals, true), "DateNotEquals": (.dateEquals, true),
        "NotIpAddress": (.ipAddress, true), "ArnNotEquals": (.arnEquals, true), "ArnNotLike": (.arnLike, true),
    ]

    /// Reads a `Condition` block.
    static func parse(_ block: JSONValue) throws(PolicyDocument.Invalid) -> [PolicyCondition] {
        guard case .object(let operators) = block else { throw PolicyDocument.Invalid("Condition must be an object") }
        var result: [PolicyCondition] = []
        for entry in operators {
            var name = Substring(entry.key)
            var setOperator: SetOperator?
            if let colon = name.firstIndex(of: ":") {
                guard let prefix = SetOperator(rawValue: String(name[..<colon])) else {
                    throw PolicyDocument.Invalid("unknown condition operator '\(entry.key)'")
                }
                setOperator = prefix
                name = name[name.index(after: colon)...]
            }
            var ifExists = false
            if name.hasSuffix("IfExists"), name != "IfExists" {
                ifExists = true
                name = name.dropLast("IfExists".count)
            }
            let test: Test
            var negated = false
            if let known = Test(rawValue: String(name)) {
                test = known
            } else if let (known, isNegated) = negatedNames[String(name)] {
                test = known
                negated = isNegated
            } else {
                throw PolicyDocument.Invalid("unknown condition operator '\(entry.key)'")
            }
            guard case .object(let keys) = entry.value else {
                throw PolicyDocument.Invalid("condition operator '\(entry.key)' must map keys to values")
            }
            for key in keys {
                let values: [String]
                switch key.value {
                case .array(let items): values = items.compactMap(Self.text)
                default: values = Self.text(key.value).map { [$0] } ?? []
                }
                guard !values.isEmpty else {
                    throw PolicyDocument.Invalid("condition '\(entry.key)' on '\(key.key)' has no value")
                }
                result.append(PolicyCondition(test: test, negated: negated, ifExists: ifExists, setOperator: setOperator,
                                              key: key.key, values: values))
            }
        }
        return result
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        case .number(let number): String(number)
        default: nil
        }
    }

    /// Whether the condition holds for a request whose context keys have `present` values
    /// (nil: the request has no such key).
    func holds(for present: [String]?) -> Bool {
        if test == .null {
            // `Null: true` holds when the key is absent (IAM: "Condition operator to check existence of condition keys").
            let wantsAbsent = values.first?.lowercased() == "true"
            return wantsAbsent == (present == nil)
        }
        // ForAllValues over no values holds (IAM: "ForAllValues … returns true if the key is
        // missing"); other tests need the key unless negated or IfExists.
        guard let present, !present.isEmpty else { return ifExists || negated || setOperator == .forAllValues }
        switch setOperator {
        case .forAllValues?:
            return present.allSatisfy { matches($0) != negated }
        case .forAnyValue?, nil:
            let any = present.contains { matches($0) }
            return negated ? !any : any
        }
    }

    /// Whether one request value matches one of the condition's values.
    private func matches(_ actual: String) -> Bool {
        values.contains { expected in
            switch test {
            case .stringEquals: actual == expected
            case .stringEqualsIgnoreCase: actual.lowercased() == expected.lowercased()
            case .stringLike: PolicyPattern.matches(expected, actual, caseSensitive: true)
            case .numericEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan, .numericGreaterThanEquals:
                compare(Double(actual), Double(expected))
            case .dateEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
                compare(Self.date(actual), Self.date(expected))
            case .bool: actual.lowercased() == expected.lowercased()
            case .ipAddress: IPRange(expected)?.contains(actual) ?? false
            case .arnEquals, .arnLike: PolicyPattern.matchesARN(expected, actual)
            case .null: false
            }
        }
    }

    private func compareResult(_ order: ComparisonResult) -> Bool {
        switch test {
        case .numericEquals, .dateEquals: order == .orderedSame
        case .numericLessThan, .dateLessThan: order == .orderedAscending
        case .numericLessThanEquals, .dateLessThanEquals: order != .orderedDescending
        case .numericGreaterThan, .dateGreaterThan: order == .orderedDescending
        case .numericGreaterThanEquals, .dateGreaterThanEquals: order != .orderedAscending
        default: false
        }
    }

    private func compare(_ actual: Double?, _ expected: Double?) -> Bool {
        guard let actual, let expected else { return false }
        return compareResult(actual < expected ? .orderedAscending : actual > expected ? .orderedDescending : .orderedSame)
    }

    /// Dates as IAM accepts them: ISO 8601 or seconds since the epoch.
    private static func date(_ text: String) -> Double? {
        if let seconds = Double(text) { return seconds }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)?.timeIntervalSince1970
    }
}

/// IAM's wildcards: `*` any run of characters (`/` and `:` included), `?` one character.
public enum PolicyPattern {
    public static func matches(_ pattern: String, _ text: String, caseSensitive: Bool) -> Bool {
        let p = Array((caseSensitive ? pattern : pattern.lowercased()).utf8)
        let t = Array((caseSensitive ? text : text.lowercased()).utf8)
        // Iterative glob match with one backtrack point: linear in practice, never exponential.
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == t[ti] {
                pi += 1; ti += 1
            } else if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }

    /// ARNs compare part by part (`arn:partition:service:region:account:resource`), each part
    /// with wildcards (IAM User Guide: reference_policies_elements_condition_operators, ARN
    /// condition operators).
    public static func matchesARN(_ pattern: String, _ arn: String) -> Bool {
        let patternParts = pattern.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let arnParts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard patternParts.count == 6, arnParts.count == 6 else { return false }
        return zip(patternParts, arnParts).allSatisfy { matches(String($0), String($1), caseSensitive: true) }
    }
}

/// A CIDR block (or one address) of IPv4 or IPv6, for `IpAddress` / `NotIpAddress`.
struct IPRange: Sendable, Equatable {
    let address: [UInt8]
    let prefix: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let bytes = IPRange.bytes(of: String(first)) else { return nil }
        let length = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
        guard let length, (0...bytes.count * 8).contains(length) else { return nil }
        address = bytes
        prefix = length
    }

    func contains(_ text: String) -> Bool {
        guard let bytes = IPRange.bytes(of: text), bytes.count == address.count else { return false }
        var remaining = prefix
        for index in bytes.indices where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if bytes[index] & mask != address[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// The address's bytes: 4 for IPv4, 16 for IPv6; nil when it is neither.
    static func bytes(of text: String) -> [UInt8]? {
        if text.contains(":") {
            var storage = in6_addr()
            guard inet_pton(AF_INET6, text, &storage) == 1 else { return nil }
            return withUnsafeBytes(of: &storage) { Array($0) }
        }
        var storage = in_addr()
        guard inet_pton(AF_INET, text, &storage) == 1 else { return nil }
        return withUnsafeBytes(of: &storage) { Array($0) }
    }
}
