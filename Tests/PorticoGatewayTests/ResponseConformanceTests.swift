import PorticoGateway
import Testing

/// An executed answer against the method responses that document it (the docs' own check: API
/// Gateway never validates a response against its model, DG: api-gateway-method-settings-method-response).
/// Messages are the JSON Schema draft 4 validator's (the request validator's words), with the
/// JSON pointer of the part that drifted.
@Suite("Response conformance")
struct ResponseConformanceTests {
    static let harness = Result { try GatewayHarness(fixture: "drift") }

    func problems(_ path: String) async throws -> [String] {
        let harness = try Self.harness.get()
        let transcript = try await harness.send("GET", path, api: "pets")
        let api = try #require(harness.gateway.project.api(named: "pets"))
        return ResponseConformance.problems(of: transcript, in: api)
    }

    @Test("an answer its model describes has no problem")
    func conforming() async throws {
        #expect(try await problems("/pets/7?code=200") == [])
    }

    @Test("a property the model does not allow, at the document's root")
    func extraProperty() async throws {
        #expect(try await problems("/pets/7?code=201") == [
            #"the 201 body of GET /pets/{id} does not match model Pet at "": object instance has properties which are not allowed by the schema: ["colour"]"#,
        ])
    }

    @Test("an inline schema's array item of the wrong type, with its pointer")
    func nested() async throws {
        #expect(try await problems("/pets/7?code=202") == [
            #"the 202 body of GET /pets/{id} does not match its inline schema at "/1/id": instance type (string) does not match any allowed primitive type (allowed: ["integer"])"#,
        ])
    }

    @Test("a status no method response declares")
    func undeclaredStatus() async throws {
        #expect(try await problems("/pets/7?code=404") == ["answered 404, which no method response of GET /pets/{id} declares (200, 201, 202)"])
    }

    @Test("the gateway's own answers are not the method's responses: nothing to check")
    func gatewayErrors() async throws {
        // No method: 403 Missing Authentication Token, a gateway response.
        #expect(try await problems("/cats/1") == [])
    }
}
