import Diagnostics
import Foundation
@testable import PorticoGateway
import PorticoModel
import Testing

/// The stage cache through the real pipeline, on a virtual clock that moves only when a test
/// says. Expected values cite DG: api-gateway-caching unless they say otherwise.
@Suite("Stage cache")
struct CacheTests {
    static let here = SourceLocation(file: "portico.yml", line: 1, column: 1)
    static let start = Date(timeIntervalSince1970: 1_767_268_800) // 2026-01-01T12:00:00Z

    /// API `shop`: GET /prices/{item} keyed by its path parameter, answering the request's epoch
    /// (so a cached body shows when it was made); GET /items/{id} with no cache key parameter;
    /// POST /prices/{item}; GET /orders/{id} answering 404 for `missing`; GET /big, over 1 MB.
    /// Stage `prod` caches for 10 s (`*/*`), stage `plain` has no cache.
    static func project(stage: (inout Stage) -> Void = { _ in }) -> Project {
        func mock(_ body: String, request: String = #"{"statusCode": 200}"#, responses: [IntegrationResponse] = []) -> Integration {
            Integration(type: .mock, requestTemplates: [MappingTemplate(contentType: "application/json", source: request, location: here)],
                        responses: responses + [IntegrationResponse(selectionPattern: "", statusCode: "200",
                                                                    responseTemplates: [MappingTemplate(contentType: "application/json", source: body, location: here)],
                                                                    location: here)],
                        location: here)
        }
        let quote = #"{"item": "$input.params('item')", "quotedAt": $context.requestTimeEpoch}"#
        var keyed = mock(quote)
        keyed.cacheKeyParameters = [SourceExpression(text: "method.request.path.item", source: .methodRequestPath("item"))]
        let operations = [
            Operation(path: "/prices/{item}", method: .get, integration: keyed, location: here),
            Operation(path: "/prices/{item}", method: .post, integration: keyed, location: here),
            Operation(path: "/items/{id}", method: .get, integration: mock(#"{"id": "$input.params('id')", "at": $context.requestTimeEpoch}"#), location: here),
            Operation(path: "/orders/{id}", method: .get,
                      integration: mock(#"{"order": "$input.params('id')", "at": $context.requestTimeEpoch}"#,
                                        request: #"#if($input.params('id') == "missing"){"statusCode": 404}#else{"statusCode": 200}#end"#,
                                        responses: [IntegrationResponse(selectionPattern: "404", statusCode: "404",
                                                                        responseTemplates: [MappingTemplate(contentType: "application/json", source: #"{"message": "No such order", "at": $context.requestTimeEpoch}"#, location: here)],
                                                                        location: here)]),
                      location: here),
            Operation(path: "/big", method: .get, integration: mock("#foreach($i in [1..1000])#foreach($j in [1..66])0123456789abcdef#end#end"), location: here),
        ]
        var prod = Stage(stageName: "prod")
        prod.cacheClusterEnabled = true
        prod.cacheClusterSize = "0.5"
        var everything = MethodSetting(key: "*/*", resourcePath: "*", httpMethod: "*", location: here)
        everything.cacheTtlInSeconds = 10
        prod.methodSettings = [everything]
        stage(&prod)
        return Project(contentDirectory: "/tmp", site: SiteSettings(title: "T"),
                       apis: [APIDeployment(name: "shop", definitionPath: "api.yaml", endpointType: .regional,
                                            stages: [prod, Stage(stageName: "plain")],
                                            definition: RestAPI(title: "Shop", operations: operations), location: here)])
    }

    /// Adds a method setting for `key` to the stage.
    static func setting(_ key: String, _ change: @escaping (inout MethodSetting) -> Void) -> (inout Stage) -> Void {
        { stage in
            let parts = key == "*/*" ? ["*", "*"] : [String(key[..<key.lastIndex(of: "/")!]), String(key[key.index(after: key.lastIndex(of: "/")!)...])]
            if let index = stage.methodSettings.firstIndex(where: { $0.key == key }) {
                change(&stage.methodSettings[index])
            } else {
                var setting = MethodSetting(key: key, resourcePath: parts[0], httpMethod: parts[1], location: here)
                change(&setting)
                stage.methodSettings.append(setting)
            }
        }
    }

    struct Harness {
        let gateway: Gateway
        let clock: VirtualClock

        init(_ project: Project = CacheTests.project()) {
            clock = VirtualClock(start: CacheTests.start)
            gateway = Gateway(project: project, clock: clock)
        }

        func send(_ path: String, method: String = "GET", headers: [HTTPHeader] = [], stage: String = "prod", seed: UInt64 = 11,
                  channel: ReleaseChannel? = nil) async throws -> Transcript {
            var ids = IdentifierGenerator(seed: seed)
            return try await gateway.invoke(GatewayRequest(method: method, path: path, headers: headers),
                                            at: Endpoint(api: "shop", stage: stage, channel: channel), ids: &ids)
        }

        func wait(_ duration: Duration) { clock.advance(by: duration) }

        var counters: MetricCounters {
            let deployed = gateway.environment.deployments[api: "shop", stage: "prod"]!
            return gateway.environment.state[deployed].slots.value(of: StageResponseCache.self).counters
        }
    }

    /// The cache stage's two trace lines: the lookup on the way in, the store on the way out.
    static func cacheLines(_ transcript: Transcript) -> [String] {
        transcript.trace.filter { $0.stage == .cache }.map { "\($0.outcome.rawValue): \($0.detail)" }
    }

    static func outcome(_ transcript: Transcript, _ stage: StageName) -> TraceEntry.Outcome? {
        transcript.trace.first { $0.stage == stage }?.outcome
    }

    static let epoch = 1_767_268_800_000

    // MARK: Hit, miss, expiry

    @Test("a miss stores, a hit within the TTL answers the stored body without the integration, at the TTL it is gone")
    func missHitExpire() async throws {
        let harness = Harness()
        let first = try await harness.send("/prices/42")
        #expect(first.response.body == #"{"item": "42", "quotedAt": \#(Self.epoch)}"#)
        // methodSettings cacheTtlInSeconds: "You can override stage-level cache settings … by
        // increasing or decreasing its TTL period".
        #expect(Self.cacheLines(first) == [
            "proceed: miss: GET /prices/{item} [method.request.path.item=42]; the integration answers, kept 10 s (methodSettings '*/*')",
            "proceed: stored GET /prices/{item} [method.request.path.item=42] for 10 s",
        ])

        harness.wait(.seconds(4))
        let second = try await harness.send("/prices/42")
        // "API Gateway then responds to the request by looking up the endpoint response from the
        // cache instead of making a request to your endpoint."
        #expect(second.response.body == first.response.body)
        #expect(second.response.status == 200)
        #expect(Self.cacheLines(second) == [
            "answer: hit: GET /prices/{item} [method.request.path.item=42], stored 4 s ago, 6 s left of 10 s; the integration is not called",
            "skip: answered from the cache; nothing to store",
        ])
        #expect(Self.outcome(second, .integrationRequest) == .bypassed)
        #expect(Self.outcome(second, .integration) == .bypassed)
        #expect(Self.outcome(second, .integrationResponse) == .bypassed)
        // The answer is still this request's: its own request id and Date.
        #expect(second.response.headers.value(for: "Date") == "Thu, 01 Jan 2026 12:00:04 GMT")
        #expect(second.response.headers.value(for: "x-amzn-RequestId") != nil)

        harness.wait(.milliseconds(5_999))
        let last = try await harness.send("/prices/42")
        #expect(Self.cacheLines(last).first == "answer: hit: GET /prices/{item} [method.request.path.item=42], stored 9.999 s ago, 0.001 s left of 10 s; the integration is not called")

        harness.wait(.milliseconds(1))
        let expired = try await harness.send("/prices/42")
        #expect(expired.response.body == #"{"item": "42", "quotedAt": \#(Self.epoch + 10_000)}"#)
        #expect(Self.cacheLines(expired).first?.hasPrefix("proceed: miss: GET /prices/{item} [method.request.path.item=42]") == true)
        // CacheHitCount / CacheMissCount (DG: api-gateway-metrics-and-dimensions).
        #expect(harness.counters.cacheHits == 2)
        #expect(harness.counters.cacheMisses == 2)
    }

    @Test("the default TTL is 300 seconds")
    func defaultTTL() async throws {
        let harness = Harness(Self.project { $0.methodSettings = [] })
        let first = try await harness.send("/prices/1")
        #expect(Self.cacheLines(first).first == "proceed: miss: GET /prices/{item} [method.request.path.item=1]; the integration answers, kept 300 s (the default TTL)")
        harness.wait(.seconds(299))
        #expect(Self.cacheLines(try await harness.send("/prices/1")).first?.hasPrefix("answer: hit:") == true)
        harness.wait(.seconds(1))
        #expect(Self.cacheLines(try await harness.send("/prices/1")).first?.hasPrefix("proceed: miss:") == true)
    }

    // MARK: Cache keys

    @Test("a cache key parameter keeps entries apart; a parameter that is not one shares the entry")
    func keys() async throws {
        let harness = Harness()
        _ = try await harness.send("/prices/42")
        let other = try await harness.send("/prices/7")
        #expect(Self.cacheLines(other).first == "proceed: miss: GET /prices/{item} [method.request.path.item=7]; the integration answers, kept 10 s (methodSettings '*/*')")
        // "GET /users?type=admin&department=A … is used to serve … GET /users?type=admin&department=B":
        // a query string that is no cache key shares the entry.
        harness.wait(.seconds(1))
        let query = try await harness.send("/prices/42?currency=USD")
        #expect(Self.cacheLines(query).first == "answer: hit: GET /prices/{item} [method.request.path.item=42], stored 1 s ago, 9 s left of 10 s; the integration is not called")
        #expect(query.response.body == #"{"item": "42", "quotedAt": \#(Self.epoch)}"#)
    }

    @Test("without cache key parameters, path parameters are not part of the key: every id shares one entry")
    func noKeyParameters() async throws {
        let harness = Harness()
        let first = try await harness.send("/items/1")
        #expect(Self.cacheLines(first).first == "proceed: miss: GET /items/{id} (no cache key parameters: every request to the method shares one entry); the integration answers, kept 10 s (methodSettings '*/*')")
        let second = try await harness.send("/items/2")
        #expect(second.response.body == #"{"id": "1", "at": \#(Self.epoch)}"#)
        #expect(Self.cacheLines(second).first?.hasPrefix("answer: hit: GET /items/{id} (no cache key parameters") == true)
    }

    // MARK: Which methods, which responses

    @Test("only GET is cached by default; cachingEnabled turns POST on; cacheTtlInSeconds 0 turns a method off")
    func methods() async throws {
        let post = try await Harness().send("/prices/1", method: "POST")
        #expect(Self.cacheLines(post) == ["skip: stage cache enabled (0.5 GB); not for POST /prices/{item}: only GET methods are cached by default",
                                          "skip: nothing to store"])

        let enabled = Harness(Self.project(stage: Self.setting("/prices/{item}/POST") { $0.cachingEnabled = true }))
        _ = try await enabled.send("/prices/1", method: "POST")
        let again = try await enabled.send("/prices/1", method: "POST")
        #expect(Self.cacheLines(again).first?.hasPrefix("answer: hit: POST /prices/{item} [method.request.path.item=1]") == true)
        // The GET of the same resource has its own entries.
        #expect(Self.cacheLines(try await enabled.send("/prices/1")).first?.hasPrefix("proceed: miss: GET /prices/{item}") == true)

        // "TTL=0 means caching is disabled."
        let zero = Harness(Self.project(stage: Self.setting("/prices/{item}/GET") { $0.cacheTtlInSeconds = 0 }))
        #expect(Self.cacheLines(try await zero.send("/prices/1")).first
            == "skip: stage cache enabled (0.5 GB); not for GET /prices/{item}: methodSettings '/prices/{item}/GET' set cacheTtlInSeconds 0, which disables caching")
        let off = Harness(Self.project(stage: Self.setting("/prices/{item}/GET") { $0.cachingEnabled = false }))
        #expect(Self.cacheLines(try await off.send("/prices/1")).first
            == "skip: stage cache enabled (0.5 GB); not for GET /prices/{item}: methodSettings '/prices/{item}/GET' turn caching off")
    }

    @Test("a stage without a cache says so and counts nothing")
    func stageWithoutCache() async throws {
        let harness = Harness()
        let transcript = try await harness.send("/prices/1", stage: "plain")
        #expect(Self.cacheLines(transcript) == ["skip: stage cache disabled", "skip: nothing to store"])
        #expect(harness.counters.cacheHits + harness.counters.cacheMisses == 0)
    }

    @Test("an endpoint's 404 is cached like a 200 (the DG names no status that is left out)")
    func errorResponsesCached() async throws {
        var keyed = Self.project()
        // Key GET /orders/{id} by its id so `missing` gets its own entry.
        keyed.apis[0].definition.operations[3].integration?.cacheKeyParameters = [SourceExpression(text: "method.request.path.id", source: .methodRequestPath("id"))]
        let gateway = Harness(keyed)
        let first = try await gateway.send("/orders/missing")
        #expect(first.response.status == 404)
        #expect(Self.cacheLines(first).last == "proceed: stored GET /orders/{id} [method.request.path.id=missing] for 10 s")
        gateway.wait(.seconds(2))
        let second = try await gateway.send("/orders/missing")
        #expect(second.response.status == 404)
        #expect(second.response.body == #"{"message": "No such order", "at": \#(Self.epoch)}"#)
    }

    @Test("a response over 1,048,576 bytes is not stored")
    func largeResponse() async throws {
        let transcript = try await Harness().send("/big")
        #expect(transcript.response.body.utf8.count == 1_056_000)
        #expect(Self.cacheLines(transcript).last == "skip: not stored: the response is 1056000 bytes, over the 1048576 bytes API Gateway caches")
    }

    @Test("a gateway error is not stored")
    func gatewayErrorNotStored() async throws {
        // The integration response finds no match and no default: API_CONFIGURATION_ERROR, 500.
        var project = Self.project()
        project.apis[0].definition.operations[3].integration?.responses.removeLast()
        let transcript = try await Harness(project).send("/orders/1")
        #expect(transcript.response.status == 500)
        #expect(Self.cacheLines(transcript).last == "skip: not stored: the request ended in a gateway error, not an endpoint response")
    }

    // MARK: Invalidation

    static let invalidate = [HTTPHeader("Cache-Control", "max-age=0")]

    @Test("by default invalidation needs authorization: max-age=0 is ignored and the answer carries a warning")
    func invalidationDefault() async throws {
        let harness = Harness()
        _ = try await harness.send("/prices/42")
        harness.wait(.seconds(1))
        let transcript = try await harness.send("/prices/42", headers: Self.invalidate)
        #expect(transcript.response.body == #"{"item": "42", "quotedAt": \#(Self.epoch)}"#)
        #expect(Self.cacheLines(transcript) == [
            "answer: Cache-Control: max-age=0 needs authorization, and the caller is taken as not authorized (no IAM execute-api:InvalidateCache check is simulated): header ignored, a warning header added (SUCCEED_WITH_RESPONSE_HEADER); hit: GET /prices/{item} [method.request.path.item=42], stored 1 s ago, 9 s left of 10 s; the integration is not called",
            "skip: answered from the cache; nothing to store",
        ])
        // SUCCEED_WITH_RESPONSE_HEADER: "process the request and add a warning header in the response".
        #expect(transcript.response.headers.value(for: "Warning") == CacheStage.warning)
    }

    @Test("SUCCEED_WITHOUT_RESPONSE_HEADER ignores max-age=0 and adds no header")
    func invalidationSilent() async throws {
        let harness = Harness(Self.project(stage: Self.setting("*/*") { $0.unauthorizedCacheControlHeaderStrategy = .succeedWithoutResponseHeader }))
        _ = try await harness.send("/prices/42")
        let transcript = try await harness.send("/prices/42", headers: Self.invalidate)
        #expect(Self.cacheLines(transcript).first?.hasPrefix("answer: Cache-Control: max-age=0 needs authorization, and the caller is taken as not authorized (no IAM execute-api:InvalidateCache check is simulated): header ignored (SUCCEED_WITHOUT_RESPONSE_HEADER); hit:") == true)
        #expect(transcript.response.headers.value(for: "Warning") == nil)
    }

    @Test("FAIL_WITH_403 answers 403 Unauthorized")
    func invalidationRefused() async throws {
        let harness = Harness(Self.project(stage: Self.setting("*/*") { $0.unauthorizedCacheControlHeaderStrategy = .failWith403 }))
        _ = try await harness.send("/prices/42")
        let transcript = try await harness.send("/prices/42", headers: Self.invalidate)
        // "Fail the request with 403 status code: returns a 403 Unauthorized response."
        #expect(transcript.response.status == 403)
        #expect(transcript.response.body == #"{"message":"Unauthorized"}"#)
        #expect(Self.cacheLines(transcript) == [
            "fail: Cache-Control: max-age=0 needs authorization, and the caller is taken as not authorized (no IAM execute-api:InvalidateCache check is simulated): FAIL_WITH_403",
            "skip: not stored: the request ended in a gateway error, not an endpoint response",
        ])
        // A request without the header is still answered from the cache.
        #expect(Self.cacheLines(try await harness.send("/prices/42")).first?.hasPrefix("answer: hit:") == true)
    }

    @Test("without requireAuthorizationForCacheControl any client invalidates: the integration answers and its response replaces the entry")
    func invalidationOpen() async throws {
        let harness = Harness(Self.project(stage: Self.setting("*/*") { $0.requireAuthorizationForCacheControl = false }))
        _ = try await harness.send("/prices/42")
        harness.wait(.seconds(3))
        let fresh = try await harness.send("/prices/42", headers: [HTTPHeader("cache-control", "no-store, max-age=0")])
        // "If you don't impose an InvalidateCache policy … any client can invalidate the API cache";
        // "This replaces the existing cache entry with the new response".
        #expect(fresh.response.body == #"{"item": "42", "quotedAt": \#(Self.epoch + 3000)}"#)
        #expect(Self.cacheLines(fresh) == [
            "proceed: Cache-Control: max-age=0 invalidated the entry (requireAuthorizationForCacheControl is false: any client may); miss: GET /prices/{item} [method.request.path.item=42]; the integration answers, kept 10 s (methodSettings '*/*')",
            "proceed: stored GET /prices/{item} [method.request.path.item=42] for 10 s",
        ])
        harness.wait(.seconds(1))
        let next = try await harness.send("/prices/42")
        #expect(next.response.body == fresh.response.body)
        #expect(Self.cacheLines(next).first == "answer: hit: GET /prices/{item} [method.request.path.item=42], stored 1 s ago, 9 s left of 10 s; the integration is not called")
    }

    @Test("Cache-Control is read for max-age=0 only", arguments: [
        ("max-age=0", true), ("no-cache, MAX-AGE=0", true), ("max-age=\"0\"", true), ("max-age=60", false), ("no-cache", false), ("max-age=00", false),
    ])
    func cacheControl(value: String, invalidates: Bool) {
        #expect(CacheStage.asksToInvalidate([HTTPHeader("Cache-Control", value)]) == invalidates)
    }

    // MARK: Canary

    @Test("a canary with useStageCache shares the stage's cache; without it the canary keeps its own entries")
    func canary() async throws {
        // DG: canary-release: "A canary release can use the stage cache, if enabled"; with one
        // deployment for both, "the stage cache uses a single cache key for both types of requests".
        let shared = Harness(Self.project { $0.canarySettings = CanarySettings(percentTraffic: 100, useStageCache: true) })
        _ = try await shared.send("/prices/42", channel: .main)
        let hit = try await shared.send("/prices/42")
        #expect(hit.trace.first { $0.stage == .endpoint }?.detail.contains("canary release") == true)
        #expect(Self.cacheLines(hit).first?.hasPrefix("answer: hit: GET /prices/{item} [method.request.path.item=42]") == true)
        #expect(shared.counters.cacheHits == 1)

        // Without useStageCache the canary's entries are kept apart (DG: canary-release, with
        // separate deployments "the canary and production releases … are cached separately").
        let apart = Harness(Self.project { $0.canarySettings = CanarySettings(percentTraffic: 100, useStageCache: false) })
        let first = try await apart.send("/prices/42")
        #expect(Self.cacheLines(first).first == "proceed: miss: GET /prices/{item} [method.request.path.item=42]; the integration answers, kept 10 s (methodSettings '*/*'); in the canary's own entries (canarySettings.useStageCache is false)")
        let second = try await apart.send("/prices/42")
        #expect(Self.cacheLines(second).first?.hasPrefix("answer: hit: GET /prices/{item} [method.request.path.item=42], stored 0 s ago") == true)
        #expect(second.response.body == first.response.body)
        // The production release does not see the canary's entry.
        let main = try await apart.send("/prices/42", channel: .main)
        #expect(Self.cacheLines(main).first?.hasPrefix("proceed: miss: GET /prices/{item} [method.request.path.item=42]") == true)
    }

    @Test("flushing a stage's cache empties its entries and its canary's; the next request misses")
    func flush() async throws {
        let harness = Harness(Self.project { $0.canarySettings = CanarySettings(percentTraffic: 0, useStageCache: false) })
        _ = try await harness.send("/prices/42", channel: .main)
        _ = try await harness.send("/prices/7", channel: .main)
        _ = try await harness.send("/prices/42", channel: .canary)
        #expect(Self.cacheLines(try await harness.send("/prices/42", channel: .main)).first?.hasPrefix("answer: hit") == true)
        #expect(try harness.gateway.flushCache(api: "shop", stage: "prod") == Gateway.CacheFlush(api: "shop", stage: "prod", flushedEntries: 3))
        #expect(Self.cacheLines(try await harness.send("/prices/42", channel: .main)).first?.hasPrefix("proceed: miss") == true)
        #expect(Self.cacheLines(try await harness.send("/prices/42", channel: .canary)).first?.hasPrefix("proceed: miss") == true)
        #expect(throws: Gateway.CacheFlushError.noCache(api: "shop", stage: "plain")) { try harness.gateway.flushCache(api: "shop", stage: "plain") }
        #expect(throws: Gateway.CacheFlushError.unknown(.unknownStage("gamma", api: "shop", known: ["prod", "plain"]))) {
            try harness.gateway.flushCache(api: "shop", stage: "gamma")
        }
    }

    // MARK: Bounds

    @Test("the cache holds as many 1 MB responses as the cluster size allows: 512 for 0.5 GB")
    func capacity() {
        var stage = Stage(stageName: "s")
        #expect(MethodCaching.capacity(of: stage) == 512)
        stage.cacheClusterSize = "6.1"
        #expect(MethodCaching.capacity(of: stage) == 6246)
    }

    @Test("the trace's seconds: whole without decimals, else to the millisecond", arguments: [
        (Duration.seconds(6), "6 s"), (.milliseconds(1500), "1.5 s"), (.milliseconds(1), "0.001 s"), (.zero, "0 s"),
    ])
    func seconds(duration: Duration, text: String) {
        #expect(CacheStage.seconds(duration) == text)
    }
}
