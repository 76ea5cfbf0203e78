import CoreMetrics
import PorticoModel

/// The names of the metrics API Gateway publishes to CloudWatch, per kind of API, and the
/// dimensions it publishes them under.
///
/// - REST (DG: api-gateway-metrics-and-dimensions): `Count`, `4XXError`, `5XXError`,
///   `Latency`, `IntegrationLatency` (milliseconds), and `CacheHitCount`, `CacheMissCount` on a
///   stage with a cache; by `ApiName`, by `ApiName`+`Stage`, and by
///   `ApiName`+`Method`+`Resource`+`Stage` for methods whose settings say `metricsEnabled`.
/// - HTTP (DG: http-api-metrics): `Count`, `4xx`, `5xx`, `Latency`, `IntegrationLatency`,
///   `DataProcessed` (bytes); by `ApiId`, `ApiId`+`Stage`, and `ApiId`+`Method`+`Resource`+`Stage`
///   with detailed metrics (`detailedMetricsEnabled`).
///
/// In Prometheus's text format each is named `aws_apigateway_` (CloudWatch's namespace,
/// `AWS/ApiGateway`) followed by CloudWatch's own name, and the dimensions are labels with
/// CloudWatch's names, so a query reads like the CloudWatch console: `aws_apigateway_4XXError{ApiName="orders",Stage="prod"}`.
/// As in CloudWatch, one request counts once in each dimension set, so adding up series of
/// different sets counts it more than once.
public enum CloudWatchMetrics {
    /// CloudWatch's namespace as a Prometheus name prefix.
    public static let prefix = "aws_apigateway_"

    /// What a metric measures, whatever its name in one kind of API.
    enum Measure {
        case count, clientErrors, serverErrors, latency, integrationLatency, cacheHits, cacheMisses, dataProcessed
    }

    /// The CloudWatch name of `measure` for APIs of `kind`; nil when that kind publishes none.
    static func name(of measure: Measure, for kind: APIKind) -> String? {
        switch (measure, kind) {
        case (.count, _): "Count"
        case (.latency, _): "Latency"
        case (.integrationLatency, _): "IntegrationLatency"
        case (.clientErrors, .rest): "4XXError"
        case (.serverErrors, .rest): "5XXError"
        case (.clientErrors, _): "4xx"
        case (.serverErrors, _): "5xx"
        case (.cacheHits, .rest): "CacheHitCount"
        case (.cacheMisses, .rest): "CacheMissCount"
        case (.dataProcessed, .http): "DataProcessed"
        default: nil
        }
    }

    /// The dimension that names the API: REST APIs are named by `ApiName`, HTTP APIs by `ApiId`.
    static func apiDimension(for api: APIDeployment, facts: APIFacts) -> (String, String) {
        api.kind == .rest ? ("ApiName", api.name) : ("ApiId", facts.apiId)
    }
}

/// The metric handles of one dimension set (an API, a stage, or one method on a stage), made
/// once when the gateway is made: a request adds to counters it already holds, and looks up
/// nothing by name.
final class MetricSet: Sendable {
    let count: Counter
    let clientErrors: Counter
    let serverErrors: Counter
    /// Milliseconds, as CloudWatch keeps them.
    let latency: Recorder
    let integrationLatency: Recorder
    /// Only on a REST stage with a cache.
    let cacheHits: Counter?
    let cacheMisses: Counter?
    /// HTTP APIs only.
    let dataProcessed: Counter?

    init(kind: APIKind, dimensions: [(String, String)], cached: Bool, factory: any MetricsFactory) {
        func counter(_ measure: CloudWatchMetrics.Measure) -> Counter? {
            CloudWatchMetrics.name(of: measure, for: kind).map { Counter(label: CloudWatchMetrics.prefix + $0, dimensions: dimensions, factory: factory) }
        }
        func recorder(_ measure: CloudWatchMetrics.Measure) -> Recorder {
            Recorder(label: CloudWatchMetrics.prefix + CloudWatchMetrics.name(of: measure, for: kind)!, dimensions: dimensions, aggregate: true, factory: factory)
        }
        count = counter(.count)!
        clientErrors = counter(.clientErrors)!
        serverErrors = counter(.serverErrors)!
        latency = recorder(.latency)
        integrationLatency = recorder(.integrationLatency)
        cacheHits = cached ? counter(.cacheHits) : nil
        cacheMisses = cached ? counter(.cacheMisses) : nil
        dataProcessed = counter(.dataProcessed)
    }

    func record(_ measured: RequestMeasurement) {
        count.increment()
        if measured.status >= 500 { serverErrors.increment() } else if measured.status >= 400 { clientErrors.increment() }
        latency.record(measured.latencyMilliseconds)
        if let integration = measured.integrationMilliseconds { integrationLatency.record(integration) }
        if let hit = measured.cacheHit { (hit ? cacheHits : cacheMisses)?.increment() }
        if let dataProcessed, measured.bytes > 0 { dataProcessed.increment(by: measured.bytes) }
    }
}

/// What one answered request adds to its metrics.
struct RequestMeasurement {
    var status: Int
    var latencyMilliseconds: Double
    /// Nil when no integration was called (a refusal before it, a cache hit).
    var integrationMilliseconds: Double?
    /// True for a cache hit, false for a request a stage with a cache sent to the backend,
    /// nil otherwise (DG: api-gateway-metrics-and-dimensions: CacheMissCount counts "requests
    /// served from the backend … when API caching is enabled").
    var cacheHit: Bool?
    /// Request and response bodies, for HTTP APIs' DataProcessed.
    var bytes: Int64
}

/// The metrics one deployed stage publishes: its API's set, its stage's set (and, for a
/// canary, the canary's own: DG: canary-release says a canary gets "its own logs and metrics",
/// kept beside the stage's; Portico names its stage dimension `{stage}/Canary`, as the canary's
/// execution log group is named), and the set of each method with detailed metrics, by
/// ``RoutedMethod/number``.
public final class StageMetrics: Sendable {
    private let sets: [MetricSet]
    private let methods: [MetricSet?]

    init(api: APIDeployment, stage: Stage, facts: APIFacts, routes: RouteTable, isCanary: Bool, cached: Bool, factory: any MetricsFactory) {
        let kind = api.kind
        let apiDimension = CloudWatchMetrics.apiDimension(for: api, facts: facts)
        let stageName = stage.stageName
        var sets = [MetricSet(kind: kind, dimensions: [apiDimension], cached: cached, factory: factory),
                    MetricSet(kind: kind, dimensions: [apiDimension, ("Stage", stageName)], cached: cached, factory: factory)]
        if isCanary {
            sets.append(MetricSet(kind: kind, dimensions: [apiDimension, ("Stage", stageName + "/Canary")], cached: cached, factory: factory))
        }
        self.sets = sets
        methods = routes.allMethods.map { method in
            let operation = method.operation
            guard stage.methodSetting(path: operation.path, method: operation.method.rawValue)?.metricsEnabled == true else { return nil }
            return MetricSet(kind: kind, dimensions: [apiDimension, ("Method", operation.method.rawValue), ("Resource", operation.path),
                                                      ("Stage", isCanary ? stageName + "/Canary" : stageName)],
                             cached: cached, factory: factory)
        }
    }

    /// Adds one answered request to every set it belongs to.
    func record(_ measured: RequestMeasurement, method: RoutedMethod?) {
        for set in sets { set.record(measured) }
        if let method, let set = methods[method.number] { set.record(measured) }
    }
}

/// The metrics of every deployed stage of a gateway, by ``DeployedStage/index`` (a canary has
/// its own, beside its stage's), made when the gateway is made.
public final class GatewayMetrics: Sendable {
    private let stages: [StageMetrics]
    private let canaries: [StageMetrics?]

    public init(deployments: DeployedStages, factory: any MetricsFactory) {
        func metrics(of deployed: DeployedStage) -> StageMetrics {
            StageMetrics(api: deployed.api, stage: deployed.stage, facts: deployed.facts, routes: deployed.routes, isCanary: deployed.isCanary,
                         cached: deployed.cacheOff == nil, factory: factory)
        }
        stages = deployments.all.map(metrics)
        canaries = deployments.all.map { $0.canary.map { metrics(of: $0.stage) } }
    }

    subscript(deployed: DeployedStage) -> StageMetrics? {
        deployed.isCanary ? canaries[deployed.index] : stages[deployed.index]
    }
}

extension GatewayMetrics {
    /// Counts an answered request in its stage's metrics: called by the observability stage,
    /// the one place every answer of both kinds of API passes.
    func record(_ exchange: Exchange, status: Int, responseBytes: Int) {
        guard let stage = self[exchange.deployed] else { return }
        let lookup = exchange.cacheLookup
        stage.record(RequestMeasurement(
            status: status,
            latencyMilliseconds: Double((exchange.responseLatency ?? .zero).nanoseconds) / 1e6,
            integrationMilliseconds: exchange.integrationLatency.map { Double($0.nanoseconds) / 1e6 },
            cacheHit: lookup.flatMap { $0.hit ? true : (exchange.integrationLatency != nil ? false : nil) },
            bytes: Int64(exchange.request.body.count + responseBytes)), method: exchange.route?.method)
    }
}
