import Diagnostics
import Foundation
import MetricsTestKit
import PorticoGateway
import PorticoModel
import TestSupport
import Testing

/// Access-log lines, execution logs and metrics of requests through the real pipeline, on a
/// project written for the test. (Over real HTTP: PorticoServerTests' MetricsOverHTTPTests;
/// with real Lambda functions and HTTP backends: PorticoRuntimeTests' ExecutionLogTests.)
@Suite("Observability")
struct ObservabilityTests {
    static let definition = """
        openapi: 3.0.1
        info: {title: Shop, version: "1"}
        paths:
          /items/{id}:
            get:
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"statusCode": 200}'}
                responses: {default: {statusCode: "200", responseTemplates: {application/json: '{"id": "$input.params(''id'')"}'}}}
          /broken:
            get:
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"status": "none"}'}
                responses: {default: {statusCode: "200"}}

        """

    /// A gateway over `shop` with one stage whose settings are `stage` (YAML flow mapping entries).
    static func gateway(stage: String, metrics: TestMetrics? = nil, definition: String = definition, kind: String = "") throws -> (Gateway, TemporaryDirectory) {
        let root = try TemporaryDirectory()
        try root.write([
            "Content/portico.yml": "apis:\n  - {name: shop, definition: apis/shop.yaml, stages: [{stageName: prod, \(stage)}]}\n",
            "Content/apis/shop.yaml": definition,
        ])
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        return (Gateway(project: project, clock: FixedClock.siteBuild, services: GatewayServices(metrics: metrics)), root)
    }

    static func send(_ gateway: Gateway, _ path: String, headers: [HTTPHeader] = []) async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 11)
        return try await gateway.invoke(GatewayRequest(method: "GET", path: path, headers: headers), api: "shop", stage: "prod", ids: &ids)
    }

    // MARK: Access logs

    /// The console's four examples (DG: set-up-logging), filled in for GET /items/7 answered
    /// 200 with the 11-byte body `{"id": "7"}`: `$context.identity.caller` and `.user` have no
    /// value without an IAM caller and are written `-`; requestTime is CLF (DG:
    /// api-gateway-mapping-template-reference).
    @Test("each console preset's line", arguments: ["CLF", "JSON", "XML", "CSV"])
    func preset(_ name: String) async throws {
        let (gateway, root) = try Self.gateway(stage: "accessLogSettings: {format: \(name)}")
        defer { root.remove() }
        let transcript = try await Self.send(gateway, "/items/7")
        let id = try #require(transcript.header("x-amzn-RequestId"))
        let expected = switch name {
        case "CLF": #"127.0.0.1 - - [01/Jan/2026:12:00:00 +0000] "GET /items/{id} HTTP/1.1" 200 11 "# + id
        case "JSON": #"{ "requestId":""# + id + #"", "ip": "127.0.0.1", "caller":"-", "user":"-", "requestTime":"01/Jan/2026:12:00:00 +0000", "httpMethod":"GET", "resourcePath":"/items/{id}", "status":"200", "protocol":"HTTP/1.1", "responseLength":"11" }"#
        case "XML": #"<request id=""# + id + #""> <ip>127.0.0.1</ip> <caller>-</caller> <user>-</user> <requestTime>01/Jan/2026:12:00:00 +0000</requestTime> <httpMethod>GET</httpMethod> <resourcePath>/items/{id}</resourcePath> <status>200</status> <protocol>HTTP/1.1</protocol> <responseLength>11</responseLength> </request>"#
        default: "127.0.0.1,-,-,01/Jan/2026:12:00:00 +0000,GET,/items/{id},HTTP/1.1,200,11," + id
        }
        #expect(transcript.response.body == #"{"id": "7"}"#)
        #expect(transcript.accessLog == expected)
    }

    @Test("access-log-only variables: latencies, the integration's status, the error of a gateway response; absent ones are -")
    func accessLogOnlyVariables() async throws {
        let format = "$context.requestId $context.status $context.responseLength $context.responseLatency $context.integrationLatency "
            + "$context.integrationStatus $context.integration.status $context.error.responseType $context.error.message "
            + "$context.xrayTraceId $context.customDomain.basePathMatched $context.authorizer.latency $context.nothing.here $context."
        let (gateway, root) = try Self.gateway(stage: "accessLogSettings: {format: '\(format)'}")
        defer { root.remove() }
        let ok = try await Self.send(gateway, "/items/7")
        let id = try #require(ok.header("x-amzn-RequestId"))
        // A clock that stands still: 0 ms; MOCK answered 200 itself.
        #expect(ok.accessLog == "\(id) 200 11 0 0 200 200 - - - - - - $context.")
        let broken = try await Self.send(gateway, "/broken")
        let brokenId = try #require(broken.header("x-amzn-RequestId"))
        // responseLength: the body `{"message": "Internal server error"}` (GatewayResponseTests pins it).
        #expect(broken.response.payloadSize == 35)
        #expect(broken.accessLog == "\(brokenId) 500 35 0 - - - API_CONFIGURATION_ERROR Internal server error - - - - $context.")
        let unrouted = try await Self.send(gateway, "/nowhere")
        let unroutedId = try #require(unrouted.header("x-amzn-RequestId"))
        #expect(unrouted.accessLog == "\(unroutedId) 403 42 0 - - - MISSING_AUTHENTICATION_TOKEN Missing Authentication Token - - - - $context.")
    }

    @Test("a stage without accessLogSettings has no line; the format parses into its variables")
    func formats() throws {
        #expect(AccessLogFormat("$context.requestId.").variables == ["requestId"])
        #expect(AccessLogFormat("[$context.identity.sourceIp]$context.status").variables == ["identity.sourceIp", "status"])
        #expect(AccessLogFormat("CLF").namesRequestId)
        #expect(!AccessLogFormat("$context.status").namesRequestId)
        #expect(AccessLogFormat("JSON").format == AccessLogFormat.presets[1].format)
    }

    // MARK: Execution logs

    @Test("a MOCK method at INFO with data trace: AWS's lines, request id first")
    func mockExecutionLog() async throws {
        let (gateway, root) = try Self.gateway(stage: #"methodSettings: {"*/*": {loggingLevel: INFO, dataTraceEnabled: true}}"#)
        defer { root.remove() }
        let transcript = try await Self.send(gateway, "/items/7?color=red", headers: [HTTPHeader("Accept", "application/json")])
        let id = try #require(transcript.header("x-amzn-RequestId"))
        let apigw = try #require(transcript.header("x-amz-apigw-id"))
        // Wording and order: LocalStack tests/aws/services/apigateway/test_apigateway_api.snapshot.json,
        // test_invoke_test_method (a MOCK method, recorded against AWS).
        #expect(transcript.executionLog == [
            "(\(id)) Extended Request Id: \(apigw)",
            "(\(id)) Starting execution for request: \(id)",
            "(\(id)) HTTP Method: GET, Resource Path: /items/{id}",
            "(\(id)) Method request path: {id=7}",
            "(\(id)) Method request query string: {color=red}",
            "(\(id)) Method request headers: {Accept=application/json}",
            "(\(id)) Method request body before transformations: ",
            #"(\#(id)) Method response body after transformations: {"id": "7"}"#,
            "(\(id)) Method response headers: {Content-Type=application/json}",
            "(\(id)) Successfully completed execution",
            "(\(id)) Method completed with status: 200",
        ])
    }

    @Test("INFO without data trace leaves out headers and bodies; ERROR logs only failures; OFF and no setting log nothing")
    func levels() async throws {
        let (info, infoRoot) = try Self.gateway(stage: #"methodSettings: {"*/*": {loggingLevel: INFO}}"#)
        defer { infoRoot.remove() }
        let ok = try await Self.send(info, "/items/7")
        let id = try #require(ok.header("x-amzn-RequestId"))
        #expect(ok.executionLog == [
            "(\(id)) Extended Request Id: \(ok.header("x-amz-apigw-id")!)",
            "(\(id)) Starting execution for request: \(id)",
            "(\(id)) HTTP Method: GET, Resource Path: /items/{id}",
            "(\(id)) Successfully completed execution",
            "(\(id)) Method completed with status: 200",
        ])
        let (errors, errorsRoot) = try Self.gateway(stage: #"methodSettings: {"*/*": {loggingLevel: ERROR}}"#)
        defer { errorsRoot.remove() }
        #expect(try await Self.send(errors, "/items/7").executionLog.isEmpty)
        let broken = try await Self.send(errors, "/broken")
        let brokenId = try #require(broken.header("x-amzn-RequestId"))
        // The configuration error's line is AWS's (IntegrationStage).
        #expect(broken.executionLog == [
            "(\(brokenId)) Execution failed due to configuration error: Unable to parse statusCode. It should be an integer that is defined in the request template.",
            "(\(brokenId)) Method completed with status: 500",
        ])
        let (off, offRoot) = try Self.gateway(stage: #"methodSettings: {"*/*": {loggingLevel: "OFF"}}"#)
        defer { offRoot.remove() }
        #expect(try await Self.send(off, "/items/7").executionLog.isEmpty)
    }

    // MARK: Metrics

    @Test("an HTTP API counts Count, 4xx, 5xx and DataProcessed by ApiId, ApiId+Stage and, with detailedMetricsEnabled, per route")
    func httpAPIMetrics() async throws {
        let metrics = TestMetrics()
        // An HTTP API (x-amazon-apigateway-importexport-version) whose one route's backend the
        // gateway cannot reach (it was given no HTTP transport): 500.
        let definition = """
            openapi: 3.0.1
            info: {title: Shop, version: "1"}
            x-amazon-apigateway-importexport-version: "1.0"
            paths:
              /items:
                get:
                  responses: {default: {description: items}}
                  x-amazon-apigateway-integration: {type: http_proxy, httpMethod: GET, uri: "http://127.0.0.1:9/items", payloadFormatVersion: "1.0"}

            """
        let (gateway, root) = try Self.gateway(stage: #"routeSettings: {"GET /items": {detailedMetricsEnabled: true}}"#, metrics: metrics,
                                               definition: definition)
        defer { root.remove() }
        let failing = try await Self.send(gateway, "/items")
        let unrouted = try await Self.send(gateway, "/nowhere")
        #expect(failing.response.status == 500)
        #expect(unrouted.response.status == 404)
        let apiId = APIFacts(apiName: "shop").apiId
        let api = [("ApiId", apiId)], stage = [("ApiId", apiId), ("Stage", "prod")]
        let route = [("ApiId", apiId), ("Method", "GET"), ("Resource", "/items"), ("Stage", "prod")]
        // DG: http-api-metrics: the names are 4xx, 5xx, Count, Latency, IntegrationLatency, DataProcessed.
        func total(_ label: String, _ dimensions: [(String, String)]) -> Int64 {
            // Exactly these dimensions: counterTotal(label:dimensions:) also adds up the sets that contain them.
            metrics.counters(label: label).filter { $0.dimensions.elementsEqual(dimensions, by: ==) }.reduce(0) { $0 + $1.totalValue }
        }
        for (label, dimensions, value) in [
            ("Count", api, 2), ("Count", stage, 2), ("Count", route, 1),
            ("4xx", api, 1), ("4xx", stage, 1), ("4xx", route, 0),
            ("5xx", api, 1), ("5xx", stage, 1), ("5xx", route, 1),
            // The two answers' bodies, 35 and 23 bytes; the requests had none.
            ("DataProcessed", api, failing.response.payloadSize + unrouted.response.payloadSize), ("DataProcessed", route, failing.response.payloadSize),
        ] {
            #expect(total("aws_apigateway_" + label, dimensions) == Int64(value), "\(label) \(dimensions)")
        }
        #expect(failing.response.payloadSize + unrouted.response.payloadSize == 58)
        #expect(metrics.counters(label: "aws_apigateway_4XXError").isEmpty, "REST's names are not an HTTP API's")
        #expect(metrics.counters(label: "aws_apigateway_CacheHitCount").isEmpty)
        let latency = try metrics.expectRecorder("aws_apigateway_Latency", stage)
        #expect(latency.values == [0, 0])
    }
}
