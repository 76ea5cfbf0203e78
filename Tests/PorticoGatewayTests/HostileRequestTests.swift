import Foundation
import PorticoGateway
import Testing

/// Requests an attacker or a broken client would send. Each gets AWS's answer where AWS
/// documents one, else a clear 4xx; none may crash, hang or take long.
@Suite("Hostile requests")
struct HostileRequestTests {
    let harness: GatewayHarness

    init() throws {
        harness = try GatewayHarness()
    }

    /// The pipeline must answer each of these well within this bound on a loaded CI machine.
    static let bound = Duration.seconds(5)

    private func timed(_ body: () async throws -> Transcript) async rethrows -> Transcript {
        let start = ContinuousClock.now
        let transcript = try await body()
        #expect(start.duration(to: .now) < Self.bound)
        return transcript
    }

    @Test("a 20 MB body answers 413 Request Too Long (the 10 MB payload limit)")
    func hugeBody() async throws {
        let t = try await timed { try await harness.send("POST", "/items", body: String(repeating: "x", count: 20 * 1024 * 1024)) }
        #expect(t.response.status == 413)
        #expect(t.response.body == #"{"message":"Request Too Long"}"#)
        #expect(t.header("x-amzn-ErrorType") == "RequestTooLongException")
    }

    // DG: limits — "Total combined size of request line and header values: 10240 bytes".
    @Test("header values over 10,240 bytes in all are refused with 431 before routing")
    func hugeHeaders() async throws {
        let headers = (0..<11).map { HTTPHeader("X-Pad-\($0)", String(repeating: "h", count: 1_000)) }
        let t = try await timed { try await harness.send("GET", "/items/1", headers: headers) }
        #expect(t.response.status == 431)
        #expect(t.response.body == #"{"message":"Request Header Fields Too Large"}"#)
        #expect(t.outcome(of: .routing)?.outcome == .bypassed)
        let fits = try await harness.send("GET", "/items/1", headers: [HTTPHeader("X-Pad", String(repeating: "h", count: 9_000))])
        #expect(fits.response.status == 200)
    }

    // DG: limits — URL length 10,240 characters for regional APIs (8,192 for edge-optimized).
    @Test("a URL over the regional limit is refused with 414")
    func longURL() async throws {
        let t = try await timed { try await harness.send("GET", "/items/" + String(repeating: "a", count: 10_300)) }
        #expect(t.response.status == 414)
        #expect(t.response.body == #"{"message":"Request-URI Too Long"}"#)
    }

    @Test("invalid UTF-8, percent-encoded in the path, stays encoded in the parameter")
    func invalidUTF8() async throws {
        let t = try await timed { try await harness.send("GET", "/items/%FF%FE%C3%28") }
        #expect(t.response.status == 200)
        #expect(t.response.body == #"{"id": "%FF%FE%C3%28", "color": "blue", "stage": "prod"}"#)
    }

    @Test("dot segments are not resolved: they are path segments like any other")
    func dotSegments() async throws {
        let up = try await timed { try await harness.send("GET", "/items/../items/1") }
        #expect(up.response.status == 403)
        #expect(up.response.body == #"{"message":"Missing Authentication Token"}"#)
        let encoded = try await harness.send("GET", "/files/%2e%2e/%2e%2e/etc/passwd")
        #expect(encoded.response.status == 200)
        #expect(encoded.response.body == #"{"proxy": "%2e%2e/%2e%2e/etc/passwd"}"#)
    }

    @Test("thousands of query parameters are answered; ten thousand pass the URL length limit (414)")
    func manyParameters() async throws {
        let fits = (0..<2_000).map { "p=\($0 % 10)" }.joined(separator: "&")
        let t = try await timed { try await harness.send("GET", "/items/7?" + fits) }
        #expect(t.response.status == 200)
        let tooMany = (0..<10_000).map { "p\($0)=\($0)" }.joined(separator: "&")
        let refused = try await timed { try await harness.send("GET", "/items/7?" + tooMany) }
        #expect(refused.response.status == 414)
    }

    @Test("thousands of path segments and a body of deeply nested JSON are answered, not crashed on")
    func deepInputs() async throws {
        let segments = try await timed { try await harness.send("GET", "/" + Array(repeating: "a", count: 4_000).joined(separator: "/")) }
        #expect(segments.response.status == 403)
        let nested = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let body = try await timed {
            try await harness.send("POST", "/files/x", headers: [HTTPHeader("Content-Type", "application/json")], body: nested)
        }
        #expect(body.response.status == 200)
    }
}
