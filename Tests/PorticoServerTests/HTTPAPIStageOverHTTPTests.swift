import Diagnostics
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PorticoGateway
import PorticoModel
import PorticoServer
import TestSupport
import Testing

/// An HTTP API deployed to a named stage only (no `$default` stage), over real loopback HTTP:
/// a path that names none of its stages is answered 404 `{"message":"Not Found"}`, HTTP API
/// style, where a REST API's unknown stage is 403 ForbiddenException
/// (``GatewayResponse/httpNotFound``; DG: http-api-develop-routes, "Not Found" for what an
/// HTTP API has nothing for).
@Suite("HTTP API stages over HTTP", .serialized)
struct HTTPAPIStageOverHTTPTests {
    @Test("an HTTP API's unknown stage is 404 Not Found; its own stage runs the route")
    func unknownStage() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write([
            "Content/portico.yml": "apis: [{name: events, definition: apis/events.yaml, type: HTTP, stages: [{stageName: live}]}]\n",
            "Content/apis/events.yaml": """
                openapi: 3.0.1
                info: {title: Events, version: "1"}
                paths:
                  /items:
                    get:
                      responses: {default: {description: the backend}}
                      x-amazon-apigateway-integration:
                        type: http_proxy
                        httpMethod: GET
                        uri: http://127.0.0.1:9/items
                        payloadFormatVersion: "1.0"

                """,
        ])
        var engine = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &engine))
        #expect(engine.sorted.isEmpty, "\(engine.sorted)")
        let site = try TemporaryDirectory()
        defer { site.remove() }
        try site.write(["index.html": "<!doctype html><title>x</title>"])
        let server = DocsServer(siteDirectory: site.path, gateway: Gateway(project: project, clock: FixedClock.siteBuild), port: 0)
        let host: HTTPFields = [HTTPField.Name("Host")!: Gateway.executeAPIHost(for: try #require(project.api(named: "events"))) + ":8080"]
        try await server.makeApplication().test(.live) { client in
            try await client.execute(uri: "/beta/items", method: .get, headers: host) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body) == #"{"message":"Not Found"}"#)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.headers[HTTPField.Name("x-amzn-ErrorType")!] == nil)
            }
            // The stage it has: the route ran (this gateway has no HTTP client to call its backend
            // with, which HTTP APIs answer 500).
            try await client.execute(uri: "/live/items", method: .get, headers: host) { response in
                #expect(response.status == .internalServerError)
                #expect(String(buffer: response.body) == #"{"message":"Internal Server Error"}"#)
                #expect(response.headers[HTTPField.Name("apigw-requestid")!] != nil)
            }
        }
    }
}
