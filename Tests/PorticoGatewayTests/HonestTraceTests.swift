import Diagnostics
import Foundation
@testable import PorticoGateway
import PorticoModel
import Testing
import TestSupport

/// Stages the simulator does not run yet say what the configuration asks of the method, never
/// a decision they did not make.
@Suite("Honest traces")
struct HonestTraceTests {
    static let here = SourceLocation(file: "api.yaml", line: 1, column: 1)

    func project() -> Project {
        let mock = Integration(type: .mock, requestTemplates: [MappingTemplate(contentType: "application/json", source: #"{"statusCode": 200}"#, location: Self.here)],
                               responses: [IntegrationResponse(selectionPattern: "", statusCode: "200", location: Self.here)], location: Self.here)
        var guarded = Operation(path: "/orders", method: .get, integration: mock, location: Self.here)
        guarded.authorizationType = .custom
        guarded.authorizerName = "tokens"
        guarded.apiKeyRequired = true
        var posted = Operation(path: "/orders", method: .post, integration: mock, location: Self.here)
        posted.authorizationType = .awsIAM
        var definition = RestAPI(title: "Orders", operations: [guarded, posted])
        definition.authorizers = [Authorizer(name: "tokens", type: .token, identitySource: "method.request.header.Authorization",
                                             authorizerResultTtlInSeconds: 60,
                                             authorizerUri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations",
                                             location: Self.here)]
        var stage = Stage(stageName: "prod")
        stage.cacheClusterEnabled = true
        stage.cacheClusterSize = "0.5"
        var throttle = MethodSetting(key: "*/*", resourcePath: "*", httpMethod: "*", location: Self.here)
        throttle.throttlingRateLimit = 100
        throttle.throttlingBurstLimit = 50
        stage.methodSettings = [throttle]
        var project = Project(contentDirectory: "/tmp", site: SiteSettings(title: "T"),
                              apis: [APIDeployment(name: "orders", definitionPath: "api.yaml", endpointType: .regional, stages: [stage],
                                                   definition: definition, location: Self.here)])
        project.usagePlans = [UsagePlan(name: "basic", apiStages: [UsagePlanAPIStage(api: "orders", stage: "prod", location: Self.here)],
                                        throttle: ThrottleSettings(rateLimit: 5, burstLimit: 10), location: Self.here)]
        project.apiKeys = [APIKey(name: "alice", value: Self.aliceKey, usagePlans: ["basic"], location: Self.here)]
        return project
    }

    static let aliceKey = "alice-0123456789abcdefghij"

    func trace(_ method: String) async throws -> [StageName: String] {
        let gateway = Gateway(project: project(), clock: FixedClock.siteBuild, services: GatewayServices(functions: AllowingAuthorizer()))
        var ids = IdentifierGenerator(seed: 3)
        let request = GatewayRequest(method: method, path: "/orders", headers: [HTTPHeader("x-api-key", Self.aliceKey), HTTPHeader("Authorization", "allow")])
        let transcript = try await gateway.invoke(request, api: "orders", stage: "prod", ids: &ids)
        // The request phase's entry of a stage that also takes part in the response phase (the cache).
        return Dictionary(transcript.trace.map { ($0.stage, "\($0.outcome.rawValue): \($0.detail)") }, uniquingKeysWith: { first, _ in first })
    }

    @Test("a method with a Lambda authorizer, an API key and a cached GET: each stage says what it decided")
    func guardedMethod() async throws {
        let trace = try await trace("GET")
        #expect(trace[.authorization] == "proceed: TOKEN authorizer 'tokens' (function 'auth'): cache miss, called the function in 0 ms, result cached 60 s; principal 'p': statement 1 allows execute-api:Invoke on arn:aws:execute-api:us-east-1:123456789012:\(apiIdentifier(for: "orders"))/prod/GET/orders")
        #expect(trace[.apiKey] == "proceed: API key 'alice' (id \(UsagePlanDirectory(project: project()).keys[0].id)) accepted, metered by usage plan 'basic'")
        // Every level in AWS's order, each bucket full before this request (DG: api-gateway-request-throttling;
        // the account's default 10,000 requests/s with a burst of 5,000).
        #expect(trace[.throttling] == "proceed: within every limit: usage plan 'basic' for key 'alice' (5 requests/s, burst 10): 9 left; stage 'prod' methodSettings '*/*' (100 requests/s, burst 50): 49 left; account default (10000 requests/s, burst 5000): 4999 left")
        // DG: api-gateway-caching: only GET methods are cached by default, for 300 seconds.
        #expect(trace[.cache] == "proceed: miss: GET /orders (no cache key parameters: every request to the method shares one entry); the integration answers, kept 300 s (the default TTL)")
        #expect(trace[.resourcePolicy] == "skip: no resource policy")
    }

    @Test("a Lambda authorizer on a gateway without a Lambda runtime: 500, and the trace says why")
    func authorizerWithoutRuntime() async throws {
        let gateway = Gateway(project: project(), clock: FixedClock.siteBuild)
        var ids = IdentifierGenerator(seed: 3)
        let request = GatewayRequest(method: "GET", path: "/orders", headers: [HTTPHeader("Authorization", "allow")])
        let transcript = try await gateway.invoke(request, api: "orders", stage: "prod", ids: &ids)
        #expect(transcript.response.status == 500)
        #expect(transcript.response.body == #"{"message":null}"#)
        #expect(transcript.trace.first { $0.stage == .authorization }?.detail
                == "TOKEN authorizer 'tokens' (function 'auth') cannot run: no Lambda runtime is attached to this gateway")
    }

    @Test("a method's own setting wins field by field over */*: caching off for GET, throttle still from */*")
    func fieldBySetting() async throws {
        var project = project()
        var own = MethodSetting(key: "/orders/GET", resourcePath: "/orders", httpMethod: "GET", location: Self.here)
        own.cachingEnabled = false
        project.apis[0].stages[0].methodSettings.append(own)
        let gateway = Gateway(project: project, clock: FixedClock.siteBuild, services: GatewayServices(functions: AllowingAuthorizer()))
        var ids = IdentifierGenerator(seed: 3)
        let request = GatewayRequest(method: "GET", path: "/orders", headers: [HTTPHeader("x-api-key", Self.aliceKey), HTTPHeader("Authorization", "allow")])
        let transcript = try await gateway.invoke(request, api: "orders", stage: "prod", ids: &ids)
        #expect(transcript.trace.first { $0.stage == .cache }?.detail == "stage cache enabled (0.5 GB); not for GET /orders: methodSettings '/orders/GET' turn caching off")
        #expect(transcript.trace.first { $0.stage == .throttling }?.detail.contains("stage 'prod' methodSettings '*/*' (100 requests/s, burst 50)") == true)
    }

    @Test("an IAM method that is not a GET: an unsigned request stops at authorization; a signed one is not cached by default")
    func iamMethod() async throws {
        // The shared request carries `Authorization: allow` (the Lambda authorizer's token): to an
        // IAM method that is an incomplete signature (recorded answer of API Gateway to a
        // non-SigV4 Authorization header: aws/chalice#828).
        let unsigned = try await trace("POST")
        #expect(unsigned[.authorization] == "fail: incomplete signature: Authorization header requires 'Credential' parameter. "
                + "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
                + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=allow")
        #expect(unsigned[.apiKey] == "bypassed: ")
        var project = project()
        let user = IAMUser(userName: "ops", accessKeyId: "AKIAOPSEXAMPLE000001", secretAccessKey: "ops-secret",
                           policies: [try JSONValue.parsing(#"{"Statement": {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}}"#)],
                           location: Self.here)
        project.identities.iamUsers = [user]
        let gateway = Gateway(project: project, clock: FixedClock.siteBuild)
        let request = SigV4.sign(GatewayRequest(method: "POST", path: "/orders"), host: Gateway.executeAPIHost(for: project.apis[0]),
                                 path: "/prod/orders", credentials: user, date: FixedClock.siteBuild.instant)
        var ids = IdentifierGenerator(seed: 3)
        let trace = try await gateway.invoke(request, api: "orders", stage: "prod", ids: &ids).trace
        #expect(trace.first { $0.stage == .apiKey }?.detail == "API key not required")
        #expect(trace.first { $0.stage == .cache }?.detail == "stage cache enabled (0.5 GB); not for POST /orders: only GET methods are cached by default")
    }
}

/// Whole transcripts for a handful of requests, compared with goldens in Snapshots/.
@Suite("Golden transcripts")
struct GoldenTranscriptTests {
    @Test("MOCK: a template answer, an XML answer by Accept, a routing miss", arguments: [
        ("mock-json.txt", "GET", "/items/42", [HTTPHeader("Accept", "application/json")]),
        ("mock-xml.txt", "GET", "/items/42", [HTTPHeader("Accept", "application/xml")]),
        ("mock-miss.txt", "DELETE", "/items/42", []),
    ])
    func mock(golden: String, method: String, path: String, headers: [HTTPHeader]) async throws {
        let transcript = try await GatewayHarness().send(method, path, headers: headers)
        assertGolden(transcript.text, named: golden)
    }

    @Test("HTTP and HTTP_PROXY: the request built for the backend, and the 500 of a gateway with no HTTP client attached", arguments: [
        ("http-nonproxy.txt", "GET", "/pets/42?ignored=1"),
        ("http-proxy.txt", "POST", "/proxy/a/b?x=1"),
    ])
    func http(golden: String, method: String, path: String) async throws {
        let transcript = try await GatewayHarness(fixture: "http").send(method, path, headers: [HTTPHeader("User-Agent", "curl/8")],
                                                                        api: "web", stage: "prod")
        assertGolden(transcript.text, named: golden)
    }
}
