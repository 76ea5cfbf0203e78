import Foundation
import PorticoModel

/// The stage cache (DG: api-gateway-caching). On the way in it looks the request's cache key
/// up: a live entry answers the request (`.answer`: integration request, integration and
/// integration response are bypassed, the gateway-response and observability stages still
/// run, so the answer carries this request's id and date); a miss lets the request go on. On
/// the way out it stores what the integration response made, for the method's TTL.
///
/// What is stored is the method response as the integration response stage mapped it: the DG
/// says API Gateway "caches responses from your endpoint" and answers "by looking up the
/// endpoint response from the cache instead of making a request to your endpoint". The DG
/// names no status that is left out, and a backend's 429 is reported to be cached (the
/// question "prevent caching of non-200 responses in AWS API Gateway", Stack Overflow
/// 45883323, and DianaIonita/serverless-api-gateway-caching#125), so every response the
/// integration answered is stored whatever its status; a gateway error (a failed request,
/// which never got an endpoint response) is not. A response over 1,048,576 bytes is not stored
/// (DG: "The maximum size of a response that can be cached is 1048576 bytes").
///
/// `Cache-Control: max-age=0` from the client asks to invalidate the entry (DG: "Invalidate an
/// API Gateway cache entry"). Without `requireAuthorizationForCacheControl` "any client can
/// invalidate": the entry is dropped and the integration answers. With it, the caller needs
/// `execute-api:InvalidateCache`, which only an IAM policy can grant; the simulator evaluates
/// no IAM policy, so it takes every caller as not authorized and applies
/// `unauthorizedCacheControlHeaderStrategy`, saying so in the trace: FAIL_WITH_403 "returns a
/// 403 Unauthorized response"; SUCCEED_WITH_RESPONSE_HEADER and SUCCEED_WITHOUT_RESPONSE_HEADER
/// "process the request" (the header is ignored: a live entry still answers), the first with
/// a warning header in the response.
///
/// Hits and misses are counted in the stage's ``MetricCounters`` (`CacheHitCount`,
/// `CacheMissCount`).
final class CacheStage: PipelineStage {
    let name = StageName.cache
    var phases: StagePhases { [.request, .response] }

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        if let off = exchange.deployed.cacheOff { return .skip(off) }
        guard let method = exchange.route?.method else { return .skip("no method matched") }
        let caching = exchange.deployed.caching(for: method)
        if let off = caching.off { return .skip(off) }

        let key = ResponseCacheKey(method: caching.keyNumber, values: caching.keyParameters.map {
            RequestParameterMapping.value(of: $0.source, exchange: exchange)
        })
        let instant = exchange.arrival
        var note = ""
        var invalidate = false, warn = false
        if Self.asksToInvalidate(exchange.request.headers) {
            if !caching.requireAuthorization {
                invalidate = true
                note = "Cache-Control: max-age=0 invalidated the entry (requireAuthorizationForCacheControl is false: any client may); "
            } else {
                let assumed = "Cache-Control: max-age=0 needs authorization, and the caller is taken as not authorized (no IAM execute-api:InvalidateCache check is simulated)"
                switch caching.unauthorizedStrategy {
                case .failWith403:
                    exchange.cacheLookup = CacheLookup(caching: caching, key: key, hit: false, warn: false)
                    return .fail(Self.unauthorizedInvalidation, TraceDetail(text: assumed + ": FAIL_WITH_403"))
                case .succeedWithResponseHeader:
                    warn = true
                    note = assumed + ": header ignored, a warning header added (SUCCEED_WITH_RESPONSE_HEADER); "
                case .succeedWithoutResponseHeader:
                    note = assumed + ": header ignored (SUCCEED_WITHOUT_RESPONSE_HEADER); "
                }
            }
        }

        let canary = exchange.deployed.usesCanaryCache
        let entry = exchange.state.slots.update(StageResponseCache.self) { cache -> ExpiringCache<ResponseCacheKey, GatewayResponse>.Entry? in
            if invalidate { cache[canary: canary]?.invalidate(key) }
            let entry = cache[canary: canary]?.entry(for: key, at: instant)
            cache.counters.recordCacheLookup(hit: entry != nil)
            return entry
        }
        let described = Self.describe(key, caching)
        if let entry {
            exchange.cacheLookup = CacheLookup(caching: caching, key: key, hit: true, warn: warn)
            exchange.response = entry.value
            let age = instant.duration(since: entry.stored), left = entry.expires.duration(since: instant)
            return .answer(TraceDetail { [note] in
                "\(note)hit: \(described), stored \(Self.seconds(age)) ago, \(Self.seconds(left)) left of \(caching.ttlSeconds) s; the integration is not called"
                    + (canary ? Self.canaryEntries : "")
            })
        }
        exchange.cacheLookup = CacheLookup(caching: caching, key: key, hit: false, warn: warn)
        return .proceed(TraceDetail { [note] in
            "\(note)miss: \(described); the integration answers, kept \(caching.ttlSeconds) s\(caching.ttlSetting.map { " (methodSettings '\($0)')" } ?? " (the default TTL)")"
                + (canary ? Self.canaryEntries : "")
        })
    }

    func respond(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        guard let lookup = exchange.cacheLookup else { return .skip("nothing to store") }
        defer {
            if lookup.warn { exchange.setResponseHeader("Warning", Self.warning) }
        }
        if lookup.hit { return .skip("answered from the cache; nothing to store") }
        guard exchange.failure == nil, let response = exchange.response else {
            return .skip("not stored: the request ended in a gateway error, not an endpoint response")
        }
        let size = response.payloadSize
        guard size <= MethodCaching.maximumEntrySize else {
            return .skip(TraceDetail { "not stored: the response is \(size) bytes, over the \(MethodCaching.maximumEntrySize) bytes API Gateway caches" })
        }
        let caching = lookup.caching, key = lookup.key, instant = exchange.arrival, capacity = exchange.deployed.cacheCapacity
        let canary = exchange.deployed.usesCanaryCache
        exchange.state.slots.update(StageResponseCache.self) { cache in
            if cache[canary: canary] == nil { cache[canary: canary] = ExpiringCache(capacity: capacity) }
            cache[canary: canary]?.store(response, for: key, ttl: caching.ttl, at: instant)
        }
        let described = Self.describe(key, caching)
        return .proceed(TraceDetail { "stored \(described) for \(caching.ttlSeconds) s" })
    }

    /// What a canary's lookup adds when its entries are its own (DG: canary-release).
    static let canaryEntries = "; in the canary's own entries (canarySettings.useStageCache is false)"

    /// Whether the client's `Cache-Control` holds `max-age=0` (DG: "The client must send a
    /// request that contains the `Cache-Control: max-age=0` header").
    static func asksToInvalidate(_ headers: [HTTPHeader]) -> Bool {
        for header in headers where header.hasName("Cache-Control") {
            for directive in header.value.split(separator: ",") {
                let text = directive.trimmingCharacters(in: .whitespaces).lowercased()
                if text == "max-age=0" || text == "max-age=\"0\"" { return true }
            }
        }
        return false
    }

    /// FAIL_WITH_403: "returns a 403 Unauthorized response" (DG: api-gateway-caching). The DG
    /// gives the status and the word, not the gateway response type: DEFAULT_4XX with status 403
    /// and `{"message":"Unauthorized"}` is our reading.
    static let unauthorizedInvalidation = GatewayError(.default4XX, message: "Unauthorized", errorType: "AccessDeniedException", status: 403)

    /// The warning SUCCEED_WITH_RESPONSE_HEADER adds. The DG says only that a warning header is
    /// added; the code 199 (miscellaneous warning, RFC 7234 §5.5) and the text are ours.
    static let warning = #"199 - "Cache-Control: max-age=0 ignored: the caller is not authorized to invalidate the cache""#

    /// The key as the trace shows it: the method and the value of each cache key parameter.
    static func describe(_ key: ResponseCacheKey, _ caching: MethodCaching) -> String {
        guard !caching.keyParameters.isEmpty else {
            return "\(caching.methodName) (no cache key parameters: every request to the method shares one entry)"
        }
        let parts = zip(caching.keyParameters, key.values).map { parameter, value in
            value.map { "\(parameter.text)=\($0)" } ?? "\(parameter.text) absent"
        }
        return "\(caching.methodName) [\(parts.joined(separator: ", "))]"
    }

    /// Seconds as the trace shows them: whole seconds without decimals, else to the millisecond.
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.nanoseconds / 1_000_000
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        var text = String(format: "%.3f", Double(milliseconds) / 1000)
        while text.hasSuffix("0") { text.removeLast() }
        return text + " s"
    }
}

/// A cache key: the method (its resource and HTTP method) and the values of its cache key
/// parameters, in the order the integration lists them (nil for one the request lacks).
struct ResponseCacheKey: Hashable, Sendable {
    let method: Int
    let values: [String?]
}

/// What the cache stage decided on the way in, for its response phase.
struct CacheLookup {
    let caching: MethodCaching
    let key: ResponseCacheKey
    let hit: Bool
    /// SUCCEED_WITH_RESPONSE_HEADER ignored a `Cache-Control: max-age=0`: the answer gets a warning.
    let warn: Bool
}

/// A stage's response cache and its hit and miss counts. The cache is made on the first store,
/// with the stage's capacity (``DeployedStage/cacheCapacity``); a canary that uses the stage
/// cache shares its entries (the canary shares the stage's ``StageState``), one that does not
/// keeps its own beside them (``DeployedStage/usesCanaryCache``).
struct ResponseCacheState: Sendable {
    var entries: ExpiringCache<ResponseCacheKey, GatewayResponse>?
    var canaryEntries: ExpiringCache<ResponseCacheKey, GatewayResponse>?
    var counters = MetricCounters()

    subscript(canary canary: Bool) -> ExpiringCache<ResponseCacheKey, GatewayResponse>? {
        get { canary ? canaryEntries : entries }
        set { if canary { canaryEntries = newValue } else { entries = newValue } }
    }

    /// FlushStageCache: "flush the API's stage cache" empties every entry, the canary's too
    /// (DG: api-gateway-caching, "Flush the API stage cache in API Gateway"). Returns how many
    /// entries there were.
    mutating func flush() -> Int {
        let count = (entries?.count ?? 0) + (canaryEntries?.count ?? 0)
        entries = nil
        canaryEntries = nil
        return count
    }
}

enum StageResponseCache: GatewayStateKey {
    static var initialValue: ResponseCacheState { ResponseCacheState() }
}
