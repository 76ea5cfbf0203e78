import Diagnostics
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPTypes
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
    private func makeServer(live: LiveReloadHub? = nil) throws -> (DocsServer, TemporaryDirectory) {
        let project = try loadFixtureProject()
        let site = try TemporaryDirectory()
        try site.write(["index.html": "<!doctype html><title>x</title>", "assets/portico.css": "body{}", "guide/index.html": "guide",
                        "404.html": "<html><body>custom 404</body></html>"])
        let server = DocsServer(siteDirectory: site.path, gateway: Gateway(project: project, clock: FixedClock.siteBuild), port: 0,
                                liveReload: live)
        return (server, site)
    }

    @Test("static pages are served with their content types, and folders by their index.html")
    func staticFiles() async throws {
        let (server, site) = try makeServer()
        defer { site.remove() }
        try await server.makeApplication().test(.live) { client in
            try await client.execute(uri: "/index.html", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: response.body) == "<!doctype html><title>x</title>")
            }
            try await client.execute(uri: "/assets/portico.css", method: .get) { response in
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
            }
            try await client.execute(uri: "/guide/", method: .get) { response in
                #expect(String(buffer: response.body) == "guide")
            }
            try await client.execute(uri: "/missing.html", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body) == "<html><body>custom 404</body></html>")
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
                // Fifteen stages, the cache twice (its lookup and its store).
                #expect((object["trace"] as? [Any])?.count == 16)
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

    @Test("ETag and Last-Modified answer conditional requests with 304; HEAD has no body")
    func conditionalRequests() async throws {
        let (server, site) = try makeServer()
        defer { site.remove() }
        try await server.makeApplication().test(.live) { client in
            let first = try await client.execute(uri: "/index.html", method: .get)
            let eTag = try #require(first.headers[.eTag])
            let modified = try #require(first.headers[.lastModified])
            #expect(eTag.hasPrefix("W/\""))
            try await client.execute(uri: "/index.html", method: .get, headers: [.ifNoneMatch: eTag]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/index.html", method: .get, headers: [.ifNoneMatch: "W/\"other\""]) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/index.html", method: .get, headers: [.ifModifiedSince: modified]) { response in
                #expect(response.status == .notModified)
            }
            try await client.execute(uri: "/index.html", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentLength] == "31")
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/index.html", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
            }
        }
    }

    // A backslash cannot be sent in a request target by the test client; StaticSiteTests covers it.
    @Test("traversal attempts over real HTTP never return a file outside the site",
          arguments: StaticSiteTests.traversals.filter { !$0.contains("\\") })
    func traversalOverHTTP(path: String) async throws {
        let (server, site) = try makeServer()
        defer { site.remove() }
        try site.write(["../secret.txt": "do not serve"])
        try await server.makeApplication().test(.live) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(!String(buffer: response.body).contains("do not serve"))
            }
        }
    }

    @Test("with live reload, pages get the serve script and the event stream says reload")
    func liveReload() async throws {
        let hub = LiveReloadHub()
        let (server, site) = try makeServer(live: hub)
        defer { site.remove() }
        try await server.makeApplication().test(.live) { client in
            try await client.execute(uri: "/index.html", method: .get) { response in
                #expect(String(buffer: response.body) == "<!doctype html><title>x</title><script src=\"/_portico/serve.js\" defer></script>\n")
            }
            try await client.execute(uri: "/_portico/serve.js", method: .get) { response in
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(String(buffer: response.body).contains("new EventSource(\"/_portico/events\")"))
            }
        }
        // The hub delivers events to subscribers as server-sent-event text.
        let stream = try #require(await hub.subscribe())
        await hub.publish(.reload())
        await hub.publish(.failed("a.md:1:1: error: x [id]\n1 error."))
        await hub.publish(.reload(pages: ["guide/a \"b\".html", "index.html"]))
        await hub.publish(.reload(pages: (0...LiveReloadHub.Event.maximumPages).map { "p\($0).html" }))
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() == ": connected\n\n")
        #expect(await iterator.next() == "event: reload\ndata: {}\n\n")
        #expect(await iterator.next() == "event: failed\ndata: a.md:1:1: error: x [id]\ndata: 1 error.\n\n")
        // An incremental rebuild names the pages that changed; too many mean every page.
        #expect(await iterator.next() == "event: reload\ndata: {\"pages\":[\"guide/a \\\"b\\\".html\",\"index.html\"]}\n\n")
        #expect(await iterator.next() == "event: reload\ndata: {}\n\n")
        await hub.finishAll()
        #expect(await iterator.next() == nil)
    }

    // A custom domain name routes by its base path mappings; a path no mapping covers is
    // answered 403 Forbidden (AWS Knowledge Center: api-gateway-403-custom-domain), and $context.domainName is
    // the custom domain (DG: api-gateway-mapping-template-reference).
    @Test("real clients reach the gateway by a custom domain name's base path mapping")
    func customDomainOverHTTP() async throws {
        let (server, site) = try makeServer()
        defer { site.remove() }
        let domain: HTTPFields = [HTTPField.Name("Host")!: "api.example.com:8080"]
        try await server.makeApplication().test(.live) { client in
            try await client.execute(uri: "/shop/health", method: .get, headers: domain) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "{\"status\": \"ok\"}")
            }
            try await client.execute(uri: "/prod/health", method: .get, headers: domain) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body) == "{\"message\":\"Forbidden\"}")
                #expect(response.headers[HTTPField.Name("x-amzn-ErrorType")!] == "ForbiddenException")
            }
        }
    }

    // Hostile requests over real HTTP: the gateway's limits answer (DG: limits), and
    // a header block larger than the HTTP parser accepts ends that connection only.
    @Test("oversized headers and bodies get a 4xx over HTTP and the server keeps serving")
    func hostileOverHTTP() async throws {
        let (server, site) = try makeServer()
        defer { site.remove() }
        try await server.makeApplication().test(.live) { client in
            let padded: HTTPFields = [HTTPField.Name("X-Pad")!: String(repeating: "p", count: 12_000)]
            try await client.execute(uri: "/_gateway/orders/prod/health", method: .get, headers: padded) { response in
                #expect(response.status.code == 431)
                #expect(String(buffer: response.body) == #"{"message":"Request Header Fields Too Large"}"#)
            }
            let body = ByteBuffer(repeating: UInt8(ascii: "b"), count: 10 * 1024 * 1024 + 1)
            try await client.execute(uri: "/_gateway/orders/prod/health", method: .post, body: body) { response in
                #expect(response.status.code == 413)
                #expect(String(buffer: response.body) == #"{"message":"Request Too Long"}"#)
            }
            let giant: HTTPFields = [HTTPField.Name("X-Giant")!: String(repeating: "g", count: 300_000)]
            _ = try? await client.execute(uri: "/_gateway/orders/prod/health", method: .get, headers: giant) { response in
                #expect(response.status.code >= 400 && response.status.code < 500)
            }
            // The same server answers the next request, on a new connection, as usual.
            let port = try #require(client.port)
            let (data, reply) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/_gateway/orders/prod/health")!)
            #expect((reply as? HTTPURLResponse)?.statusCode == 200)
            #expect(String(decoding: data, as: UTF8.self) == #"{"status": "ok"}"#)
        }
    }

    @Test("real clients reach the gateway by path and by execute-api host")
    func gatewayOverHTTP() async throws {
        let (server, site) = try makeServer()
        defer { site.remove() }
        let host = PorticoGatewayTestHooks.executeAPIHost("orders", in: try loadFixtureProject())
        try await server.makeApplication().test(.live) { client in
            try await client.execute(uri: "/_gateway/orders/prod/items/42", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "{\"id\": 42, \"name\": \"Widget\", \"price\": 9.5, \"currency\": \"EUR\"}\n")
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.headers[HTTPField.Name("x-amzn-RequestId")!]?.count == 36)
            }
            try await client.execute(uri: "/prod/health", method: .get, headers: [HTTPField.Name("Host")!: host]) { response in
                #expect(String(buffer: response.body) == "{\"status\": \"ok\"}")
            }
            // No resource → 403 Missing Authentication Token (recorded AWS response: LocalStack
            // tests/aws/services/apigateway/test_apigateway_common.snapshot.json, test_routing_not_found).
            try await client.execute(uri: "/_gateway/orders/prod/nothing", method: .get) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body) == "{\"message\":\"Missing Authentication Token\"}")
                #expect(response.headers[HTTPField.Name("x-amzn-ErrorType")!] == "MissingAuthenticationTokenException")
            }
            try await client.execute(uri: "/_gateway/orders/nostage/health", method: .get) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body) == "{\"message\":\"Forbidden\"}")
            }
            // A body over 10 MB answers 413 (DG: limits).
            let big = ByteBuffer(repeating: UInt8(ascii: "a"), count: 10 * 1024 * 1024 + 10)
            try await client.execute(uri: "/_gateway/orders/prod/health", method: .post, body: big) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }
}
