import Foundation
import PorticoModel

/// The draft 4 keywords that report problems, each applied only to the instance types it is
/// defined for, with the Java json-schema-validator's messages (its
/// `com/github/fge/jsonschema/validator/validation.properties`). Lists in messages are compact
/// JSON arrays (`["a","b"]`) as that library prints them; `required` and
/// `additionalProperties` list names sorted, `type` lists types in the library's order and
/// adds `integer` wherever `number` is allowed.
struct SchemaKeywords {
    let run: SchemaValidationRun
    let schema: JSONValue
    let root: SchemaRoot
    let pointer: String
    let chain: [String]
    let depth: Int

    func check(_ keyword: String, _ value: JSONValue, instance: JSONValue, into report: inout SchemaReport) {
        switch (keyword, instance) {
        case ("additionalItems", .array(let items)):
            if case .bool(false) = value, case .array(let tuple)? = schema["items"], items.count > tuple.count {
                report.add("schema only allows \(tuple.count) elements in array but instance has \(items.count) elements", at: pointer)
            }
        case ("additionalProperties", .object(let fields)):
            guard case .bool(false) = value else { return }
            let declared = Set(schema["properties"]?.members.map(\.key) ?? [])
            let patterns = schema["patternProperties"]?.members.map(\.key) ?? []
            let extra = fields.map(\.key).filter { name in
                !declared.contains(name) && !patterns.contains { run.matches($0, name) }
            }
            if !extra.isEmpty {
                report.add("object instance has properties which are not allowed by the schema: \(Self.list(extra.sorted()))", at: pointer)
            }
        case ("allOf", _):
            let schemas = value.arrayValue ?? []
            let matched = matchCount(schemas, instance)
            if matched != schemas.count {
                report.add("instance failed to match all required schemas (matched only \(matched) out of \(schemas.count))", at: pointer)
            }
        case ("anyOf", _):
            let schemas = value.arrayValue ?? []
            if matchCount(schemas, instance) == 0 {
                report.add("instance failed to match at least one required schema among \(schemas.count)", at: pointer)
            }
        case ("oneOf", _):
            let schemas = value.arrayValue ?? []
            let matched = matchCount(schemas, instance)
            if matched != 1 {
                report.add("instance failed to match exactly one schema (matched \(matched) out of \(schemas.count))", at: pointer)
            }
        case ("not", _):
            if matchCount([value], instance) == 1 {
                report.add("instance matched a schema which it should not have", at: pointer)
            }
        case ("dependencies", .object(let fields)):
            let present = Set(fields.map(\.key))
            let dependencies = value.members.sorted { $0.key < $1.key }.filter { present.contains($0.key) }
            for dependency in dependencies {
                guard case .array(let names) = dependency.value else { continue }
                let required = names.compactMap(\.stringValue)
                let missing = required.filter { !present.contains($0) }
                if !missing.isEmpty {
                    report.add("property \"\(dependency.key)\" of object has missing property dependencies (schema requires \(Self.list(required)); missing: \(Self.list(missing)))", at: pointer)
                }
            }
            // Schema dependencies report into the same report (DependenciesValidator).
            for dependency in dependencies {
                guard case .object = dependency.value else { continue }
                run.process(dependency.value, root: root, instance: instance, pointer: pointer, chain: chain, depth: depth + 1, into: &report)
            }
        case ("enum", _):
            let allowed = value.arrayValue ?? []
            if !allowed.contains(where: { JSONInstance.equal($0, instance) }) {
                report.add("instance value (\(instance.jsonText)) not found in enum (possible values: \(value.jsonText))", at: pointer)
            }
        case ("maxItems", .array(let items)):
            if let limit = Self.count(value), items.count > limit {
                report.add("array is too long: must have at most \(limit) elements but instance has \(items.count) elements", at: pointer)
            }
        case ("minItems", .array(let items)):
            if let limit = Self.count(value), items.count < limit {
                report.add("array is too short: must have at least \(limit) elements but instance has \(items.count) elements", at: pointer)
            }
        case ("maxLength", .string(let text)):
            // Code points, not UTF-16 units or grapheme clusters (String.codePointCount in Java).
            let length = text.unicodeScalars.count
            if let limit = Self.count(value), length > limit {
                report.add("string \"\(text)\" is too long (length: \(length), maximum allowed: \(limit))", at: pointer)
            }
        case ("minLength", .string(let text)):
            let length = text.unicodeScalars.count
            if let limit = Self.count(value), length < limit {
                report.add("string \"\(text)\" is too short (length: \(length), required minimum: \(limit))", at: pointer)
            }
        case ("maxProperties", .object(let fields)):
            if let limit = Self.count(value), fields.count > limit {
                report.add("object has too many properties (found \(fields.count) but schema requires at most \(limit))", at: pointer)
            }
        case ("minProperties", .object(let fields)):
            if let limit = Self.count(value), fields.count < limit {
                report.add("object has too few properties (found \(fields.count) but schema requires at least \(limit))", at: pointer)
            }
        case ("maximum", .integer), ("maximum", .number):
            guard let limit = JSONInstance.decimal(value), let number = JSONInstance.decimal(instance) else { return }
            if number > limit {
                report.add("numeric instance is greater than the required maximum (maximum: \(JSONInstance.numberText(value)), found: \(JSONInstance.numberText(instance)))", at: pointer)
            } else if number == limit, schema["exclusiveMaximum"] == .bool(true) {
                report.add("numeric instance is not strictly lower than the required maximum \(JSONInstance.numberText(value))", at: pointer)
            }
        case ("minimum", .integer), ("minimum", .number):
            guard let limit = JSONInstance.decimal(value), let number = JSONInstance.decimal(instance) else { return }
            if number < limit {
                report.add("numeric instance is lower than the required minimum (minimum: \(JSONInstance.numberText(value)), found: \(JSONInstance.numberText(instance)))", at: pointer)
            } else if number == limit, schema["exclusiveMinimum"] == .bool(true) {
                report.add("numeric instance is not strictly greater than the required minimum \(JSONInstance.numberText(value))", at: pointer)
            }
        case ("multipleOf", .integer), ("multipleOf", .number):
            if !JSONInstance.isMultiple(instance, of: value) {
                report.add("remainder of division is not zero (\(JSONInstance.numberText(instance)) / \(JSONInstance.numberText(value)))", at: pointer)
            }
        case ("pattern", .string(let text)):
            if let pattern = value.stringValue, !run.matches(pattern, text) {
                report.add("ECMA 262 regex \"\(pattern)\" does not match input string \"\(text)\"", at: pointer)
            }
        case ("required", .object(let fields)):
            let present = Set(fields.map(\.key))
            let missing = (value.arrayValue ?? []).compactMap(\.stringValue).sorted().filter { !present.contains($0) }
            if !missing.isEmpty {
                report.add("object has missing required properties (\(Self.list(missing)))", at: pointer)
            }
        case ("type", _):
            let allowed = Self.allowedTypes(value)
            let found = JSONInstance.typeName(instance)
            if !allowed.isEmpty, !allowed.contains(found) {
                report.add("instance type (\(found)) does not match any allowed primitive type (allowed: \(Self.list(allowed)))", at: pointer)
            }
        case ("uniqueItems", .array(let items)):
            guard value == .bool(true) else { return }
            for (index, item) in items.enumerated() where items[(index + 1)...].contains(where: { JSONInstance.equal($0, item) }) {
                report.add("array must not contain duplicate elements", at: pointer)
                return
            }
        default:
            break
        }
    }

    /// How many of `schemas` the instance satisfies, each judged on a report of its own.
    private func matchCount(_ schemas: [JSONValue], _ instance: JSONValue) -> Int {
        schemas.reduce(0) { count, branch in
            var branchReport = SchemaReport()
            run.process(branch, root: root, instance: instance, pointer: pointer, chain: chain, depth: depth + 1, into: &branchReport)
            return count + (branchReport.isSuccess ? 1 : 0)
        }
    }

    /// The type names `type` allows, in the Java validator's order; `number` admits `integer`.
    static func allowedTypes(_ value: JSONValue) -> [String] {
        var names = Set(value.stringValue.map { [$0] } ?? (value.arrayValue ?? []).compactMap(\.stringValue))
        if names.contains("number") { names.insert("integer") }
        return ["array", "boolean", "integer", "null", "number", "object", "string"].filter(names.contains)
    }

    /// A non-negative integer keyword value (`maxLength: 3`, also written `3.0`).
    static func count(_ value: JSONValue) -> Int? {
        switch value {
        case .integer(let number): number
        case .number(let number) where number.rounded() == number && abs(number) < 1e15: Int(number)
        default: nil
        }
    }

    /// Names as a compact JSON array, as Jackson prints an `ArrayNode`.
    static func list(_ names: [String]) -> String {
        "[" + names.map(JSONValue.quoted).joined(separator: ",") + "]"
    }
}
