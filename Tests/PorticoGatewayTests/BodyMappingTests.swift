import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import Testing
import TestSupport

/// Parameter mappings whose source is a body or a JSONPath into it:
/// `integration.response.body.PATH` for method response headers and `method.request.body.PATH`
/// for integration request headers (DG: request-response-data-mappings), and the Lambda custom
/// error pattern whose `errorMessage` holds JSON (DG: handle-errors-in-lambda-integration).
@Suite("Body parameter mappings")
struct BodyMappingTests {
    static let httpDefinition = """
        openapi: 3.0.1
        info: {title: Bodies, version: "1"}
        paths:
          /items:
            post:
              x-amazon-apigateway-integration:
                type: http
                httpMethod: POST
                uri: http://backend.example/items
                requestParameters:
                  integration.request.header.X-Order: method.request.body.order.id
                  integration.request.header.X-Lines: method.request.body.order.lines
                responses:
                  default:
                    statusCode: "200"
                    responseParameters:
                      method.response.header.Location: integration.response.body.redirect.url
                      method.response.header.X-Count: integration.response.body.count
                      method.response.header.X-Nested: integration.response.body.nested
                      method.response.header.X-First-Tag: integration.response.body.tags[0]
                      method.response.header.X-Rooted: integration.response.body.$.redirect.url
                      method.response.header.X-Absent: integration.response.body.absent.deeper
                      method.response.header.X-Null: integration.response.body.nothing
                      method.response.header.X-Not-Decoded: integration.response.body.text.a

        """

    /// Answers with the body the test gives it, as JSON.
    struct Backend: HTTPTransport {
        let body: String
        func send(_ request: OutboundHTTPRequest, timeout: Duration) async -> OutboundHTTPResult {
            .response(status: 200, headers: [HTTPHeader("Content-Type", "application/json")], body: Array(body.utf8))
        }
    }

    func gateway(definition: String, functions: String = "", services: GatewayServices) throws -> (Gateway, TemporaryDirectory) {
        let root = try TemporaryDirectory()
        try root.write([
            "Content/portico.yml": "apis: [{name: api, definition: apis/api.yaml, stages: [{stageName: prod}]}]\n" + functions,
            "Content/apis/api.yaml": definition,
        ])
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(diagnostics.sorted.isEmpty, "\(diagnostics.sorted)")
        return (Gateway(project: project, clock: FixedClock.siteBuild, services: services), root)
    }

    func send(_ gateway: Gateway, body: String = "") async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 5)
        return try await gateway.invoke(GatewayRequest(method: "POST", path: "/items", headers: [HTTPHeader("Content-Type", "application/json")], body: body),
                                        api: "api", stage: "prod", ids: &ids)
    }

    @Test("a JSONPath into a JSON integration response body sets the header: strings as they are, other values as compact JSON, nothing when the path selects nothing")
    func responseBodyPaths() async throws {
        let body = #"{"redirect": {"url": "https://example.com/items/7"}, "count": 3, "nested": {"k": 1, "s": "t", "l": [true, null]}, "tags": ["a", "b"], "nothing": null, "text": "{\"a\":1}"}"#
        let (gateway, root) = try gateway(definition: Self.httpDefinition, services: GatewayServices(http: Backend(body: body)))
        defer { root.remove() }
        let t = try await send(gateway)
        #expect(t.response.status == 200)
        // DG: api-gateway-swagger-extensions-integration-responseParameters maps
        // integration.response.body.redirect.url to Location.
        #expect(t.header("Location") == "https://example.com/items/7")
        #expect(t.header("X-Rooted") == "https://example.com/items/7")
        // A number is written as its text, an object as its JSON string, keys in document order
        // (DG: handle-errors-in-lambda-integration: "error_status":"500", and error_trace carries
        // the trace object as a JSON string).
        #expect(t.header("X-Count") == "3")
        #expect(t.header("X-Nested") == #"{"k":1,"s":"t","l":[true,null]}"#)
        #expect(t.header("X-First-Tag") == "a")
        #expect(t.header("X-Absent") == nil)
        #expect(t.header("X-Null") == nil)
        // Only a Lambda custom error's body is read through a JSON string (DG: handle-errors-in-lambda-integration).
        #expect(t.header("X-Not-Decoded") == nil)
    }

    @Test("an integration response body that is not JSON sets no header from a JSONPath")
    func responseBodyNotJSON() async throws {
        let (gateway, root) = try gateway(definition: Self.httpDefinition, services: GatewayServices(http: Backend(body: "redirect.url=nope")))
        defer { root.remove() }
        let t = try await send(gateway)
        #expect(t.response.status == 200)
        #expect(t.header("Location") == nil)
        #expect(t.header("X-Count") == nil)
    }

    @Test("a JSONPath into the method request body sets an integration request header")
    func requestBodyPaths() async throws {
        let (gateway, root) = try gateway(definition: Self.httpDefinition, services: GatewayServices(http: Backend(body: "{}")))
        defer { root.remove() }
        let t = try await send(gateway, body: #"{"order": {"id": "o-17", "lines": [{"sku": "a"}, {"sku": "b"}]}}"#)
        let request = try #require(t.integrationRequest)
        // DG: request-response-data-mappings: method.request.body.JSONPath_EXPRESSION as a source.
        #expect(request.headers.value(for: "X-Order") == "o-17")
        #expect(request.headers.value(for: "X-Lines") == #"[{"sku":"a"},{"sku":"b"}]"#)
    }

    /// A Lambda custom integration raising the DG's custom error, mapped to headers as the DG maps it.
    static let lambdaDefinition = """
        openapi: 3.0.1
        info: {title: Errors, version: "1"}
        paths:
          /items:
            post:
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: POST
                uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:fn/invocations
                responses:
                  default:
                    statusCode: "200"
                  ".*httpStatus.:500.*":
                    statusCode: "500"
                    responseParameters:
                      method.response.header.error_trace_function: integration.response.body.errorMessage.trace.function
                      method.response.header.error_status: integration.response.body.errorMessage.httpStatus
                      method.response.header.error_type: integration.response.body.errorMessage.errorType
                      method.response.header.error_trace: integration.response.body.errorMessage.trace
                  "Malformed.*":
                    statusCode: "400"
                    responseParameters:
                      method.response.header.X-Error-Type: integration.response.body.errorType
                      method.response.header.X-Error-Message: integration.response.body.errorMessage
                      method.response.header.X-Deeper: integration.response.body.errorMessage.errorType

        """

    /// A function that raises the error the test gives it.
    struct Failing: FunctionInvoker {
        let error: String
        func invoke(function: String, payload: [UInt8], timeout: Duration) async -> FunctionInvocation {
            FunctionInvocation(outcome: .functionError(type: "Error", payload: Array(error.utf8)))
        }
    }

    @Test("a Lambda custom error's errorMessage JSON is read by body-to-header mappings, as the developer guide's example shows")
    func lambdaCustomError() async throws {
        // DG: handle-errors-in-lambda-integration: the payload API Gateway receives for the custom error.
        let error = #"{"errorMessage": "{\"errorType\":\"InternalServerError\",\"httpStatus\":500,\"requestId\":\"e5849002-39a0-11e7-a419-5bb5807c9fb2\",\"trace\":{\"function\":\"abc()\",\"line\":123,\"file\":\"abc.js\"}}"}"#
        let (gateway, root) = try gateway(definition: Self.lambdaDefinition, functions: "functions: [{name: fn, runtime: command, command: [true]}]\n",
                                          services: GatewayServices(functions: Failing(error: error)))
        defer { root.remove() }
        let t = try await send(gateway)
        #expect(t.response.status == 500)
        // DG: handle-errors-in-lambda-integration: the headers the client receives.
        #expect(t.header("error_status") == "500")
        #expect(t.header("error_trace") == #"{"function":"abc()","line":123,"file":"abc.js"}"#)
        #expect(t.header("error_trace_function") == "abc()")
        #expect(t.header("error_type") == "InternalServerError")
    }

    @Test("a standard Lambda error maps its errorType and errorMessage; a plain-text errorMessage has no fields")
    func lambdaStandardError() async throws {
        // DG: handle-errors-in-lambda-integration: the standard error of `callback(new Error("Malformed input ..."))`.
        let error = #"{"errorMessage": "Malformed input ...", "errorType": "Error", "stackTrace": ["exports.handler (/var/task/index.js:3:14)"]}"#
        let (gateway, root) = try gateway(definition: Self.lambdaDefinition, functions: "functions: [{name: fn, runtime: command, command: [true]}]\n",
                                          services: GatewayServices(functions: Failing(error: error)))
        defer { root.remove() }
        let t = try await send(gateway)
        #expect(t.response.status == 400)
        #expect(t.header("X-Error-Type") == "Error")
        #expect(t.header("X-Error-Message") == "Malformed input ...")
        #expect(t.header("X-Deeper") == nil)
    }
}
