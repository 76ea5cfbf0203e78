import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import Testing

/// The two functions of the httpapi fixture, in process: `echo` answers with the event it
/// was given as a JSON string (so the 2.0 response inference makes it the body), `cors`
/// answers with its own CORS header. (Real Python processes run the same shapes in
/// PorticoRuntimeTests' HTTPAPITests.)
struct FixtureFunctions: FunctionInvoker {
    func invoke(function: String, payload: [UInt8], timeout: Duration) async -> FunctionInvocation {
        if function == "sleepy" { return FunctionInvocation(outcome: .timeout) }
        if function == "bouncer" {
            // Lets everyone in but callers sending `x-deny`; raises "Unauthorized" for `x-unauthorized`.
            let event = String(decoding: payload, as: UTF8.self)
            if event.contains(#""x-unauthorized""#) {
                return FunctionInvocation(outcome: .functionError(type: "Exception", payload: Array(#"{"errorMessage":"Unauthorized","errorType":"Exception"}"#.utf8)))
            }
            let answer = event.contains(#""x-deny""#) ? #"{"isAuthorized": false}"# : #"{"isAuthorized": true, "context": {"door": "front"}}"#
            return FunctionInvocation(outcome: .success(Array(answer.utf8)))
        }
        if function == "cors" {
            let answer = #"{"statusCode": 200, "headers": {"access-control-allow-origin": "*", "x-request-total": "3"}, "body": "ok"}"#
            return FunctionInvocation(outcome: .success(Array(answer.utf8)))
        }
        return FunctionInvocation(outcome: .success(Array(jsonQuoted(String(decoding: payload, as: UTF8.self)).utf8)))
    }
}

/// The backend of the fixture's HTTP_PROXY routes: answers 200 with headers of its own, one
/// of them internal.
struct FixtureBackend: HTTPTransport {
    func send(_ request: OutboundHTTPRequest, timeout: Duration) async -> OutboundHTTPResult {
        .response(status: 200, headers: [HTTPHeader("Content-Type", "text/plain"), HTTPHeader("server-id", "b-7"),
                                         HTTPHeader("x-internal", "secret"), HTTPHeader("Connection", "keep-alive")],
                  body: Array("ok".utf8))
    }
}

/// The httpapi fixture: an HTTP API with JWT authorizers (one trusting a user pool of the
/// project, one an issuer Portico has no keys for) and a CORS configuration.
struct HTTPAPIHarness {
    let gateway: Gateway
    static let shared = HTTPAPIHarness()

    init() {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/httpapi").path
        var diagnostics = DiagnosticEngine()
        let project = ProjectLoader(root: root).load(diagnostics: &diagnostics)!
        gateway = Gateway(project: project, clock: FixedClock.siteBuild,
                          services: GatewayServices(functions: FixtureFunctions(), http: FixtureBackend(), userPoolKeys: sharedUserPoolKeys))
    }

    func token(_ use: TokenUse = .id, client: String? = nil, scopes: [String]? = nil, age: Double = 0) throws -> String {
        let pool = gateway.environment.userPools.pool(id: "us-east-1_Shoppers")!
        var ids = IdentifierGenerator(seed: 11)
        let at = buildInstant.addingTimeInterval(-age)
        return try pool.issue(use, for: try #require(pool.user(named: "alice")), clientId: client, scopes: scopes, session: SignInSession(at: at, ids: &ids), at: at, ids: &ids)
    }

    func send(_ path: String, headers: [HTTPHeader] = [], api: String = "pets") async throws -> Transcript {
        try await send("GET", path, headers: headers, api: api)
    }

    func send(_ method: String, _ path: String, headers: [HTTPHeader] = [], api: String = "pets") async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 7)
        return try await gateway.invoke(GatewayRequest(method: method, path: path, headers: headers), api: api, stage: "$default", ids: &ids)
    }
}

/// JWT authorizers on HTTP API routes (DG: http-api-jwt-authorizer; the refusal's header:
/// DG: http-api-troubleshooting-jwt).
@Suite("HTTP API JWT authorizers")
struct HTTPAPIJWTTests {
    let harness = HTTPAPIHarness.shared

    private func expectRefusal(_ t: Transcript, status: Int = 401, challenge: String?, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let message = status == 401 ? "Unauthorized" : "Forbidden"
        #expect(t.response.status == status, sourceLocation: sourceLocation)
        #expect(t.response.body == #"{"message":"\#(message)"}"#, sourceLocation: sourceLocation)
        var headers = [HTTPHeader("Date", "Thu, 01 Jan 2026 12:00:00 GMT"), HTTPHeader("Content-Type", "application/json"),
                       HTTPHeader("Content-Length", String(t.response.body.utf8.count))]
        if let challenge { headers.append(HTTPHeader("www-authenticate", challenge)) }
        headers.append(HTTPHeader("apigw-requestid", t.header("apigw-requestid") ?? "?"))
        #expect(t.response.headers == headers, sourceLocation: sourceLocation)
        #expect(t.integrationRequest == nil, "the integration must not run", sourceLocation: sourceLocation)
    }

    @Test("no Authorization header: 401 without www-authenticate, no token looked at")
    func missing() async throws {
        expectRefusal(try await harness.send("/pets"), challenge: nil)
    }

    @Test("an ID token of the pool, for the configured audience, is admitted and its claims reach the 2.0 event")
    func admitted() async throws {
        let t = try await harness.send("/pets", headers: [HTTPHeader("Authorization", "Bearer " + (try harness.token()))])
        #expect(t.response.status == 200)
        let event = try #require(try JSONSerialization.jsonObject(with: Data(t.response.body.utf8)) as? [String: Any])
        let context = try #require(event["requestContext"] as? [String: Any])
        let jwt = try #require((context["authorizer"] as? [String: Any])?["jwt"] as? [String: Any])
        let claims = try #require(jwt["claims"] as? [String: String])
        #expect(claims["aud"] == "4webclient0shoppers000001")
        #expect(claims["iss"] == "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Shoppers")
        #expect(claims["cognito:username"] == "alice")
        // Lists in the form HTTP API events give them, numbers as decimal strings.
        #expect(claims["cognito:groups"] == "[admins staff]")
        #expect(claims["exp"] == String(Int(buildInstant.timeIntervalSince1970) + 3600))
        #expect(jwt["scopes"] is NSNull)
    }

    @Test("a token for another audience: 401 with the www-authenticate AWS documents; a bare token is read too")
    func audience() async throws {
        let kiosk = try harness.token(client: "9kioskclient0shoppers0002")
        // DG: http-api-troubleshooting-jwt, the example answer.
        expectRefusal(try await harness.send("/pets", headers: [HTTPHeader("Authorization", kiosk)]),
                      challenge: #"Bearer scope="" error="invalid_token" error_description="the token does not have a valid audience""#)
        #expect(try await harness.send("/pets", headers: [HTTPHeader("Authorization", try harness.token())]).response.status == 200)
    }

    @Test("an expired token: 401, the token has expired")
    func expired() async throws {
        let t = try await harness.send("/pets", headers: [HTTPHeader("Authorization", "Bearer " + (try harness.token(age: 7200)))])
        expectRefusal(t, challenge: #"Bearer scope="" error="invalid_token" error_description="the token has expired""#)
    }

    @Test("a token that is not a JWT: 401, the token is malformed")
    func malformed() async throws {
        let t = try await harness.send("/pets", headers: [HTTPHeader("Authorization", "Bearer not-a-token")])
        expectRefusal(t, challenge: #"Bearer scope="" error="invalid_token" error_description="the token is malformed""#)
    }

    @Test("a route with scopes: a token without them is 403 insufficient_scope; an access token granting one passes")
    func scopes() async throws {
        let plain = try await harness.send("DELETE", "/pets/7", headers: [HTTPHeader("Authorization", "Bearer " + (try harness.token()))])
        expectRefusal(plain, status: 403,
                      challenge: #"Bearer scope="pets/admin" error="insufficient_scope" error_description="the token does not have the required scopes""#)
        let granted = try await harness.send("DELETE", "/pets/7", headers: [
            HTTPHeader("Authorization", "Bearer " + (try harness.token(.access, scopes: ["pets/admin"]))),
        ])
        #expect(granted.response.status == 200)
        #expect(granted.response.body.contains(#""scopes":["pets/admin"]"#))
    }

    @Test("an issuer that is no user pool of the project is refused, and the trace says Portico has no keys for it")
    func unknownIssuer() async throws {
        let t = try await harness.send("/toys", headers: [HTTPHeader("Authorization", "Bearer " + (try harness.token()))])
        #expect(t.response.status == 401)
        #expect(t.outcome(of: .authorization)?.detail.contains("Portico has no keys (JWKS)") == true)
    }
}

/// Automatic CORS of HTTP APIs (DG: http-api-cors).
@Suite("HTTP API CORS")
struct HTTPAPICORSTests {
    let harness = HTTPAPIHarness.shared

    @Test("a preflight is answered by the gateway, with no OPTIONS route, from the configuration")
    func preflight() async throws {
        let t = try await harness.send("OPTIONS", "/open", headers: [
            HTTPHeader("Origin", "https://www.example.com"), HTTPHeader("Access-Control-Request-Method", "GET"),
        ])
        #expect(t.response.status == 204)
        #expect(t.response.body == "")
        #expect(t.response.headers == [
            HTTPHeader("Date", "Thu, 01 Jan 2026 12:00:00 GMT"), HTTPHeader("Content-Type", "application/json"), HTTPHeader("Content-Length", "0"),
            HTTPHeader("access-control-allow-origin", "https://www.example.com"), HTTPHeader("access-control-allow-credentials", "true"),
            HTTPHeader("access-control-allow-methods", "GET,POST"), HTTPHeader("access-control-allow-headers", "authorization,content-type"),
            HTTPHeader("access-control-max-age", "3600"), HTTPHeader("apigw-requestid", t.header("apigw-requestid") ?? "?"),
        ])
        #expect(t.integrationRequest == nil)
    }

    @Test("a preflight for a path with no route at all is answered too; an origin not allowed gets no CORS headers")
    func preflightWithoutRoute() async throws {
        let t = try await harness.send("OPTIONS", "/nowhere", headers: [
            HTTPHeader("Origin", "https://evil.example"), HTTPHeader("Access-Control-Request-Method", "GET"),
        ])
        #expect(t.response.status == 204)
        #expect(!t.response.headers.contains { $0.name.lowercased().hasPrefix("access-control-") })
    }

    @Test("the configured headers replace the backend's CORS headers")
    func backendHeadersIgnored() async throws {
        let t = try await harness.send("/open", headers: [HTTPHeader("Origin", "https://www.example.com")])
        #expect(t.response.status == 200)
        #expect(t.response.headers == [
            HTTPHeader("Date", "Thu, 01 Jan 2026 12:00:00 GMT"), HTTPHeader("Content-Type", "application/json"), HTTPHeader("Content-Length", "2"),
            HTTPHeader("x-request-total", "3"),
            HTTPHeader("access-control-allow-origin", "https://www.example.com"), HTTPHeader("access-control-allow-credentials", "true"),
            HTTPHeader("access-control-expose-headers", "x-request-total"), HTTPHeader("apigw-requestid", t.header("apigw-requestid") ?? "?"),
        ])
    }

    /// DG: http-api-cors: with a `$default` route that has an authorizer, preflight requests
    /// reach `$default` and must be authorized; a browser's preflight carries no token.
    @Test("the $default route with an authorizer takes preflights, which are then refused 401")
    func defaultRouteTrap() async throws {
        let t = try await harness.send("OPTIONS", "/anything", headers: [
            HTTPHeader("Origin", "https://www.example.com"), HTTPHeader("Access-Control-Request-Method", "GET"),
        ], api: "trap")
        #expect(t.response.status == 401)
        #expect(t.response.body == #"{"message":"Unauthorized"}"#)
        #expect(t.outcome(of: .cors)?.detail.contains("which has an authorizer") == true)
    }

    @Test("an OPTIONS to a path whose only route is GET is answered by the gateway")
    func preflightBesideGetRoute() async throws {
        let t = try await harness.send("OPTIONS", "/pets", headers: [
            HTTPHeader("Origin", "https://www.example.com"), HTTPHeader("Access-Control-Request-Method", "GET"),
        ])
        #expect(t.response.status == 204)
        #expect(t.header("access-control-allow-origin") == "https://www.example.com")
    }
}

/// Throttling of HTTP API routes: `routeSettings` per route key over `defaultRouteSettings`
/// (DG: http-api-throttling), in the token buckets REST's methods use.
@Suite("HTTP API route throttling")
struct HTTPAPIThrottlingTests {
    @Test("a route's burst of 1 admits one request; the next is 429 {\"message\":\"Too Many Requests\"}")
    func routeBurst() async throws {
        let harness = HTTPAPIHarness.shared
        let first = try await harness.send("/limited")
        #expect(first.response.status == 200)
        let second = try await harness.send("/limited")
        #expect(second.response.status == 429)
        #expect(second.response.body == #"{"message":"Too Many Requests"}"#)
        #expect(second.header("x-amzn-ErrorType") == nil)
        #expect(second.outcome(of: .throttling)?.detail.contains("routeSettings 'GET /limited'") == true)
    }
}

/// What an HTTP API answers when its integration fails (DG: http-api-troubleshooting-lambda;
/// the timeout's status: see GatewayError.httpServiceUnavailable).
@Suite("HTTP API integration failures")
struct HTTPAPIIntegrationFailureTests {
    @Test("a function that does not answer within the timeout: 503 {\"message\":\"Service Unavailable\"}")
    func timeout() async throws {
        let t = try await HTTPAPIHarness.shared.send("/slow")
        #expect(t.response.status == 503)
        #expect(t.response.body == #"{"message":"Service Unavailable"}"#)
        #expect(t.response.headers.map(\.name) == ["Date", "Content-Type", "Content-Length", "apigw-requestid"])
        #expect(t.outcome(of: .integration)?.detail == "Lambda 'sleepy' did not answer within 500 ms")
    }
}

/// HTTP_PROXY parameter mapping of HTTP APIs (DG: http-api-parameter-mapping: `append:`,
/// `overwrite:` and `remove:` on headers, query strings and the path; response mappings by
/// the backend's status, `overwrite:statuscode` included).
@Suite("HTTP API parameter mapping")
struct HTTPAPIParameterMappingTests {
    @Test("request mappings change the headers, query string and path the backend gets")
    func request() async throws {
        let t = try await HTTPAPIHarness.shared.send("/items/7?color=red&page=1&size=s", headers: [
            HTTPHeader("X-Secret", "s3cr3t"), HTTPHeader("Accept", "text/plain"),
        ])
        let sent = try #require(t.integrationRequest)
        #expect(sent.method == "GET")
        // The route's path variable in the URI; the query as sent, `page` overwritten, `color` removed.
        #expect(sent.uri == "http://backend.internal/base/7?size=s&page=2")
        #expect(sent.headers.value(for: "x-secret") == nil)
        #expect(sent.headers.value(for: "x-color") == "red")
        #expect(sent.headers.value(for: "x-route") == "GET /items/{id}")
        #expect(sent.headers.value(for: "Accept") == "text/plain")
        #expect(sent.headers.value(for: "Host") == nil)
    }

    /// DG: http-api-parameter-mapping: `$request.body.name`, a JSON path into the body.
    @Test("$request.body.PATH reads the JSON body: a member, an array element; a body that is not JSON sets the empty value")
    func body() async throws {
        var ids = IdentifierGenerator(seed: 7)
        let json = #"{"order": {"id": "o-42", "items": [{"sku": "tea"}, {"sku": "cup"}]}}"#
        let t = try await HTTPAPIHarness.shared.gateway.invoke(GatewayRequest(method: "POST", path: "/orders", headers: [
            HTTPHeader("Content-Type", "application/json"),
        ], body: json), api: "pets", stage: "$default", ids: &ids)
        let sent = try #require(t.integrationRequest)
        #expect(sent.uri == "http://backend.internal/orders?first=tea")
        #expect(sent.headers.value(for: "x-order") == "o-42")
        #expect(sent.body == json)
        let text = try await HTTPAPIHarness.shared.gateway.invoke(GatewayRequest(method: "POST", path: "/orders", body: "not json"),
                                                                   api: "pets", stage: "$default", ids: &ids)
        #expect(text.integrationRequest?.headers.value(for: "x-order") == "")
    }

    @Test("response mappings of the backend's status: the status overwritten, a header added from the backend's, one removed")
    func response() async throws {
        let t = try await HTTPAPIHarness.shared.send("/items/7")
        #expect(t.response.status == 203)
        #expect(t.response.body == "ok")
        #expect(t.response.headers == [
            HTTPHeader("Date", "Thu, 01 Jan 2026 12:00:00 GMT"), HTTPHeader("Content-Type", "text/plain"), HTTPHeader("Content-Length", "2"),
            HTTPHeader("server-id", "b-7"), HTTPHeader("x-served-by", "b-7"), HTTPHeader("apigw-requestid", t.header("apigw-requestid") ?? "?"),
        ])
    }

    @Test("overwrite:path sends the backend another path")
    func path() async throws {
        let t = try await HTTPAPIHarness.shared.send("/moved/a/b?x=1")
        #expect(t.integrationRequest?.uri == "http://backend.internal/a/b?x=1")
    }
}

/// A Lambda authorizer without identity sources on an HTTP API route (DG:
/// http-api-lambda-authorizer: "To enable caching, your authorizer must have at least one
/// identity source"): the function runs for every request, whatever the TTL says.
@Suite("HTTP API Lambda authorizer without identity sources")
struct HTTPAPILambdaAuthorizerTests {
    let harness = HTTPAPIHarness.shared

    @Test("never cached: each request asks the function; false is 403, an Unauthorized error 401, both HTTP API style")
    func uncached() async throws {
        let first = try await harness.send("/lounge")
        #expect(first.response.status == 200)
        #expect(first.authorizer?.cache == .off)
        #expect(first.response.body.contains(#""authorizer":{"lambda":{"door":"front"}}"#))
        let denied = try await harness.send("/lounge", headers: [HTTPHeader("x-deny", "1")])
        #expect(denied.response.status == 403)
        #expect(denied.response.body == #"{"message":"Forbidden"}"#)
        #expect(denied.authorizer?.cache == .off)
        // The REST convention, shared: a function that raises "Unauthorized" is answered 401.
        let raised = try await harness.send("/lounge", headers: [HTTPHeader("x-unauthorized", "1")])
        #expect(raised.response.status == 401)
        #expect(raised.response.body == #"{"message":"Unauthorized"}"#)
        #expect(raised.header("x-amzn-ErrorType") == nil)
    }
}
