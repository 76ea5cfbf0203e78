import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import TestSupport
import Testing

/// contentHandling and binaryMediaTypes, row by row as the two tables of
/// https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings-workflow.html
/// give them, and the Lambda proxy's isBase64Encoded (recorded AWS response: LocalStack
/// tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
/// test_aws_proxy_response_payload_format_validation › invoke-api-b64-encoded-true).
@Suite("Content handling (DG: api-gateway-payload-encodings-workflow)", .serialized)
struct ContentHandlingTests {
    /// An HTTP backend that answers `/text` with the text `aGVsbG8=` (base64 of "hello") as
    /// text/plain, `/png` with PNG bytes as image/png and `/json` with a JSON object.
    struct Backend: HTTPTransport {
        func send(_ request: OutboundHTTPRequest, timeout: Duration) async -> OutboundHTTPResult {
            if request.url.hasSuffix("/png") {
                return .response(status: 200, headers: [HTTPHeader("Content-Type", "image/png")], body: ContentHandlingTests.png)
            }
            if request.url.hasSuffix("/json") {
                return .response(status: 200, headers: [HTTPHeader("Content-Type", "application/json")], body: Array(#"{"a": 1}"#.utf8))
            }
            return .response(status: 200, headers: [HTTPHeader("Content-Type", "text/plain")], body: Array("aGVsbG8=".utf8))
        }
    }

    /// A Lambda function that returns what the test gives it, and keeps the events it got.
    final class Function: FunctionInvoker, @unchecked Sendable {
        let output: String
        private let lock = NSLock()
        private var events: [String] = []
        init(output: String) { self.output = output }
        func invoke(function: String, payload: [UInt8], timeout: Duration) async -> FunctionInvocation {
            lock.withLock { events.append(String(decoding: payload, as: UTF8.self)) }
            return FunctionInvocation(outcome: .success(Array(output.utf8)))
        }
        var lastEvent: String? { lock.withLock { events.last } }
    }

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// One API per binaryMediaTypes setting; one route per contentHandling, on both sides.
    static func definition(binaryMediaTypes: String?) -> String {
        var text = "openapi: 3.0.1\ninfo: {title: Payloads, version: \"1\"}\n"
        if let binaryMediaTypes { text += "x-amazon-apigateway-binary-media-types: [\"\(binaryMediaTypes)\"]\n" }
        text += "paths:\n"
        for handling in ["none", "CONVERT_TO_BINARY", "CONVERT_TO_TEXT"] {
            let line = handling == "none" ? "" : "contentHandling: \(handling)"
            text += """
              /\(handling)/{kind}:
                post:
                  parameters: [{name: kind, in: path, required: true, schema: {type: string}}]
                  x-amazon-apigateway-integration:
                    type: http
                    httpMethod: GET
                    uri: http://backend.example/{kind}
                    \(line)
                    requestParameters: {integration.request.path.kind: method.request.path.kind}
                    responses:
                      default:
                        statusCode: "200"
                        \(line)

            """
        }
        text += """
          /proxy:
            post:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:fn/invocations

        """
        return text
    }

    static func gateway(binaryMediaTypes: String?, services: GatewayServices) throws -> (Gateway, TemporaryDirectory) {
        let root = try TemporaryDirectory()
        try root.write([
            "Content/portico.yml": "apis: [{name: api, definition: apis/api.yaml, stages: [{stageName: prod}]}]\nfunctions: [{name: fn, runtime: command, command: [true]}]\n",
            "Content/apis/api.yaml": definition(binaryMediaTypes: binaryMediaTypes),
        ])
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        return (Gateway(project: project, clock: FixedClock.siteBuild, services: services), root)
    }

    static func send(_ gateway: Gateway, _ path: String, headers: [HTTPHeader], body: String = "", isBase64Encoded: Bool = false) async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 3)
        return try await gateway.invoke(GatewayRequest(method: "POST", path: path, headers: headers, bytes: isBase64Encoded ? Base64.decode(body) ?? [] : Array(body.utf8)),
                                        api: "api", stage: "prod", ids: &ids)
    }

    // MARK: - Request: by the request's Content-Type

    struct RequestRow: Sendable, CustomTestStringConvertible {
        let row: Int
        let binaryMediaTypes: String?
        let contentType: String
        let handling: String
        /// The method request body: text, or bytes (base64 with the flag) for binary data.
        let body: String
        let isBase64Encoded: Bool
        /// The integration request payload.
        let expected: String
        let expectedBinary: Bool
        var testDescription: String { "request row \(row)" }
    }

    static let hello = "aGVsbG8="   // base64 of "hello"
    static let pngText = Data(png).base64EncodedString()

    static let requestRows: [RequestRow] = [
        // Text data | Any data type | Undefined | Undefined | UTF8-encoded string
        RequestRow(row: 1, binaryMediaTypes: nil, contentType: "text/plain", handling: "none", body: hello, isBase64Encoded: false, expected: hello, expectedBinary: false),
        // Text data | Any data type | Undefined | CONVERT_TO_BINARY | Base64-decoded binary blob
        RequestRow(row: 2, binaryMediaTypes: nil, contentType: "text/plain", handling: "CONVERT_TO_BINARY", body: hello, isBase64Encoded: false, expected: hello, expectedBinary: true),
        // Text data | Any data type | Undefined | CONVERT_TO_TEXT | UTF8-encoded string
        RequestRow(row: 3, binaryMediaTypes: nil, contentType: "text/plain", handling: "CONVERT_TO_TEXT", body: hello, isBase64Encoded: false, expected: hello, expectedBinary: false),
        // Text data | A text data type | Set with matching media types | Undefined | Text data
        RequestRow(row: 4, binaryMediaTypes: "image/png", contentType: "text/plain", handling: "none", body: hello, isBase64Encoded: false, expected: hello, expectedBinary: false),
        // Text data | A text data type | Set with matching media types | CONVERT_TO_BINARY | Base64-decoded binary blob
        RequestRow(row: 5, binaryMediaTypes: "image/png", contentType: "text/plain", handling: "CONVERT_TO_BINARY", body: hello, isBase64Encoded: false, expected: hello, expectedBinary: true),
        // Text data | A text data type | Set with matching media types | CONVERT_TO_TEXT | Text data
        RequestRow(row: 6, binaryMediaTypes: "image/png", contentType: "text/plain", handling: "CONVERT_TO_TEXT", body: hello, isBase64Encoded: false, expected: hello, expectedBinary: false),
        // Binary data | A binary data type | Set with matching media types | Undefined | Binary data
        RequestRow(row: 7, binaryMediaTypes: "image/png", contentType: "image/png", handling: "none", body: pngText, isBase64Encoded: true, expected: pngText, expectedBinary: true),
        // Binary data | A binary data type | Set with matching media types | CONVERT_TO_BINARY | Binary data
        RequestRow(row: 8, binaryMediaTypes: "image/*", contentType: "image/png", handling: "CONVERT_TO_BINARY", body: pngText, isBase64Encoded: true, expected: pngText, expectedBinary: true),
        // Binary data | A binary data type | Set with matching media types | CONVERT_TO_TEXT | Base64-encoded string
        RequestRow(row: 9, binaryMediaTypes: "*/*", contentType: "image/png", handling: "CONVERT_TO_TEXT", body: pngText, isBase64Encoded: true, expected: pngText, expectedBinary: false),
    ]

    @Test("the integration request payload", arguments: requestRows)
    func request(_ row: RequestRow) async throws {
        let (gateway, root) = try Self.gateway(binaryMediaTypes: row.binaryMediaTypes, services: GatewayServices(http: Backend()))
        defer { root.remove() }
        let t = try await Self.send(gateway, "/\(row.handling)/text", headers: [HTTPHeader("Content-Type", row.contentType)],
                                    body: row.body, isBase64Encoded: row.isBase64Encoded)
        let request = try #require(t.integrationRequest)
        #expect(request.body == row.expected)
        #expect(request.isBase64Encoded == row.expectedBinary)
        if row.expectedBinary { #expect(t.outcome(of: .integration)?.outcome == .proceed) }
    }

    @Test("a text body that is not base64 cannot become binary: 500, as the page says")
    func notBase64() async throws {
        let (gateway, root) = try Self.gateway(binaryMediaTypes: nil, services: GatewayServices(http: Backend()))
        defer { root.remove() }
        let t = try await Self.send(gateway, "/CONVERT_TO_BINARY/text", headers: [HTTPHeader("Content-Type", "text/plain")], body: "not base64!")
        #expect(t.response.status == 500)
        #expect(t.response.body == #"{"message":"Internal server error"}"#)
        #expect(t.logs == ["Execution failed due to configuration error: Unable to transform request"])
    }

    // MARK: - Response: by the request's first Accept type

    struct ResponseRow: Sendable, CustomTestStringConvertible {
        let row: Int
        let binaryMediaTypes: String?
        /// `text` (the backend's text/plain `aGVsbG8=`) or `png` (image/png bytes).
        let payload: String
        let accept: String
        let handling: String
        let expected: String
        let expectedBinary: Bool
        var testDescription: String { "response row \(row)" }
    }

    static let responseRows: [ResponseRow] = [
        // Text or binary data | A text type | Undefined | Undefined | UTF8-encoded string
        ResponseRow(row: 1, binaryMediaTypes: nil, payload: "text", accept: "text/plain", handling: "none", expected: hello, expectedBinary: false),
        // Text or binary data | A text type | Undefined | CONVERT_TO_BINARY | Base64-decoded blob
        ResponseRow(row: 2, binaryMediaTypes: nil, payload: "text", accept: "text/plain", handling: "CONVERT_TO_BINARY", expected: hello, expectedBinary: true),
        // Text or binary data | A text type | Undefined | CONVERT_TO_TEXT | UTF8-encoded string
        ResponseRow(row: 3, binaryMediaTypes: nil, payload: "png", accept: "text/plain", handling: "CONVERT_TO_TEXT",
                    expected: String(decoding: png, as: UTF8.self), expectedBinary: false),
        // Text data | A text type | Set with matching media types | Undefined | Text data
        ResponseRow(row: 4, binaryMediaTypes: "image/png", payload: "text", accept: "text/plain", handling: "none", expected: hello, expectedBinary: false),
        // Text data | A text type | Set with matching media types | CONVERT_TO_BINARY | Base64-decoded blob
        ResponseRow(row: 5, binaryMediaTypes: "image/png", payload: "text", accept: "text/plain", handling: "CONVERT_TO_BINARY", expected: hello, expectedBinary: true),
        // Text data | A text type | Set with matching media types | CONVERT_TO_TEXT | UTF8-encoded string
        ResponseRow(row: 6, binaryMediaTypes: "image/png", payload: "text", accept: "text/plain", handling: "CONVERT_TO_TEXT", expected: hello, expectedBinary: false),
        // Text data | A binary type | Set with matching media types | Undefined | Base64-decoded blob
        ResponseRow(row: 7, binaryMediaTypes: "image/png", payload: "text", accept: "image/png", handling: "none", expected: hello, expectedBinary: true),
        // Text data | A binary type | Set with matching media types | CONVERT_TO_BINARY | Base64-decoded blob
        ResponseRow(row: 8, binaryMediaTypes: "image/png", payload: "text", accept: "image/png", handling: "CONVERT_TO_BINARY", expected: hello, expectedBinary: true),
        // Text data | A binary type | Set with matching media types | CONVERT_TO_TEXT | UTF8-encoded string
        ResponseRow(row: 9, binaryMediaTypes: "image/png", payload: "text", accept: "image/png", handling: "CONVERT_TO_TEXT", expected: hello, expectedBinary: false),
        // Binary data | A text type | Set with matching media types | Undefined | Base64-encoded string
        ResponseRow(row: 10, binaryMediaTypes: "image/png", payload: "png", accept: "text/plain", handling: "none", expected: pngText, expectedBinary: false),
        // Binary data | A text type | Set with matching media types | CONVERT_TO_BINARY | Binary data
        ResponseRow(row: 11, binaryMediaTypes: "image/png", payload: "png", accept: "text/plain", handling: "CONVERT_TO_BINARY", expected: pngText, expectedBinary: true),
        // Binary data | A text type | Set with matching media types | CONVERT_TO_TEXT | Base64-encoded string
        ResponseRow(row: 12, binaryMediaTypes: "image/png", payload: "png", accept: "text/plain", handling: "CONVERT_TO_TEXT", expected: pngText, expectedBinary: false),
        // Binary data | A binary type | Set with matching media types | Undefined | Binary data
        ResponseRow(row: 13, binaryMediaTypes: "image/png", payload: "png", accept: "image/png", handling: "none", expected: pngText, expectedBinary: true),
        // Binary data | A binary type | Set with matching media types | CONVERT_TO_BINARY | Binary data
        ResponseRow(row: 14, binaryMediaTypes: "image/png", payload: "png", accept: "image/png", handling: "CONVERT_TO_BINARY", expected: pngText, expectedBinary: true),
        // Binary data | A binary type | Set with matching media types | CONVERT_TO_TEXT | Base64-encoded string
        ResponseRow(row: 15, binaryMediaTypes: "image/png", payload: "png", accept: "image/png", handling: "CONVERT_TO_TEXT", expected: pngText, expectedBinary: false),
    ]

    @Test("the method response payload", arguments: responseRows)
    func response(_ row: ResponseRow) async throws {
        let (gateway, root) = try Self.gateway(binaryMediaTypes: row.binaryMediaTypes, services: GatewayServices(http: Backend()))
        defer { root.remove() }
        let t = try await Self.send(gateway, "/\(row.handling)/\(row.payload)", headers: [HTTPHeader("Accept", row.accept)])
        #expect(t.response.status == 200)
        #expect(t.response.body == row.expected)
        #expect(t.response.isBase64Encoded == row.expectedBinary)
        // Content-Length counts the bytes sent, not the base64 text.
        let bytes = row.expectedBinary ? (Data(base64Encoded: row.expected)?.count ?? -1) : row.expected.utf8.count
        #expect(t.header("Content-Length") == String(bytes))
    }

    @Test("only the first Accept type counts (the tip below the tables)")
    func firstAcceptOnly() async throws {
        let (gateway, root) = try Self.gateway(binaryMediaTypes: "image/png", services: GatewayServices(http: Backend()))
        defer { root.remove() }
        let first = try await Self.send(gateway, "/none/png", headers: [HTTPHeader("Accept", "image/png,text/plain")])
        #expect(first.response.isBase64Encoded)
        let second = try await Self.send(gateway, "/none/png", headers: [HTTPHeader("Accept", "text/plain,image/png")])
        #expect(!second.response.isBase64Encoded)
        #expect(second.response.body == Self.pngText)
    }

    @Test("text that must become binary but is not base64: 500 Internal server error")
    func responseNotBase64() async throws {
        let (gateway, root) = try Self.gateway(binaryMediaTypes: "image/png", services: GatewayServices(http: Backend()))
        defer { root.remove() }
        let t = try await Self.send(gateway, "/none/json", headers: [HTTPHeader("Accept", "image/png")])
        #expect(t.response.status == 500)
        #expect(t.response.body == #"{"message":"Internal server error"}"#)
        #expect(t.logs == ["Execution failed due to configuration error: Unable to transform response"])
        // A Lambda proxy response flagged base64 whose body is not, for a binary Accept: the same
        // 500, not a malformed response's 502 (recorded against AWS: LocalStack
        // tests/aws/services/apigateway/test_apigateway_lambda.py, test_aws_proxy_binary_response, "bad base64").
        let function = Function(output: #"{"statusCode": 200, "body": "not base64", "isBase64Encoded": true}"#)
        let (lambda, lambdaRoot) = try Self.gateway(binaryMediaTypes: "image/png", services: GatewayServices(functions: function))
        defer { lambdaRoot.remove() }
        let bad = try await Self.send(lambda, "/proxy", headers: [HTTPHeader("Accept", "image/png")])
        #expect(bad.response.status == 500)
        #expect(bad.response.body == #"{"message":"Internal server error"}"#)
    }

    // MARK: - Lambda proxy

    @Test("a Lambda proxy's isBase64Encoded body is binary only for a binary Accept, else its base64 text")
    func lambdaProxyResponse() async throws {
        // LocalStack test_aws_proxy_response_payload_format_validation › invoke-api-b64-encoded-true: body dGVzdC1kYXRh.
        let function = Function(output: #"{"statusCode": 200, "body": "dGVzdC1kYXRh", "isBase64Encoded": true}"#)
        let (gateway, root) = try Self.gateway(binaryMediaTypes: "image/png", services: GatewayServices(functions: function))
        defer { root.remove() }
        let text = try await Self.send(gateway, "/proxy", headers: [HTTPHeader("Accept", "application/json")])
        #expect(text.response.body == "dGVzdC1kYXRh")
        #expect(!text.response.isBase64Encoded)
        let binary = try await Self.send(gateway, "/proxy", headers: [HTTPHeader("Accept", "image/png")])
        #expect(binary.response.isBase64Encoded)
        #expect(Data(base64Encoded: binary.response.body) == Data("test-data".utf8))
        #expect(binary.header("Content-Length") == "9")
    }

    @Test("a binary request reaches a Lambda proxy base64-encoded with isBase64Encoded true (DG: api-gateway-payload-encodings)")
    func lambdaProxyEvent() async throws {
        let function = Function(output: #"{"statusCode": 204}"#)
        let (gateway, root) = try Self.gateway(binaryMediaTypes: "image/png", services: GatewayServices(functions: function))
        defer { root.remove() }
        _ = try await Self.send(gateway, "/proxy", headers: [HTTPHeader("Content-Type", "image/png")], body: Self.pngText, isBase64Encoded: true)
        let event = try #require(function.lastEvent)
        #expect(event.hasSuffix(#","body":"\#(Self.pngText)","isBase64Encoded":true}"#))
        _ = try await Self.send(gateway, "/proxy", headers: [HTTPHeader("Content-Type", "text/plain")], body: "plain")
        #expect(function.lastEvent?.hasSuffix(#","body":"plain","isBase64Encoded":false}"#) == true)
    }

    @Test("binary media types match by type and subtype, with * in the API's entries only")
    func matching() {
        let types = BinaryMediaTypes(["image/*", "application/octet-stream", "font~1woff2"])
        #expect(types.matches("image/png"))
        #expect(types.matches("IMAGE/JPEG; q=1"))
        #expect(types.matches("application/octet-stream"))
        // `~1` is no escape in the definition's list (DG: api-gateway-payload-encodings-configure-with-control-service-api:
        // it escapes '/' in a PATCH path), so `font~1woff2` is no media type and matches nothing.
        #expect(!types.matches("font/woff2"))
        #expect(!types.matches("application/json"))
        #expect(!types.matches("*/*"))
        #expect(!types.matches(nil))
        #expect(BinaryMediaTypes(["*/*"]).matches("text/plain"))
        #expect(!BinaryMediaTypes([]).matches("image/png"))
    }

    @Test("a transcript shows binary bodies as a summary")
    func summary() {
        #expect(BodySummary.text(Data(repeating: 7, count: 1234).base64EncodedString(), isBase64Encoded: true) == "<binary, 1,234 bytes>")
        #expect(BodySummary.text("plain", isBase64Encoded: false) == "plain")
    }
}

/// The gateway, not the server, decides whether a request's bytes are text or binary, once.
@Suite("The request's payload")
struct RequestPayloadTests {
    @Test("binary by the API's binary media types (DG: api-gateway-payload-encodings), else UTF-8 text with invalid bytes replaced")
    func decidedByTheGateway() async throws {
        let function = ContentHandlingTests.Function(output: #"{"statusCode": 204}"#)
        let (gateway, root) = try ContentHandlingTests.gateway(binaryMediaTypes: "image/png", services: GatewayServices(functions: function))
        defer { root.remove() }
        func event(_ bytes: [UInt8], contentType: String) async throws -> String? {
            var ids = IdentifierGenerator(seed: 3)
            _ = try await gateway.invoke(GatewayRequest(method: "POST", path: "/proxy", headers: [HTTPHeader("Content-Type", contentType)], bytes: bytes),
                                         api: "api", stage: "prod", ids: &ids)
            return function.lastEvent
        }
        // Valid UTF-8 of a binary type: still binary, base64.
        #expect(try await event(Array("abc".utf8), contentType: "image/png")?.hasSuffix(#","body":"YWJj","isBase64Encoded":true}"#) == true)
        // Not UTF-8, of a text type: text, each invalid byte replaced by U+FFFD.
        #expect(try await event([0x61, 0xFF, 0x62], contentType: "text/plain")?.hasSuffix(#","body":"a\#u{FFFD}b","isBase64Encoded":false}"#) == true)
        // The transcript shows what the client sent: base64, since those bytes are not text.
        var ids = IdentifierGenerator(seed: 3)
        let transcript = try await gateway.invoke(GatewayRequest(method: "POST", path: "/proxy", headers: [HTTPHeader("Content-Type", "text/plain")], bytes: [0xFF, 0xFE]),
                                                  api: "api", stage: "prod", ids: &ids)
        #expect(transcript.request.bodyAsSent == ("//4=", true))
    }
}
