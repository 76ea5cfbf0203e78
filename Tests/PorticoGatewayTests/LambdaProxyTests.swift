import Foundation
import PorticoGateway
import Testing
import Velocity

/// Lambda proxy output checks, each as recorded against AWS in LocalStack's
/// tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json ›
/// test_aws_proxy_response_payload_format_validation (and DG: set-up-lambda-proxy-integrations).
@Suite("Lambda proxy responses")
struct LambdaProxyResponseTests {
    private func parse(_ text: String) -> GatewayResponse? {
        try? LambdaProxyResponse.parse(text).get()
    }

    @Test("a well-formed response becomes the method response")
    func wellFormed() throws {
        let response = try #require(parse(#"{"statusCode": 201, "headers": {"X-A": "1"}, "body": "{\"ok\":true}", "isBase64Encoded": false}"#))
        #expect(response.status == 201)
        #expect(response.body == #"{"ok":true}"#)
        #expect(response.headers == [HTTPHeader("X-A", "1"), HTTPHeader("Content-Type", "application/json")])
    }

    @Test("malformed outputs are refused", arguments: [
        #"{"statusCode": 200, "wrongValue": "x"}"#,   // unknown top-level key
        #"{"statusCode": "test"}"#,                    // non-numeric statusCode
        #""just a string""#,                           // a bare JSON string
        #"{"multiValueHeaders": {"X-A": "not-a-list"}}"#,
        "not json at all",
    ])
    func malformed(text: String) {
        #expect(parse(text) == nil)
    }

    @Test("a numeric string statusCode counts, and no statusCode means 200 with an empty body")
    func statusForms() throws {
        #expect(parse(#"{"statusCode": "201"}"#)?.status == 201)
        let bare = try #require(parse(#"{"headers": {"X-A": "b"}}"#))
        #expect(bare.status == 200)
        #expect(bare.body == "")
    }

    @Test("boolean header values are stringified and headers: null is accepted")
    func headerValues() throws {
        #expect(parse(#"{"statusCode": 200, "headers": {"X-Flag": true}}"#)?.headers.value(for: "X-Flag") == "true")
        #expect(parse(#"{"statusCode": 200, "headers": null}"#)?.status == 200)
    }

    @Test("a header in both maps is merged, multi values first, casing from multiValueHeaders")
    func merging() throws {
        let response = try #require(parse(#"{"statusCode": 200, "headers": {"x-multi": "value-solo"}, "multiValueHeaders": {"X-Multi": ["value-multi"]}}"#))
        #expect(response.headers.first == HTTPHeader("X-Multi", "value-multi, value-solo"))
    }

    @Test("the content type defaults to application/json")
    func defaultContentType() {
        #expect(parse(#"{"statusCode": 200, "body": "x"}"#)?.headers.value(for: "Content-Type") == "application/json")
        #expect(parse(#"{"statusCode": 200, "headers": {"content-type": "text/plain"}}"#)?.headers.value(for: "Content-Type") == "text/plain")
    }
}

@Suite("Lambda proxy events")
struct LambdaProxyEventTests {
    private func event(_ method: String, _ path: String, headers: [HTTPHeader] = [], body: String = "") async throws -> [String: Any] {
        var transcript: Transcript?
        // The event is built by the integration-request stage; with no runtime attached the
        // integration then fails, which leaves the built request in the transcript.
        let harness = try GatewayHarness(fixture: "lambda")
        transcript = try await harness.send(method, path, headers: headers, body: body, api: "fn", stage: "prod")
        let text = try #require(transcript?.integrationRequest?.body)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("fields of payload format 1.0 in AWS's order, nulls where AWS sends null")
    func shape() async throws {
        let harness = try GatewayHarness(fixture: "lambda")
        let t = try await harness.send("GET", "/test-path", api: "fn", stage: "prod")
        let body = try #require(t.integrationRequest?.body)
        let keys = try #require(JSONValueParser.parse(body).mapKeys)
        #expect(keys == ["resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters",
                         "multiValueQueryStringParameters", "pathParameters", "stageVariables", "requestContext", "body", "isBase64Encoded"])
        let object = try await event("GET", "/test-path")
        #expect(object["resource"] as? String == "/{proxy+}")
        #expect(object["path"] as? String == "/test-path")
        #expect(object["queryStringParameters"] is NSNull)
        #expect(object["multiValueQueryStringParameters"] is NSNull)
        #expect(object["body"] is NSNull)
        #expect(object["stageVariables"] is NSNull)
        #expect(object["pathParameters"] as? [String: String] == ["proxy": "test-path"])
        let context = try #require(object["requestContext"] as? [String: Any])
        #expect(context["path"] as? String == "/prod/test-path")
        #expect(context["resourcePath"] as? String == "/{proxy+}")
        #expect(context["protocol"] as? String == "HTTP/1.1")
        #expect(context["stage"] as? String == "prod")
        let identity = try #require(context["identity"] as? [String: Any])
        #expect(identity["sourceIp"] as? String == "127.0.0.1")
        #expect(identity["accessKey"] is NSNull)
    }

    // localstack issue #12295 and PR #12296, verified against AWS: through a custom domain whose mapping
    // names the stage, `path` and `requestContext.path` are the path as sent, base path included
    // and no stage; `domainName` is the custom domain and `domainPrefix` its first label.
    @Test("through a custom domain, path keeps the base path and drops the stage")
    func customDomain() async throws {
        let harness = try GatewayHarness(fixture: "lambda")
        var ids = IdentifierGenerator(seed: 7)
        let endpoint = Endpoint(api: "fn", stage: "prod", customDomainName: "api.example.com", customDomainPath: "/v1/test-path")
        let t = try await harness.gateway.invoke(GatewayRequest(method: "GET", path: "/test-path"), at: endpoint, ids: &ids)
        let text = try #require(t.integrationRequest?.body)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["path"] as? String == "/v1/test-path")
        #expect(object["resource"] as? String == "/{proxy+}")
        #expect(object["pathParameters"] as? [String: String] == ["proxy": "test-path"])
        let context = try #require(object["requestContext"] as? [String: Any])
        #expect(context["path"] as? String == "/v1/test-path")
        #expect(context["domainName"] as? String == "api.example.com")
        #expect(context["domainPrefix"] as? String == "api")
        #expect((object["headers"] as? [String: String])?["Host"] == "api.example.com")
    }

    @Test("the trailing slash stays in path and requestContext.path")
    func trailingSlash() async throws {
        let object = try await event("GET", "/test-path/")
        #expect(object["path"] as? String == "/test-path/")
        #expect(object["pathParameters"] as? [String: String] == ["proxy": "test-path"])
        #expect((object["requestContext"] as? [String: Any])?["path"] as? String == "/prod/test-path/")
    }

    // Recorded AWS response: LocalStack tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
    // test_lambda_aws_proxy_integration › invocation-payload-with-prepended-slash (`/stage//proxy-value`).
    @Test("leading slashes are one for routing and path; requestContext.path keeps them as sent")
    func leadingSlashes() async throws {
        let object = try await event("GET", "//proxy-value")
        #expect(object["path"] as? String == "/proxy-value")
        #expect(object["pathParameters"] as? [String: String] == ["proxy": "proxy-value"])
        #expect((object["requestContext"] as? [String: Any])?["path"] as? String == "/prod//proxy-value")
    }

    // Recorded AWS response: as above › invocation-payload-with-double-slash.
    @Test("slashes inside the path are kept in path, the greedy parameter and requestContext.path")
    func innerDoubleSlash() async throws {
        let object = try await event("GET", "/proxy-value//double-slash")
        #expect(object["path"] as? String == "/proxy-value//double-slash")
        #expect(object["pathParameters"] as? [String: String] == ["proxy": "proxy-value//double-slash"])
        #expect((object["requestContext"] as? [String: Any])?["path"] as? String == "/prod/proxy-value//double-slash")
    }

    // Recorded AWS response: as above › invocation-hardcoded: `/stage//hardcoded` reaches the
    // static resource `/hardcoded`, not `/{proxy+}`.
    @Test("after leading slashes, a static resource still beats the greedy one")
    func leadingSlashesReachStaticResource() async throws {
        let t = try await GatewayHarness(fixture: "lambda").send("GET", "//get-method?x=1", api: "fn", stage: "prod")
        // `/get-method` is a GET AWS_PROXY integration AWS refuses (500) before any event is built:
        // the routing stage's entry says where the request went.
        #expect(t.trace.first { $0.stage == .routing }?.detail == "GET /get-method")
    }

    @Test("query values are decoded; repeated keys keep the last and all values")
    func query() async throws {
        let object = try await event("GET", "/a?price=10&price=20&price=30&q=a+b%2Bc")
        #expect(object["queryStringParameters"] as? [String: String] == ["price": "30", "q": "a b+c"])
        #expect(object["multiValueQueryStringParameters"] as? [String: [String]] == ["price": ["10", "20", "30"], "q": ["a b+c"]])
    }

    @Test("client header casing is kept and the front end adds Host, trace and forwarding headers")
    func headers() async throws {
        let object = try await event("POST", "/a", headers: [HTTPHeader("tEsT-HEADeR", "aValUE")], body: "{}")
        let headers = try #require(object["headers"] as? [String: String])
        #expect(headers["tEsT-HEADeR"] == "aValUE")
        #expect(headers["X-Forwarded-Proto"] == "https")
        #expect(headers["X-Forwarded-Port"] == "443")
        #expect(headers["X-Forwarded-For"] == "127.0.0.1")
        #expect(headers["Host"]?.hasSuffix(".execute-api.us-east-1.amazonaws.com") == true)
        #expect(headers["X-Amzn-Trace-Id"]?.hasPrefix("Root=1-") == true)
        #expect(object["body"] as? String == "{}")
    }

    @Test("AWS_PROXY with an integration method other than POST is a 500")
    func nonPostMethod() async throws {
        let t = try await GatewayHarness(fixture: "lambda").send("GET", "/get-method", api: "fn", stage: "prod")
        #expect(t.response.status == 500)
        #expect(t.response.body == #"{"message":"Internal server error"}"#)
    }
}

extension VelocityValue {
    var mapKeys: [String]? {
        if case .map(let map) = self { return map.keys }
        return nil
    }
}
