import PorticoGateway
import Testing

@Suite("REST pipeline with MOCK integrations")
struct MockPipelineTests {
    @Test("a MOCK integration answers with its status and the response template's body")
    func mockAnswers() async throws {
        let t = try await GatewayHarness().send("GET", "/items/42", headers: [HTTPHeader("Accept", "application/json")])
        #expect(t.response.status == 200)
        #expect(t.response.body == #"{"id": "42", "color": "blue", "stage": "prod"}"#)
        #expect(t.header("Content-Type") == "application/json")
        #expect(t.header("Content-Length") == "46")
        #expect(t.integrationRequest?.body == #"{"statusCode": 200}"#)
        #expect(t.trace.map(\.stage) == Pipeline.restAPI.traceOrder)
    }

    @Test("every REST response carries x-amzn-RequestId and x-amz-apigw-id, and MOCK adds no X-Amzn-Trace-Id")
    func observabilityHeaders() async throws {
        let t = try await GatewayHarness().send("GET", "/items")
        #expect(t.response.headers.map(\.name) == ["Date", "Content-Type", "Content-Length", "x-amzn-RequestId", "x-amz-apigw-id"])
        #expect(t.header("Date") == "Thu, 01 Jan 2026 12:00:00 GMT")
        let requestId = try #require(t.header("x-amzn-RequestId"))
        #expect(requestId.count == 36)
        #expect(Array(requestId)[14] == "4")   // a version-4 UUID
        #expect(t.header("x-amz-apigw-id")?.count == 16)
        #expect(t.header("X-Amzn-Trace-Id") == nil)
    }

    @Test("the response template is chosen by the Accept header")
    func acceptSelectsTemplate() async throws {
        let t = try await GatewayHarness().send("GET", "/items/7", headers: [HTTPHeader("Accept", "application/xml")])
        #expect(t.response.body == #"<item id="7"/>"#)
        #expect(t.header("Content-Type") == "application/xml")
    }

    @Test("an unknown resource answers 403 Missing Authentication Token, not 404")
    func unknownResource() async throws {
        let t = try await GatewayHarness().send("GET", "/nothing/here")
        // Recorded AWS response: LocalStack tests/aws/services/apigateway/test_apigateway_common.snapshot.json ›
        // test_routing_not_found › not-found
        #expect(t.response.status == 403)
        #expect(t.response.body == #"{"message":"Missing Authentication Token"}"#)
        #expect(t.header("x-amzn-ErrorType") == "MissingAuthenticationTokenException")
        #expect(t.outcome(of: .routing)?.outcome == .fail)
        #expect(t.outcome(of: .integration)?.outcome == .bypassed)
        #expect(t.outcome(of: .gatewayResponse)?.outcome == .answer)
    }

    @Test("a known resource with an unsupported method also answers 403, not 405")
    func wrongMethod() async throws {
        let t = try await GatewayHarness().send("DELETE", "/items")
        // Recorded AWS response: LocalStack tests/aws/services/apigateway/test_apigateway_common.snapshot.json ›
        // test_routing_not_found › wrong-method
        #expect(t.response.status == 403)
        #expect(t.response.body == #"{"message":"Missing Authentication Token"}"#)
    }

    @Test("GET does not implicitly serve HEAD on REST APIs")
    func headIsNotGet() async throws {
        #expect(try await GatewayHarness().send("HEAD", "/items").response.status == 403)
    }

    @Test("ANY on a greedy resource serves every method, and static segments win over {id}")
    func anyAndPrecedence() async throws {
        let harness = try GatewayHarness()
        let files = try await harness.send("PATCH", "/files/a/b.txt")
        #expect(files.response.body == #"{"proxy": "a/b.txt"}"#)
        let special = try await harness.send("GET", "/items/special")
        #expect(special.response.body == #"{"special": true}"#)
    }

    @Test("MOCK accepts the unquoted {statusCode: 201} form and selects by status")
    func unquotedStatus() async throws {
        let t = try await GatewayHarness().send("GET", "/unquoted")
        #expect(t.response.status == 201)
        #expect(t.response.body == #"{"created": true}"#)
    }

    @Test("selection patterns are matched against the whole status code", arguments: [
        ("404", 400, #"{"selected": "4xx"}"#),
        ("503", 502, ""),
        ("200", 200, ""),
    ])
    func selectionPatterns(code: String, status: Int, body: String) async throws {
        let t = try await GatewayHarness().send("GET", "/status/\(code)")
        #expect(t.response.status == status)
        #expect(t.response.body == body)
    }

    @Test("no matching integration response and no default is a 500 configuration error")
    func noDefault() async throws {
        let t = try await GatewayHarness().send("GET", "/nodefault")
        #expect(t.response.status == 500)
        // Internal server error, lower-case (recorded AWS response: LocalStack
        // tests/aws/services/apigateway/test_apigateway_integrations.snapshot.json, test_apigateway_header_remapping_aws)
        #expect(t.response.body == #"{"message":"Internal server error"}"#)
        #expect(t.header("x-amzn-ErrorType") == "InternalServerErrorException")
    }

    @Test("a MOCK request template without an integer statusCode is a 500 (LocalStack mock.py, mirrors AWS)")
    func missingStatusCode() async throws {
        let t = try await GatewayHarness().send("GET", "/nostatus")
        #expect(t.response.status == 500)
        #expect(t.response.body == #"{"message":"Internal server error"}"#)
        #expect(t.logs == ["Execution failed due to configuration error: Unable to parse statusCode. It should be an integer that is defined in the request template."])
    }

    @Test("a responseOverride.status set in a MOCK request template becomes the final status")
    func responseOverride() async throws {
        let t = try await GatewayHarness().send("GET", "/override")
        // Recorded AWS response: LocalStack tests/aws/services/apigateway/test_apigateway_integrations.snapshot.json ›
        // test_integration_mock_with_response_override_in_request_template
        #expect(t.response.status == 444)
        #expect(t.response.body == #"{"overridden": true}"#)
    }
}

@Suite("Passthrough behaviour (DG: integration-passthrough-behaviors)")
struct PassthroughTests {
    // A template for application/json only (DG: integration-passthrough-behaviors, the first table).
    @Test("no Content-Type is treated as application/json and the template applies")
    func noContentType() async throws {
        let t = try await GatewayHarness().send("POST", "/json-only-never", body: "{}")
        #expect(t.response.status == 200)
        #expect(t.integrationRequest?.template == "application/json")
    }

    @Test("application/xml passes through under WHEN_NO_MATCH")
    func whenNoMatchPasses() async throws {
        let t = try await GatewayHarness().send("POST", "/json-only/x", headers: [HTTPHeader("Content-Type", "application/xml")], body: "<a/>")
        #expect(t.integrationRequest?.body == "<a/>")
        #expect(t.integrationRequest?.template == nil)
    }

    @Test("application/xml answers 415 under NEVER and WHEN_NO_TEMPLATES", arguments: ["/json-only-never", "/json-only-templates"])
    func unsupportedMediaType(path: String) async throws {
        let t = try await GatewayHarness().send("POST", path, headers: [HTTPHeader("Content-Type", "application/xml")], body: "<a/>")
        #expect(t.response.status == 415)
        // Body and error type (LocalStack code, next_gen/execute_api/handlers/integration_request.py
        // and gateway_response.py).
        #expect(t.response.body == #"{"message":"Unsupported Media Type"}"#)
        #expect(t.header("x-amzn-ErrorType") == "BadRequestException")
    }

    @Test("with no templates at all, NEVER answers 415")
    func noTemplatesNever() async throws {
        let t = try await GatewayHarness().send("POST", "/no-template-never", body: "{}")
        #expect(t.response.status == 415)
    }

    @Test("the Content-Type's parameters do not affect template selection")
    func contentTypeParameters() async throws {
        let t = try await GatewayHarness().send("POST", "/json-only-never", headers: [HTTPHeader("Content-Type", "Application/JSON; charset=utf-8")], body: "{}")
        #expect(t.response.status == 200)
    }
}

@Suite("Gateway entry")
struct GatewayEntryTests {
    @Test("an unknown API or stage is an invocation error naming what exists")
    func unknownTargets() async throws {
        let harness = try GatewayHarness()
        await #expect(throws: Gateway.InvocationError.unknownAPI("nope", known: ["shop"])) {
            _ = try await harness.send("GET", "/items", api: "nope")
        }
        await #expect(throws: Gateway.InvocationError.unknownStage("dev", api: "shop", known: ["prod"])) {
            _ = try await harness.send("GET", "/items", stage: "dev")
        }
    }

    @Test("the same seed gives the same transcript, byte for byte")
    func deterministic() async throws {
        // Two gateways: on one, the second request would find the first's state (its token taken).
        let a = try await GatewayHarness().send("GET", "/items/1")
        let b = try await GatewayHarness().send("GET", "/items/1")
        #expect(a == b)
        #expect(a.jsonData() == b.jsonData())
    }

    @Test("a 10 MB + 1 byte body answers 413 before routing")
    func payloadLimit() async throws {
        let t = try await GatewayHarness().send("POST", "/items", body: String(repeating: "a", count: 10 * 1024 * 1024 + 1))
        #expect(t.response.status == 413)
        #expect(t.outcome(of: .routing)?.outcome == .bypassed)
    }

    @Test("API ids are ten lower-case letters and digits, stable per name")
    func apiIds() {
        let id = apiIdentifier(for: "orders")
        #expect(id.count == 10)
        #expect(id.allSatisfy { $0.isLowercase || $0.isNumber })
        #expect(apiIdentifier(for: "orders") == id)
        #expect(apiIdentifier(for: "other") != id)
    }
}
