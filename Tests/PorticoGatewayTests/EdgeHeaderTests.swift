import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import Testing
import TestSupport
import Velocity

/// What CloudFront does to a request's headers before an EDGE API sees them, and that REGIONAL
/// APIs see the client's headers as sent. Sources: DG: api-gateway-api-endpoint-types
/// ("Edge-optimized APIs capitalize the names of HTTP headers (for example, Cookie)";
/// "CloudFront sorts HTTP cookies in natural order by cookie name"; "Regional API endpoints
/// pass all header names through as-is") and the Lambda proxy events LocalStack recorded
/// against AWS in tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
/// test_lambda_aws_proxy_integration (an EDGE API) and
/// tests/aws/services/apigateway/test_apigateway_integrations.snapshot.json,
/// test_apigateway_header_remapping_aws[AWS_PROXY] (a REGIONAL one).
@Suite("EDGE endpoints and request headers", .serialized)
struct EdgeHeaderTests {
    static let definition = """
        openapi: 3.0.1
        info: {title: Headers, version: "1"}
        paths:
          /event:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:fn/invocations
          /mapped:
            get:
              parameters: [{name: cookie, in: header, schema: {type: string}}]
              x-amazon-apigateway-integration:
                type: http
                httpMethod: POST
                uri: http://backend.example/mapped
                requestParameters:
                  integration.request.header.X-Cookie: method.request.header.cookie
                requestTemplates:
                  application/json: "#foreach($name in $input.params().header.keySet())$name;#end"
                responses: {default: {statusCode: "200"}}
          /proxy:
            get:
              x-amazon-apigateway-integration:
                type: http_proxy
                httpMethod: GET
                uri: http://backend.example/proxy

        """

    /// Keeps the Lambda events and the requests an HTTP backend receives.
    final class Recorder: FunctionInvoker, HTTPTransport, @unchecked Sendable {
        private let lock = NSLock()
        private var events: [String] = []
        private var requests: [OutboundHTTPRequest] = []
        func invoke(function: String, payload: [UInt8], timeout: Duration) async -> FunctionInvocation {
            lock.withLock { events.append(String(decoding: payload, as: UTF8.self)) }
            return FunctionInvocation(outcome: .success(Array(#"{"statusCode": 204}"#.utf8)))
        }
        func send(_ request: OutboundHTTPRequest, timeout: Duration) async -> OutboundHTTPResult {
            lock.withLock { requests.append(request) }
            return .response(status: 200, headers: [HTTPHeader("Content-Type", "application/json")], body: Array("{}".utf8))
        }
        var lastEvent: String? { lock.withLock { events.last } }
        var lastRequest: OutboundHTTPRequest? { lock.withLock { requests.last } }
    }

    static func gateway(_ recorder: Recorder) throws -> (Gateway, TemporaryDirectory) {
        let root = try TemporaryDirectory()
        try root.write([
            "Content/portico.yml": """
                apis:
                  - {name: edge, definition: apis/api.yaml, endpointType: EDGE, stages: [{stageName: prod}]}
                  - {name: regional, definition: apis/api.yaml, endpointType: REGIONAL, stages: [{stageName: prod}]}
                functions: [{name: fn, runtime: command, command: [true]}]

                """,
            "Content/apis/api.yaml": definition,
        ])
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(diagnostics.sorted.isEmpty, "\(diagnostics.sorted)")
        return (Gateway(project: project, clock: FixedClock.siteBuild, services: GatewayServices(functions: recorder, http: recorder)), root)
    }

    /// The recorded test's client headers: a custom name in odd casing and a lower-case
    /// `authorization` (test_lambda_aws_proxy_integration's invoke_api), plus two cookies out of order.
    static let clientHeaders = [
        HTTPHeader("User-Agent", "python-requests/testing"),
        HTTPHeader("tEsT-HEADeR", "aValUE"),
        HTTPHeader("authorization", "random-value"),
        HTTPHeader("cookie", "zeta=1; alpha=2; mid=3"),
    ]

    static func send(_ gateway: Gateway, api: String, path: String) async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 11)
        return try await gateway.invoke(GatewayRequest(method: "GET", path: path, headers: clientHeaders), api: api, stage: "prod", ids: &ids)
    }

    /// The `headers` object of a Lambda proxy event, in order.
    static func eventHeaders(_ event: String?) throws -> [(String, String)] {
        let text = try #require(event)
        guard case .map(let object)? = try? JSONValueParser.parse(text), case .map(let headers)? = object["headers"] else {
            Issue.record("no headers object in \(text)")
            return []
        }
        return headers.entries.map { pair in
            if case .string(let value) = pair.value { return (pair.key, value) }
            return (pair.key, "?")
        }
    }

    @Test("an EDGE API's Lambda proxy event: Authorization and Cookie capitalized, cookies sorted, other names as sent, CloudFront's headers added")
    func edgeEvent() async throws {
        let recorder = Recorder()
        let (gateway, root) = try Self.gateway(recorder)
        defer { root.remove() }
        let t = try await Self.send(gateway, api: "edge", path: "/event")
        let headers = try Self.eventHeaders(recorder.lastEvent)
        let via = try #require(headers.first { $0.0 == "Via" }?.1)
        let cfId = try #require(headers.first { $0.0 == "X-Amz-Cf-Id" }?.1)
        #expect(headers.map(\.0) == [
            "Host", "User-Agent",
            // Recorded: the client's `tEsT-HEADeR` stays as sent, its `authorization` arrives as `Authorization`.
            "tEsT-HEADeR", "Authorization",
            // DG: "capitalize the names of HTTP headers (for example, Cookie)".
            "Cookie",
            // Recorded: the headers CloudFront adds (test_lambda_aws_proxy_integration).
            "CloudFront-Forwarded-Proto", "CloudFront-Is-Desktop-Viewer", "CloudFront-Is-Mobile-Viewer", "CloudFront-Is-SmartTV-Viewer",
            "CloudFront-Is-Tablet-Viewer", "CloudFront-Viewer-ASN", "CloudFront-Viewer-Country", "Via", "X-Amz-Cf-Id",
            "X-Amzn-Trace-Id", "X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto",
        ])
        #expect(headers.map(\.1) == [
            APIFacts(apiName: "edge").host, "python-requests/testing", "aValUE", "random-value",
            // DG: "CloudFront sorts HTTP cookies in natural order by cookie name".
            "alpha=2; mid=3; zeta=1",
            // Recorded values: https, a desktop viewer for the recorded client.
            "https", "true", "false", "false", "false",
            // Hidden by the recording (replaced by <cloudfront-asn:1> and the like): Portico's illustrative values.
            "16509", "US", via, cfId,
            t.header("X-Amzn-Trace-Id") ?? "", "127.0.0.1", "443", "https",
        ])
        // The hidden Via and X-Amz-Cf-Id keep CloudFront's shapes, derived from the request id.
        #expect(via.hasPrefix("1.1 ") && via.hasSuffix(".cloudfront.net (CloudFront)") && via.count == 4 + 32 + 28)
        #expect(cfId.count == 56 && cfId.hasSuffix("=="))
        // multiValueHeaders lists the same names (recorded: the two objects have the same keys).
        #expect(recorder.lastEvent?.contains(#""multiValueHeaders":{"Host":["# + "\"" + APIFacts(apiName: "edge").host + "\"]") == true)
        #expect(recorder.lastEvent?.contains(#""Authorization":["random-value"],"Cookie":["alpha=2; mid=3; zeta=1"]"#) == true)
        // The transcript's request stays what the client sent.
        #expect(t.request.headers == Self.clientHeaders)
    }

    @Test("a REGIONAL API's event has the client's names and cookies as sent and none of CloudFront's headers")
    func regionalEvent() async throws {
        let recorder = Recorder()
        let (gateway, root) = try Self.gateway(recorder)
        defer { root.remove() }
        let t = try await Self.send(gateway, api: "regional", path: "/event")
        let headers = try Self.eventHeaders(recorder.lastEvent)
        // DG: "Regional API endpoints pass all header names through as-is"; the REGIONAL recording
        // (test_apigateway_header_remapping_aws[AWS_PROXY]) has no CloudFront-* headers and no X-Amz-Cf-Id.
        #expect(headers.map(\.0) == ["Host", "User-Agent", "tEsT-HEADeR", "authorization", "cookie",
                                     "X-Amzn-Trace-Id", "X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto"])
        #expect(headers.map(\.1) == [APIFacts(apiName: "regional").host, "python-requests/testing", "aValUE", "random-value",
                                     "zeta=1; alpha=2; mid=3", t.header("X-Amzn-Trace-Id") ?? "", "127.0.0.1", "443", "https"])
    }

    @Test("$input.params() and method.request.header mappings read the headers as the API received them")
    func mappingsAndTemplates() async throws {
        let recorder = Recorder()
        let (gateway, root) = try Self.gateway(recorder)
        defer { root.remove() }
        let edge = try await Self.send(gateway, api: "edge", path: "/mapped")
        // DG: api-gateway-api-endpoint-types (capitalized names, sorted cookies, for EDGE only).
        #expect(edge.integrationRequest?.body == "User-Agent;tEsT-HEADeR;Authorization;Cookie;CloudFront-Forwarded-Proto;CloudFront-Is-Desktop-Viewer;"
                + "CloudFront-Is-Mobile-Viewer;CloudFront-Is-SmartTV-Viewer;CloudFront-Is-Tablet-Viewer;CloudFront-Viewer-ASN;"
                + "CloudFront-Viewer-Country;Via;X-Amz-Cf-Id;")
        #expect(recorder.lastRequest?.headers.value(for: "X-Cookie") == "alpha=2; mid=3; zeta=1")
        let regional = try await Self.send(gateway, api: "regional", path: "/mapped")
        // DG: "Regional API endpoints pass all header names through as-is".
        #expect(regional.integrationRequest?.body == "User-Agent;tEsT-HEADeR;authorization;cookie;")
        #expect(recorder.lastRequest?.headers.value(for: "X-Cookie") == "zeta=1; alpha=2; mid=3")
    }

    @Test("an HTTP_PROXY backend behind an EDGE API receives CloudFront's version of the headers")
    func httpProxyForwarding() async throws {
        let recorder = Recorder()
        let (gateway, root) = try Self.gateway(recorder)
        defer { root.remove() }
        _ = try await Self.send(gateway, api: "edge", path: "/proxy")
        let edge = try #require(recorder.lastRequest).headers
        #expect(edge.contains(HTTPHeader("Authorization", "random-value")))
        #expect(edge.contains(HTTPHeader("Cookie", "alpha=2; mid=3; zeta=1")))
        #expect(edge.contains(HTTPHeader("tEsT-HEADeR", "aValUE")))
        #expect(edge.contains(HTTPHeader("CloudFront-Forwarded-Proto", "https")))
        _ = try await Self.send(gateway, api: "regional", path: "/proxy")
        let regional = try #require(recorder.lastRequest).headers
        #expect(regional.contains(HTTPHeader("authorization", "random-value")))
        #expect(regional.contains(HTTPHeader("cookie", "zeta=1; alpha=2; mid=3")))
        #expect(!regional.contains { $0.name.hasPrefix("CloudFront-") || $0.name == "Via" || $0.name == "X-Amz-Cf-Id" })
    }

    @Test("a client's Via gets CloudFront's hop appended, its own CloudFront headers are replaced (AWS is silent: Portico's choice, RFC 9110 §7.6.3)")
    func clientCopies() async throws {
        let recorder = Recorder()
        let (gateway, root) = try Self.gateway(recorder)
        defer { root.remove() }
        var ids = IdentifierGenerator(seed: 11)
        // A Lambda proxy event: an HTTP backend never gets Via (recorded AWS response:
        // test_apigateway_integrations.snapshot.json, test_apigateway_header_remapping_http[HTTP_PROXY]).
        _ = try await gateway.invoke(GatewayRequest(method: "GET", path: "/event", headers: [
            HTTPHeader("Via", "1.1 proxy.example"), HTTPHeader("CloudFront-Viewer-Country", "FR"),
        ]), api: "edge", stage: "prod", ids: &ids)
        let headers = try Self.eventHeaders(recorder.lastEvent)
        #expect(headers.filter { $0.0 == "CloudFront-Viewer-Country" }.map(\.1) == ["US"])
        let via = try #require(headers.first { $0.0 == "Via" }?.1)
        #expect(via.hasPrefix("1.1 proxy.example, 1.1 ") && via.hasSuffix(".cloudfront.net (CloudFront)"))
    }

    @Test("cookies sort by name, stably, with empty pieces dropped (DG: api-gateway-api-endpoint-types)", arguments: [
        ("b=2; a=1", "a=1; b=2"),
        ("b=2;a=1;;", "a=1; b=2"),
        ("x=2; X=1; x=0", "X=1; x=2; x=0"),
        ("flag; a=1", "a=1; flag"),
    ])
    func cookieOrder(value: String, sorted: String) async throws {
        let recorder = Recorder()
        let (gateway, root) = try Self.gateway(recorder)
        defer { root.remove() }
        var ids = IdentifierGenerator(seed: 11)
        _ = try await gateway.invoke(GatewayRequest(method: "GET", path: "/proxy", headers: [HTTPHeader("Cookie", value)]), api: "edge", stage: "prod", ids: &ids)
        #expect(recorder.lastRequest?.headers.value(for: "Cookie") == sorted)
    }
}
