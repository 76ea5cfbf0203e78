import Diagnostics
import Foundation
@testable import PorticoGateway
import PorticoModel
import Testing

/// API keys, usage plans, throttling and quotas through the real pipeline, on a virtual clock
/// that moves only when a test says.
@Suite("API keys, usage plans, throttling and quotas")
struct UsagePlanTests {
    static let here = SourceLocation(file: "portico.yml", line: 1, column: 1)
    static let aliceKey = "alice-0123456789abcdefghij"
    static let bobKey = "bob-0123456789abcdefghijkl"
    static let start = Date(timeIntervalSince1970: 1_767_268_800) // 2026-01-01T12:00:00Z, a Thursday

    /// One API, `orders`, with stages `prod` and `test`; GET /orders and POST /orders require a
    /// key, GET /health does not. Plan `basic` covers prod only.
    static func project(plan: (inout UsagePlan) -> Void = { _ in }, stage: (inout Stage) -> Void = { _ in },
                        account: ThrottleSettings? = nil) -> Project {
        let template = #"{"statusCode": 200}"#
        let response = #"{"key": "$context.identity.apiKey", "keyId": "$context.identity.apiKeyId"}"#
        let mock = Integration(type: .mock, requestTemplates: [MappingTemplate(contentType: "application/json", source: template, location: here)],
                               responses: [IntegrationResponse(selectionPattern: "", statusCode: "200",
                                                               responseTemplates: [MappingTemplate(contentType: "application/json", source: response, location: here)],
                                                               location: here)],
                               location: here)
        var get = Operation(path: "/orders", method: .get, integration: mock, location: here)
        get.apiKeyRequired = true
        var post = Operation(path: "/orders", method: .post, integration: mock, location: here)
        post.apiKeyRequired = true
        let health = Operation(path: "/health", method: .get, integration: mock, location: here)
        var prod = Stage(stageName: "prod")
        stage(&prod)
        var project = Project(contentDirectory: "/tmp", site: SiteSettings(title: "T"),
                              apis: [APIDeployment(name: "orders", definitionPath: "api.yaml", endpointType: .regional,
                                                   stages: [prod, Stage(stageName: "test")],
                                                   definition: RestAPI(title: "Orders", operations: [get, post, health]), location: here)])
        var basic = UsagePlan(name: "basic", apiStages: [UsagePlanAPIStage(api: "orders", stage: "prod", location: here)], location: here)
        plan(&basic)
        project.usagePlans = [basic, UsagePlan(name: "testers", apiStages: [UsagePlanAPIStage(api: "orders", stage: "test", location: here)],
                                               location: here)]
        project.apiKeys = [APIKey(name: "alice", value: aliceKey, usagePlans: ["basic"], location: here),
                           APIKey(name: "bob", value: bobKey, usagePlans: ["basic"], location: here),
                           APIKey(name: "carol", value: "carol-0123456789abcdefghi", enabled: false, usagePlans: ["basic"], location: here),
                           APIKey(name: "tess", value: "tess-0123456789abcdefghij", usagePlans: ["testers"], location: here),
                           APIKey(name: "loner", value: "loner-0123456789abcdefghi", location: here)]
        project.account.throttle = account
        return project
    }

    /// A gateway on a virtual clock, and a way to send with a key.
    struct Harness {
        let gateway: Gateway
        let clock: VirtualClock

        init(_ project: Project) {
            clock = VirtualClock(start: UsagePlanTests.start)
            gateway = Gateway(project: project, clock: clock)
        }

        func send(_ method: String = "GET", path: String = "/orders", key: String? = UsagePlanTests.aliceKey,
                  stage: String = "prod") async throws -> Transcript {
            var ids = IdentifierGenerator(seed: 11)
            let headers = key.map { [HTTPHeader("X-API-Key", $0)] } ?? []
            return try await gateway.invoke(GatewayRequest(method: method, path: path, headers: headers), api: "orders", stage: stage, ids: &ids)
        }

        /// Statuses of `count` requests sent at the same instant.
        func burst(_ count: Int, key: String? = UsagePlanTests.aliceKey, method: String = "GET", path: String = "/orders") async throws -> [Int] {
            var statuses: [Int] = []
            for _ in 0..<count { statuses.append(try await send(method, path: path, key: key).response.status) }
            return statuses
        }
    }

    // MARK: Keys

    @Test("a valid key is accepted: $context.identity.apiKey and apiKeyId are the key's value and id")
    func validKey() async throws {
        let transcript = try await Harness(Self.project()).send()
        #expect(transcript.response.status == 200)
        let id = UsagePlanDirectory(project: Self.project()).key(named: "alice")!.id
        // DG: api-gateway-mapping-template-reference: $context.identity.apiKey and $context.identity.apiKeyId.
        #expect(transcript.response.body == #"{"key": "\#(Self.aliceKey)", "keyId": "\#(id)"}"#)
        #expect(transcript.outcome(of: .apiKey)?.detail == "API key 'alice' (id \(id)) accepted, metered by usage plan 'basic'")
    }

    @Test("missing, unknown, disabled, in no plan, in a plan without this stage: 403 Forbidden, ForbiddenException",
          arguments: [
              (nil, "API key required: the request has no X-API-Key header"),
              ("", "API key required: the request has no X-API-Key header"),
              ("nobody-0123456789abcdefghij", "API key required: the X-API-Key header is no API key of the project"),
              ("carol-0123456789abcdefghi", "API key 'carol' is disabled"),
              ("loner-0123456789abcdefghi", "API key 'loner' is attached to no usage plan, and none includes stage 'prod' of API 'orders'"),
              ("tess-0123456789abcdefghij", "API key 'tess' is attached to usage plan 'testers', and none includes stage 'prod' of API 'orders'"),
          ] as [(String?, String)])
    func refusedKeys(key: String?, detail: String) async throws {
        let transcript = try await Harness(Self.project()).send(key: key)
        // Recorded against AWS: a missing key and a disabled key answer 403 (LocalStack
        // tests/aws/services/apigateway/test_apigateway_common.py, test_api_key_required_for_methods);
        // the INVALID_API_KEY gateway response is 403 (DG: supported-gateway-response-types).
        #expect(transcript.response.status == 403)
        #expect(transcript.response.body == #"{"message":"Forbidden"}"#)
        #expect(transcript.header("x-amzn-ErrorType") == "ForbiddenException")
        #expect(transcript.outcome(of: .apiKey)?.outcome == .fail)
        #expect(transcript.outcome(of: .apiKey)?.detail == detail)
        #expect(transcript.outcome(of: .gatewayResponse)?.detail.hasPrefix("INVALID_API_KEY") == true)
    }

    @Test("the same key is valid on the stage its plan includes")
    func keyOnItsStage() async throws {
        let transcript = try await Harness(Self.project()).send(key: "tess-0123456789abcdefghij", stage: "test")
        #expect(transcript.response.status == 200)
    }

    @Test("a method that requires no key ignores the header and is metered by no plan")
    func noKeyRequired() async throws {
        let harness = Harness(Self.project { $0.throttle = ThrottleSettings(rateLimit: 1, burstLimit: 1) })
        #expect(try await harness.burst(3, path: "/health") == [200, 200, 200])
        #expect(try await harness.send(path: "/health").outcome(of: .apiKey)?.detail == "API key not required")
    }

    @Test("key source AUTHORIZER on a method no Lambda authorizer guards: no usageIdentifierKey, so 403 Forbidden, whatever the header says")
    func authorizerSource() async throws {
        var project = Self.project()
        project.apis[0].apiDefinition = .rest({ var api = project.apis[0].definition; api.apiKeySource = .authorizer; return api }())
        // DG: api-gateway-api-key-source: with AUTHORIZER the key is the authorizer's
        // usageIdentifierKey, and X-API-Key is not read. (The key from an authorizer:
        // PorticoRuntimeTests' LambdaAuthorizerTests, with a real function.)
        let transcript = try await Harness(project).send(key: UsagePlanTests.aliceKey)
        #expect(transcript.response.status == 403)
        #expect(transcript.response.body == #"{"message":"Forbidden"}"#)
        #expect(transcript.header("x-amzn-ErrorType") == "ForbiddenException")
        #expect(transcript.outcome(of: .apiKey)?.outcome == .fail)
        #expect(transcript.outcome(of: .apiKey)?.detail
                == "API key required from a Lambda authorizer (key source AUTHORIZER), and no Lambda authorizer admitted this request")
    }

    // MARK: Throttling

    @Test("a plan's bucket: the burst passes at once, the rest is 429 Too Many Requests; tokens come back at the rate")
    func planBurstAndRefill() async throws {
        let harness = Harness(Self.project { $0.throttle = ThrottleSettings(rateLimit: 2, burstLimit: 3) })
        // DG: api-gateway-request-throttling: the burst is the bucket's size, the rate refills it.
        #expect(try await harness.burst(5) == [200, 200, 200, 429, 429])
        let refused = try await harness.send()
        // AWS Knowledge Center api-gateway-429-limit: 429 {"message":"Too Many Requests"}.
        #expect(refused.response.body == #"{"message":"Too Many Requests"}"#)
        #expect(refused.header("x-amzn-ErrorType") == "TooManyRequestsException")
        #expect(refused.outcome(of: .throttling)?.detail == "throttled by usage plan 'basic' (2 requests/s, burst 3): 0 tokens, the next in 500 ms")
        #expect(refused.outcome(of: .gatewayResponse)?.detail.hasPrefix("THROTTLED") == true)
        // The transcript carries the bucket that refused, for a page's chart and for scripts.
        #expect(refused.buckets.map(\.limit.level) == ["usage plan 'basic'"])
        #expect(refused.buckets.map(\.refused) == [true])
        let json = String(decoding: refused.jsonData(pretty: false), as: UTF8.self)
        #expect(json.contains(#""buckets":[{"burst":3,"level":"usage plan 'basic'","rate":2,"refused":true,"tokens":0}]"#))
        // The execution log line AWS writes for a key's throttle (Knowledge Center api-gateway-429-limit).
        let directory = UsagePlanDirectory(project: Self.project())
        let apiId = apiIdentifier(for: "orders")
        let resource = try #require(refused.trace.first { $0.stage == .routing }).detail
        #expect(resource.hasPrefix("GET /orders"))
        let masked = String(repeating: "*", count: Self.aliceKey.count - 6) + Self.aliceKey.suffix(6)
        #expect(refused.logs.count == 1)
        #expect(refused.logs.first?.hasPrefix("API Key \(masked) exceeded throttle limit for API Stage \(apiId)/prod: Key throttle limit exceeded for Usage Plan ID \(directory.plans[0].id), RestApi \(apiId), Stage prod, Resource ") == true)
        #expect(refused.logs.first?.hasSuffix(", HttpMethod GET. Limit: 2.00 Burst: 3") == true)
        harness.clock.advance(by: .milliseconds(500))
        #expect(try await harness.burst(2) == [200, 429])
        harness.clock.advance(by: .seconds(10))
        #expect(try await harness.burst(4) == [200, 200, 200, 429])
    }

    @Test("keys of the same plan do not share a bucket; a key's bucket is shared by the plan's methods")
    func perKeyBuckets() async throws {
        let harness = Harness(Self.project { $0.throttle = ThrottleSettings(rateLimit: 1, burstLimit: 2) })
        #expect(try await harness.burst(2) == [200, 200])
        #expect(try await harness.burst(1, method: "POST") == [429])
        #expect(try await harness.burst(3, key: Self.bobKey) == [200, 200, 429])
    }

    @Test("the order: a plan limit lower than the stage's refuses first, and the reverse")
    func evaluationOrder() async throws {
        func stageLimit(rate: Double, burst: Int) -> (inout Stage) -> Void {
            { stage in
                var setting = MethodSetting(key: "*/*", resourcePath: "*", httpMethod: "*", location: Self.here)
                setting.throttlingRateLimit = rate
                setting.throttlingBurstLimit = burst
                stage.methodSettings = [setting]
            }
        }
        let planFirst = Harness(Self.project(plan: { $0.throttle = ThrottleSettings(rateLimit: 1, burstLimit: 2) },
                                             stage: stageLimit(rate: 100, burst: 10)))
        #expect(try await planFirst.burst(3) == [200, 200, 429])
        #expect(try await planFirst.send().outcome(of: .throttling)?.detail.hasPrefix("throttled by usage plan 'basic'") == true)
        // The plan refills slowly, so what it holds a second later shows what it spent.
        let stageFirst = Harness(Self.project(plan: { $0.throttle = ThrottleSettings(rateLimit: 0.001, burstLimit: 10) },
                                              stage: stageLimit(rate: 1, burst: 2)))
        #expect(try await stageFirst.burst(3) == [200, 200, 429])
        let refused = try await stageFirst.send()
        #expect(refused.outcome(of: .throttling)?.detail == "throttled by stage 'prod' methodSettings '*/*' (1 requests/s, burst 2): 0 tokens, the next in 1000 ms")
        // A stage's throttle is the method's, for every caller: no key-specific log line.
        #expect(refused.logs.isEmpty)
        // The plan's bucket gave back the tokens the two refused requests took: three admitted
        // requests in all leave 7 of its 10.
        stageFirst.clock.advance(by: .seconds(1))
        #expect(try await stageFirst.send().outcome(of: .throttling)?.detail == "within every limit: usage plan 'basic' for key 'alice' (0.001 requests/s, burst 10): 7 left; stage 'prod' methodSettings '*/*' (1 requests/s, burst 2): 0 left; account default (10000 requests/s, burst 5000): 4999 left")
    }

    @Test("a stage's limit is per method: GET and POST each have the burst")
    func stagePerMethod() async throws {
        let harness = Harness(Self.project(stage: { stage in
            var setting = MethodSetting(key: "*/*", resourcePath: "*", httpMethod: "*", location: Self.here)
            setting.throttlingRateLimit = 1
            setting.throttlingBurstLimit = 1
            stage.methodSettings = [setting]
        }))
        #expect(try await harness.burst(2) == [200, 429])
        #expect(try await harness.burst(2, method: "POST") == [200, 429])
    }

    @Test("a plan's per-method throttle (/orders/GET) applies to that method only, with the plan's own")
    func planPerMethod() async throws {
        let harness = Harness(Self.project { plan in
            plan.apiStages[0].throttle = ["/orders/GET": ThrottleSettings(rateLimit: 1, burstLimit: 1)]
            plan.throttle = ThrottleSettings(rateLimit: 10, burstLimit: 3)
        })
        #expect(try await harness.burst(2) == [200, 429])
        #expect(try await harness.send().outcome(of: .throttling)?.detail.hasPrefix("throttled by usage plan 'basic' for /orders/GET (1 requests/s, burst 1)") == true)
        // POST has no throttle of its own: the plan's bucket (3) holds; GET took one of its tokens.
        #expect(try await harness.burst(3, method: "POST") == [200, 200, 429])
    }

    @Test("the account's limit caps every stage and method; its figures come from `account.throttle`")
    func accountLimit() async throws {
        let harness = Harness(Self.project(account: ThrottleSettings(rateLimit: 1, burstLimit: 2)))
        #expect(try await harness.burst(1) == [200])
        #expect(try await harness.burst(2, path: "/health") == [200, 429])
        #expect(try await harness.send(path: "/health").outcome(of: .throttling)?.detail == "throttled by account (1 requests/s, burst 2): 0 tokens, the next in 1000 ms")
    }

    @Test("rate 0: no token ever comes back")
    func zeroRate() async throws {
        let harness = Harness(Self.project { $0.throttle = ThrottleSettings(rateLimit: 0, burstLimit: 1) })
        #expect(try await harness.burst(2) == [200, 429])
        harness.clock.advance(by: .seconds(3600))
        let refused = try await harness.send()
        #expect(refused.response.status == 429)
        #expect(refused.outcome(of: .throttling)?.detail == "throttled by usage plan 'basic' (0 requests/s, burst 1): 0 tokens, and none will come (rate 0)")
    }

    // MARK: Quotas

    @Test("a quota: 429 Limit Exceeded once spent, with AWS's log line; the next day starts afresh")
    func dailyQuota() async throws {
        let harness = Harness(Self.project { $0.quota = QuotaSettings(limit: 3, period: .day) })
        #expect(try await harness.burst(4) == [200, 200, 200, 429])
        let refused = try await harness.send()
        // AWS Knowledge Center api-gateway-429-limit: a spent quota answers "Limit Exceeded".
        #expect(refused.response.status == 429)
        #expect(refused.response.body == #"{"message":"Limit Exceeded"}"#)
        #expect(refused.header("x-amzn-ErrorType") == "LimitExceededException")
        #expect(refused.outcome(of: .gatewayResponse)?.detail.hasPrefix("QUOTA_EXCEEDED") == true)
        #expect(refused.outcome(of: .throttling)?.detail == "quota of usage plan 'basic' for key 'alice' exhausted: 3 of 3 requests this DAY")
        let masked = String(repeating: "*", count: Self.aliceKey.count - 6) + Self.aliceKey.suffix(6)
        let planId = UsagePlanDirectory(project: Self.project()).plans[0].id
        #expect(refused.logs == ["API Key \(masked) exceeded quota limit for API Stage \(apiIdentifier(for: "orders"))/prod: Key quota exhausted for Usage Plan ID \(planId). Quota Limit: 3 Period: DAY"])
        // Bob's quota is his own.
        #expect(try await harness.burst(1, key: Self.bobKey) == [200])
        // 12:00 UTC + 12 h = the next UTC day.
        harness.clock.advance(by: .seconds(12 * 3600))
        #expect(try await harness.burst(4) == [200, 200, 200, 429])
    }

    @Test("offset: requests already used in the first period (API reference: QuotaSettings)")
    func quotaOffset() async throws {
        let harness = Harness(Self.project { $0.quota = QuotaSettings(limit: 3, offset: 2, period: .week) })
        #expect(try await harness.burst(2) == [200, 429])
        // Thursday 12:00 + 3 days 12 h = Sunday 00:00 UTC: a new week, the whole limit.
        harness.clock.advance(by: .seconds(3 * 86_400 + 12 * 3600))
        #expect(try await harness.burst(4) == [200, 200, 200, 429])
    }

    @Test("a throttled request does not spend quota; a request over quota spends no token")
    func refusalsSpendNothing() async throws {
        let harness = Harness(Self.project { plan in
            plan.throttle = ThrottleSettings(rateLimit: 1, burstLimit: 2)
            plan.quota = QuotaSettings(limit: 3, period: .month)
        })
        #expect(try await harness.burst(3) == [200, 200, 429])
        harness.clock.advance(by: .seconds(1))
        #expect(try await harness.burst(1) == [200])
        let state = harness.gateway.environment.state.usagePlans[0]
        let usage = state.usage(from: Self.start, to: Self.start)
        // GetUsage's shape: per key, per day, [used, remaining] (API reference: GetUsage).
        #expect(usage.map(\.key) == ["alice"])
        #expect(usage.first?.days.map { [$0.used, $0.remaining] } == [[3, 0]])
        harness.clock.advance(by: .seconds(5))
        let overQuota = try await harness.send()
        #expect(overQuota.response.body == #"{"message":"Limit Exceeded"}"#)
        // The refused request took no token: the bucket is full (2) again after 5 s.
        #expect(state.admit(key: "alice", method: "/orders/GET", methodLimit: nil,
                            planLimit: harness.gateway.environment.deployments.usagePlans.plans[0].throttle, quota: nil,
                            at: harness.clock.monotonic(), date: harness.clock.now()).plan?.tokens == 1)
    }

    @Test("a plan's buckets and counts survive a rebuild while the plan and its keys are unchanged, and start afresh when they change")
    func stateAcrossRebuilds() async throws {
        let project = Self.project { $0.quota = QuotaSettings(limit: 2, period: .day) }
        let clock = VirtualClock(start: Self.start)
        let first = Gateway(project: project, clock: clock)
        var ids = IdentifierGenerator(seed: 1)
        let request = GatewayRequest(method: "GET", path: "/orders", headers: [HTTPHeader("X-API-Key", Self.aliceKey)])
        for _ in 0..<2 { _ = try await first.invoke(request, api: "orders", stage: "prod", ids: &ids) }
        let same = Gateway(project: project, clock: clock, replacing: first)
        #expect(try await same.invoke(request, api: "orders", stage: "prod", ids: &ids).response.status == 429)
        var changed = project
        changed.usagePlans[0].quota = QuotaSettings(limit: 5, period: .day)
        let fresh = Gateway(project: changed, clock: clock, replacing: same)
        #expect(try await fresh.invoke(request, api: "orders", stage: "prod", ids: &ids).response.status == 200)
    }
}
