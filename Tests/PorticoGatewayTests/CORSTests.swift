import PorticoGateway
import Testing

/// CORS on REST APIs: API Gateway answers no preflight by itself; an OPTIONS method (usually
/// MOCK) answers it with the headers its integration response maps, and a method's answer
/// carries `Access-Control-Allow-Origin` only if its integration response maps it
/// (DG: how-to-cors, enable-cors-for-resource-using-swagger-importer-tool). API Gateway's own
/// 4XX/5XX answers carry CORS headers only when a gateway response adds them
/// (DG: how-to-cors-console, supported-gateway-response-types): otherwise a browser reports a
/// CORS error where the API answered 403 or 500.
@Suite("CORS on REST APIs")
struct CORSTests {
    static let origin = HTTPHeader("Origin", "https://shop.example")
    static let allowHeaders = "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token"

    /// The answer's headers but the four whose values vary by request (their names stay in
    /// ``names(_:)``).
    static func fixed(_ t: Transcript) -> [HTTPHeader] {
        t.response.headers.filter { !["Date", "Content-Length", "x-amzn-RequestId", "x-amz-apigw-id"].contains($0.name) }
    }

    static func names(_ t: Transcript) -> [String] { t.response.headers.map(\.name) }

    static func send(_ method: String, _ path: String, api: String, headers: [HTTPHeader] = [origin]) async throws -> Transcript {
        try await GatewayHarness(fixture: "cors").send(method, path, headers: headers, api: api)
    }

    @Test("a preflight is answered by the OPTIONS method's MOCK integration with the headers it maps")
    func preflight() async throws {
        let t = try await Self.send("OPTIONS", "/widgets", api: "widgets",
                                    headers: [Self.origin, HTTPHeader("Access-Control-Request-Method", "POST"),
                                              HTTPHeader("Access-Control-Request-Headers", "content-type")])
        #expect(t.response.status == 200)
        #expect(t.response.body == "")
        #expect(Self.names(t) == ["Date", "Content-Type", "Content-Length", "x-amzn-RequestId",
                                  "Access-Control-Allow-Headers", "Access-Control-Allow-Methods", "Access-Control-Allow-Origin",
                                  "x-amz-apigw-id"])
        #expect(Self.fixed(t) == [HTTPHeader("Content-Type", "application/json"),
                                  HTTPHeader("Access-Control-Allow-Headers", Self.allowHeaders),
                                  HTTPHeader("Access-Control-Allow-Methods", "GET,POST,OPTIONS"),
                                  HTTPHeader("Access-Control-Allow-Origin", "https://shop.example")])
    }

    @Test("a method's 200 carries Access-Control-Allow-Origin because its integration response maps it; an unmapped 201 carries none")
    func mappedOnly() async throws {
        let get = try await Self.send("GET", "/widgets", api: "widgets")
        #expect(get.response.status == 200)
        #expect(get.response.body == #"[{"id": 1, "name": "sprocket"}]"#)
        #expect(Self.fixed(get) == [HTTPHeader("Content-Type", "application/json"),
                                    HTTPHeader("Access-Control-Allow-Origin", "https://shop.example")])
        let post = try await Self.send("POST", "/widgets", api: "widgets",
                                       headers: [Self.origin, HTTPHeader("Content-Type", "application/json")])
        #expect(post.response.status == 201)
        #expect(Self.fixed(post) == [HTTPHeader("Content-Type", "application/json")])
    }

    @Test("without gateway responses, API Gateway's 403 and 500 carry no CORS header: a browser sees a CORS error",
          arguments: [("GET", "/widget"), ("DELETE", "/widgets"), ("OPTIONS", "/widget")])
    func unconfigured403(method: String, path: String) async throws {
        let t = try await Self.send(method, path, api: "widgets")
        #expect(t.response.status == 403)
        #expect(t.response.body == #"{"message":"Missing Authentication Token"}"#)
        #expect(Self.names(t) == ["Date", "Content-Type", "Content-Length", "x-amzn-RequestId", "x-amzn-ErrorType", "x-amz-apigw-id"])
        #expect(Self.fixed(t) == [HTTPHeader("Content-Type", "application/json"),
                                  HTTPHeader("x-amzn-ErrorType", "MissingAuthenticationTokenException")])
    }

    @Test("DEFAULT_4XX's headers reach every un-customised 4XX: the 403 now carries Access-Control-Allow-Origin",
          arguments: [("GET", "/widget"), ("DELETE", "/widgets"), ("OPTIONS", "/widget")])
    func configured403(method: String, path: String) async throws {
        let t = try await Self.send(method, path, api: "widgets-v2")
        #expect(t.response.status == 403)
        #expect(t.response.body == #"{"message":"Missing Authentication Token"}"#)
        #expect(Self.fixed(t) == [HTTPHeader("Content-Type", "application/json"),
                                  HTTPHeader("x-amzn-ErrorType", "MissingAuthenticationTokenException"),
                                  HTTPHeader("Access-Control-Allow-Headers", Self.allowHeaders),
                                  HTTPHeader("Access-Control-Allow-Origin", "https://shop.example")])
    }

    @Test("a 500 from a configuration error carries DEFAULT_5XX's header on widgets-v2 and none on widgets")
    func configured500() async throws {
        let bare = try await Self.send("GET", "/broken", api: "widgets")
        #expect(bare.response.status == 500)
        #expect(!Self.names(bare).contains { $0.hasPrefix("Access-Control-") })
        let cors = try await Self.send("GET", "/broken", api: "widgets-v2")
        #expect(cors.response.status == 500)
        #expect(cors.response.body == bare.response.body)
        #expect(cors.header("Access-Control-Allow-Origin") == "https://shop.example")
        #expect(cors.header("Access-Control-Allow-Headers") == nil)
    }

    @Test("THROTTLED falls back to DEFAULT_4XX and carries its CORS headers; UNAUTHORIZED does not fall back, so its 401 carries none")
    func throttledAndUnauthorized() async throws {
        let harness = try GatewayHarness(fixture: "cors")
        _ = try await harness.send("GET", "/widgets", headers: [Self.origin], api: "widgets-v2", stage: "tight")
        let throttled = try await harness.send("GET", "/widgets", headers: [Self.origin], api: "widgets-v2", stage: "tight")
        #expect(throttled.response.status == 429)
        #expect(throttled.response.body == #"{"message":"Too Many Requests"}"#)
        #expect(Self.fixed(throttled) == [HTTPHeader("Content-Type", "application/json"),
                                          HTTPHeader("x-amzn-ErrorType", "TooManyRequestsException"),
                                          HTTPHeader("Access-Control-Allow-Headers", Self.allowHeaders),
                                          HTTPHeader("Access-Control-Allow-Origin", "https://shop.example")])
        // "Every type except UNAUTHORIZED" falls back (DG: supported-gateway-response-types: the
        // UNAUTHORIZED row alone names no DEFAULT_4XX fallback): customise it by name for CORS.
        let unauthorized = try await Self.send("GET", "/account", api: "widgets-v2")
        #expect(unauthorized.response.status == 401)
        #expect(unauthorized.response.body == #"{"message":"Unauthorized"}"#)
        #expect(Self.fixed(unauthorized) == [HTTPHeader("Content-Type", "application/json"),
                                             HTTPHeader("x-amzn-ErrorType", "UnauthorizedException")])
    }
}
