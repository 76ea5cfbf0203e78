import Foundation
import Velocity

/// A verified token's claims as a REST API's Cognito authorizer hands them on:
/// `$context.authorizer.claims.NAME` in templates (`$context.authorizer.claims['cognito:groups']`
/// for names with a colon; DG: apigateway-enable-cognito-user-pool) and
/// `requestContext.authorizer.claims` in the Lambda proxy event, in the token's order.
///
/// Every value is a string there. AWS documents no more than that; Lambda proxy events
/// captured from REST APIs with Cognito authorizers show how each JSON type becomes one, and
/// this follows them: numbers in decimal (`"auth_time": "1583996248"`), booleans as
/// `"true"`/`"false"` (`"email_verified": "true"`), lists joined with commas
/// (`"cognito:groups": "admin,staging-manager"`), and `exp` and `iat` as Java prints a
/// `Date` in UTC (`"exp": "Thu Mar 12 07:57:31 UTC 2020"`). An object (which Cognito's own
/// tokens never hold) is given as its JSON text.
enum CognitoClaims {
    static func contextValues(of token: JSONWebToken) -> [(key: String, value: ContextValue)] {
        token.claims.entries.map { entry in
            (key: entry.key, value: ContextValue.string(text(of: entry.value, claim: entry.key)))
        }
    }

    private static func text(of value: VelocityValue, claim: String) -> String {
        switch value {
        case .string(let text): return text
        case .int(let number):
            return claim == "exp" || claim == "iat" ? HTTPDate.javaDate(Date(timeIntervalSince1970: Double(number))) : String(number)
        case .double(let number):
            return claim == "exp" || claim == "iat" ? HTTPDate.javaDate(Date(timeIntervalSince1970: number)) : json(of: value)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return ""
        case .list(let items), .jsonList(let items): return items.map { text(of: $0, claim: "") }.joined(separator: ",")
        case .map, .object: return json(of: value)
        }
    }

    /// A claim value as compact JSON.
    private static func json(of value: VelocityValue) -> String {
        switch value {
        case .string(let text): jsonQuoted(text)
        case .int(let number): String(number)
        case .double(let number): number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null, .object: "null"
        case .list(let items), .jsonList(let items): "[" + items.map(json(of:)).joined(separator: ",") + "]"
        case .map(let map): "{" + map.entries.map { jsonQuoted($0.key) + ":" + json(of: $0.value) }.joined(separator: ",") + "}"
        }
    }
}
