import PorticoMarkdown
import PorticoModel

/// A JSON Schema (draft 4, as API Gateway models are, or OpenAPI's dialect of it) drawn as a
/// nested list: each property with its type, a required mark, format, enum, constraints and
/// description; arrays show their items, objects their properties; `oneOf`/`anyOf` are
/// alternatives and `allOf` branches that merge.
///
/// A `$ref` to `#/components/schemas/Name` is a link to that model's page and is never
/// inlined, so a model that refers to itself (or a cycle of models) draws once, and a shared
/// model is drawn on its own page only. Inline nesting deeper than ``maximumDepth`` is cut
/// with a note, so no schema makes the page unbounded.
struct SchemaTree {
    /// `Name` of a `#/components/schemas/Name` reference → the href of its page from the
    /// page being drawn; nil when the API has no such model (the reference is shown as text).
    let modelHref: (String) -> String?

    static let maximumDepth = 24
    static let componentPrefix = "#/components/schemas/"

    /// The model a `$ref` names, if it is a local component reference.
    static func modelName(_ reference: String) -> String? {
        reference.hasPrefix(componentPrefix) ? String(reference.dropFirst(componentPrefix.count)) : nil
    }

    /// The whole tree of `schema` as `<ul class="schema">…</ul>`.
    func html(_ schema: JSONValue) -> String {
        var out = "<ul class=\"schema\">\n"
        node(name: nil, schema: schema, required: false, depth: 0, into: &out)
        return out + "</ul>\n"
    }

    /// The type, format, enum and constraints on one line (a table cell).
    func inline(_ schema: JSONValue) -> String { summary(schema) + details(schema) }

    /// One `<li>`: the summary line of `schema`, then its children.
    private func node(name: String?, schema: JSONValue, required: Bool, depth: Int, into out: inout String) {
        out += "<li>"
        if let name { out += "<code class=\"schema-name\">\(name.htmlEscaped)</code> " }
        out += summary(schema)
        if required { out += " <span class=\"schema-required\">required</span>" }
        out += details(schema)
        if let description = schema["description"]?.stringValue, !description.isEmpty {
            out += " <span class=\"schema-description\">\(description.htmlEscaped)</span>"
        }
        if depth >= Self.maximumDepth, Self.hasStructure(schema) {
            out += " <span class=\"schema-note\">(nested deeper than \(Self.maximumDepth) levels; not drawn)</span></li>\n"
            return
        }
        children(schema, depth: depth + 1, into: &out)
        out += "</li>\n"
    }

    /// `object`, `array of string`, a model link, `string | null`, …
    private func summary(_ schema: JSONValue) -> String {
        if let reference = schema["$ref"]?.stringValue { return referenceLink(reference) }
        let types = typeNames(schema)
        if types == ["array"], let items = schema["items"] {
            if let reference = items["$ref"]?.stringValue { return "<span class=\"schema-type\">array of</span> " + referenceLink(reference) }
            let inner = typeNames(items)
            if !inner.isEmpty { return "<span class=\"schema-type\">array of \(inner.joined(separator: " | ").htmlEscaped)</span>" }
        }
        if types.isEmpty {
            if let combinator = Self.combinators.first(where: { schema[$0.key] != nil }) {
                return "<span class=\"schema-combinator\">\(combinator.label)</span>"
            }
            return "<span class=\"schema-type\">any</span>"
        }
        var text = types.joined(separator: " | ")
        if schema["nullable"] == .bool(true) { text += " | null" }
        return "<span class=\"schema-type\">\(text.htmlEscaped)</span>"
    }

    private func referenceLink(_ reference: String) -> String {
        if let name = Self.modelName(reference), let href = modelHref(name) {
            return "<a class=\"schema-ref\" href=\"\(href.htmlEscaped)\">\(name.htmlEscaped)</a>"
        }
        return "<code class=\"schema-ref\">\(reference.htmlEscaped)</code>"
    }

    /// The declared types; `object` when the schema has properties but no type.
    private func typeNames(_ schema: JSONValue) -> [String] {
        switch schema["type"] {
        case .string(let type)?: return [type]
        case .array(let types)?: return types.compactMap(\.stringValue)
        default: return schema["properties"] != nil ? ["object"] : []
        }
    }

    /// Format, enum, default and constraints, after the type.
    private func details(_ schema: JSONValue) -> String {
        var parts: [String] = []
        if let format = schema["format"]?.stringValue { parts.append("<span class=\"schema-format\">\(format.htmlEscaped)</span>") }
        if let values = schema["enum"]?.arrayValue {
            parts.append("<span class=\"schema-enum\">one of " + values.map { "<code>\($0.jsonText.htmlEscaped)</code>" }.joined(separator: ", ") + "</span>")
        }
        if let value = schema["const"] { parts.append("<span class=\"schema-enum\">always <code>\(value.jsonText.htmlEscaped)</code></span>") }
        var constraints: [String] = []
        for (key, label) in Self.constraintLabels {
            if let value = schema[key], value != .null { constraints.append("\(label) \(value.stringValue ?? value.jsonText)") }
        }
        for flag in ["readOnly", "writeOnly", "deprecated", "uniqueItems"] where schema[flag] == .bool(true) { constraints.append(flag) }
        if schema["additionalProperties"] == .bool(false) { constraints.append("no other properties") }
        if !constraints.isEmpty { parts.append("<span class=\"schema-constraints\">\(constraints.joined(separator: ", ").htmlEscaped)</span>") }
        if let value = schema["default"] { parts.append("<span class=\"schema-default\">default <code>\(value.jsonText.htmlEscaped)</code></span>") }
        return parts.isEmpty ? "" : " " + parts.joined(separator: " ")
    }

    /// Alternatives (`oneOf`, `anyOf`) and branches that merge (`allOf`), as the tree names them.
    static let combinators: [(key: String, label: String)] = [("oneOf", "exactly one of"), ("anyOf", "any of"), ("allOf", "all of, merged")]

    static let constraintLabels: [(String, String)] = [
        ("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤"), ("exclusiveMaximum", "<"), ("multipleOf", "multiple of"),
        ("minLength", "min length"), ("maxLength", "max length"), ("pattern", "pattern"),
        ("minItems", "min items"), ("maxItems", "max items"), ("minProperties", "min properties"), ("maxProperties", "max properties"),
    ]

    /// Whether a schema draws more than one line: properties, combinators, a map's values
    /// or structured items. A `$ref` is one line: its model has its own page.
    static func hasStructure(_ schema: JSONValue) -> Bool {
        guard schema["$ref"] == nil else { return false }
        if schema["properties"] != nil || schema["oneOf"] != nil || schema["anyOf"] != nil || schema["allOf"] != nil { return true }
        if case .object = schema["additionalProperties"] ?? .null { return true }
        if let items = schema["items"] { return hasStructure(items) }
        return false
    }

    /// Properties, array items with their own structure, map values and combinator branches.
    private func children(_ schema: JSONValue, depth: Int, into out: inout String) {
        guard schema["$ref"] == nil else { return }
        var inner = ""
        let required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        for member in schema["properties"]?.members ?? [] {
            node(name: member.key, schema: member.value, required: required.contains(member.key), depth: depth, into: &inner)
        }
        if case .object = schema["additionalProperties"] ?? .null, let values = schema["additionalProperties"] {
            node(name: "{any name}", schema: values, required: false, depth: depth, into: &inner)
        }
        if let items = schema["items"], Self.hasStructure(items) {
            node(name: "[item]", schema: items, required: false, depth: depth, into: &inner)
        }
        let present = Self.combinators.filter { schema[$0.key]?.arrayValue != nil }
        // A schema that is only `oneOf` (say) shows its combinator as its type, and its
        // branches as its children; one that also has a type or properties lists each
        // combinator as an entry of its own.
        let onlyBranches = inner.isEmpty && present.count == 1 && typeNames(schema).isEmpty
        for (key, label) in present {
            var branches = "<ol class=\"schema-branches\">\n"
            for branch in schema[key]?.arrayValue ?? [] { node(name: nil, schema: branch, required: false, depth: depth, into: &branches) }
            branches += "</ol>\n"
            if onlyBranches { out += "\n" + branches; return }
            inner += "<li><span class=\"schema-combinator\">\(label)</span>\n\(branches)</li>\n"
        }
        if !inner.isEmpty { out += "\n<ul>\n" + inner + "</ul>\n" }
    }

    /// Every model a schema refers to, in first-reference order (walks inline parts only).
    static func referencedModels(_ schema: JSONValue, into names: inout [String]) {
        switch schema {
        case .object(let members):
            for member in members {
                if member.key == "$ref", let reference = member.value.stringValue {
                    if let name = modelName(reference), !names.contains(name) { names.append(name) }
                } else {
                    referencedModels(member.value, into: &names)
                }
            }
        case .array(let items):
            for item in items { referencedModels(item, into: &names) }
        default:
            break
        }
    }
}
