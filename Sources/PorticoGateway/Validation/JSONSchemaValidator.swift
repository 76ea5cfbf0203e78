import Foundation
import PorticoModel

/// JSON Schema draft 4, as API Gateway checks a request body against its model, reporting
/// problems in the words of the Java json-schema-validator (com.github.fge) that API Gateway
/// runs: `object has missing required properties (["name"])`, … (the wording AWS users see in
/// `$context.error.validationErrorString`).
///
/// It walks the way that library walks, so the same problems come out in the same order:
///
/// ```
///   schema at this level ─▶ its `$ref`s followed ─▶ keywords, in alphabetical order
///       └─ no problem reported so far? ─▶ each array element (by index) or object member
///          (sorted by name) against the schemas `items` / `properties` /
///          `patternProperties` / `additionalProperties` select for it
/// ```
///
/// A keyword applies only to the instance types it is defined for (`minLength` to strings,
/// `minimum` to numbers, …); `format` and `const` are not checked (`const` is not draft 4;
/// API Gateway does not check formats). Recursion is bounded: more than ``maximumDepth``
/// nested schema applications or ``maximumSteps`` in all, or a `$ref` chain that comes back to
/// itself without descending into the instance, stops the validation with a message instead
/// of exhausting the stack.
public struct JSONSchemaValidator: Sendable {
    /// The API's models, which `$ref`s may name (`#/components/schemas/Pet` or API Gateway's
    /// `https://apigateway.amazonaws.com/restapis/{id}/models/Pet`).
    public let models: [Model]

    public static let maximumDepth = 128
    public static let maximumSteps = 50_000

    public init(models: [Model] = []) {
        self.models = models
    }

    /// The problems `instance` has against `schema`, in the validator's words and order;
    /// empty when it is valid. `modelName` names the model the schema is (its `#` root).
    public func validate(_ instance: JSONValue, against schema: JSONValue, modelName: String = "") -> [String] {
        locatedProblems(instance, against: schema, modelName: modelName).map(\.message)
    }

    /// The same problems, each with the JSON pointer of the part of the instance it is about
    /// (`""` for the whole document, `/lines/0/quantity`): for a reader told where their
    /// document drifted from its model, which the Java validator's words alone do not say.
    public func locatedProblems(_ instance: JSONValue, against schema: JSONValue, modelName: String = "") -> [(pointer: String, message: String)] {
        let run = SchemaValidationRun(models: models)
        var report = SchemaReport()
        run.process(schema, root: SchemaRoot(name: modelName, document: schema), instance: instance,
                    pointer: "", chain: [], depth: 0, into: &report)
        // A stop inside `not` or `anyOf` may have been swallowed by its branch: say it anyway.
        if let stop = run.stopMessage, !report.messages.contains(stop) { report.add(stop, at: "") }
        return Array(zip(report.pointers, report.messages))
    }
}

/// The document `#` refers to while a schema is being applied: a model (its name) or the
/// request's inline schema (empty name).
struct SchemaRoot {
    var name: String
    var document: JSONValue
}

/// What one application of a schema found; `allOf`, `anyOf`, `oneOf` and `not` give each
/// branch a report of its own, as the Java validator does.
struct SchemaReport {
    var messages: [String] = []
    /// Where each message applies in the instance, as a JSON pointer; indexed like `messages`.
    var pointers: [String] = []
    var isSuccess: Bool { messages.isEmpty }

    mutating func add(_ message: String, at pointer: String) {
        messages.append(message)
        pointers.append(pointer)
    }
}

/// One validation: the step budget and the compiled patterns live as long as it does.
final class SchemaValidationRun {
    let models: [Model]
    private var steps = 0
    private(set) var stopMessage: String?
    private var patterns: [String: NSRegularExpression?] = [:]

    init(models: [Model]) {
        self.models = models
    }

    /// Applies `schema` to `instance` at `pointer`. `chain` holds the `$ref`s followed since
    /// the last step into the instance (a repeat is a loop).
    func process(_ schema: JSONValue, root: SchemaRoot, instance: JSONValue, pointer: String, chain: [String],
                 depth: Int, into report: inout SchemaReport) {
        guard stopMessage == nil else { return }
        steps += 1
        if depth > JSONSchemaValidator.maximumDepth || steps > JSONSchemaValidator.maximumSteps {
            let message = depth > JSONSchemaValidator.maximumDepth
                ? "validation stopped: schemas nest deeper than \(JSONSchemaValidator.maximumDepth) levels at pointer \"\(pointer)\""
                : "validation stopped: more than \(JSONSchemaValidator.maximumSteps) schema applications"
            stopMessage = message
            report.add(message, at: pointer)
            return
        }
        var schema = schema
        var root = root
        var chain = chain
        while let reference = schema["$ref"]?.stringValue {
            let key = root.name + " " + reference
            if chain.contains(key) {
                report.add("validation loop: schema \"\(reference)\" visited twice for pointer \"\(pointer)\" of validated instance", at: pointer)
                return
            }
            chain.append(key)
            guard let target = resolve(reference, from: root) else {
                report.add("unresolvable JSON Reference \"\(reference)\"", at: pointer)
                return
            }
            (schema, root) = target
        }
        guard case .object(let members) = schema else { return }

        let keywords = SchemaKeywords(run: self, schema: schema, root: root, pointer: pointer, chain: chain, depth: depth)
        for member in members.sorted(by: { $0.key < $1.key }) {
            keywords.check(member.key, member.value, instance: instance, into: &report)
        }
        // The Java validator descends only while nothing has failed (ValidationProcessor).
        guard report.isSuccess else { return }
        switch instance {
        case .array(let items):
            for (index, item) in items.enumerated() {
                for child in Self.schemas(forItem: index, in: schema) {
                    process(child, root: root, instance: item, pointer: pointer + "/" + String(index), chain: [],
                            depth: depth + 1, into: &report)
                }
            }
        case .object(let fields):
            for field in fields.sorted(by: { $0.key < $1.key }) {
                for child in schemas(forMember: field.key, in: schema) {
                    process(child, root: root, instance: field.value, pointer: pointer + "/" + JSONPointer.escape(field.key),
                            chain: [], depth: depth + 1, into: &report)
                }
            }
        default:
            break
        }
    }

    /// `items` (one schema for all, or one per position, then `additionalItems`).
    static func schemas(forItem index: Int, in schema: JSONValue) -> [JSONValue] {
        switch schema["items"] {
        case .object?: return [schema["items"]!]
        case .array(let tuple)?:
            if index < tuple.count { return [tuple[index]] }
            if case .object? = schema["additionalItems"] { return [schema["additionalItems"]!] }
            return []
        default: return []
        }
    }

    /// `properties[name]`, then every `patternProperties` entry whose pattern matches; if
    /// neither, `additionalProperties` when it is a schema.
    func schemas(forMember name: String, in schema: JSONValue) -> [JSONValue] {
        var selected: [JSONValue] = []
        if let property = schema["properties"]?[name] { selected.append(property) }
        for member in schema["patternProperties"]?.members ?? [] where matches(member.key, name) {
            selected.append(member.value)
        }
        if selected.isEmpty, case .object? = schema["additionalProperties"] {
            selected.append(schema["additionalProperties"]!)
        }
        return selected
    }

    /// ECMA 262 `test` semantics: the pattern may match anywhere (JSON Schema patterns are
    /// not anchored). A pattern that does not compile matches nothing; AWS refuses such a
    /// model when it is created. The text is the caller's, so the match is bounded in time
    /// (``BoundedRegexMatch``); one that runs out counts as not matching, and the request is
    /// refused as invalid rather than holding the gateway.
    func matches(_ pattern: String, _ text: String) -> Bool {
        let regex: NSRegularExpression?
        if let cached = patterns[pattern] {
            regex = cached
        } else {
            regex = try? NSRegularExpression(pattern: pattern)
            patterns[pattern] = regex
        }
        guard let regex else { return false }
        return BoundedRegexMatch.first(regex, in: text) == .matched
    }

    /// The schema a `$ref` names: `#` and `#/json/pointer` in the current root, the API's
    /// models as `#/components/schemas/Name[/…]` (OpenAPI) or as API Gateway's model URL
    /// `https://apigateway.amazonaws.com/restapis/{id}/models/Name[#/…]`.
    func resolve(_ reference: String, from root: SchemaRoot) -> (JSONValue, SchemaRoot)? {
        var root = root
        var fragment = Substring(reference)
        let modelURL = "https://apigateway.amazonaws.com/restapis/"
        if reference.hasPrefix(modelURL), let range = reference.range(of: "/models/") {
            let rest = reference[range.upperBound...]
            let name = rest.prefix { $0 != "#" }
            guard let model = models.first(where: { $0.name == name }) else { return nil }
            root = SchemaRoot(name: model.name, document: model.schema)
            fragment = rest.dropFirst(name.count)
            if fragment.isEmpty { fragment = "#" }
        }
        guard fragment.hasPrefix("#") else { return nil }
        guard var tokens = JSONPointer.tokens(fragment.dropFirst()) else { return nil }
        if tokens.count >= 3, tokens[0] == "components", tokens[1] == "schemas", root.document["components"] == nil,
           let model = models.first(where: { $0.name == tokens[2] }) {
            root = SchemaRoot(name: model.name, document: model.schema)
            tokens.removeFirst(3)
        }
        var node = root.document
        for token in tokens {
            switch node {
            case .object:
                guard let next = node[token] else { return nil }
                node = next
            case .array(let items):
                guard let index = Int(token), items.indices.contains(index) else { return nil }
                node = items[index]
            default:
                return nil
            }
        }
        return (node, root)
    }
}

/// JSON Pointer (RFC 6901) tokens as they appear in URI fragments.
enum JSONPointer {
    /// The tokens of `/a/b~1c` (`["a", "b/c"]`); nil for text that is not a pointer.
    static func tokens(_ pointer: Substring) -> [String]? {
        guard !pointer.isEmpty else { return [] }
        guard pointer.hasPrefix("/") else { return nil }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { raw in
            var token = String(raw)
            if token.contains("%") { token = token.removingPercentEncoding ?? token }
            if token.contains("~") { token = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") }
            return token
        }
    }

    static func escape(_ token: String) -> String {
        guard token.contains("~") || token.contains("/") else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
