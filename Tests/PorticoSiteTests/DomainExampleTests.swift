import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
@testable import PorticoSite
import Testing
import TestSupport

/// `domain=`: an example sent through a custom domain, its base path mappings picking the API
/// and stage as API Gateway's front end does (DG: how-to-custom-domains).
@Suite("Examples through a custom domain")
struct DomainExampleTests {
    static let files = [
        "Content/portico.yml": """
            apis:
              - {name: shop, definition: apis/shop.yaml, stages: [{stageName: prod}, {stageName: beta}]}
            domains:
              - domainName: api.shop.test
                basePathMappings:
                  - {basePath: "", api: shop, stage: prod}
                  - {basePath: next, api: shop, stage: beta}

            """,
        "Content/apis/shop.yaml": """
            openapi: 3.0.1
            info: {title: Shop, version: "1"}
            paths:
              /status:
                get:
                  x-amazon-apigateway-integration:
                    type: mock
                    requestTemplates: {application/json: '{"statusCode": 200}'}
                    responses:
                      default:
                        statusCode: "200"
                        responseTemplates: {application/json: '{"stage": "$context.stage", "domain": "$context.domainName", "path": "$context.path"}'}

            """,
    ]

    func run(_ info: String, _ text: String) async throws -> (ExampleRunner.Run?, [String]) {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(Self.files)
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        let location = SourceLocation(file: "Content/a.md", line: 3, column: 1)
        let block = try #require(ExampleBlock.parse(info: info, text: text, location: location,
                                                    contentStart: SourceLocation(file: "Content/a.md", line: 4, column: 1), diagnostics: &diagnostics))
        let run = await ExampleRunner(gateway: Gateway(project: project, clock: FixedClock.siteBuild)).run(block, seed: "a.md#0", diagnostics: &diagnostics)
        return (run, diagnostics.sorted.map(DiagnosticFormatter.format))
    }

    @Test("the root mapping and a base path each reach their stage; try-it gets the stage-relative path")
    func mappings() async throws {
        let (root, rootProblems) = try await run("http example domain=api.shop.test expect=200", "GET /status\n")
        #expect(rootProblems == [])
        #expect(root?.api == "shop")
        #expect(root?.stage == "prod")
        #expect(root?.transcripts.first?.response.body == #"{"stage": "prod", "domain": "api.shop.test", "path": "/status"}"#)
        let (next, nextProblems) = try await run("http example domain=api.shop.test expect=200", "GET /next/status\n")
        #expect(nextProblems == [])
        #expect(next?.stage == "beta")
        // $context.path is the path the client sent, base path included (DG: api-gateway-mapping-template-reference).
        #expect(next?.transcripts.first?.response.body == #"{"stage": "beta", "domain": "api.shop.test", "path": "/next/status"}"#)
        #expect(next?.block.requests.map(\.path) == ["/status"])
        #expect(next?.block.domain == "api.shop.test")
    }

    @Test("an unknown domain, and api= beside domain=, are located errors")
    func refused() async throws {
        let (_, unknown) = try await run("http example domain=other.shop.test", "GET /status\n")
        #expect(unknown == ["Content/a.md:3:1: error: domain=other.shop.test names no custom domain of the project (domains in portico.yml) [example.api]"])
        let (_, both) = try await run("http example domain=api.shop.test api=shop", "GET /status\n")
        #expect(both == ["Content/a.md:3:1: error: domain=api.shop.test picks the API and stage through its base path mappings; leave out api= and stage= [example.api]"])
    }
}
