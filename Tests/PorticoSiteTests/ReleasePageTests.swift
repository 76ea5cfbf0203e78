import Foundation
import PorticoGateway
import PorticoModel
@testable import PorticoSite
import Testing
import TestSupport

/// "What a release changes" from a fixture with known differences: `prod` runs deployment `v1`
/// with a canary on `v2` (the current definition), `beta` follows the current definition.
/// From v1 to v2: GET /items answers another body, /basket is new, /legacy is gone, model
/// Basket is new, Item gained a property, and the API gained binary media types.
@Suite("What a release changes", .serialized)
struct ReleasePageTests {
    static func definition(_ version: String, items: String, extraPaths: String, models: String, settings: String) -> String {
        """
        openapi: 3.0.1
        info: {title: Shop, version: "\(version)"}
        \(settings)
        paths:
          /items:
            get:
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"statusCode": 200}'}
                responses: {default: {statusCode: "200", responseTemplates: {application/json: '\(items)'}}}
          /health:
            get:
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"statusCode": 200}'}
                responses: {default: {statusCode: "200", responseTemplates: {application/json: '{"ok": true}'}}}
        \(extraPaths)
        components:
          schemas:
        \(models)
        """
    }

    static let v1 = definition("1", items: #"{"items": [], "color": "$stageVariables.color"}"#, extraPaths: """
          /legacy:
            get:
              x-amazon-apigateway-integration: {type: mock, requestTemplates: {application/json: '{"statusCode": 200}'}, responses: {default: {statusCode: "200"}}}
        """, models: """
            Item: {type: object, properties: {id: {type: string}}}
        """, settings: "")

    static let v2 = definition("2", items: #"{"items": [], "color": "$stageVariables.color", "page": 1}"#, extraPaths: """
          /basket:
            get:
              x-amazon-apigateway-integration: {type: mock, requestTemplates: {application/json: '{"statusCode": 200}'}, responses: {default: {statusCode: "200"}}}
        """, models: """
            Item: {type: object, properties: {id: {type: string}, name: {type: string}}}
            Basket: {type: object}
        """, settings: "x-amazon-apigateway-binary-media-types: [image/png]")

    static let files: [String: String] = [
        "Content/portico.yml": """
        site: {title: Releases}
        apis:
          - name: shop
            definition: apis/shop.yaml
            endpointType: REGIONAL
            deployments:
              - {id: v1, definition: apis/shop.v1.yaml, description: first}
              - {id: v2, definition: apis/shop.v2.yaml}
            stages:
              - stageName: prod
                deploymentId: v1
                variables: {color: blue}
                canarySettings: {deploymentId: v2, percentTraffic: 10, stageVariableOverrides: {color: red}}
              - stageName: beta
                variables: {color: blue}
                methodSettings: {"*/*": {throttlingRateLimit: 5, throttlingBurstLimit: 10}}
        """,
        "Content/apis/shop.yaml": v2,
        "Content/apis/shop.v1.yaml": v1,
        "Content/apis/shop.v2.yaml": v2,
        "Content/index.md": """
        # Shop

        ```http example api=shop stage=prod canary=false expect=200
        GET /items
        ```

        ```http example api=shop stage=prod expect=200
        GET /health
        ```

        A burst to prod, split between the releases:

        ```http example api=shop stage=prod repeat=50 expect=200
        GET /health
        ```
        """,
    ]

    static let built = Task { () -> SiteBuilder.Result in
        let project = try! TemporaryDirectory()
        defer { project.remove() }
        try! project.write(files)
        return await SiteBuilder(projectRoot: project.path).build()
    }

    static func main(_ page: String) -> String {
        guard let start = page.range(of: "<main id=\"main\" tabindex=\"-1\">\n"), let end = page.range(of: "</main>") else { return page }
        return String(page[start.upperBound..<end.lowerBound])
    }

    @Test("the page lists each comparison's settings, the definitions' differences and the examples that answer differently, side by side")
    func page() async throws {
        let result = await Self.built.value
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted)")
        let page = try #require(result.files.text("reference/shop/releases.html"))
        assertGolden(Self.main(page), named: "release-shop.html")
        // The overview links to it.
        #expect(try #require(result.files.text("reference/shop/index.html")).contains("<a href=\"releases.html\">what a release changes</a>"))
    }

    @Test("the definition diff names what was added, removed and changed")
    func definitionDiff() throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(["a.yaml": Self.v1, "b.yaml": Self.v2])
        let diff = try #require(DefinitionDiff.between("a.yaml", "b.yaml", contentDirectory: root.path))
        #expect(diff.entries.map { "\($0.section.rawValue) \($0.change.rawValue) \($0.name)" + ($0.details.isEmpty ? "" : ": " + $0.details.joined(separator: "; ")) } == [
            "Routes removed /legacy",
            "Routes added /basket",
            #"Methods changed GET /items: x-amazon-apigateway-integration › responses › default › responseTemplates › application/json: '{"items": [], "color": "$stageVariables.color"}' → '{"items": [], "color": "$stageVariables.color", "page": 1}'"#,
            "Models changed Item: properties › name: (none) → {type: string}",
            "Models added Basket",
            "Settings added x-amazon-apigateway-binary-media-types",
        ])
        #expect(DefinitionDiff.between("a.yaml", "a.yaml", contentDirectory: root.path)?.isEmpty == true)
    }

    @Test("a burst to a stage with a canary shows the split as a sentence and a bar")
    func split() async throws {
        let result = await Self.built.value
        let index = try #require(result.files.text("index.html"))
        let start = try #require(index.range(of: "<p class=\"burst-summary\">", options: .backwards))
        let end = try #require(index.range(of: "</figure>", range: start.upperBound..<index.endIndex))
        assertGolden(String(index[start.lowerBound..<end.upperBound]), named: "canary-split.html")
    }
}
