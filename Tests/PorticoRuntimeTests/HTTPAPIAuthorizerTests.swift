import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
@testable import PorticoRuntime
import TestSupport
import Testing

/// An HTTP API whose routes are guarded by Lambda authorizers (DG: http-api-lambda-authorizer)
/// running as real Python processes, through the real HTTP API pipeline on a virtual clock:
///
/// - `simple`: payload 2.0 with simple responses, the Authorization header as identity source,
///   results cached 300 s (shared by `GET /simple`, `GET /simple/again` and `GET /mapped`);
/// - `policy`: payload 2.0 returning IAM policies, the header and the `user` query parameter,
///   no cache;
/// - `legacy`: payload 1.0, the header and a stage variable, no cache;
/// - `perroute`: 2.0 simple, the header and `$context.routeKey`, so each route caches its own.
struct HTTPAuthorizerProject {
    static let portico = """
        apis:
          - {name: club, definition: apis/club.yaml, stages: [{stageName: $default, variables: {tier: gold}}]}
        functions:
          - {name: doorman, runtime: python3, handler: app.handler, code: functions/doorman}
          - {name: warden, runtime: python3, handler: app.handler, code: functions/warden}
          - {name: echo, runtime: python3, handler: app.handler, code: functions/echo}

        """

    static let lambdaURI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:"

    static func route(_ scheme: String) -> String {
        """
              security: [{\(scheme): []}]
              responses: {default: {description: ok}}
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: arn:aws:lambda:us-east-1:123456789012:function:echo
                payloadFormatVersion: "2.0"
        """
    }

    static func scheme(_ name: String, function: String, sources: String, version: String, simple: Bool, ttl: Int) -> String {
        """
            \(name):
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authorizer:
                type: request
                identitySource: \(sources)
                authorizerUri: \(lambdaURI)\(function)/invocations
                authorizerPayloadFormatVersion: "\(version)"
                authorizerResultTtlInSeconds: \(ttl)
                enableSimpleResponses: \(simple)
        """
    }

    static let club = """
        openapi: 3.0.1
        info: {title: Club, version: "1"}
        paths:
          /simple:
            get:
        \(route("simple"))
          /simple/again:
            get:
        \(route("simple"))
          /policy/{id}:
            get:
        \(route("policy"))
          /legacy:
            get:
        \(route("legacy"))
          /per/a:
            get:
        \(route("perroute"))
          /per/b:
            get:
        \(route("perroute"))
          /mapped:
            get:
              security: [{simple: []}]
              responses: {default: {description: the backend}}
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: GET
                uri: http://backend.internal/tenants
                payloadFormatVersion: "1.0"
                requestParameters:
                  overwrite:header.x-tenant: $context.authorizer.tenant
                  overwrite:header.x-rps: $context.authorizer.limits
        components:
          securitySchemes:
        \(scheme("simple", function: "doorman", sources: "$request.header.Authorization", version: "2.0", simple: true, ttl: 300))
        \(scheme("policy", function: "warden", sources: "$request.header.Authorization, $request.querystring.user", version: "2.0", simple: false, ttl: 0))
        \(scheme("legacy", function: "warden", sources: "$request.header.Authorization, $stageVariables.tier", version: "1.0", simple: false, ttl: 0))
        \(scheme("perroute", function: "doorman", sources: "$request.header.Authorization, $context.routeKey", version: "2.0", simple: true, ttl: 300))

        """

    /// Simple responses; counts its calls, so a test can tell a cached result from a new one.
    static let doorman = """
        calls = 0

        def handler(event, context):
            global calls
            calls += 1
            token = event["identitySource"][0]
            if token == "raise":
                raise ValueError("the member list is unreachable")
            if token == "garbage":
                return {"isAuthorized": "yes"}
            context = {"tenant": "acme", "calls": calls, "roles": ["a", "b"], "limits": {"rps": 5}}
            return {"isAuthorized": token == "member", "context": context}
        """

    /// IAM policies on the route ARN: members are allowed, anyone else denied.
    static let warden = """
        def handler(event, context):
            if event["version"] == "2.0":
                token, arn = event["identitySource"][0], event["routeArn"]
            else:
                token, arn = event["authorizationToken"].split(",")[0], event["methodArn"]
            effect = "Allow" if token == "member" else "Deny"
            return {"principalId": "user-" + token,
                    "policyDocument": {"Version": "2012-10-17",
                                       "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": arn}]},
                    "context": {"tenant": "acme"}}
        """

    /// Answers with the event it was given, as compact JSON text (the body, by response inference).
    static let echo = """
        import json

        def handler(event, context):
            return json.dumps(event, separators=(",", ":"))
        """

    /// The backend of `GET /mapped`: 200 "ok" to whatever it is sent.
    struct Backend: HTTPTransport {
        func send(_ request: OutboundHTTPRequest, timeout: Duration) async -> OutboundHTTPResult {
            .response(status: 200, headers: [HTTPHeader("Content-Type", "text/plain")], body: Array("ok".utf8))
        }
    }

    let clock = VirtualClock(start: FixedClock.siteBuild.instant)
    let base: PythonGatewayProject
    var gateway: Gateway { base.gateway }

    init() throws {
        base = try PythonGatewayProject(files: [
            "Content/portico.yml": Self.portico, "Content/apis/club.yaml": Self.club,
            "Content/functions/doorman/app.py": Self.doorman, "Content/functions/warden/app.py": Self.warden,
            "Content/functions/echo/app.py": Self.echo,
        ], functions: ["doorman", "warden", "echo"], clock: clock, http: Backend())
    }

    func send(_ path: String, token: String?) async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 5)
        let headers = token.map { [HTTPHeader("Authorization", $0)] } ?? []
        return try await gateway.invoke(GatewayRequest(method: "GET", path: path, headers: headers), api: "club", stage: "$default", ids: &ids)
    }

    static func run(_ body: (HTTPAuthorizerProject) async throws -> Void) async throws {
        let project = try HTTPAuthorizerProject()
        try await project.base.run(project, body)
    }

    static let apiId = apiIdentifier(for: "club")
    static let host = "\(apiId).execute-api.us-east-1.amazonaws.com"

    static func arn(_ tail: String) -> String {
        "arn:aws:execute-api:us-east-1:123456789012:\(apiId)/$default/\(tail)"
    }
}

/// The answers HTTP APIs give when an authorizer refuses: the status with its reason phrase,
/// application/json, no `x-amzn-ErrorType` (HTTP APIs have no gateway responses, DG:
/// http-api-vs-rest), the integration never called.
private func expectRefused(_ t: Transcript, _ status: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let body = #"{"message":"\#(["401": "Unauthorized", "403": "Forbidden", "500": "Internal Server Error"][String(status)] ?? "")"}"#
    #expect(t.response.status == status, sourceLocation: sourceLocation)
    #expect(t.response.body == body, sourceLocation: sourceLocation)
    #expect(t.response.headers == [
        HTTPHeader("Date", "Thu, 01 Jan 2026 12:00:00 GMT"), HTTPHeader("Content-Type", "application/json"),
        HTTPHeader("Content-Length", String(body.utf8.count)), HTTPHeader("apigw-requestid", t.header("apigw-requestid") ?? "?"),
    ], sourceLocation: sourceLocation)
    #expect(t.integrationRequest == nil, "the integration must not run", sourceLocation: sourceLocation)
}

/// Two tests, each with one project whose functions stay warm across its checks (a project
/// per check would start too many Python processes for this two-core machine).
@Suite("HTTP API Lambda authorizers with real functions", .serialized, .timeLimit(.minutes(3)))
struct HTTPAPIAuthorizerTests {
    @Test("payload 2.0 with simple responses: the event exactly, the context in requestContext.authorizer.lambda and in parameter mapping, 401/403/500, the shared cache")
    func simpleResponses() async throws {
        try await HTTPAuthorizerProject.run { project in
            try await simpleEvent(project)
            try await simpleRefusals(project)
            try await sharedCache(project)
            try await perRouteCache(project)
            try await mapped(project)
        }
    }

    @Test("IAM policy responses in payload 2.0 and 1.0: the events, Allow and Deny, a missing query identity source")
    func policyResponses() async throws {
        try await HTTPAuthorizerProject.run { project in
            try await policyTwo(project)
            try await policyOne(project)
        }
    }

    /// DG: http-api-lambda-authorizer, "Payload format version", 2.0: version, type,
    /// routeArn, identitySource as an array, then the request as the 2.0 integration event
    /// has it, without a body.
    func simpleEvent(_ project: HTTPAuthorizerProject) async throws {
        let t = try await project.send("/simple?x=1", token: "member")
        #expect(t.response.status == 200)
        let run = try #require(t.authorizer)
        #expect(run.cache == .miss)
        let event = try #require(run.event)
        let trace = try #require(event.firstMatch(of: /"x-amzn-trace-id":"([^"]+)"/)?.1)
        let id = try #require(t.header("apigw-requestid"))
        let host = HTTPAuthorizerProject.host, apiId = HTTPAuthorizerProject.apiId
        #expect(event == """
            {"version":"2.0","type":"REQUEST","routeArn":"\(HTTPAuthorizerProject.arn("GET/simple"))","identitySource":["member"],\
            "routeKey":"GET /simple","rawPath":"/simple","rawQueryString":"x=1",\
            "headers":{"host":"\(host)","authorization":"member","x-amzn-trace-id":"\(trace)","x-forwarded-for":"127.0.0.1",\
            "x-forwarded-port":"443","x-forwarded-proto":"https"},"queryStringParameters":{"x":"1"},\
            "requestContext":{"accountId":"123456789012","apiId":"\(apiId)","domainName":"\(host)","domainPrefix":"\(apiId)",\
            "http":{"method":"GET","path":"/simple","protocol":"HTTP/1.1","sourceIp":"127.0.0.1","userAgent":""},\
            "requestId":"\(id)","routeKey":"GET /simple","stage":"$default","time":"01/Jan/2026:12:00:00 +0000","timeEpoch":1767268800000},\
            "stageVariables":{"tier":"gold"}}
            """)
        // The context as the function returned it, arrays and objects included (the DG's
        // example functions return them).
        #expect(t.response.body.contains(#""authorizer":{"lambda":{"tenant":"acme","calls":1,"roles":["a","b"],"limits":{"rps":5}}},"domainName""#))
        #expect(t.outcome(of: .authorization)?.detail
                == "Lambda authorizer 'simple' (payload format 2.0, simple responses, function 'doorman'): cache miss, called the function in 0 ms, result cached 300 s; the function answered isAuthorized true")
    }

    func simpleRefusals(_ project: HTTPAuthorizerProject) async throws {
        // isAuthorized false: 403 (DG: http-api-lambda-authorizer, simple response).
        let guest = try await project.send("/simple", token: "guest")
        expectRefused(guest, 403)
        #expect(guest.authorizer?.returned?.contains(#""isAuthorized": false"#) == true)
        // No identity source: 401, the function not called (DG: "If the client's request
        // doesn't include the identity sources, API Gateway doesn't invoke your Lambda
        // authorizer, and the client receives a 401 error").
        let anonymous = try await project.send("/simple", token: nil)
        expectRefused(anonymous, 401)
        #expect(anonymous.authorizer == nil)
        // A function error or an output in the wrong format: 500 (DG: "Troubleshooting Lambda authorizers").
        expectRefused(try await project.send("/simple", token: "raise"), 500)
        let garbage = try await project.send("/simple", token: "garbage")
        expectRefused(garbage, 500)
        #expect(garbage.outcome(of: .authorization)?.detail.hasSuffix("isAuthorized is a string, not a boolean (the authorizer has enableSimpleResponses)") == true)
    }

    /// DG: http-api-lambda-authorizer, "Caching authorizer responses": the identity sources
    /// are the key, and "API Gateway uses the cached authorizer response for all routes of
    /// an API that use the authorizer".
    func sharedCache(_ project: HTTPAuthorizerProject) async throws {
        project.clock.advance(by: .seconds(10))
        let again = try await project.send("/simple/again", token: "member")
        #expect(again.response.status == 200)
        #expect(again.authorizer?.cache == .hit)
        // The function was not called again: the context still says its first call.
        #expect(again.response.body.contains(#""lambda":{"tenant":"acme","calls":1,"#))
        project.clock.advance(by: .seconds(290))
        let expired = try await project.send("/simple/again", token: "member")
        #expect(expired.authorizer?.cache == .miss)
    }

    /// "To cache responses per route, add $context.routeKey to your authorizer's identity sources."
    func perRouteCache(_ project: HTTPAuthorizerProject) async throws {
        let a = try await project.send("/per/a", token: "member")
        let b = try await project.send("/per/b", token: "member")
        let aAgain = try await project.send("/per/a", token: "member")
        #expect([a, b, aAgain].map(\.response.status) == [200, 200, 200])
        #expect([a, b, aAgain].map { $0.authorizer?.cache } == [.miss, .miss, .hit])
        #expect(b.authorizer?.event?.contains(#""identitySource":["member","GET /per/b"]"#) == true)
    }

    /// `$context.authorizer.NAME` in parameter mapping (DG: http-api-parameter-mapping; the
    /// variable: http-api-logging-variables): a context value, an object as its JSON text.
    func mapped(_ project: HTTPAuthorizerProject) async throws {
        let t = try await project.send("/mapped", token: "member")
        #expect(t.response.status == 200)
        let headers = try #require(t.integrationRequest?.headers)
        #expect(headers.value(for: "x-tenant") == "acme")
        #expect(headers.value(for: "x-rps") == #"{"rps":5}"#)
    }

    func policyTwo(_ project: HTTPAuthorizerProject) async throws {
        let t = try await project.send("/policy/7?user=ann", token: "member")
        #expect(t.response.status == 200)
        #expect(t.authorizer?.cache == .off)
        #expect(t.authorizer?.event?.hasPrefix(#"{"version":"2.0","type":"REQUEST","routeArn":"\#(HTTPAuthorizerProject.arn("GET/policy/7"))","identitySource":["member","ann"],"routeKey":"GET /policy/{id}","#) == true)
        #expect(t.authorizer?.event?.hasSuffix(#""pathParameters":{"id":"7"},"stageVariables":{"tier":"gold"}}"#) == true)
        #expect(t.response.body.contains(#""authorizer":{"lambda":{"tenant":"acme"}}"#))
        #expect(t.outcome(of: .authorization)?.detail
                == "Lambda authorizer 'policy' (payload format 2.0, function 'warden'): no cache (TTL 0), called the function in 0 ms; principal 'user-member': statement 1 allows execute-api:Invoke on \(HTTPAuthorizerProject.arn("GET/policy/7"))")
        // An explicit Deny: 403 Forbidden.
        expectRefused(try await project.send("/policy/7?user=ann", token: "guest"), 403)
        // The query identity source missing: 401, uncalled.
        let noUser = try await project.send("/policy/7", token: "member")
        expectRefused(noUser, 401)
        #expect(noUser.authorizer == nil)
    }

    /// DG: http-api-lambda-authorizer, "Payload format version", 1.0: `identitySource` and
    /// `authorizationToken` both the values joined by a comma, then REST's request fields.
    func policyOne(_ project: HTTPAuthorizerProject) async throws {
        let t = try await project.send("/legacy", token: "member")
        #expect(t.response.status == 200)
        let event = try #require(t.authorizer?.event)
        #expect(event.hasPrefix("""
            {"version":"1.0","type":"REQUEST","methodArn":"\(HTTPAuthorizerProject.arn("GET/legacy"))",\
            "identitySource":"member,gold","authorizationToken":"member,gold","resource":"/legacy","path":"/legacy","httpMethod":"GET","headers":{
            """))
        #expect(!event.contains("multiValue"))
        #expect(event.contains(#""queryStringParameters":null,"pathParameters":null,"stageVariables":{"tier":"gold"},"requestContext":{"#))
        expectRefused(try await project.send("/legacy", token: "guest"), 403)
    }
}
