import PorticoModel

/// How one method on one stage uses the stage cache, worked out when the gateway is made (as
/// ``MethodLimits`` is for throttling): whether its responses are cached, for how long, what
/// its cache key is made of and what a client's `Cache-Control: max-age=0` does. The cache
/// stage reads it per request; a stage without a cache never reads it (see
/// ``DeployedStage/cacheOff``).
///
/// DG: api-gateway-caching:
/// - "When you enable caching for a stage, only `GET` methods have caching enabled by default";
///   `methodSettings` `cachingEnabled` turns it on or off per method.
/// - "The default TTL value for API caching is 300 seconds. The maximum TTL value is 3600
///   seconds. TTL=0 means caching is disabled" (the project loader refuses a TTL outside 0…3600
///   with a located `project.cache-ttl` error).
/// - The cache key is made of the method or integration parameters marked as cache keys
///   (`cacheKeyParameters`): a parameter that is not one shares the entry ("you can include only
///   the `type` parameter in the cache key … The response from this request is cached and is used
///   to serve the following request: `GET /users?type=admin&department=B`"). No parameter is a
///   key by default, path parameters included: without `method.request.path.id` every
///   `/items/{id}` shares one entry.
/// - Entries are grouped by `cacheNamespace`, "by default … the resource ID" (API reference:
///   Integration). We also keep a resource's HTTP methods apart (a POST with caching turned on
///   never answers a GET): AWS does not say, and sharing would be surprising.
final class MethodCaching: Sendable {
    /// Why the method's responses are not cached here; nil when they are.
    let off: TraceDetail?
    /// `GET /items/{id}`: how the trace names the method.
    let methodName: String
    /// How long an entry lives, from `cacheTtlInSeconds` (300 by default).
    let ttlSeconds: Int
    let ttl: Duration
    /// The method request parameters whose values make the cache key, in the order written.
    let keyParameters: [SourceExpression]
    /// `requireAuthorizationForCacheControl`: whether invalidating an entry needs the caller to
    /// hold `execute-api:InvalidateCache`.
    let requireAuthorization: Bool
    /// `unauthorizedCacheControlHeaderStrategy`: what an unauthorized invalidation gets.
    let unauthorizedStrategy: CacheControlHeaderStrategy
    /// The `methodSettings` entry that set the TTL, for the trace; nil for the default.
    let ttlSetting: String?
    /// Which method a cache entry belongs to (``ResponseCacheKey/method``): the method's number,
    /// or for a canary that shares the stage cache, the number of the stage's method with the
    /// same path and HTTP method (``keyNumber(of:in:sharing:)``).
    let keyNumber: Int

    /// The default TTL (DG: api-gateway-caching).
    static let defaultTTL = 300

    /// Defaults of the per-key invalidation settings when no method setting gives them:
    /// authorization required, and an unauthorized `Cache-Control: max-age=0` ignored with a
    /// warning header. The DG does not state them; what AWS sets when caching is enabled is
    /// reported in aws/serverless-application-model#788 ("by default if Require Authorization
    /// is set to enabled … the handling of unauthorized requests is set as 'Ignore and set
    /// warning'") and hashicorp/terraform-provider-aws#1550 ("Require authorization setting is
    /// set to true by default").
    static let defaultRequireAuthorization = true
    static let defaultStrategy = CacheControlHeaderStrategy.succeedWithResponseHeader

    init(method: RoutedMethod, stage: Stage, keyNumber: Int) {
        self.keyNumber = keyNumber
        let operation = method.operation
        let path = operation.path, verb = operation.method.rawValue
        methodName = "\(verb) \(path)"
        let ttlSetting = MethodLimits.setting(\.cacheTtlInSeconds, path: path, method: verb, stage: stage)
        ttlSeconds = ttlSetting?.value ?? Self.defaultTTL
        ttl = .seconds(ttlSeconds)
        self.ttlSetting = ttlSetting?.key
        keyParameters = operation.integration?.cacheKeyParameters ?? []
        requireAuthorization = MethodLimits.setting(\.requireAuthorizationForCacheControl, path: path, method: verb, stage: stage)?.value
            ?? Self.defaultRequireAuthorization
        unauthorizedStrategy = MethodLimits.setting(\.unauthorizedCacheControlHeaderStrategy, path: path, method: verb, stage: stage)?.value
            ?? Self.defaultStrategy
        off = Self.off(path: path, method: verb, stage: stage, ttl: ttlSetting)
    }

    /// Why `method` on `path` is not cached on `stage`, or nil when it is.
    private static func off(path: String, method: String, stage: Stage, ttl: (value: Int, key: String)?) -> TraceDetail? {
        let caching = MethodLimits.setting(\.cachingEnabled, path: path, method: method, stage: stage)
        guard caching?.value ?? (method == "GET") else {
            let why = caching.map { "methodSettings '\($0.key)' turn caching off" } ?? "only GET methods are cached by default"
            return TraceDetail(text: "stage cache enabled\(size(of: stage)); not for \(method) \(path): \(why)")
        }
        if let ttl, ttl.value == 0 {
            return TraceDetail(text: "stage cache enabled\(size(of: stage)); not for \(method) \(path): methodSettings '\(ttl.key)' set cacheTtlInSeconds 0, which disables caching")
        }
        return nil
    }

    static func size(of stage: Stage) -> String {
        stage.cacheClusterSize.map { " (\($0) GB)" } ?? ""
    }

    /// Why a deployed stage has no cache at all, or nil when it has one: the stage's
    /// `cacheClusterEnabled`. A canary has a cache whenever its stage has one: the stage's own
    /// entries with `useStageCache` (DG: canary-release: "the stage cache for canary requests,
    /// if the useStageCache is set and API caching is enabled on the stage"), else its own
    /// (``DeployedStage/usesCanaryCache``).
    static func stageOff(_ stage: Stage) -> TraceDetail? {
        stage.cacheClusterEnabled ? nil : "stage cache disabled"
    }

    /// The number a cache entry of `method` (of `routes`) is kept under. A canary sharing the
    /// stage cache (`sharing`: the stage's routes) keys by the stage's method with the same path
    /// and HTTP method, so that "the stage cache uses a single cache key for both types of
    /// requests" (DG: canary-release); a method the stage does not have is numbered past the
    /// stage's methods, so it never takes another's entries.
    static func keyNumber(of method: RoutedMethod, in routes: RouteTable, sharing stageRoutes: RouteTable?) -> Int {
        guard let stageRoutes else { return method.number }
        let same = stageRoutes.allMethods.first { $0.operation.path == method.operation.path && $0.operation.method == method.operation.method }
        return same?.number ?? stageRoutes.allMethods.count + method.number
    }

    /// How many entries a stage's cache holds at most: as many responses of the largest size
    /// API Gateway caches (1,048,576 bytes, DG: api-gateway-caching) as fit in the cache's
    /// `cacheClusterSize` (0.5 GB when unset, AWS's smallest and the console's default): 512
    /// for 0.5 GB. So the simulator never holds more than the cluster could, and a full cache
    /// drops its oldest entry first ("Caching is best-effort").
    static func capacity(of stage: Stage) -> Int {
        let gigabytes = stage.cacheClusterSize.flatMap(Double.init) ?? 0.5
        return max(1, Int(gigabytes * 1024))
    }

    /// The largest response API Gateway caches (DG: api-gateway-caching: "The maximum size of a
    /// response that can be cached is 1048576 bytes").
    static let maximumEntrySize = 1_048_576
}
