import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import Testing
import TestSupport

/// Which requests and responses an API's binaryMediaTypes make binary, replayed from the
/// sequence LocalStack ran against AWS in tests/aws/services/apigateway/test_apigateway_lambda.py,
/// test_aws_proxy_binary_response (validated against AWS; test_apigateway_lambda.validation.json):
/// an AWS_PROXY function answers a 1x1 PNG as base64 with isBase64Encoded, and the client's
/// Accept decides whether it goes back as bytes or as its base64 text.
@Suite("Binary media types as AWS matches them", .serialized)
struct BinaryMediaTypeTests {
    /// The recorded test's image: a 1x1 PNG.
    static let image = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/wIAAgkBAyMAlYwAAAAASUVORK5CYII="

    /// A Lambda proxy function that answers what the test sets, and keeps the events it got.
    final class Function: FunctionInvoker, @unchecked Sendable {
        private let lock = NSLock()
        private var output = ""
        private var events: [String] = []
        func answer(_ text: String) { lock.withLock { output = text } }
        func invoke(function: String, payload: [UInt8], timeout: Duration) async -> FunctionInvocation {
            let text = lock.withLock { () -> String in
                events.append(String(decoding: payload, as: UTF8.self))
                return output
            }
            return FunctionInvocation(outcome: .success(Array(text.utf8)))
        }
        var lastEvent: String? { lock.withLock { events.last } }
    }

    /// The function's answer: the image, flagged as the test flags it, with a Content-Type or none.
    static func answer(body: String = image, isBase64Encoded: Bool = true, contentType: String? = "image/png") -> String {
        let type = contentType.map { #", "headers": {"Content-Type": "\#($0)"}"# } ?? ""
        return #"{"statusCode": 200, "body": "\#(body)", "isBase64Encoded": \#(isBase64Encoded)\#(type)}"#
    }

    static func gateway(binaryMediaTypes: [String], function: Function) throws -> (Gateway, TemporaryDirectory) {
        let list = binaryMediaTypes.map { "\"\($0)\"" }.joined(separator: ", ")
        let root = try TemporaryDirectory()
        try root.write([
            "Content/portico.yml": "apis: [{name: api, definition: apis/api.yaml, stages: [{stageName: test}]}]\nfunctions: [{name: fn, runtime: command, command: [true]}]\n",
            "Content/apis/api.yaml": """
                openapi: 3.0.1
                info: {title: Binary, version: "1"}
                x-amazon-apigateway-binary-media-types: [\(list)]
                paths:
                  /{proxy+}:
                    x-amazon-apigateway-any-method:
                      parameters: [{name: proxy, in: path, required: true, schema: {type: string}}]
                      x-amazon-apigateway-integration:
                        type: aws_proxy
                        httpMethod: POST
                        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:fn/invocations

                """,
        ])
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        return (Gateway(project: project, clock: FixedClock.siteBuild, services: GatewayServices(functions: function)), root)
    }

    static func post(_ gateway: Gateway, headers: [HTTPHeader], body: String = "{}") async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 5)
        return try await gateway.invoke(GatewayRequest(method: "POST", path: "/test", headers: headers, body: body), api: "api", stage: "test", ids: &ids)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let binaryMediaTypes: [String]
        let accept: String?
        var contentType: String? = "image/png"
        var isBase64Encoded = true
        /// The client gets the image's bytes (true) or its base64 text (false).
        let binary: Bool
        var testDescription: String { "\(binaryMediaTypes) Accept \(accept ?? "none") Content-Type \(contentType ?? "none") → \(binary ? "binary" : "base64 text")" }
    }

    /// The recorded test's assertions, in its order. Its second deployment lists image/png and
    /// */test; its third image/png, application/* and image/jpg.
    static let rows: [Row] = [
        // "we did not configure binaryMedias so the API is not returning binary data even if all conditions are met"
        Row(binaryMediaTypes: [], accept: "image/png", binary: false),
        // "all conditions are met"
        Row(binaryMediaTypes: ["image/png", "*/test"], accept: "image/png", binary: true),
        // "client is sending the wrong accept, so the API returns the base64 data"
        Row(binaryMediaTypes: ["image/png", "*/test"], accept: "image/jpg", binary: false),
        // "client is sending the wrong accept (wildcard)"
        Row(binaryMediaTypes: ["image/png", "*/test"], accept: "image/*", binary: false),
        // "wildcard on the left is not supported"
        Row(binaryMediaTypes: ["image/png", "*/test"], accept: "*/test", binary: false),
        // "client is sending an accept that matches the wildcard, but it does not work"
        Row(binaryMediaTypes: ["image/png", "*/test"], accept: "random/test", binary: false),
        // "Accept has to exactly match what is configured"
        Row(binaryMediaTypes: ["image/png", "*/test"], accept: "*/*", binary: false),
        // "client is sending a multiple accept, but AWS only checks the first one"
        Row(binaryMediaTypes: ["image/png", "*/test"], accept: "image/webp,image/png,*/*;q=0.8", binary: false),
        Row(binaryMediaTypes: ["image/png", "*/test"], accept: "image/png,image/*,*/*;q=0.8", binary: true),
        // "lambda is returning that the payload is not b64 encoded"
        Row(binaryMediaTypes: ["image/png", "*/test"], accept: "image/png", isBase64Encoded: false, binary: false),
        // "different scenario with right side wildcard, all working"
        Row(binaryMediaTypes: ["image/png", "application/*", "image/jpg"], accept: "application/whatever", contentType: "application/test", binary: true),
        Row(binaryMediaTypes: ["image/png", "application/*", "image/jpg"], accept: "application/test", contentType: "application/test", binary: true),
        Row(binaryMediaTypes: ["image/png", "application/*", "image/jpg"], accept: "application/*", contentType: "application/test", binary: true),
        // "it seems it does not matter, only Accept is checked"
        Row(binaryMediaTypes: ["image/png", "application/*", "image/jpg"], accept: "image/jpg", binary: true),
        Row(binaryMediaTypes: ["image/png", "application/*", "image/jpg"], accept: "image/png", contentType: "application/whatever", binary: true),
        // "ContentType does not matter at all"
        Row(binaryMediaTypes: ["image/png", "application/*", "image/jpg"], accept: "image/png", contentType: nil, binary: true),
        // "bad Accept"
        Row(binaryMediaTypes: ["image/png", "application/*", "image/jpg"], accept: "application", binary: false),
        // "no Accept"
        Row(binaryMediaTypes: ["image/png", "application/*", "image/jpg"], accept: nil, binary: false),
        // DG: api-gateway-payload-encodings: "*/* includes all content types", so any first Accept type.
        Row(binaryMediaTypes: ["*/*"], accept: "text/html,image/png", binary: true),
    ]

    @Test("the first Accept type against the list decides a Lambda proxy's binary answer", arguments: rows)
    func proxyResponse(_ row: Row) async throws {
        let function = Function()
        function.answer(Self.answer(isBase64Encoded: row.isBase64Encoded, contentType: row.contentType))
        let (gateway, root) = try Self.gateway(binaryMediaTypes: row.binaryMediaTypes, function: function)
        defer { root.remove() }
        let t = try await Self.post(gateway, headers: row.accept.map { [HTTPHeader("Accept", $0)] } ?? [])
        #expect(t.response.status == 200)
        #expect(t.response.isBase64Encoded == row.binary)
        #expect(t.response.body == Self.image)
    }

    @Test("a body flagged isBase64Encoded that is not base64, for a binary Accept, answers 500 (the recorded \"bad base64\")")
    func badBase64() async throws {
        let function = Function()
        function.answer(Self.answer(body: "èé+à)("))
        let (gateway, root) = try Self.gateway(binaryMediaTypes: ["image/png", "application/*", "image/jpg"], function: function)
        defer { root.remove() }
        let t = try await Self.post(gateway, headers: [HTTPHeader("Accept", "image/png")])
        // Recorded: `assert bad_b64_response.status_code == 500`; the body is API Gateway's
        // configuration-error answer (DG: api-gateway-payload-encodings-workflow, "If the
        // conversion fails, it returns a 500 response indicating an API configuration error").
        #expect(t.response.status == 500)
        #expect(t.response.body == #"{"message":"Internal server error"}"#)
        #expect(t.logs == ["Execution failed due to configuration error: Unable to transform response"])
        // For a text Accept nothing is decoded: the body goes back as the function wrote it, as the
        // recorded "client is sending the wrong accept, so the API returns the base64 data" does.
        let text = try await Self.post(gateway, headers: [HTTPHeader("Accept", "text/plain")])
        #expect(text.response.status == 200)
        #expect(text.response.body == "èé+à)(")
    }

    @Test("a request's Content-Type is matched by the same rules: binary requests reach the function base64-encoded", arguments: [
        // DG: api-gateway-payload-encodings: a request whose Content-Type matches an entry is binary;
        // the entry forms are read as the recorded Accept rows above read them.
        ("image/*", "image/png", true),
        ("image/*", "IMAGE/PNG; charset=binary", true),
        ("*/*", "application/json", true),
        ("*/test", "random/test", false),
        ("image/png", "image/*", false),
        ("image~1png", "image/png", false),
    ])
    func request(entry: String, contentType: String, binary: Bool) async throws {
        let function = Function()
        function.answer(#"{"statusCode": 204}"#)
        let (gateway, root) = try Self.gateway(binaryMediaTypes: [entry], function: function)
        defer { root.remove() }
        _ = try await Self.post(gateway, headers: [HTTPHeader("Content-Type", contentType)], body: "abc")
        let event = try #require(function.lastEvent)
        // "abc" as base64 is "YWJj" (DG: set-up-lambda-proxy-integrations: body and isBase64Encoded).
        #expect(event.hasSuffix(binary ? #","body":"YWJj","isBase64Encoded":true}"# : #","body":"abc","isBase64Encoded":false}"#))
    }
}
