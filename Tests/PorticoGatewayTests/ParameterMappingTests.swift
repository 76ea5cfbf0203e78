import Diagnostics
import PorticoGateway
import PorticoModel
import Testing
import TestSupport

/// Parameter mappings as the gateway applies them: parsed when the project loads, each source
/// looked up per request (DG: request-response-data-mappings; gateway responses:
/// DG: api-gateway-swagger-extensions-gateway-responses.responseParameters).
@Suite("Parameter mappings")
struct ParameterMappingTests {
    static let definition = """
        openapi: 3.0.1
        info: {title: Mapped, version: "1"}
        paths:
          /items/{id}:
            get:
              parameters: [{name: id, in: path, required: true}, {name: tag, in: query}, {name: X-Tag, in: header}]
              x-amazon-apigateway-integration:
                type: http
                httpMethod: GET
                uri: http://backend.example/items/{id}
                requestParameters:
                  integration.request.path.id: method.request.path.id
                  integration.request.querystring.tags: method.request.multivaluequerystring.tag
                  integration.request.header.X-Tags: method.request.multivalueheader.X-Tag
                  integration.request.header.X-Stage: context.stage
                  integration.request.header.X-Color: stageVariables.color
                  integration.request.header.X-Fixed: "'fixed'"
                responses:
                  default:
                    statusCode: "200"
                    responseParameters:
                      method.response.header.X-Echo: integration.response.header.X-Echo
                      method.response.header.X-Cookies: integration.response.multivalueheader.Set-Cookie
                      method.response.header.X-Body: integration.response.body
                      method.response.header.X-Request: context.requestId
                      method.response.header.X-Color: stageVariables.color
                      method.response.header.X-Missing: integration.response.header.X-Nothing
        x-amazon-apigateway-gateway-responses:
          DEFAULT_4XX:
            responseParameters:
              gatewayresponse.header.X-Stage: context.stage
              gatewayresponse.header.X-Tag: method.request.header.X-Tag
              gatewayresponse.header.X-Fixed: "'fixed'"

        """

    /// Answers every request with two cookies, an `X-Echo` header and a text body.
    struct Backend: HTTPTransport {
        func send(_ request: OutboundHTTPRequest, timeout: Duration) async -> OutboundHTTPResult {
            .response(status: 200, headers: [HTTPHeader("Content-Type", "text/plain"), HTTPHeader("X-Echo", "echoed"),
                                             HTTPHeader("Set-Cookie", "a=1"), HTTPHeader("Set-Cookie", "b=2")],
                      body: Array("backend body".utf8))
        }
    }

    func send(_ path: String, headers: [HTTPHeader]) async throws -> Transcript {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write([
            "Content/portico.yml": "apis: [{name: api, definition: apis/api.yaml, stages: [{stageName: prod, variables: {color: red}}]}]\n",
            "Content/apis/api.yaml": Self.definition,
        ])
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(diagnostics.sorted.isEmpty, "\(diagnostics.sorted)")
        let gateway = Gateway(project: project, clock: FixedClock.siteBuild, services: GatewayServices(http: Backend()))
        var ids = IdentifierGenerator(seed: 5)
        return try await gateway.invoke(GatewayRequest(method: "GET", path: path, headers: headers), api: "api", stage: "prod", ids: &ids)
    }

    @Test("the integration request gets path, multi-value, context, stage variable and literal sources, in target order")
    func integrationRequest() async throws {
        let t = try await send("/items/42?tag=a&tag=b", headers: [HTTPHeader("X-Tag", "one"), HTTPHeader("X-Tag", "two")])
        let request = try #require(t.integrationRequest)
        // Multi-value sources join their values with commas; the query string is form-encoded.
        #expect(request.uri == "http://backend.example/items/42?tags=a%2Cb")
        #expect(request.headers.suffix(4) == [HTTPHeader("X-Color", "red"), HTTPHeader("X-Fixed", "fixed"),
                                              HTTPHeader("X-Stage", "prod"), HTTPHeader("X-Tags", "one,two")])
    }

    @Test("the method response gets the integration's headers and body, context and stage variables; an absent header sets nothing")
    func integrationResponse() async throws {
        let t = try await send("/items/42", headers: [])
        #expect(t.response.status == 200)
        #expect(t.header("X-Echo") == "echoed")
        #expect(t.header("X-Cookies") == "a=1,b=2")
        #expect(t.header("X-Body") == "backend body")
        #expect(t.header("X-Request") == t.header("x-amzn-RequestId"))
        #expect(t.header("X-Request") != nil)
        #expect(t.header("X-Color") == "red")
        #expect(t.header("X-Missing") == nil)
    }

    @Test("a gateway response reads the method request, context variables and literals")
    func gatewayResponse() async throws {
        let t = try await send("/nowhere", headers: [HTTPHeader("X-Tag", "seen")])
        #expect(t.response.status == 403)
        #expect(t.header("X-Stage") == "prod")
        #expect(t.header("X-Tag") == "seen")
        #expect(t.header("X-Fixed") == "fixed")
    }
}
