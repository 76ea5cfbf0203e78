import PorticoModel
import Velocity

/// What a Lambda authorizer returned, read as API Gateway reads it (DG:
/// api-gateway-lambda-authorizer-output): a JSON object with `principalId` (a string) and a
/// `policyDocument`, optionally a `context` map and a `usageIdentifierKey`.
///
/// `context` values must be strings, numbers or booleans; API Gateway hands them on as strings
/// (DG: api-gateway-mapping-template-reference: "$context.authorizer.numKey returns the "1"
/// string", "boolKey returns the "true" string"), so they are kept as text here, in the
/// function's order. A context value that is an object or an array makes the output unusable:
/// AWS answers 500 AuthorizerConfigurationException (observed: gist djm
/// "Fix for AWS API Gateway Custom Authorizer Error => AuthorizerConfigurationException
/// (message: null)": "All keys must be top level. No nested data. All values must be strings,
/// integers or booleans"). A null value is left out: the DG lists no null, and a Java map
/// that API Gateway reads it into has no text for it (our reading).
struct LambdaAuthorizerOutput: Sendable {
    /// What decides the call: a policy evaluated on the method (or route) ARN, or, for an HTTP
    /// API authorizer with simple responses, the function's own `isAuthorized`.
    enum Grant: Sendable {
        case policy(InvokePolicy)
        case simple(isAuthorized: Bool)
    }

    /// How an output is read: a REST or WebSocket authorizer's (policy, context of scalars), or
    /// an HTTP API authorizer's (DG: http-api-lambda-authorizer, "Lambda authorizer response
    /// format"): format 1.0 and 2.0 without simple responses return a policy, 2.0 with simple
    /// responses `{"isAuthorized": true|false, "context": {…}}`. An HTTP API authorizer's
    /// `context` may hold arrays and objects: the guide's own example functions return
    /// `"arrayKey": ["value1", "value2"]` and `"mapKey": {"value1": "value2"}`.
    enum Format: Sendable, Equatable {
        case rest
        case httpPolicy
        case httpSimple
    }

    /// `principalId`; empty for a simple response, which has none.
    let principalId: String
    let grant: Grant
    /// The context's values as text, for `$context.authorizer.NAME` (objects and arrays of an
    /// HTTP API authorizer as their compact JSON).
    let context: [(key: String, value: ContextValue)]
    /// An HTTP API authorizer's `context` as the function returned it: what the payload 2.0
    /// event carries as `requestContext.authorizer.lambda`; nil for REST outputs.
    var lambdaContext: JSONText?
    let usageIdentifierKey: String?

    /// The policy of a policy output (every REST and WebSocket output has one).
    var policy: InvokePolicy? {
        if case .policy(let policy) = grant { return policy }
        return nil
    }

    /// Why an output cannot be used: said in the trace, and behind the 500 the client gets.
    struct Malformed: Error, Sendable, Equatable {
        let reason: String
    }

    static func parse(_ text: String, format: Format = .rest) -> Result<LambdaAuthorizerOutput, Malformed> {
        guard let value = try? JSONValueParser.parse(text) else {
            return .failure(Malformed(reason: "the output is not JSON"))
        }
        guard case .map(let object) = value else {
            return .failure(Malformed(reason: "the output is not a JSON object"))
        }
        if format != .rest {
            return parseHTTP(object, simple: format == .httpSimple)
        }
        // principalId is required (DG: "must include the principal identifier (principalId)").
        guard case .string(let principal)? = object["principalId"] else {
            let found = object["principalId"].map { "principalId is \(describe($0)), not a string" } ?? "principalId is missing"
            return .failure(Malformed(reason: found))
        }
        guard let policyValue = object["policyDocument"], policyValue != .null else {
            return .failure(Malformed(reason: "policyDocument is missing"))
        }
        let policy: PolicyDocument
        do {
            policy = try PolicyDocument(parsing: JSONValue(policyValue))
        } catch {
            return .failure(Malformed(reason: "policyDocument cannot be read: \(error.description)"))
        }
        var context: [(key: String, value: ContextValue)] = []
        switch object["context"] {
        case nil, .null?:
            break
        case .map(let map)?:
            for entry in map.entries {
                switch entry.value {
                case .null: continue
                case .string, .int, .double, .bool: context.append((entry.key, .string(entry.value.javaString)))
                default:
                    return .failure(Malformed(reason: "context value '\(entry.key)' is \(describe(entry.value)): only strings, numbers and booleans are allowed"))
                }
            }
        case let other?:
            return .failure(Malformed(reason: "context is \(describe(other)), not an object"))
        }
        var key: String?
        switch object["usageIdentifierKey"] {
        case nil, .null?: break
        case .string(let text)?: key = text
        case let other?: return .failure(Malformed(reason: "usageIdentifierKey is \(describe(other)), not a string"))
        }
        return .success(LambdaAuthorizerOutput(principalId: principal, grant: .policy(InvokePolicy(policy)), context: context, usageIdentifierKey: key))
    }

    /// An HTTP API authorizer's output. Simple: `isAuthorized` must be a boolean. Policy:
    /// `principalId` and `policyDocument` as for REST. Either: an optional `context` object,
    /// whose values may be anything JSON holds. Anything else API Gateway cannot use: the
    /// client gets 500 (DG: http-api-lambda-authorizer, "Troubleshooting Lambda authorizers":
    /// "returns a response in an invalid format, clients receive a 500 Internal Server Error").
    private static func parseHTTP(_ object: OrderedMap, simple: Bool) -> Result<LambdaAuthorizerOutput, Malformed> {
        var context: [(key: String, value: ContextValue)] = []
        var lambdaContext = JSONText.object([])
        switch object["context"] {
        case nil, .null?: break
        case .map(let map)?:
            lambdaContext = JSONText(map: map)
            for entry in map.entries where entry.value != .null {
                switch entry.value {
                case .string, .int, .double, .bool: context.append((entry.key, .string(entry.value.javaString)))
                default: context.append((entry.key, .string(JSONText(entry.value).compact)))
                }
            }
        case let other?:
            return .failure(Malformed(reason: "context is \(describe(other)), not an object"))
        }
        let grant: Grant, principal: String
        if simple {
            guard case .bool(let authorized)? = object["isAuthorized"] else {
                let found = object["isAuthorized"].map { "isAuthorized is \(describe($0)), not a boolean" } ?? "isAuthorized is missing"
                return .failure(Malformed(reason: found + " (the authorizer has enableSimpleResponses)"))
            }
            grant = .simple(isAuthorized: authorized)
            principal = ""
        } else {
            guard case .string(let written)? = object["principalId"] else {
                return .failure(Malformed(reason: object["principalId"].map { "principalId is \(describe($0)), not a string" } ?? "principalId is missing"))
            }
            guard let policyValue = object["policyDocument"], policyValue != .null else {
                return .failure(Malformed(reason: "policyDocument is missing"))
            }
            do {
                grant = .policy(InvokePolicy(try PolicyDocument(parsing: JSONValue(policyValue))))
            } catch {
                return .failure(Malformed(reason: "policyDocument cannot be read: \(error.description)"))
            }
            principal = written
        }
        var output = LambdaAuthorizerOutput(principalId: principal, grant: grant, context: context, usageIdentifierKey: nil)
        output.lambdaContext = lambdaContext
        return .success(output)
    }

    private static func describe(_ value: VelocityValue) -> String {
        switch value {
        case .null: "null"
        case .string: "a string"
        case .int, .double: "a number"
        case .bool: "a boolean"
        case .list, .jsonList: "an array"
        case .map: "an object"
        case .object: "a value"
        }
    }
}
