import Foundation
import NIOCore
import PorticoGateway
import Hummingbird
@testable import PorticoServer
import TestSupport
import Testing

/// serve's own endpoints (`/_portico/…`) answer the person at this machine only: a request
/// whose Host is a name other than a loopback one (DNS rebinding) or a write from another
/// origin (a page elsewhere posting to the local server) is refused, over real HTTP; the
/// simulated gateway keeps answering any host, as API Gateway does.
@Suite("serve's own endpoints refuse other sites", .serialized)
struct LocalRequestGuardTests {
    static let invoke = #"{"api":"orders","stage":"prod","method":"GET","path":"/health"}"#

    /// One request, written as given, to `serve`'s application for the minimal fixture.
    func exchange(_ requests: [String]) async throws -> [RawHTTPResponse] {
        let project = try loadFixtureProject()
        let site = try TemporaryDirectory()
        defer { site.remove() }
        try site.write(["index.html": "<!doctype html><title>x</title>"])
        let server = DocsServer(siteDirectory: site.path, gateway: Gateway(project: project, clock: FixedClock.siteBuild), port: 0)
        var responses: [RawHTTPResponse] = []
        try await GatewayConnectionTests.running({ server.makeApplication(onServerRunning: $0) }) { port, _ in
            for request in requests {
                let text = request.replacing("PORT", with: "\(port)")
                let response = try await RawHTTPConnection.open(port: port) { connection in
                    try await connection.send(text)
                    return try await connection.response()
                }
                responses.append(try #require(response))
            }
        }
        return responses
    }

    func post(host: String, headers: String = "") -> String {
        "POST /_portico/invoke HTTP/1.1\r\nHost: \(host)\r\nContent-Type: text/plain\r\n\(headers)Content-Length: \(Self.invoke.utf8.count)\r\n\r\n\(Self.invoke)"
    }

    @Test("a page's own try-it call (same origin), curl (no Origin) and loopback names pass")
    func localCallers() async throws {
        let responses = try await exchange([
            post(host: "127.0.0.1:PORT", headers: "Origin: http://127.0.0.1:PORT\r\nSec-Fetch-Site: same-origin\r\n"),
            post(host: "localhost:PORT"),
            post(host: "[::1]:PORT"),
            "GET /_portico/identities HTTP/1.1\r\nHost: portico.localhost:PORT\r\n\r\n",
        ])
        #expect(responses.map(\.status) == [200, 200, 200, 200])
    }

    @Test("DNS rebinding: a hostile name that resolves to 127.0.0.1 gets 403, reads and writes alike")
    func rebinding() async throws {
        let responses = try await exchange([
            post(host: "attacker.example:PORT", headers: "Origin: http://attacker.example:PORT\r\n"),
            "GET /_portico/identities HTTP/1.1\r\nHost: attacker.example:PORT\r\n\r\n",
            "GET /_portico/keys HTTP/1.1\r\nHost: 127.0.0.1.nip.io:PORT\r\n\r\n",
        ])
        #expect(responses.map(\.status) == [403, 403, 403])
        #expect(responses[1].body == #"{"error":"serve's own endpoints answer requests addressed to a loopback name or an IP address only"}"#)
        #expect(responses[1].header("Content-Type") == "application/json")
    }

    @Test("a write from another origin gets 403: a simple text/plain POST needs no preflight, so the server must refuse it itself")
    func crossSiteWrites() async throws {
        let responses = try await exchange([
            post(host: "127.0.0.1:PORT", headers: "Origin: https://attacker.example\r\n"),
            post(host: "127.0.0.1:PORT", headers: "Origin: null\r\n"),
            post(host: "127.0.0.1:PORT", headers: "Sec-Fetch-Site: cross-site\r\n"),
            post(host: "127.0.0.1:PORT", headers: "Origin: http://localhost:PORT\r\n"),
        ])
        #expect(responses.map(\.status) == [403, 403, 403, 403])
        #expect(responses[0].body == #"{"error":"a request from another origin may not call serve's own endpoints"}"#)
        #expect(responses[2].body == #"{"error":"a cross-site request may not call serve's own endpoints"}"#)
    }

    @Test("the simulated gateway and the site answer any host, as API Gateway and a static host do")
    func gatewayUnguarded() async throws {
        let responses = try await exchange([
            "GET /_gateway/orders/prod/health HTTP/1.1\r\nHost: attacker.example\r\nOrigin: https://attacker.example\r\n\r\n",
            "GET /index.html HTTP/1.1\r\nHost: docs.example\r\n\r\n",
        ])
        #expect(responses.map(\.status) == [200, 200])
    }

    @Test("host names: IP literals, localhost and *.localhost are local; anything else is not")
    func hostNames() {
        typealias Guard = LocalRequestGuard<BasicRequestContext>
        func isLocal(_ authority: String) -> Bool { Guard.hostName(authority).map(Guard.isLocal) ?? false }
        #expect(isLocal("127.0.0.1:8080"))
        #expect(isLocal("[::1]:8080"))
        #expect(isLocal("LOCALHOST"))
        #expect(isLocal("docs.localhost:80"))
        #expect(isLocal("192.168.1.20:8080"))
        #expect(!isLocal("localhost.attacker.example"))
        #expect(!isLocal("127.0.0.1.nip.io"))
        #expect(!isLocal("999.0.0.1"))
        #expect(!isLocal("127.0.0.1:80x"))
        #expect(!isLocal("[::1"))
    }
}
