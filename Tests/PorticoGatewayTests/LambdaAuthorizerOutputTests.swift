@testable import PorticoGateway
import PorticoModel
import Testing

/// A Lambda authorizer's output read as API Gateway reads it, and the method ARN its policy is
/// matched against: pure values, no function runs (the whole path with real functions:
/// PorticoRuntimeTests' LambdaAuthorizerTests).
@Suite("Lambda authorizer output and method ARN")
struct LambdaAuthorizerOutputTests {
    static let policy = #"{"Version": "2012-10-17", "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/orders"}]}"#

    @Test("principalId, context values as strings in the function's order (null left out), usageIdentifierKey")
    func reads() throws {
        let text = #"{"principalId": "alice", "policyDocument": \#(Self.policy), "context": {"s": "x", "n": 10, "f": 1.5, "b": true, "off": false, "nothing": null}, "usageIdentifierKey": "key-0123456789"}"#
        let output = try LambdaAuthorizerOutput.parse(text).get()
        #expect(output.principalId == "alice")
        // DG: api-gateway-mapping-template-reference: numbers and booleans are handed on as strings.
        #expect(output.context.map(\.key) == ["s", "n", "f", "b", "off"])
        #expect(output.context.map(\.value) == [.string("x"), .string("10"), .string("1.5"), .string("true"), .string("false")])
        #expect(output.usageIdentifierKey == "key-0123456789")
        #expect(output.policy?.decide("arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/orders") == .allow(statement: 0))
    }

    @Test("outputs API Gateway cannot use, each with the reason the trace gives", arguments: [
        ("allow", "the output is not JSON"),
        (#"["principalId"]"#, "the output is not a JSON object"),
        (#""Allow""#, "the output is not a JSON object"),
        (#"{"policyDocument": \#(policy)}"#, "principalId is missing"),
        (#"{"principalId": 7, "policyDocument": \#(policy)}"#, "principalId is a number, not a string"),
        (#"{"principalId": "a"}"#, "policyDocument is missing"),
        (#"{"principalId": "a", "policyDocument": null}"#, "policyDocument is missing"),
        (#"{"principalId": "a", "policyDocument": \#(policy), "context": {"roles": ["admin"]}}"#,
         "context value 'roles' is an array: only strings, numbers and booleans are allowed"),
        (#"{"principalId": "a", "policyDocument": \#(policy), "context": {"user": {"id": 3}}}"#,
         "context value 'user' is an object: only strings, numbers and booleans are allowed"),
        (#"{"principalId": "a", "policyDocument": \#(policy), "context": "tier=gold"}"#, "context is a string, not an object"),
        (#"{"principalId": "a", "policyDocument": \#(policy), "usageIdentifierKey": 12}"#, "usageIdentifierKey is a number, not a string"),
    ])
    func malformed(text: String, reason: String) {
        guard case .failure(let problem) = LambdaAuthorizerOutput.parse(text) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(problem.reason == reason)
    }

    @Test("the method ARN from its stage's prefix: the same as made whole; the path as sent, without its leading slash")
    func methodARN() {
        // DG: api-gateway-lambda-authorizer-input ("…/test/GET/request"; the root: "…/GET/").
        let arn = ExecuteAPIARN(apiId: "s4x3opwd6i", stage: "test")
        #expect(arn.stagePrefix == "arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/")
        for (verb, path, expected) in [("GET", "/request", "s4x3opwd6i/test/GET/request"), ("DELETE", "/pets/42/toys", "s4x3opwd6i/test/DELETE/pets/42/toys"),
                                       ("GET", "/", "s4x3opwd6i/test/GET/"), ("GET", "/é/ü", "s4x3opwd6i/test/GET/é/ü")] {
            #expect(arn.method(verb, routedPath: path) == "arn:aws:execute-api:us-east-1:123456789012:" + expected)
            #expect(arn.method(verb, routedPath: path) == MethodARN.make(apiId: "s4x3opwd6i", stage: "test", verb: verb, path: path))
        }
    }

    @Test("the invoke policy decides as the document's full evaluation does, statement by statement", arguments: [
        // Allow, then a Deny that wins; NotAction; an action list; a lower-case action; a
        // statement for another action; a condition (full evaluation).
        #"[{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:*:*:abc/prod/*"}, {"Effect": "Deny", "Action": "execute-api:*", "Resource": "arn:aws:execute-api:*:*:abc/prod/DELETE/*"}]"#,
        #"[{"Effect": "Allow", "NotAction": "execute-api:ManageConnections", "Resource": "*"}, {"Effect": "Deny", "Action": ["s3:GetObject", "execute-api:invoke"], "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc/prod/GET/secret"}]"#,
        #"[{"Effect": "Allow", "Action": "execute-api:InvalidateCache", "Resource": "*"}, {"Effect": "Allow", "Action": "execute-api:Invoke", "NotResource": "arn:aws:execute-api:*:*:abc/prod/POST/*"}]"#,
        #"[{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceIp": "10.0.0.1"}}}, {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:*:*:abc/prod/GET/?ecret"}]"#,
    ])
    func invokePolicy(statements: String) throws {
        let document = try PolicyDocument(parsing: JSONValue.parsing(#"{"Version": "2012-10-17", "Statement": \#(statements)}"#))
        let policy = InvokePolicy(document)
        for path in ["GET/orders", "DELETE/orders/1", "GET/secret", "POST/orders", "PUT/x"] {
            let arn = "arn:aws:execute-api:us-east-1:123456789012:abc/prod/" + path
            #expect(policy.decide(arn) == document.evaluate(PolicyRequest(resource: arn)), "\(path)")
        }
    }

    @Test("a failure without a message answers {\"message\":null}, and messageString is null unquoted")
    func nullMessage() {
        // Observed on AWS for authorizer configuration errors (see GatewayError.authorizerConfigurationError).
        #expect(GatewayError.authorizerConfigurationError.messageString == "null")
        #expect(GatewayError.authorizerUnauthorized.messageString == #""Unauthorized""#)
    }
}
