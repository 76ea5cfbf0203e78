import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
@testable import PorticoRuntime
import TestSupport
import Testing

/// A project whose REST APIs are guarded by Lambda authorizers, their functions real Python
/// processes (the Lambda runtime the `functions:` of portico.yml start), run through the real
/// pipeline on a virtual clock that only the tests move.
struct AuthorizerProject {
    static let lambdaURI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:"

    static let portico = """
        apis:
          - {name: shop, definition: apis/shop.yaml, stages: [{stageName: prod}]}
          - {name: partner, definition: apis/partner.yaml, stages: [{stageName: prod}, {stageName: beta}]}
        usagePlans:
          - {name: gold, apiStages: [{api: partner, stage: prod}]}
          - {name: testers, apiStages: [{api: partner, stage: beta}]}
        apiKeys:
          - {name: partner, value: partner-key-0123456789abcdef, usagePlans: [gold]}
          - {name: tester, value: tester-key-0123456789abcdef, usagePlans: [testers]}
        functions:
          - {name: check, runtime: python3, handler: app.handler, code: functions/check}
          - {name: gate, runtime: python3, handler: app.handler, code: functions/gate}
          - {name: echo, runtime: python3, handler: app.handler, code: functions/echo}

        """

    /// A mapping template that shows what `$context.authorizer` holds.
    static let showCaller = #"{"principal": "$!context.authorizer.principalId", "tier": "$!context.authorizer.tier", "limit": "$!context.authorizer.limit", "admin": "$!context.authorizer.admin", "calls": "$!context.authorizer.calls"}"#

    static func mock(_ scheme: String) -> String {
        """
              security: [{\(scheme): []}]
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"statusCode": 200}'}
                responses:
                  default:
                    statusCode: "200"
                    responseTemplates: {application/json: '\(showCaller)'}
        """
    }

    static let shop = """
        openapi: 3.0.1
        info: {title: Shop, version: "1"}
        paths:
          /orders:
            get:
        \(mock("tokens"))
            post:
        \(mock("tokens"))
          /fresh:
            get:
        \(mock("uncached"))
          /tenants/{tenant}:
            get:
              parameters: [{name: tenant, in: path, required: true, schema: {type: string}}]
        \(mock("requests"))
          /echo:
            get:
              security: [{tokens: []}]
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: \(lambdaURI)echo/invocations
        components:
          securitySchemes:
            tokens:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authtype: custom
              x-amazon-apigateway-authorizer:
                type: token
                authorizerUri: \(lambdaURI)check/invocations
                identityValidationExpression: "[a-z]+"
            uncached:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authtype: custom
              x-amazon-apigateway-authorizer:
                type: token
                authorizerUri: \(lambdaURI)check/invocations
                authorizerResultTtlInSeconds: 0
            requests:
              type: apiKey
              name: Unused
              in: header
              x-amazon-apigateway-authtype: custom
              x-amazon-apigateway-authorizer:
                type: request
                identitySource: method.request.header.X-Tenant, method.request.querystring.user
                authorizerUri: \(lambdaURI)gate/invocations
                authorizerResultTtlInSeconds: 60

        """

    static let partner = """
        openapi: 3.0.1
        info: {title: Partner, version: "1"}
        x-amazon-apigateway-api-key-source: AUTHORIZER
        x-amazon-apigateway-gateway-responses:
          ACCESS_DENIED:
            statusCode: 403
            responseTemplates:
              application/json: '{"message": $context.error.messageString, "principal": "$context.authorizer.principalId"}'
        paths:
          /reports:
            get:
              security: [{keys: [], api_key: []}]
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"statusCode": 200}'}
                responses:
                  default:
                    statusCode: "200"
                    responseTemplates: {application/json: '{"key": "$context.identity.apiKeyId", "principal": "$context.authorizer.principalId"}'}
        components:
          securitySchemes:
            api_key: {type: apiKey, name: x-api-key, in: header}
            keys:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authtype: custom
              x-amazon-apigateway-authorizer:
                type: token
                authorizerUri: \(lambdaURI)check/invocations

        """

    /// The TOKEN authorizer: what it returns depends on the token.
    static let check = """
        calls = 0

        def policy(principal, effect, resource, context=None, key=None):
            out = {"principalId": principal,
                   "policyDocument": {"Version": "2012-10-17",
                                      "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}]}}
            if context is not None:
                out["context"] = context
            if key is not None:
                out["usageIdentifierKey"] = key
            return out

        def handler(event, context):
            global calls
            calls += 1
            token = event["authorizationToken"]
            arn = event["methodArn"]
            api, stage = arn.split("/")[0], arn.split("/")[1]
            print(f"authorizing {token} for {arn}")
            if token == "allow":
                return policy("alice", "Allow", arn, {"tier": "gold", "limit": 10, "admin": True, "calls": calls})
            if token == "everything":
                return policy("alice", "Allow", f"{api}/{stage}/*", {"calls": calls})
            if token == "deny":
                return policy("mallory", "Deny", f"{api}/*")
            if token == "elsewhere":
                return policy("bob", "Allow", f"{api}/{stage}/GET/elsewhere")
            if token == "unauthorized":
                raise Exception("Unauthorized")
            if token == "broken":
                raise ValueError("the user store is unreachable")
            if token == "nested":
                return policy("carol", "Allow", arn, {"roles": ["admin"]})
            if token == "text":
                return "Allow"
            if token == "nobody":
                return {"policyDocument": policy("x", "Allow", arn)["policyDocument"]}
            if token == "slow":
                import time
                time.sleep(4)
            if token == "partner":
                return policy("acme", "Allow", arn, key="partner-key-0123456789abcdef")
            if token == "tester":
                return policy("tess", "Allow", arn, key="tester-key-0123456789abcdef")
            if token == "keyless":
                return policy("kim", "Allow", arn)
            raise Exception(f"unknown token {token}")
        """

    /// The REQUEST authorizer: it admits the tenant its query names, and echoes its event.
    static let gate = """
        import json

        def handler(event, context):
            print(json.dumps(event, sort_keys=True))
            return {"principalId": event["queryStringParameters"]["user"],
                    "policyDocument": {"Version": "2012-10-17",
                                       "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["methodArn"]}]},
                    "context": {"tenant": event["headers"]["X-Tenant"]}}
        """

    /// A proxy integration that answers with the requestContext.authorizer it was given.
    static let echo = """
        import json

        def handler(event, context):
            return {"statusCode": 200, "body": json.dumps(event["requestContext"]["authorizer"])}
        """

    let root: TemporaryDirectory
    let clock = VirtualClock(start: FixedClock.siteBuild.instant)
    let runtime: LambdaRuntime
    let gateway: Gateway
    let diagnostics: [String]

    init() throws {
        let root = try TemporaryDirectory()
        self.root = root
        try root.write([
            "Content/portico.yml": Self.portico, "Content/apis/shop.yaml": Self.shop, "Content/apis/partner.yaml": Self.partner,
            "Content/functions/check/app.py": Self.check, "Content/functions/gate/app.py": Self.gate,
            "Content/functions/echo/app.py": Self.echo,
        ])
        var engine = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &engine))
        diagnostics = engine.sorted.map { "\($0.severity): \($0.message)" }
        let functions = ["check", "gate", "echo"].map { name in
            PorticoRuntime.FunctionDefinition(name: name, runtime: .python(handler: "app.handler", codeDirectory: root.path + "/Content/functions/\(name)"),
                                              timeout: .seconds(2))
        }
        runtime = LambdaRuntime(functions: functions, options: LambdaRuntimeOptions())
        gateway = Gateway(project: project, clock: clock, services: GatewayServices(functions: runtime))
    }

    func send(_ method: String = "GET", _ path: String, api: String = "shop", stage: String = "prod",
              headers: [HTTPHeader] = []) async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 5)
        return try await gateway.invoke(GatewayRequest(method: method, path: path, headers: headers), api: api, stage: stage, ids: &ids)
    }

    func send(token: String, _ method: String = "GET", _ path: String = "/orders", api: String = "shop", stage: String = "prod") async throws -> Transcript {
        try await send(method, path, api: api, stage: stage, headers: [HTTPHeader("Authorization", token)])
    }

    func shutdown() async {
        await runtime.shutdown()
        root.remove()
    }

    static func arn(_ tail: String, api: String = "shop") -> String {
        "arn:aws:execute-api:us-east-1:123456789012:\(apiIdentifier(for: api))/\(tail)"
    }

    static func run(_ body: (AuthorizerProject) async throws -> Void) async throws {
        let project = try AuthorizerProject()
        do {
            #expect(project.diagnostics == [])
            try await body(project)
        } catch {
            await project.shutdown()
            throw error
        }
        await project.shutdown()
    }
}

@Suite("Lambda authorizers (TOKEN and REQUEST) with real functions", .serialized, .timeLimit(.minutes(3)))
struct LambdaAuthorizerTests {
    /// The answer every authorizer refusal carries: status, its gateway response's body and error type.
    func expectRefusal(_ t: Transcript, _ status: Int, _ body: String, _ errorType: String,
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(t.response.status == status, sourceLocation: sourceLocation)
        #expect(t.response.body == body, sourceLocation: sourceLocation)
        #expect(t.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        #expect(t.header("x-amzn-ErrorType") == errorType, sourceLocation: sourceLocation)
        #expect(t.outcome(of: .authorization)?.outcome == .fail, sourceLocation: sourceLocation)
        #expect(t.outcome(of: .integration)?.outcome == .bypassed, sourceLocation: sourceLocation)
    }

    /// A 401 given before the function runs: no event sent, nothing logged.
    func expectRefusedUncalled(_ t: Transcript, _ detail: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        expectRefusal(t, 401, #"{"message":"Unauthorized"}"#, "UnauthorizedException", sourceLocation: sourceLocation)
        #expect(t.outcome(of: .authorization)?.detail == detail, sourceLocation: sourceLocation)
        #expect(t.authorizer == nil, sourceLocation: sourceLocation)
        #expect(t.logs.isEmpty, sourceLocation: sourceLocation)
    }

    @Test("TOKEN Allow: the function gets AWS's TOKEN event, its principal and context reach $context.authorizer as strings")
    func tokenAllow() async throws {
        try await AuthorizerProject.run { project in
            let t = try await project.send(token: "allow")
            #expect(t.response.status == 200)
            // Context values are handed on as strings (DG: api-gateway-mapping-template-reference,
            // "$context.authorizer.numKey returns the "1" string").
            #expect(t.response.body == #"{"principal": "alice", "tier": "gold", "limit": "10", "admin": "true", "calls": "1"}"#)
            let arn = AuthorizerProject.arn("prod/GET/orders")
            // DG: api-gateway-lambda-authorizer-input, TOKEN input format.
            #expect(t.authorizer == AuthorizerRun(
                authorizer: "tokens", type: "TOKEN", function: "check", cache: .miss,
                event: #"{"type":"TOKEN","authorizationToken":"allow","methodArn":"\#(arn)"}"#,
                returned: #"{"principalId": "alice", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "\#(arn)"}]}, "context": {"tier": "gold", "limit": 10, "admin": true, "calls": 1}}"#))
            #expect(t.outcome(of: .authorization)?.outcome == .proceed)
            #expect(t.outcome(of: .authorization)?.detail
                    == "TOKEN authorizer 'tokens' (function 'check'): cache miss, called the function in 0 ms, result cached 300 s; principal 'alice': statement 1 allows execute-api:Invoke on \(arn)")
            #expect(t.logs.contains("authorizing allow for \(arn)"))
            #expect(t.text.contains("\nAuthorizer: TOKEN authorizer 'tokens', function 'check': cache miss, the function ran\n  event:    {\"type\":\"TOKEN\""))
        }
    }

    @Test("an explicit Deny is 403 with AWS's explicit-deny message; the principal still reaches the gateway response")
    func explicitDeny() async throws {
        try await AuthorizerProject.run { project in
            let t = try await project.send(token: "deny")
            // AWS Knowledge Center: api-gateway-403-error-lambda-authorizer.
            expectRefusal(t, 403, #"{"message":"User is not authorized to access this resource with an explicit deny"}"#, "AccessDeniedException")
            #expect(t.outcome(of: .authorization)?.detail
                    == "TOKEN authorizer 'tokens' (function 'check'): cache miss, called the function in 0 ms, result cached 300 s; principal 'mallory': statement 1 denies execute-api:Invoke on \(AuthorizerProject.arn("prod/GET/orders")) (explicit deny)")
            #expect(t.outcome(of: .gatewayResponse)?.detail == "ACCESS_DENIED → 403 User is not authorized to access this resource with an explicit deny")
        }
    }

    @Test("a policy that covers another method only is an implicit deny: 403 without 'explicit deny'")
    func implicitDeny() async throws {
        try await AuthorizerProject.run { project in
            let t = try await project.send(token: "elsewhere")
            // AWS Knowledge Center: api-gateway-403-error-lambda-authorizer.
            expectRefusal(t, 403, #"{"message":"User is not authorized to access this resource"}"#, "AccessDeniedException")
            #expect(t.outcome(of: .authorization)?.detail.hasSuffix(
                "principal 'bob': no statement allows execute-api:Invoke on \(AuthorizerProject.arn("prod/GET/orders")) (implicit deny)") == true)
        }
    }

    @Test("the function raising Unauthorized is 401 Unauthorized")
    func unauthorized() async throws {
        try await AuthorizerProject.run { project in
            let t = try await project.send(token: "unauthorized")
            // DG: apigateway-use-lambda-authorizer (the example's callback("Unauthorized") → 401).
            expectRefusal(t, 401, #"{"message":"Unauthorized"}"#, "UnauthorizedException")
            #expect(t.outcome(of: .authorization)?.detail
                    == "TOKEN authorizer 'tokens' (function 'check'): cache miss, called the function, which raised Exception: Unauthorized, so the request is refused 401")
            #expect(t.outcome(of: .gatewayResponse)?.detail == "UNAUTHORIZED → 401 Unauthorized")
            // What the function returned is Lambda's error JSON.
            let error = try #require(t.authorizer?.returned.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
            #expect(error["errorMessage"] as? String == "Unauthorized")
            #expect(error["errorType"] as? String == "Exception")
        }
    }

    @Test("any other error is 500 with a null message and AuthorizerConfigurationException, and is not cached")
    func functionError() async throws {
        try await AuthorizerProject.run { project in
            let t = try await project.send(token: "broken")
            // {"message":null} and the error type as observed on AWS (see GatewayError.authorizerConfigurationError).
            expectRefusal(t, 500, #"{"message":null}"#, "AuthorizerConfigurationException")
            #expect(t.outcome(of: .authorization)?.detail
                    == #"TOKEN authorizer 'tokens' (function 'check'): cache miss, called the function, which raised ValueError: the user store is unreachable (only "Unauthorized" answers 401; any other error answers 500)"#)
            #expect(t.outcome(of: .gatewayResponse)?.detail == "AUTHORIZER_CONFIGURATION_ERROR → 500 null")
            #expect(t.logs.contains("Execution failed due to configuration error: Authorizer error"))
            // Only usable results are cached: the next request asks the function again.
            let again = try await project.send(token: "broken")
            #expect(again.authorizer?.cache == .miss)
        }
    }

    @Test("a function that runs past its own timeout is 500 like any other error")
    func functionTimeout() async throws {
        try await AuthorizerProject.run { project in
            let t = try await project.send(token: "slow")
            expectRefusal(t, 500, #"{"message":null}"#, "AuthorizerConfigurationException")
            #expect(t.outcome(of: .authorization)?.detail.hasPrefix(
                "TOKEN authorizer 'tokens' (function 'check'): cache miss, called the function, which raised Sandbox.Timedout: RequestId: ") == true)
            #expect(t.outcome(of: .authorization)?.detail.hasSuffix(
                #"Error: Task timed out after 2.00 seconds (only "Unauthorized" answers 401; any other error answers 500)"#) == true)
            #expect(t.logs.contains("Execution failed due to configuration error: Authorizer error"))
        }
    }

    @Test("a customised ACCESS_DENIED response reads $context.authorizer: the principal is set even when the policy denies")
    func denyWithContext() async throws {
        try await AuthorizerProject.run { project in
            let t = try await project.send(token: "deny", "GET", "/reports", api: "partner")
            #expect(t.response.status == 403)
            #expect(t.response.body == #"{"message": "User is not authorized to access this resource with an explicit deny", "principal": "mallory"}"#)
            #expect(t.header("x-amzn-ErrorType") == "AccessDeniedException")
            #expect(t.outcome(of: .apiKey)?.outcome == .bypassed)
        }
    }

    @Test("output API Gateway cannot use is 500: not an object, a nested context value, no principalId", arguments: [
        ("text", "the output is not a JSON object"),
        ("nested", "context value 'roles' is an array: only strings, numbers and booleans are allowed"),
        ("nobody", "principalId is missing"),
    ])
    func malformed(token: String, reason: String) async throws {
        try await AuthorizerProject.run { project in
            let t = try await project.send(token: token)
            expectRefusal(t, 500, #"{"message":null}"#, "AuthorizerConfigurationException")
            #expect(t.outcome(of: .authorization)?.detail
                    == "TOKEN authorizer 'tokens' (function 'check'): cache miss, called the function, which returned what API Gateway cannot use: \(reason)")
            #expect(t.logs.contains("Execution failed due to configuration error: Invalid JSON in response: \(reason)"))
        }
    }

    @Test("a missing or empty token header is 401 and the function is not called")
    func missingToken() async throws {
        try await AuthorizerProject.run { project in
            for t in [try await project.send("GET", "/orders"), try await project.send(token: "")] {
                // DG: configure-api-gateway-lambda-authorization-with-console; AWS Knowledge Center:
                // api-gateway-401-error-lambda-authorizer ("without calling the function").
                expectRefusedUncalled(t, "TOKEN authorizer 'tokens' (function 'check'): identity source method.request.header.Authorization is missing or empty, so the request is refused 401 without calling the function")
            }
        }
    }

    @Test("a token that does not match identityValidationExpression is 401 and the function is not called")
    func validationMismatch() async throws {
        try await AuthorizerProject.run { project in
            // The expression [a-z]+ must match the whole token.
            let t = try await project.send(token: "Bearer allow")
            expectRefusedUncalled(t, "TOKEN authorizer 'tokens' (function 'check'): the token does not match identityValidationExpression [a-z]+, so the request is refused 401 without calling the function")
        }
    }

    @Test("a cached result is reused within its TTL without calling the function, and asked again after it")
    func cacheHitAndExpiry() async throws {
        try await AuthorizerProject.run { project in
            let first = try await project.send(token: "everything")
            #expect(first.response.body == #"{"principal": "alice", "tier": "", "limit": "", "admin": "", "calls": "1"}"#)
            project.clock.advance(by: .seconds(4))
            let hit = try await project.send(token: "everything", "POST")
            #expect(hit.response.status == 200)
            // The function ran once: its call count is still the first one's.
            #expect(hit.response.body == #"{"principal": "alice", "tier": "", "limit": "", "admin": "", "calls": "1"}"#)
            #expect(hit.authorizer?.cache == .hit)
            #expect(hit.authorizer?.event == nil)
            #expect(hit.authorizer?.returned == first.authorizer?.returned)
            #expect(hit.outcome(of: .authorization)?.detail
                    == "TOKEN authorizer 'tokens' (function 'check'): cache hit (stored 4 s ago, 296 s left of 300 s), the function not called; principal 'alice': statement 1 allows execute-api:Invoke on \(AuthorizerProject.arn("prod/POST/orders"))")
            #expect(hit.logs.isEmpty)
            // DG: the TTL defaults to 300 s; at 300 s the entry is gone.
            project.clock.advance(by: .seconds(296))
            let expired = try await project.send(token: "everything")
            #expect(expired.authorizer?.cache == .miss)
            #expect(expired.response.body == #"{"principal": "alice", "tier": "", "limit": "", "admin": "", "calls": "2"}"#)
            // Another token is its own cache entry.
            let other = try await project.send(token: "allow")
            #expect(other.authorizer?.cache == .miss)
        }
    }

    @Test("TTL 0: every request calls the function")
    func ttlZero() async throws {
        try await AuthorizerProject.run { project in
            let first = try await project.send(token: "everything", "GET", "/fresh")
            let second = try await project.send(token: "everything", "GET", "/fresh")
            #expect(first.response.body.contains(#""calls": "1""#))
            #expect(second.response.body.contains(#""calls": "2""#))
            #expect(second.authorizer?.cache == .off)
            #expect(second.outcome(of: .authorization)?.detail.hasPrefix(
                "TOKEN authorizer 'uncached' (function 'check'): no cache (TTL 0), called the function in 0 ms; principal 'alice'") == true)
        }
    }

    @Test("the cached-policy trap: a policy for one method ARN, reused from the cache for another method, is 403")
    func cachedPolicyTrap() async throws {
        try await AuthorizerProject.run { project in
            // The function allows exactly the ARN it was asked about: GET /orders.
            let get = try await project.send(token: "allow")
            #expect(get.response.status == 200)
            // POST /orders with the same token reuses that policy (the cache key is the token),
            // which does not cover POST (DG: configure-api-gateway-lambda-authorization-with-console;
            // AWS Knowledge Center: api-gateway-lambda-authorization-errors).
            let post = try await project.send(token: "allow", "POST")
            expectRefusal(post, 403, #"{"message":"User is not authorized to access this resource"}"#, "AccessDeniedException")
            #expect(post.authorizer?.cache == .hit)
            #expect(post.outcome(of: .authorization)?.detail
                    == "TOKEN authorizer 'tokens' (function 'check'): cache hit (stored 0 s ago, 300 s left of 300 s), the function not called; principal 'alice': no statement allows execute-api:Invoke on \(AuthorizerProject.arn("prod/POST/orders")) (implicit deny); the policy came from the cache, returned for an earlier request, and a cached policy is reused for every method its authorizer guards")
        }
    }

    @Test("the Lambda proxy event's requestContext.authorizer: context values as strings, then principalId and integrationLatency")
    func proxyEvent() async throws {
        try await AuthorizerProject.run { project in
            let t = try await project.send(token: "allow", "GET", "/echo")
            #expect(t.response.status == 200)
            // The virtual clock does not move while the function runs: a latency of 0 ms.
            #expect(t.response.body == #"{"tier": "gold", "limit": "10", "admin": "true", "calls": "1", "principalId": "alice", "integrationLatency": 0}"#)
        }
    }

    @Test("REQUEST: header and query identity sources; a missing one is 401 uncalled; the event mirrors the proxy event; cached by both values")
    func requestAuthorizer() async throws {
        try await AuthorizerProject.run { project in
            let tenant = [HTTPHeader("X-Tenant", "acme")]
            let missing = try await project.send("GET", "/tenants/acme", headers: tenant)
            expectRefusedUncalled(missing, "REQUEST authorizer 'requests' (function 'gate'): identity source method.request.querystring.user is missing or empty, so the request is refused 401 without calling the function")

            let t = try await project.send("GET", "/tenants/acme?user=ann&user=amy", headers: tenant)
            #expect(t.response.status == 200)
            // queryStringParameters keeps the last value, as in the proxy event.
            #expect(t.response.body == #"{"principal": "amy", "tier": "", "limit": "", "admin": "", "calls": ""}"#)
            // DG: api-gateway-lambda-authorizer-input, REQUEST input format: type and methodArn,
            // then the proxy event's request fields without the body.
            assertGolden(try #require(t.authorizer?.event) + "\n", named: "authorizer-request-event.json")
            #expect(t.authorizer?.event?.hasPrefix(#"{"type":"REQUEST","methodArn":"\#(AuthorizerProject.arn("prod/GET/tenants/acme"))","resource":"/tenants/{tenant}","path":"/tenants/acme","httpMethod":"GET","headers":{"#) == true)

            // The cache key is every identity source's value: another user is another entry.
            let same = try await project.send("GET", "/tenants/acme?user=amy", headers: tenant)
            #expect(same.authorizer?.cache == .hit)
            let other = try await project.send("GET", "/tenants/acme?user=bo", headers: tenant)
            #expect(other.authorizer?.cache == .miss)
            let otherTenant = try await project.send("GET", "/tenants/acme?user=amy", headers: [HTTPHeader("X-Tenant", "zeta")])
            #expect(otherTenant.authorizer?.cache == .miss)
        }
    }

    @Test("key source AUTHORIZER: the authorizer's usageIdentifierKey is the API key, checked as a header key is")
    func usageIdentifierKey() async throws {
        try await AuthorizerProject.run { project in
            let admitted = try await project.send(token: "partner", "GET", "/reports", api: "partner")
            #expect(admitted.response.status == 200)
            let keyId = try #require(admitted.response.body.split(separator: "\"").dropFirst(3).first)
            #expect(admitted.response.body == #"{"key": "\#(keyId)", "principal": "acme"}"#)
            #expect(admitted.outcome(of: .apiKey)?.detail
                    == "API key 'partner' (id \(keyId)) from the authorizer's usageIdentifierKey accepted, metered by usage plan 'gold'")

            // A key whose plans do not include this stage (DG: api-gateway-api-usage-plans).
            let elsewhere = try await project.send(token: "tester", "GET", "/reports", api: "partner")
            #expect(elsewhere.response.status == 403)
            #expect(elsewhere.response.body == #"{"message":"Forbidden"}"#)
            #expect(elsewhere.header("x-amzn-ErrorType") == "ForbiddenException")
            #expect(elsewhere.outcome(of: .apiKey)?.detail
                    == "API key 'tester' is attached to usage plan 'testers', and none includes stage 'prod' of API 'partner'")
            // The same key on the stage its plan includes.
            #expect(try await project.send(token: "tester", "GET", "/reports", api: "partner", stage: "beta").response.status == 200)

            let keyless = try await project.send(token: "keyless", "GET", "/reports", api: "partner")
            #expect(keyless.response.status == 403)
            #expect(keyless.response.body == #"{"message":"Forbidden"}"#)
            #expect(keyless.outcome(of: .apiKey)?.detail
                    == "API key required from the Lambda authorizer (key source AUTHORIZER), and it returned no usageIdentifierKey")
        }
    }
}
