import PorticoGateway
import Testing

/// Customised gateway responses (DG: supported-gateway-response-types; `$context.error`:
/// DG: api-gateway-mapping-template-reference).
@Suite("Gateway responses")
struct GatewayResponseTests {
    @Test("a customised type answers with its status, header parameters and template")
    func customised() async throws {
        let t = try await GatewayHarness(fixture: "responses").send("GET", "/nothing")
        #expect(t.response.status == 404)
        #expect(t.header("Access-Control-Allow-Origin") == "*")
        // messageString is the message already in double quotes (DG: api-gateway-mapping-template-reference).
        #expect(t.response.body == #"{"error": "Missing Authentication Token", "type": "MISSING_AUTHENTICATION_TOKEN", "stage": "prod"}"#)
        #expect(t.header("x-amzn-ErrorType") == "MissingAuthenticationTokenException")
    }

    @Test("an un-customised 4XX type takes DEFAULT_4XX's status")
    func default4XXStatus() async throws {
        let t = try await GatewayHarness(fixture: "responses").send("POST", "/json-only", headers: [HTTPHeader("Content-Type", "application/xml")], body: "<a/>")
        #expect(t.response.status == 400)
        #expect(t.response.body == #"{"message":"Unsupported Media Type"}"#)
    }

    @Test("an un-customised 5XX type takes DEFAULT_5XX's template and keeps its own status")
    func default5XXTemplate() async throws {
        let t = try await GatewayHarness(fixture: "responses").send("GET", "/nodefault")
        #expect(t.response.status == 500)
        #expect(t.response.body == #"{"oops": "Internal server error"}"#)
        #expect(t.header("Content-Type") == "application/json")
    }
}
