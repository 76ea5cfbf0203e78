import Diagnostics
import Foundation
@testable import PorticoGateway
import PorticoModel
import Testing
import TestSupport
import Velocity

/// What CloudFront adds to an EDGE API's answers, and that REGIONAL and PRIVATE answers carry
/// none of it. Source: the answers LocalStack recorded against AWS in
/// tests/aws/services/apigateway/test_apigateway_common.snapshot.json, test_invocation_trace_id
/// (an EDGE API's MOCK and AWS_PROXY answers: `via`, `x-amz-cf-id`, `x-amz-cf-pop`,
/// `x-cache: Miss from cloudfront`), with the names' casing as recorded in
/// tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
/// test_aws_proxy_response_payload_format_validation (`Via`, `X-Amz-Cf-Id`, `X-Amz-Cf-Pop`, `X-Cache`).
@Suite("EDGE endpoints and response headers", .serialized)
struct EdgeResponseHeaderTests {
    static let definition = """
        openapi: 3.0.1
        info: {title: Answers, version: "1"}
        paths:
          /path:
            get:
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"statusCode": 200}'}
                responses: {default: {statusCode: "200"}}
          /event:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:fn/invocations

        """

    /// Keeps the Lambda events; the function answers 200 with a `Via` of its own.
    final class Function: FunctionInvoker, @unchecked Sendable {
        private let lock = NSLock()
        private var events: [String] = []
        func invoke(function: String, payload: [UInt8], timeout: Duration) async -> FunctionInvocation {
            lock.withLock { events.append(String(decoding: payload, as: UTF8.self)) }
            return FunctionInvocation(outcome: .success(Array(#"{"statusCode": 200, "headers": {"Via": "1.1 function.example"}, "body": "{}"}"#.utf8)))
        }
        var lastEvent: String? { lock.withLock { events.last } }
    }

    static func gateway(_ function: Function = Function()) throws -> (Gateway, TemporaryDirectory) {
        let root = try TemporaryDirectory()
        try root.write([
            "Content/portico.yml": """
                apis:
                  - {name: edge, definition: apis/api.yaml, endpointType: EDGE, stages: [{stageName: prod}]}
                  - {name: regional, definition: apis/api.yaml, endpointType: REGIONAL, stages: [{stageName: prod}]}
                  - {name: private, definition: apis/private.yaml, endpointType: PRIVATE, stages: [{stageName: prod}]}
                functions: [{name: fn, runtime: command, command: [true]}]
                vpcEndpoints: [{vpcEndpointId: \(privateEndpoint)}]

                """,
            "Content/apis/api.yaml": definition,
            // A PRIVATE API answers through a VPC endpoint its resource policy allows (DG: apigateway-private-apis).
            "Content/apis/private.yaml": definition.replacingOccurrences(of: "paths:", with: """
                x-amazon-apigateway-policy: {Statement: {Effect: Allow, Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*"}}
                paths:
                """),
        ])
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(diagnostics.sorted.isEmpty, "\(diagnostics.sorted)")
        return (Gateway(project: project, clock: FixedClock.siteBuild, services: GatewayServices(functions: function)), root)
    }

    static let privateEndpoint = "vpce-0123456789abcdef0"

    static func send(_ gateway: Gateway, api: String, path: String) async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 5)
        return try await gateway.invoke(GatewayRequest(method: "GET", path: path), at: Endpoint(api: api, stage: "prod",
                                        sourceVpce: api == "private" ? privateEndpoint : nil), ids: &ids)
    }

    @Test("an EDGE API's MOCK answer: API Gateway's headers, then CloudFront's X-Cache, Via, X-Amz-Cf-Pop and X-Amz-Cf-Id")
    func edgeMock() async throws {
        let (gateway, root) = try Self.gateway()
        defer { root.remove() }
        let t = try await Self.send(gateway, api: "edge", path: "/path")
        #expect(t.response.headers.map(\.name) == [
            "Date", "Content-Type", "Content-Length", "x-amzn-RequestId", "x-amz-apigw-id",
            // Recorded names and casing: test_aws_proxy_response_payload_format_validation (Via,
            // X-Amz-Cf-Id, X-Amz-Cf-Pop, X-Cache); the order is not recorded (the snapshot sorts them).
            "X-Cache", "Via", "X-Amz-Cf-Pop", "X-Amz-Cf-Id",
        ])
        // Recorded text: test_apigateway_common.snapshot.json, test_invocation_trace_id,
        // "x-cache": "Miss from cloudfront" (normal-req-headers-MOCK).
        #expect(t.header("X-Cache") == "Miss from cloudfront")
        // Hidden by that recording (<via:1>, <x-amz-cf-id:1>, <x-amz-cf-pop:1>, one POP for all
        // five requests): Portico's illustrative values, the whole answer in the golden file.
        #expect(t.header("X-Amz-Cf-Pop") == "IAD89-C1")
        assertGolden(t.text, named: "edge-mock.txt")
    }

    @Test("an EDGE API's AWS_PROXY answer: X-Amzn-Trace-Id, then CloudFront's; Via and X-Amz-Cf-Id are the ones the function was sent")
    func edgeLambdaProxy() async throws {
        let function = Function()
        let (gateway, root) = try Self.gateway(function)
        defer { root.remove() }
        let t = try await Self.send(gateway, api: "edge", path: "/event")
        #expect(t.response.headers.map(\.name) == [
            // Recorded: test_invocation_trace_id, normal-req-headers-AWS_PROXY (x-amzn-trace-id and
            // CloudFront's four beside API Gateway's).
            "Date", "Content-Type", "Content-Length", "x-amzn-RequestId", "x-amz-apigw-id", "X-Amzn-Trace-Id",
            "X-Cache", "Via", "X-Amz-Cf-Pop", "X-Amz-Cf-Id",
        ])
        #expect(t.header("X-Cache") == "Miss from cloudfront")   // recorded: test_invocation_trace_id
        let event = try #require(function.lastEvent)
        let sentVia = try #require(Self.eventHeader("Via", in: event))
        let sentId = try #require(Self.eventHeader("X-Amz-Cf-Id", in: event))
        // One CloudFront request: the hop and id the function saw come back on the answer; the
        // function's own Via gets CloudFront's hop appended, as a proxy appends to it (RFC 9110 §7.6.3).
        #expect(t.header("Via") == "1.1 function.example, \(sentVia)")
        #expect(t.header("X-Amz-Cf-Id") == sentId)
    }

    @Test("an EDGE API's error answer (a routing miss, 403) says Error from cloudfront")
    func edgeError() async throws {
        let (gateway, root) = try Self.gateway()
        defer { root.remove() }
        let t = try await Self.send(gateway, api: "edge", path: "/nowhere")
        #expect(t.response.status == 403)
        // Not recorded for API Gateway: CloudFront's result type for a 4xx or 5xx answer is Error
        // (CloudFront DG: standard-logs-reference, x-edge-result-type).
        #expect(t.header("X-Cache") == "Error from cloudfront")
        #expect(t.response.headers.map(\.name).suffix(4) == ["X-Cache", "Via", "X-Amz-Cf-Pop", "X-Amz-Cf-Id"])
    }

    @Test("REGIONAL and PRIVATE answers carry none of CloudFront's headers", arguments: ["regional", "private"])
    func notEdge(api: String) async throws {
        let (gateway, root) = try Self.gateway()
        defer { root.remove() }
        let mock = try await Self.send(gateway, api: api, path: "/path")
        // The REGIONAL recordings (test_apigateway_integrations.snapshot.json,
        // test_apigateway_header_remapping_aws[AWS], no-param-integration) have API Gateway's headers only.
        #expect(mock.response.headers.map(\.name) == ["Date", "Content-Type", "Content-Length", "x-amzn-RequestId", "x-amz-apigw-id"])
        let proxy = try await Self.send(gateway, api: api, path: "/event")
        // The function's own Via is passed on untouched.
        #expect(proxy.response.headers.map(\.name) == ["Date", "Content-Type", "Content-Length", "x-amzn-RequestId", "Via",
                                                       "x-amz-apigw-id", "X-Amzn-Trace-Id"])
        #expect(proxy.header("Via") == "1.1 function.example")
    }

    static func eventHeader(_ name: String, in event: String) -> String? {
        guard case .map(let object)? = try? JSONValueParser.parse(event), case .map(let headers)? = object["headers"],
              case .string(let value)? = headers[name] else { return nil }
        return value
    }
}

@Suite("CloudFront ids")
struct CloudFrontIDTests {
    @Test("the URL-safe base64 of X-Amz-Cf-Id equals Foundation's base64 with - and _ (RFC 4648 §5), every length 0 to 50")
    func urlSafeBase64() {
        var generator = IdentifierGenerator(seed: 99)
        for length in 0...50 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let foundation = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            #expect(CloudFrontIDs.urlSafeBase64(bytes) == foundation)
        }
    }
}
