import Diagnostics
import Foundation
import Hummingbird
import HummingbirdTesting
import PorticoGateway
import PorticoModel
import PorticoServer
import TestSupport
import Testing

/// The server over real loopback HTTP (HummingbirdTesting's `.live` binds 127.0.0.1 on a free port).
@Suite("Docs server", .serialized)
struct DocsServerTests {
    private func makeServer() throws -> (DocsServer, TemporaryDirectory) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/minimal").path
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root).load(diagnostics: &diagnostics))
        let site = try TemporaryDirectory()
        try site.write(["index.html": "<!doctype html><title>x</title>", "assets/portico.css": "body{}", "guide/index.html": "guide"])
        let server = DocsServer(siteDirectory: site.path, gateway: Gateway(project: project, clock: FixedClock.siteBuild), port: 0)
        return (server, site)
    }

    @Test("static pages are served with their content types, and folders by their index.html")
    func staticFiles() async throws {
        let (server, site) = try makeServer()
        defer { site.remove() }
        try await server.makeApplication().test(.live) { client in
            try await client.execute(uri: "/index.html", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html")
                #expect(String(buffer: response.body) == "<!doctype html><title>x</title>")
            }
            try await client.execute(uri: "/assets/portico.css", method: .get) { response in
                #expect(response.headers[.contentType] == "text/css")
            }
            try await client.execute(uri: "/guide/", method: .get) { response in
                #expect(String(buffer: response.body) == "guide")
            }
            try await client.execute(uri: "/missing.html", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/../../etc/passwd", method: .get) { response in
                #expect(response.status != .ok)
            }
        }
    }

    @Test("POST /_portico/invoke runs the request through the gateway and returns the transcript JSON")
    func invokeEndpoint() async throws {
        let (server, site) = try makeServer()
        defer { site.remove() }
        let body = #"{"api":"orders","stage":"prod","method":"GET","path":"/health","headers":{"Accept":"application/json"}}"#
        try await server.makeApplication().test(.live) { client in
            try await client.execute(uri: "/_portico/invoke", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let reply = try #require(object["response"] as? [String: Any])
                #expect(reply["status"] as? Int == 200)
                #expect(reply["body"] as? String == #"{"status": "ok"}"#)
                #expect((object["trace"] as? [Any])?.count == 15)
            }
            try await client.execute(uri: "/_portico/invoke", method: .post, body: ByteBuffer(string: "not json")) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/_portico/invoke", method: .post,
                                     body: ByteBuffer(string: #"{"api":"nope","stage":"prod","path":"/"}"#)) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body) == #"{"error":"no API named 'nope'; the project declares orders"}"#)
            }
        }
    }
}
