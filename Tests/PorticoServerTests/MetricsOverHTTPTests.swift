import Diagnostics
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PorticoGateway
import PorticoModel
@testable import PorticoServer
import Prometheus
import Synchronization
import TestSupport
import Testing

/// The gateway's CloudWatch metrics after a known sequence of requests over real loopback HTTP,
/// read back from `GET /_portico/metrics` (DG: api-gateway-metrics-and-dimensions: the names,
/// the ApiName / ApiName+Stage / ApiName+Method+Resource+Stage dimension sets, 4XXError
/// counting gateway responses such as a throttled 429, CacheHitCount and CacheMissCount).
@Suite("Metrics over HTTP", .serialized, .timeLimit(.minutes(1)))
struct MetricsOverHTTPTests {
    /// `shop`, stage prod with a cache: GET /items cached and with detailed metrics, GET
    /// /limited throttled to a burst of 1, GET /broken a MOCK whose template names no status.
    static let files = [
        "Content/portico.yml": """
            apis:
              - name: shop
                definition: apis/shop.yaml
                stages:
                  - stageName: prod
                    cacheClusterEnabled: true
                    cacheClusterSize: "0.5"
                    accessLogSettings: {format: '$context.requestId $context.httpMethod $context.path $context.status $context.error.responseType'}
                    methodSettings:
                      "/items/GET": {cachingEnabled: true, cacheTtlInSeconds: 300, metricsEnabled: true}
                      "/limited/GET": {throttlingRateLimit: 0.001, throttlingBurstLimit: 1}

            """,
        "Content/apis/shop.yaml": """
            openapi: 3.0.1
            info: {title: Shop, version: "1"}
            paths:
              /items:
                get:
                  x-amazon-apigateway-integration:
                    type: mock
                    requestTemplates: {application/json: '{"statusCode": 200}'}
                    responses: {default: {statusCode: "200", responseTemplates: {application/json: '{"items": []}'}}}
              /limited:
                get:
                  x-amazon-apigateway-integration:
                    type: mock
                    requestTemplates: {application/json: '{"statusCode": 200}'}
                    responses: {default: {statusCode: "200"}}
              /broken:
                get:
                  x-amazon-apigateway-integration:
                    type: mock
                    requestTemplates: {application/json: '{"status": "none"}'}
                    responses: {default: {statusCode: "200"}}

            """,
        "Site/index.html": "<!doctype html><title>site</title>",
    ]

    func withServer(accessLog: AccessLogWriter? = nil, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(Self.files)
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(diagnostics.sorted.isEmpty, "\(diagnostics.sorted)")
        let registry = PrometheusCollectorRegistry()
        // A clock that stands still: every latency is 0 ms, the throttle's bucket never refills
        // and the cache entry never expires, so every value below is exact.
        let gateway = Gateway(project: project, clock: FixedClock.siteBuild,
                              services: GatewayServices(metrics: PrometheusMetricsFactory(registry: registry)))
        let server = DocsServer(siteDirectory: root.path + "/Site", gateway: LiveGateway(gateway, observer: accessLog), port: 0, metrics: registry)
        try await server.makeApplication().test(.live, body)
    }

    /// The sample lines of the families named, as `/_portico/metrics` wrote them.
    static func samples(_ text: String, _ names: [String]) -> [String] {
        text.split(separator: "\n").map(String.init).filter { line in
            !line.hasPrefix("#") && names.contains { line.hasPrefix($0 + "{") }
        }
    }

    @Test("Count, 4XXError, 5XXError, CacheHitCount and CacheMissCount by API, stage and (detailed) method after 3 cached, 2 throttled-once, 1 failing and 1 unrouted request")
    func countsAfterASequence() async throws {
        try await withServer { client in
            // Before any request the series exist at 0, as a dashboard expects.
            try await client.execute(uri: "/_portico/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                #expect(Self.samples(String(buffer: response.body), ["aws_apigateway_Count"]) == [
                    #"aws_apigateway_Count{ApiName="shop"} 0"#,
                    #"aws_apigateway_Count{ApiName="shop",Method="GET",Resource="/items",Stage="prod"} 0"#,
                    #"aws_apigateway_Count{ApiName="shop",Stage="prod"} 0"#,
                ])
            }
            for (path, status) in [("/items", 200), ("/items", 200), ("/items", 200), ("/limited", 200), ("/limited", 429),
                                   ("/broken", 500), ("/nowhere", 403)] {
                try await client.execute(uri: "/_gateway/shop/prod" + path, method: .get) { response in
                    #expect(Int(response.status.code) == status, "\(path)")
                }
            }
            try await client.execute(uri: "/_portico/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(Self.samples(text, ["aws_apigateway_Count", "aws_apigateway_4XXError", "aws_apigateway_5XXError",
                                            "aws_apigateway_CacheHitCount", "aws_apigateway_CacheMissCount"]) == [
                    #"aws_apigateway_4XXError{ApiName="shop"} 2"#,
                    #"aws_apigateway_4XXError{ApiName="shop",Method="GET",Resource="/items",Stage="prod"} 0"#,
                    #"aws_apigateway_4XXError{ApiName="shop",Stage="prod"} 2"#,
                    #"aws_apigateway_5XXError{ApiName="shop"} 1"#,
                    #"aws_apigateway_5XXError{ApiName="shop",Method="GET",Resource="/items",Stage="prod"} 0"#,
                    #"aws_apigateway_5XXError{ApiName="shop",Stage="prod"} 1"#,
                    #"aws_apigateway_CacheHitCount{ApiName="shop"} 2"#,
                    #"aws_apigateway_CacheHitCount{ApiName="shop",Method="GET",Resource="/items",Stage="prod"} 2"#,
                    #"aws_apigateway_CacheHitCount{ApiName="shop",Stage="prod"} 2"#,
                    // The /items miss and /limited's first: a stage cache caches every GET method
                    // by default (DG: api-gateway-caching), and both were served by the backend.
                    // /broken's MOCK failed before answering, so the backend served nothing.
                    #"aws_apigateway_CacheMissCount{ApiName="shop"} 2"#,
                    #"aws_apigateway_CacheMissCount{ApiName="shop",Method="GET",Resource="/items",Stage="prod"} 1"#,
                    #"aws_apigateway_CacheMissCount{ApiName="shop",Stage="prod"} 2"#,
                    #"aws_apigateway_Count{ApiName="shop"} 7"#,
                    #"aws_apigateway_Count{ApiName="shop",Method="GET",Resource="/items",Stage="prod"} 3"#,
                    #"aws_apigateway_Count{ApiName="shop",Stage="prod"} 7"#,
                ])
                // Latency: every request, in milliseconds (0 on a clock that stands still);
                // IntegrationLatency: the two that reached a backend (the cache miss and the
                // throttle's first), not the hits, the throttled, the failed template or the unrouted.
                #expect(Self.samples(text, ["aws_apigateway_Latency_count", "aws_apigateway_Latency_sum",
                                            "aws_apigateway_IntegrationLatency_count"]).filter { $0.contains("Stage=\"prod\"}") && !$0.contains("Method") } == [
                    #"aws_apigateway_IntegrationLatency_count{ApiName="shop",Stage="prod"} 2"#,
                    #"aws_apigateway_Latency_sum{ApiName="shop",Stage="prod"} 0.0"#,
                    #"aws_apigateway_Latency_count{ApiName="shop",Stage="prod"} 7"#,
                ])
                #expect(text.contains("# TYPE aws_apigateway_Latency histogram\n"))
                #expect(text.contains(#"aws_apigateway_Latency_bucket{ApiName="shop",Stage="prod",le="5.0"} 7"#))
            }
        }
    }

    @Test("serve's access log: each stage's lines in its own file, in the order served, written when flushed")
    func accessLogFile() async throws {
        let logs = try TemporaryDirectory()
        defer { logs.remove() }
        let writer = AccessLogWriter(destination: .directory(logs.path))
        let ids = Mutex<[String]>([])
        try await withServer(accessLog: writer) { client in
            for path in ["/items", "/nowhere"] {
                try await client.execute(uri: "/_gateway/shop/prod" + path, method: .get) { response in
                    ids.withLock { $0.append(response.headers[HTTPField.Name("x-amzn-RequestId")!] ?? "") }
                }
            }
        }
        let file = logs.path + "/shop/prod.log"
        #expect(!FileManager.default.fileExists(atPath: file), "nothing is written on the request path")
        writer.flush()
        let written = try String(contentsOfFile: file, encoding: .utf8)
        let (first, second) = ids.withLock { ($0[0], $0[1]) }
        #expect(written == "\(first) GET /prod/items 200 -\n\(second) GET /prod/nowhere 403 MISSING_AUTHENTICATION_TOKEN\n")
        let lines = Mutex<[String]>([])
        let stdout = AccessLogWriter(destination: .standardOutput) { text in lines.withLock { $0.append(text) } }
        try await withServer(accessLog: stdout) { client in
            try await client.execute(uri: "/_gateway/shop/prod/items", method: .get) { _ in }
        }
        stdout.flush()
        #expect(lines.withLock { $0.count == 1 && $0[0].hasSuffix(" GET /prod/items 200 -\n") })
    }

    @Test("a server without a registry has no metrics route")
    func noRegistry() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(Self.files)
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        let server = DocsServer(siteDirectory: root.path + "/Site", gateway: Gateway(project: project, clock: FixedClock.siteBuild), port: 0)
        try await server.makeApplication().test(.live) { client in
            try await client.execute(uri: "/_portico/metrics", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
