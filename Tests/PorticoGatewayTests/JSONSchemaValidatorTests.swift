@testable import PorticoGateway
import Diagnostics
import Foundation
import PorticoModel
import Testing

/// The draft 4 validator, keyword by keyword. Expected messages are the Java
/// json-schema-validator's (java-json-tools/json-schema-validator,
/// src/main/resources/com/github/fge/jsonschema/validator/validation.properties), which API
/// Gateway reports in `$context.error.validationErrorString`; where a message was seen in an
/// AWS response, the test says so.
@Suite("JSON Schema draft 4 validator")
struct JSONSchemaValidatorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let schema: String
        let instance: String
        let expected: [String]
        var testDescription: String { "\(schema) ← \(instance)" }

        init(_ schema: String, _ instance: String, _ expected: [String] = []) {
            self.schema = schema
            self.instance = instance
            self.expected = expected
        }
    }

    static func json(_ text: String) throws -> JSONValue {
        try JSONInstance.parse(text).get()
    }

    static func check(_ item: Case, models: [Model] = []) throws {
        let messages = JSONSchemaValidator(models: models).validate(try json(item.instance), against: try json(item.schema))
        #expect(messages == item.expected)
    }

    @Test("type: integer versus number, several types, number admits integer", arguments: [
        // Seen from AWS: kbase.us/services/ws/docs/typecheckingerrors.html (same library).
        Case(#"{"type": "integer"}"#, #""1""#, [#"instance type (string) does not match any allowed primitive type (allowed: ["integer"])"#]),
        Case(#"{"type": "integer"}"#, "1.4", [#"instance type (number) does not match any allowed primitive type (allowed: ["integer"])"#]),
        Case(#"{"type": "integer"}"#, "1.0", [#"instance type (number) does not match any allowed primitive type (allowed: ["integer"])"#]),
        Case(#"{"type": "integer"}"#, "-7"),
        Case(#"{"type": "number"}"#, "5"),
        Case(#"{"type": "number"}"#, "5.5"),
        Case(#"{"type": "number"}"#, #""1""#, [#"instance type (string) does not match any allowed primitive type (allowed: ["integer","number"])"#]),
        Case(#"{"type": ["string", "null"]}"#, "null"),
        Case(#"{"type": ["string", "null"]}"#, "true", [#"instance type (boolean) does not match any allowed primitive type (allowed: ["null","string"])"#]),
        Case(#"{"type": "object"}"#, "[]", [#"instance type (array) does not match any allowed primitive type (allowed: ["object"])"#]),
    ])
    func type(_ item: Case) throws { try Self.check(item) }

    @Test("enum compares JSON values (1 equals 1.0, member order does not matter)", arguments: [
        // Seen from AWS in a BAD_REQUEST_BODY response (workshop output quoted in the report).
        Case(#"{"enum": ["STOCK", "BOND", "CASH"]}"#, #""WOW""#, [#"instance value ("WOW") not found in enum (possible values: ["STOCK","BOND","CASH"])"#]),
        Case(#"{"enum": ["STOCK", "BOND", "CASH"]}"#, #""BOND""#),
        Case(#"{"enum": [1, {"a": [1, 2], "b": null}]}"#, #"{"b": null, "a": [1.0, 2]}"#),
        Case(#"{"enum": [1, 2]}"#, "3", ["instance value (3) not found in enum (possible values: [1,2])"]),
    ])
    func enumeration(_ item: Case) throws { try Self.check(item) }

    @Test("const (not draft 4) and format (not checked by API Gateway) are ignored", arguments: [
        Case(#"{"const": 1}"#, "2"),
        Case(#"{"format": "email"}"#, #""not an address""#),
        Case(#"{"format": "date-time", "type": "string"}"#, #""yesterday""#),
    ])
    func ignored(_ item: Case) throws { try Self.check(item) }

    @Test("required lists the missing names sorted; it applies to objects only", arguments: [
        Case(#"{"required": ["name", "age"]}"#, #"{"age": 1}"#, [#"object has missing required properties (["name"])"#]),
        Case(#"{"required": ["b", "a"]}"#, "{}", [#"object has missing required properties (["a","b"])"#]),
        Case(#"{"required": ["a"]}"#, #"{"a": null}"#),
        Case(#"{"required": ["a"]}"#, "5"),
    ])
    func required(_ item: Case) throws { try Self.check(item) }

    @Test("properties, patternProperties and additionalProperties select member schemas", arguments: [
        Case(#"{"properties": {"a": {"type": "string"}}}"#, #"{"a": 1}"#, [#"instance type (integer) does not match any allowed primitive type (allowed: ["string"])"#]),
        Case(#"{"properties": {"a": {}}, "patternProperties": {"^x-": {}}, "additionalProperties": false}"#,
             #"{"a": 1, "x-b": 2, "z": 3, "c": 4}"#, [#"object instance has properties which are not allowed by the schema: ["c","z"]"#]),
        Case(#"{"properties": {"a": {}}, "additionalProperties": false}"#, #"{"a": 1}"#),
        Case(#"{"additionalProperties": {"type": "integer"}}"#, #"{"n": "x"}"#, [#"instance type (string) does not match any allowed primitive type (allowed: ["integer"])"#]),
        Case(#"{"patternProperties": {"^n_": {"type": "integer"}}}"#, #"{"n_1": "x", "other": "y"}"#, [#"instance type (string) does not match any allowed primitive type (allowed: ["integer"])"#]),
        Case(#"{"properties": {"n_1": {"minimum": 5}}, "patternProperties": {"^n_": {"type": "integer"}}, "additionalProperties": {"type": "string"}}"#,
             #"{"n_1": 7, "n_2": 3}"#),
    ])
    func properties(_ item: Case) throws { try Self.check(item) }

    @Test("items (one schema or a tuple), additionalItems, minItems, maxItems, uniqueItems", arguments: [
        Case(#"{"items": {"type": "integer"}}"#, #"[1, "a"]"#, [#"instance type (string) does not match any allowed primitive type (allowed: ["integer"])"#]),
        Case(#"{"items": [{"type": "integer"}, {"type": "string"}], "additionalItems": false}"#, #"[1, "a", true]"#,
             ["schema only allows 2 elements in array but instance has 3 elements"]),
        Case(#"{"items": [{"type": "integer"}, {"type": "string"}], "additionalItems": false}"#, #"[1, "a"]"#),
        Case(#"{"items": [{}], "additionalItems": {"type": "string"}}"#, "[1, 2]", [#"instance type (integer) does not match any allowed primitive type (allowed: ["string"])"#]),
        Case(#"{"additionalItems": false}"#, "[1, 2, 3]"),
        Case(#"{"minItems": 2}"#, "[1]", ["array is too short: must have at least 2 elements but instance has 1 elements"]),
        Case(#"{"minItems": 2}"#, "[1, 2]"),
        Case(#"{"maxItems": 1}"#, "[1, 2]", ["array is too long: must have at most 1 elements but instance has 2 elements"]),
        Case(#"{"uniqueItems": true}"#, "[1, 1.0]", ["array must not contain duplicate elements"]),
        Case(#"{"uniqueItems": true}"#, #"[{"a": 1, "b": 2}, {"b": 2, "a": 1}]"#, ["array must not contain duplicate elements"]),
        Case(#"{"uniqueItems": true}"#, #"[1, "1", [1]]"#),
    ])
    func arrays(_ item: Case) throws { try Self.check(item) }

    @Test("minLength and maxLength count code points; pattern is an unanchored search", arguments: [
        Case(#"{"minLength": 3}"#, #""ab""#, [#"string "ab" is too short (length: 2, required minimum: 3)"#]),
        // Seen from AWS (workshop output): maxLength 4 on "thisstringistoolong".
        Case(#"{"maxLength": 4}"#, #""thisstringistoolong""#, [#"string "thisstringistoolong" is too long (length: 19, maximum allowed: 4)"#]),
        Case(#"{"maxLength": 2}"#, #""é😀""#),
        Case(#"{"minLength": 3}"#, #""e\u0301x""#),
        Case(#"{"maxLength": 2}"#, "12"),
        // Seen from AWS (workshop output): the date pattern.
        Case(#"{"pattern": "^\\d{4}\\-(0[1-9]|1[012])\\-(0[1-9]|[12][0-9]|3[01])$"}"#, #""2018-1-2""#,
             [#"ECMA 262 regex "^\d{4}\-(0[1-9]|1[012])\-(0[1-9]|[12][0-9]|3[01])$" does not match input string "2018-1-2""#]),
        Case(#"{"pattern": "b"}"#, #""abc""#),
        Case(#"{"pattern": "^b"}"#, #""abc""#, [#"ECMA 262 regex "^b" does not match input string "abc""#]),
    ])
    func strings(_ item: Case) throws { try Self.check(item) }

    @Test("minimum and maximum, exclusive as draft 4 booleans, multipleOf in decimal", arguments: [
        Case(#"{"minimum": 0}"#, "-1", ["numeric instance is lower than the required minimum (minimum: 0, found: -1)"]),
        Case(#"{"minimum": 0}"#, "0"),
        Case(#"{"minimum": 0, "exclusiveMinimum": true}"#, "0", ["numeric instance is not strictly greater than the required minimum 0"]),
        // Seen from AWS (workshop output).
        Case(#"{"maximum": 1000}"#, "999999", ["numeric instance is greater than the required maximum (maximum: 1000, found: 999999)"]),
        Case(#"{"maximum": 10}"#, "10"),
        Case(#"{"maximum": 1.5, "exclusiveMaximum": true}"#, "1.5", ["numeric instance is not strictly lower than the required maximum 1.5"]),
        Case(#"{"maximum": 2}"#, "2.5", ["numeric instance is greater than the required maximum (maximum: 2, found: 2.5)"]),
        Case(#"{"minimum": 5}"#, #""1""#),
        Case(#"{"multipleOf": 0.1}"#, "0.3"),
        Case(#"{"multipleOf": 2}"#, "7", ["remainder of division is not zero (7 / 2)"]),
        Case(#"{"multipleOf": 0.5}"#, "1.25", ["remainder of division is not zero (1.25 / 0.5)"]),
        Case(#"{"multipleOf": 3}"#, "-9"),
    ])
    func numbers(_ item: Case) throws { try Self.check(item) }

    @Test("minProperties, maxProperties and dependencies", arguments: [
        Case(#"{"minProperties": 2}"#, #"{"a": 1}"#, ["object has too few properties (found 1 but schema requires at least 2)"]),
        Case(#"{"maxProperties": 1}"#, #"{"a": 1, "b": 2}"#, ["object has too many properties (found 2 but schema requires at most 1)"]),
        Case(#"{"maxProperties": 1}"#, #"{"a": 1}"#),
        Case(#"{"dependencies": {"card": ["billing", "cvv"]}}"#, #"{"card": 1, "cvv": 2}"#,
             [#"property "card" of object has missing property dependencies (schema requires ["billing","cvv"]; missing: ["billing"])"#]),
        Case(#"{"dependencies": {"card": ["billing"]}}"#, #"{"cvv": 2}"#),
        Case(#"{"dependencies": {"card": {"required": ["billing"]}}}"#, #"{"card": 1}"#, [#"object has missing required properties (["billing"])"#]),
    ])
    func objects(_ item: Case) throws { try Self.check(item) }

    @Test("allOf, anyOf, oneOf and not judge each branch on its own", arguments: [
        Case(#"{"allOf": [{"type": "integer"}, {"minimum": 5}]}"#, "3", ["instance failed to match all required schemas (matched only 1 out of 2)"]),
        Case(#"{"allOf": [{"type": "integer"}, {"minimum": 5}]}"#, "6"),
        Case(#"{"anyOf": [{"type": "string"}, {"type": "boolean"}]}"#, "3", ["instance failed to match at least one required schema among 2"]),
        Case(#"{"anyOf": [{"type": "string"}, {"type": "integer"}]}"#, "3"),
        Case(#"{"oneOf": [{"type": "integer"}, {"minimum": 0}]}"#, "3", ["instance failed to match exactly one schema (matched 2 out of 2)"]),
        Case(#"{"oneOf": [{"type": "integer"}, {"minimum": 0}]}"#, "-3"),
        Case(#"{"not": {"type": "integer"}}"#, "3", ["instance matched a schema which it should not have"]),
        Case(#"{"not": {"type": "integer"}}"#, #""3""#),
    ])
    func combinators(_ item: Case) throws { try Self.check(item) }

    @Test("keywords report in alphabetical order, members in name order, and nothing below a failure", arguments: [
        Case(#"{"type": "string", "enum": ["a"]}"#, "5",
             [#"instance value (5) not found in enum (possible values: ["a"])"#,
              #"instance type (integer) does not match any allowed primitive type (allowed: ["string"])"#]),
        Case(#"{"properties": {"b": {"type": "string"}, "a": {"type": "string"}}}"#, #"{"b": 1, "a": 2}"#,
             [#"instance type (integer) does not match any allowed primitive type (allowed: ["string"])"#,
              #"instance type (integer) does not match any allowed primitive type (allowed: ["string"])"#]),
        Case(#"{"required": ["z"], "properties": {"a": {"type": "string"}}}"#, #"{"a": 1}"#,
             [#"object has missing required properties (["z"])"#]),
        // Siblings still run their own keywords, but nothing deeper is visited once anything failed.
        Case(#"{"properties": {"a": {"type": "string"}, "b": {"required": ["x"], "properties": {"c": {"type": "string"}}}}}"#,
             #"{"a": 1, "b": {"c": 2}}"#,
             [#"instance type (integer) does not match any allowed primitive type (allowed: ["string"])"#,
              #"object has missing required properties (["x"])"#]),
    ])
    func order(_ item: Case) throws { try Self.check(item) }

    @Test("the order AWS reported four problems in: members sorted by name")
    func awsReportedOrder() throws {
        // Seen from AWS: a workshop's BAD_REQUEST_BODY output, "error":[ECMA 262 regex … "2018-1-2",
        // numeric instance is greater than … found: 999999), string "thisstringistoolong" is too long …,
        // instance value ("foobar") not found in enum …] for this order model.
        let schema = #"""
        {"type": "array", "items": {"type": "object", "required": ["account-id", "type", "symbol", "shares", "order-date", "details"],
          "properties": {"account-id": {"type": "string", "pattern": "^[a-z0-9]+$"},
                         "type": {"enum": ["STOCK", "BOND", "CASH"]},
                         "symbol": {"type": "string", "maxLength": 4},
                         "shares": {"type": "number", "minimum": 1, "maximum": 1000},
                         "order-date": {"type": "string", "pattern": "^\\d{4}\\-(0[1-9]|1[012])\\-(0[1-9]|[12][0-9]|3[01])$"},
                         "details": {"type": "object", "properties": {"limit": {"type": "number", "minimum": 1, "maximum": 1000}}}}}}
        """#
        let instance = #"""
        [{"account-id": "abcdef123456", "type": "foobar", "symbol": "thisstringistoolong", "shares": 999999,
          "order-date": "2018-1-2", "details": {"limit": 1000}}]
        """#
        try Self.check(Case(schema, instance, [
            #"ECMA 262 regex "^\d{4}\-(0[1-9]|1[012])\-(0[1-9]|[12][0-9]|3[01])$" does not match input string "2018-1-2""#,
            "numeric instance is greater than the required maximum (maximum: 1000, found: 999999)",
            #"string "thisstringistoolong" is too long (length: 19, maximum allowed: 4)"#,
            #"instance value ("foobar") not found in enum (possible values: ["STOCK","BOND","CASH"])"#,
        ]))
    }

    @Test("$ref to #, to #/definitions, to the API's models by OpenAPI path and by API Gateway's model URL")
    func references() throws {
        let models = [
            Model(name: "Tag", schema: try Self.json(#"{"type": "string", "pattern": "^[a-z]+$"}"#), location: .init(file: "t.yaml", line: 1, column: 1)),
            Model(name: "Node", schema: try Self.json(##"{"type": "object", "properties": {"child": {"$ref": "#"}, "tag": {"$ref": "#/components/schemas/Tag"}}}"##),
                  location: .init(file: "t.yaml", line: 2, column: 1)),
        ]
        try Self.check(Case(##"{"definitions": {"pos": {"minimum": 1}}, "properties": {"n": {"$ref": "#/definitions/pos"}}}"##, ##"{"n": 0}"##,
                            ["numeric instance is lower than the required minimum (minimum: 1, found: 0)"]), models: models)
        try Self.check(Case(##"{"items": {"$ref": "#/components/schemas/Tag"}}"##, ##"["ok", "Bad"]"##,
                            [#"ECMA 262 regex "^[a-z]+$" does not match input string "Bad""#]), models: models)
        try Self.check(Case(#"{"$ref": "https://apigateway.amazonaws.com/restapis/abc123/models/Node"}"#,
                            #"{"child": {"child": {"tag": "X"}}}"#,
                            [#"ECMA 262 regex "^[a-z]+$" does not match input string "X""#]), models: models)
        // `#` inside a model is that model, however it was reached.
        try Self.check(Case(##"{"$ref": "#/components/schemas/Node"}"##, ##"{"child": {"child": 5}}"##,
                            [#"instance type (integer) does not match any allowed primitive type (allowed: ["object"])"#]), models: models)
        try Self.check(Case(##"{"$ref": "#/components/schemas/Nothing"}"##, "1", [##"unresolvable JSON Reference "#/components/schemas/Nothing""##]),
                       models: models)
    }

    @Test("a $ref loop and a schema that recurses without end stop with a message, quickly")
    func hostileSchemas() throws {
        try Self.check(Case(##"{"$ref": "#"}"##, "1", [##"validation loop: schema "#" visited twice for pointer "" of validated instance"##]))
        try Self.check(Case(##"{"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}, "properties": {"x": {"$ref": "#/definitions/a"}}}"##,
                            #"{"x": 1}"#,
                            [##"validation loop: schema "#/definitions/a" visited twice for pointer "/x" of validated instance"##]))
        try Self.check(Case(##"{"allOf": [{"$ref": "#"}]}"##, "1", ["instance failed to match all required schemas (matched only 0 out of 1)"]))

        // Doubling at every level: 2^30 applications unless the budget stops it.
        var definitions: [String] = []
        for level in 0..<30 {
            definitions.append(##""d\##(level)": {"allOf": [{"$ref": "#/definitions/d\##(level + 1)"}, {"$ref": "#/definitions/d\##(level + 1)"}]}"##)
        }
        definitions.append(#""d30": {"type": "integer"}"#)
        let exploding = ##"{"definitions": {\##(definitions.joined(separator: ", "))}, "$ref": "#/definitions/d0"}"##
        let clock = ContinuousClock()
        let started = clock.now
        let messages = JSONSchemaValidator().validate(try Self.json("1"), against: try Self.json(exploding))
        #expect(messages.last == "validation stopped: more than 50000 schema applications")
        // A hang guard, not a speed claim: without the budget this is 2^30 applications (hours);
        // with it, about a second in a debug build on a loaded machine.
        #expect(clock.now - started < .seconds(60))
    }

    @Test("a recursive schema against a deeply nested body stops at the depth limit instead of the stack")
    func deepInstance() async throws {
        let schema = try Self.json(##"{"type": "object", "properties": {"c": {"$ref": "#"}}}"##)
        let body = String(repeating: #"{"c": "#, count: 400) + "{}" + String(repeating: "}", count: 400)
        let messages = JSONSchemaValidator().validate(try Self.json(body), against: schema)
        let pointer = String(repeating: "/c", count: JSONSchemaValidator.maximumDepth + 1)
        #expect(messages == ["validation stopped: schemas nest deeper than 128 levels at pointer \"\(pointer)\""])
        let shallow = String(repeating: #"{"c": "#, count: 100) + "{}" + String(repeating: "}", count: 100)
        #expect(JSONSchemaValidator().validate(try Self.json(shallow), against: schema) == [])
    }

    @Test("bodies are read as Jackson reads them: 1 is an integer, 1.0 and 1e2 are numbers, empty is {}")
    func instances() throws {
        #expect(try Self.json("1") == .integer(1))
        #expect(try Self.json("1.0") == .number(1))
        #expect(try Self.json("1e2") == .number(100))
        #expect(try JSONInstance.parse("").get() == .object([]))
        #expect((try? JSONInstance.parse("{a: 1}").get()) == nil)
        #expect((try? JSONInstance.parse("[1,").get()) == nil)
    }
}
