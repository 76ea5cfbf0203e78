import Foundation
import PorticoGateway
import PorticoServer
import TestSupport
import Testing

@Suite("Static site resolution")
struct StaticSiteTests {
    /// A site folder with a page, a nested index, a link to a secret outside it, and the secret.
    private func makeSite() throws -> (TemporaryDirectory, StaticSite) {
        let temp = try TemporaryDirectory()
        try temp.write(["Site/index.html": "home", "Site/guide/index.html": "guide", "Site/a b.html": "space",
                        "secret.txt": "do not serve", "Site/assets/portico.css": "body{}"])
        try FileManager.default.createSymbolicLink(atPath: temp.path + "/Site/escape.txt", withDestinationPath: temp.path + "/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: temp.path + "/Site/outside", withDestinationPath: temp.path)
        return (temp, StaticSite(directory: temp.path + "/Site"))
    }

    @Test("pages, folders with their index, and encoded names resolve inside the site")
    func resolvesInside() throws {
        let (temp, site) = try makeSite()
        defer { temp.remove() }
        #expect(site.resolve(rawPath: "/index.html") == .file(path: site.root + "/index.html"))
        #expect(site.resolve(rawPath: "/") == .file(path: site.root + "/index.html"))
        #expect(site.resolve(rawPath: "/guide/") == .file(path: site.root + "/guide/index.html"))
        #expect(site.resolve(rawPath: "/guide") == .redirect(location: "/guide/"))
        #expect(site.resolve(rawPath: "/a%20b.html") == .file(path: site.root + "/a b.html"))
        #expect(site.resolve(rawPath: "/missing.html") == .notFound)
    }

    /// Every one of these tries to leave the site folder; none may resolve to a file.
    static let traversals = [
        "/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/.%2e/secret.txt",
        "/%2e./secret.txt", "/..%5csecret.txt", "/%2e%2e%5csecret.txt", "/guide/../../secret.txt", "/guide/%2e%2e/%2e%2e/secret.txt",
        "/%252e%252e/secret.txt", "/..;/secret.txt", "/%2e%2e%2f%2e%2e%2fsecret.txt", "/.%00./secret.txt", "/index.html%00.css",
        "/escape.txt", "/outside/secret.txt", "/./index.html", "/guide/./index.html", "//etc/passwd",
        "/%c0%ae%c0%ae/secret.txt", "/..\\secret.txt", "/%2e%2e%2f", "/" + String(repeating: "a/", count: 100),
    ]

    @Test("no traversal attempt escapes the site", arguments: traversals)
    func refusesTraversal(path: String) throws {
        let (temp, site) = try makeSite()
        defer { temp.remove() }
        switch site.resolve(rawPath: path) {
        case .file(let file):
            #expect(file.hasPrefix(site.root + "/"), "\(path) resolved to \(file)")
            #expect(!file.hasSuffix("secret.txt"))
        case .redirect, .notFound, .forbidden:
            break
        }
    }

    @Test("content types follow the file extension", arguments: [
        ("index.html", "text/html; charset=utf-8"), ("a.css", "text/css; charset=utf-8"), ("a.js", "text/javascript; charset=utf-8"),
        ("a.svg", "image/svg+xml"), ("sitemap.xml", "application/xml"), ("a.png", "image/png"), ("a.bin", "application/octet-stream"),
    ])
    func contentTypes(name: String, type: String) {
        #expect(StaticSite.contentType(for: name) == type)
    }
}

@Suite("Gateway addresses")
struct GatewayAddressTests {
    @Test("the stage and path are read from /_gateway/{api}/{stage}/… and from execute-api hosts")
    func findsAddresses() throws {
        let project = try loadFixtureProject()
        let endpoints = EndpointTable(project: project)
        #expect(GatewayAddress.find(host: "127.0.0.1:8080", target: "/_gateway/orders/prod/items/42?x=1", endpoints: endpoints)
                == .api("orders", stage: "prod", path: "/items/42?x=1", requestPath: "/_gateway/orders/prod/items/42"))
        #expect(GatewayAddress.find(host: nil, target: "/_gateway/orders/prod", endpoints: endpoints)
                == .api("orders", stage: "prod", path: "/", requestPath: "/_gateway/orders/prod"))
        #expect(GatewayAddress.find(host: nil, target: "/_gateway/orders/prod?x=1", endpoints: endpoints)
                == .api("orders", stage: "prod", path: "/?x=1", requestPath: "/_gateway/orders/prod"))
        #expect(GatewayAddress.find(host: nil, target: "/_gateway/orders", endpoints: endpoints) == nil)
        #expect(GatewayAddress.find(host: nil, target: "/_gateway/orders?x=1", endpoints: endpoints) == nil)
        #expect(GatewayAddress.find(host: nil, target: "/_gateway/orders/", endpoints: endpoints) == nil)
        #expect(GatewayAddress.find(host: nil, target: "/_gateway//prod/items", endpoints: endpoints) == nil)
        #expect(GatewayAddress.find(host: nil, target: "/_gateway/orders/prod/", endpoints: endpoints)
                == .api("orders", stage: "prod", path: "/", requestPath: "/_gateway/orders/prod/"))
        #expect(GatewayAddress.find(host: nil, target: "/index.html", endpoints: endpoints) == nil)
        let host = try #require(project.apis.first).name
        let apiHost = PorticoGatewayTestHooks.executeAPIHost(host, in: project)
        #expect(GatewayAddress.find(host: apiHost, target: "/prod/items/1", endpoints: endpoints)
                == .api("orders", stage: "prod", path: "/items/1", requestPath: "/prod/items/1"))
        let localHost = apiHost.replacingOccurrences(of: ".us-east-1.amazonaws.com", with: ".localhost:8080")
        #expect(GatewayAddress.find(host: localHost, target: "/prod/items/1", endpoints: endpoints)
                == .api("orders", stage: "prod", path: "/items/1", requestPath: "/prod/items/1"))
    }
}
