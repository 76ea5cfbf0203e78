import PorticoGateway
import Testing

/// The request API Gateway sends to an HTTP backend, as built before it is sent. With no HTTP
/// transport attached the integration then fails, which leaves the built request in the
/// transcript; the real round trips are tested with PorticoRuntime's client.
@Suite("HTTP integration requests")
struct HTTPIntegrationRequestTests {
    @Test("non-proxy: stage variables and mapped path parameters fill the URI; API Gateway's own headers")
    func nonProxy() async throws {
        let t = try await GatewayHarness(fixture: "http").send("GET", "/pets/42?ignored=1",
                                                               headers: [HTTPHeader("X-Client", "tests"), HTTPHeader("User-Agent", "curl/8")],
                                                               api: "web", stage: "prod")
        let request = try #require(t.integrationRequest)
        #expect(request.uri == "http://127.0.0.1:9101/petstore/pets/42?source=portico")
        #expect(request.method == "GET")
        let names = request.headers.map(\.name)
        #expect(names == ["User-Agent", "Accept", "X-Amzn-Apigateway-Api-Id", "X-Amzn-Trace-Id", "X-Client"])
        #expect(request.headers.value(for: "User-Agent") == "AmazonAPIGateway_\(apiIdentifier(for: "web"))")
        #expect(request.headers.value(for: "Accept") == "application/json")
        #expect(request.headers.value(for: "X-Client") == "tests")
        // No HTTP client is attached in this test, so the integration answers 500.
        #expect(t.response.status == 500)
    }

    @Test("HTTP_PROXY forwards the client's headers and query, drops hop-by-hop headers")
    func proxy() async throws {
        let t = try await GatewayHarness(fixture: "http").send("POST", "/proxy/a/b?x=1&y=2",
                                                               headers: [HTTPHeader("User-Agent", "curl/8"), HTTPHeader("Connection", "keep-alive"),
                                                                         HTTPHeader("Expect", "100-continue"), HTTPHeader("tEsT", "v")],
                                                               body: "hello", api: "web", stage: "prod")
        let request = try #require(t.integrationRequest)
        #expect(request.uri == "http://127.0.0.1:9101/a/b?x=1&y=2")
        #expect(request.method == "POST")
        #expect(request.headers.value(for: "User-Agent") == "curl/8")
        #expect(request.headers.value(for: "tEsT") == "v")
        #expect(request.headers.value(for: "Connection") == nil)
        #expect(request.headers.value(for: "Expect") == nil)
        #expect(request.headers.value(for: "Host") == nil)
        #expect(request.headers.value(for: "X-Forwarded-Proto") == "https")
    }
}
