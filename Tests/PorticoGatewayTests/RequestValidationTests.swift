import PorticoGateway
import Testing

/// Method request validation through the whole pipeline, on the API of LocalStack's
/// AWS-recorded test (tests/aws/services/apigateway/test_apigateway_common.py ›
/// test_api_gateway_request_validator, snapshot test_apigateway_common.snapshot.json) and
/// models for the JSON Schema keywords (DG: api-gateway-method-request-validation).
@Suite("Request validation")
struct RequestValidationTests {
    static let harness = Result { try GatewayHarness(fixture: "validation") }

    func send(_ method: String, _ path: String, headers: [HTTPHeader] = [], body: String = "", api: String = "shop") async throws -> Transcript {
        try await Self.harness.get().send(method, path, headers: headers, body: body, api: api)
    }

    static let json = HTTPHeader("Content-Type", "application/json")
    static let headerParam = HTTPHeader("x-header-param", "test")

    /// The 400 AWS answers, default gateway response: compact JSON, BadRequestException.
    func expectBadRequest(_ t: Transcript, _ body: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(t.response.status == 400, sourceLocation: sourceLocation)
        #expect(t.response.body == body, sourceLocation: sourceLocation)
        #expect(t.header("x-amzn-ErrorType") == "BadRequestException", sourceLocation: sourceLocation)
        #expect(t.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        #expect(t.outcome(of: .validation)?.outcome == .fail, sourceLocation: sourceLocation)
        #expect(t.outcome(of: .integration)?.outcome == .bypassed, sourceLocation: sourceLocation)
    }

    @Test("every required parameter and a valid body pass on to the integration")
    func valid() async throws {
        // test_api_gateway_request_validator: x-header-param, qs1 and {"a": 1, "b": 2} → 200.
        let get = try await send("GET", "/nested/value?qs1=test", headers: [Self.json, Self.headerParam], body: #"{"a": 1, "b": 2.5}"#)
        #expect(get.response.status == 200)
        #expect(get.response.body == #"{"ok": true}"#)
        #expect(get.outcome(of: .validation) == TraceEntry(
            stage: .validation, outcome: .proceed,
            detail: "validator 'all': required parameters present: header x-header-param, path test, querystring qs1; application/json body matches model testSchema"))
    }

    @Test("missing parameters are listed headers, path, query string, and win over an invalid body")
    func missingAll() async throws {
        // snapshot › missing-all-required-request-params-post
        let t = try await send("POST", "/nested/value", headers: [Self.json], body: #"{"test": "test"}"#)
        expectBadRequest(t, #"{"message":"Missing required request parameters: [x-header-param, issuer, qs1]"}"#)
        #expect(t.outcome(of: .validation)?.detail
            == "validator 'all': required parameters missing or blank: header x-header-param, path issuer, querystring qs1")
        #expect(t.outcome(of: .gatewayResponse)?.detail == "BAD_REQUEST_PARAMETERS → 400 Missing required request parameters: [x-header-param, issuer, qs1]")

        // snapshot › change-request-path-names: `issuer` is required but no part of the path, so
        // it is missing whatever the request sends (a query parameter of that name does not count).
        let withOthers = try await send("POST", "/nested/value?qs1=test&issuer=x", headers: [Self.json, Self.headerParam], body: #"{"a": 1, "b": 2}"#)
        expectBadRequest(withOthers, #"{"message":"Missing required request parameters: [issuer]"}"#)
    }

    @Test("one missing header or query string parameter is named alone")
    func missingOne() async throws {
        // snapshot › missing-required-headers-request-params-get
        let noHeader = try await send("GET", "/nested/value?qs1=test")
        expectBadRequest(noHeader, #"{"message":"Missing required request parameters: [x-header-param]"}"#)
        // snapshot › missing-required-qs-request-params-get
        let noQuery = try await send("GET", "/nested/value", headers: [Self.headerParam])
        expectBadRequest(noQuery, #"{"message":"Missing required request parameters: [qs1]"}"#)
    }

    @Test("blank values count as missing: empty query value, whitespace header")
    func blankValues() async throws {
        // DG: api-gateway-method-request-validation — parameters must be "included and not blank".
        let t = try await send("GET", "/nested/value?qs1=", headers: [HTTPHeader("x-header-param", "  ")], body: #"{"a": 1, "b": 2}"#)
        expectBadRequest(t, #"{"message":"Missing required request parameters: [x-header-param, qs1]"}"#)
        // The last value of a repeated key is the one that counts, as in the Lambda event's
        // queryStringParameters (recorded AWS response: LocalStack
        // tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
        // test_lambda_aws_proxy_integration › invocation-payload-with-params-encoding-multi).
        let repeated = try await send("GET", "/nested/value?qs1=&qs1=ok", headers: [HTTPHeader("X-Header-Param", "v")], body: #"{"a": 1, "b": 2}"#)
        #expect(repeated.response.status == 200)
    }

    @Test("a body that does not match its model answers 400 Invalid request body")
    func invalidBody() async throws {
        // snapshot › invalid-request-body: {"test": "test"} against testSchema (a and b required).
        let t = try await send("GET", "/nested/value?qs1=test", headers: [Self.json, Self.headerParam], body: #"{"test": "test"}"#)
        expectBadRequest(t, #"{"message":"Invalid request body"}"#)
        #expect(t.outcome(of: .validation)?.detail
            == #"validator 'all': the application/json body does not match model testSchema: [object has missing required properties (["a","b"])]"#)
        #expect(t.outcome(of: .gatewayResponse)?.detail == "BAD_REQUEST_BODY → 400 Invalid request body")
    }

    @Test("no body and no Content-Type: validated as application/json {} and refused")
    func emptyBody() async throws {
        // test_api_gateway_request_validator: "GET request with no body" and "…with an empty body,
        // content type JSON" both answer 400 Invalid request body.
        expectBadRequest(try await send("GET", "/nested/value?qs1=test", headers: [Self.headerParam]), #"{"message":"Invalid request body"}"#)
        expectBadRequest(try await send("GET", "/nested/value?qs1=test", headers: [Self.json, Self.headerParam]), #"{"message":"Invalid request body"}"#)
    }

    @Test("a body that is not JSON is an invalid body")
    func notJSON() async throws {
        let t = try await send("POST", "/pets", headers: [Self.json], body: "name=Rex")
        expectBadRequest(t, #"{"message":"Invalid request body"}"#)
        #expect(t.outcome(of: .validation)?.detail.hasPrefix("validator 'body-only': the application/json body is not JSON (") == true)
    }

    @Test("the API's default validator applies to methods that name none; parameters only")
    func defaultValidator() async throws {
        let t = try await send("GET", "/items", body: "not even JSON")
        expectBadRequest(t, #"{"message":"Missing required request parameters: [Accept-Version, limit]"}"#)
        let ok = try await send("GET", "/items?limit=5", headers: [HTTPHeader("accept-version", "2")], body: "not even JSON")
        #expect(ok.response.status == 200)
        #expect(ok.outcome(of: .validation)?.detail == "validator 'params-only': required parameters present: header Accept-Version, querystring limit")
    }

    @Test("a method's own validator overrides the default, even one that validates nothing")
    func overrides() async throws {
        let none = try await send("DELETE", "/items")
        #expect(none.response.status == 204)
        #expect(none.outcome(of: .validation) == TraceEntry(stage: .validation, outcome: .skip,
                                                              detail: "request validator 'none' validates neither parameters nor body"))
        // body-only ignores the required query parameter `limit`.
        let pet = try await send("POST", "/pets", headers: [Self.json], body: #"{"name": "Rex", "kind": "dog", "tags": ["good", "old"]}"#)
        #expect(pet.response.status == 201)
        #expect(pet.outcome(of: .validation)?.detail == "validator 'body-only': application/json body matches model Pet")
    }

    @Test("models with $ref, enum, additionalProperties and nested problems")
    func modelKeywords() async throws {
        let t = try await send("POST", "/pets", headers: [Self.json],
                               body: #"{"name": "Rexandrovitch", "kind": "cow", "age": -1, "tags": ["Good"], "owner": "me"}"#)
        expectBadRequest(t, #"{"message":"Invalid request body"}"#)
        #expect(t.outcome(of: .validation)?.detail == """
            validator 'body-only': the application/json body does not match model Pet: \
            [object instance has properties which are not allowed by the schema: ["owner"]]
            """)
        let nested = try await send("POST", "/pets", headers: [Self.json], body: #"{"name": "Rexandrovitch", "kind": "cow", "age": -1, "tags": ["Good"]}"#)
        #expect(nested.outcome(of: .validation)?.detail == """
            validator 'body-only': the application/json body does not match model Pet: \
            [numeric instance is lower than the required minimum (minimum: 0, found: -1), \
            instance value ("cow") not found in enum (possible values: ["cat","dog"]), \
            string "Rexandrovitch" is too long (length: 13, maximum allowed: 10)]
            """)
        // Nothing below a member is checked once a problem was found (the tags above were not);
        // alone, the bad tag is reported through the Tag model.
        let tag = try await send("POST", "/pets", headers: [Self.json], body: #"{"name": "Rex", "kind": "dog", "tags": ["good", "Bad"]}"#)
        #expect(tag.outcome(of: .validation)?.detail == """
            validator 'body-only': the application/json body does not match model Pet: \
            [ECMA 262 regex "^[a-z]+$" does not match input string "Bad"]
            """)
    }

    @Test("a Content-Type without a model is not validated; a $default model covers every type")
    func contentTypes() async throws {
        // DG: api-gateway-method-request-validation — "If no matching content type is found,
        // request validation is not performed"; "$default" applies regardless of content type.
        let plain = try await send("POST", "/pets", headers: [HTTPHeader("Content-Type", "text/plain")], body: "hello")
        #expect(plain.response.status == 201)
        #expect(plain.outcome(of: .validation)?.detail == "validator 'body-only': no model for text/plain, body not validated")

        let long = try await send("PUT", "/notes", headers: [HTTPHeader("Content-Type", "text/plain; charset=utf-8")], body: #"{"text": "too long"}"#)
        expectBadRequest(long, #"{"message":"Invalid request body"}"#)
        #expect(long.outcome(of: .validation)?.detail
            == #"validator 'body-only': the text/plain body does not match the inline schema: [string "too long" is too long (length: 8, maximum allowed: 5)]"#)
        let short = try await send("PUT", "/notes", headers: [Self.json], body: #"{"text": "ok"}"#)
        #expect(short.response.status == 200)
    }

    @Test("a customised BAD_REQUEST_BODY shows $context.error.validationErrorString, JSON-escaped")
    func customisedBody() async throws {
        let t = try await send("POST", "/orders?customer=c1", headers: [Self.json], body: #"{"item": "abc", "quantity": 11}"#, api: "custom")
        #expect(t.response.status == 422)
        #expect(t.header("x-validation") == "failed")
        #expect(t.header("x-amzn-ErrorType") == "BadRequestException")
        // validationErrorString is the message list as a Java list, escaped for a JSON string
        // but not quoted (as in the AWS output `"error":[instance value (\"WOW\") …]`).
        #expect(t.response.body == #"""
            {"message": "Invalid request body", "errors": "[ECMA 262 regex \"^[A-Z]{3}-\\d+$\" does not match input string \"abc\", numeric instance is greater than the required maximum (maximum: 10, found: 11)]", "type": "BAD_REQUEST_BODY"}
            """#)

        // A body that is not JSON: AWS reports "[Unknown error parsing request body]".
        let garbage = try await send("POST", "/orders?customer=c1", headers: [Self.json], body: "{", api: "custom")
        #expect(garbage.response.body
            == #"{"message": "Invalid request body", "errors": "[Unknown error parsing request body]", "type": "BAD_REQUEST_BODY"}"#)
    }

    @Test("a customised BAD_REQUEST_PARAMETERS keeps its status and sees the message in validationErrorString")
    func customisedParameters() async throws {
        let t = try await send("POST", "/orders", headers: [Self.json], body: "{", api: "custom")
        #expect(t.response.status == 400)
        #expect(t.response.body == #"{"problem": "Missing required request parameters: [customer]"}"#)
        #expect(t.header("x-amzn-ErrorType") == "BadRequestException")
        // The trace names the response and the message as text (it once read `Optional("…")`).
        #expect(t.trace.first { $0.stage == .gatewayResponse }?.detail
            == "customised BAD_REQUEST_PARAMETERS → 400 Missing required request parameters: [customer]")
    }
}
