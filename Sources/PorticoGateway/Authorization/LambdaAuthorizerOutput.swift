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
    let principalId: String
    let policy: PolicyDocument
    let context: [(key: String, value: ContextValue)]
    let usageIdentifierKey: String?

    /// Why an output cannot be used: said in the trace, and behind the 500 the client gets.
    struct Malformed: Error, Sendable, Equatable {
        let reason: String
    }

    static func parse(_ text: String) -> Result<LambdaAuthorizerOutput, Malformed> {
        guard let value = try? JSONValueParser.parse(text) else {
            return .failure(Malformed(reason: "the output is not JSON"))
        }
        guard case .map(let object) = value else {
            return .failure(Malformed(reason: "the output is not a JSON object"))
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
        return .success(LambdaAuthorizerOutput(principalId: principal, policy: policy, context: context, usageIdentifierKey: key))
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
