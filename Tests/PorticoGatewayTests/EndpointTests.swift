import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import Testing

@Suite("Endpoints: execute-api hosts and custom domain names")
struct EndpointTableTests {
    static let here = SourceLocation(file: "portico.yml", line: 1, column: 1)

    static func project() -> Project {
        let orders = APIDeployment(name: "orders", definitionPath: "orders.yaml", endpointType: .regional,
                                   stages: [Stage(stageName: "prod"), Stage(stageName: "test")],
                                   definition: RestAPI(title: "Orders", operations: []), location: here)
        let billing = APIDeployment(name: "billing", definitionPath: "billing.yaml", endpointType: .regional,
                                    stages: [Stage(stageName: "v1")],
                                    definition: RestAPI(title: "Billing", operations: []), location: here)
        var project = Project(contentDirectory: "/tmp", site: SiteSettings(title: "T"), apis: [orders, billing])
        project.domains = [
            CustomDomainName(domainName: "api.example.com", basePathMappings: [
                BasePathMapping(basePath: "", api: "orders", stage: "prod", location: here),
                BasePathMapping(basePath: "billing", api: "billing", stage: "v1", location: here),
                BasePathMapping(basePath: "billing/old", api: "orders", stage: "test", location: here),
            ], location: here),
            CustomDomainName(domainName: "pay.example.com", basePathMappings: [
                BasePathMapping(basePath: "v2", api: "billing", stage: "v1", location: here),
            ], location: here),
        ]
        return project
    }

    let table = EndpointTable(project: project())
    let ordersHost = APIFacts(apiName: "orders").host
    let ordersLocal = APIFacts(apiName: "orders").apiId + ".execute-api.localhost:8080"

    @Test("the execute-api host takes the stage from the first path segment")
    func executeAPI() {
        #expect(table.resolve(host: ordersHost, target: "/prod/items/42?x=1")
                == .endpoint(Endpoint(api: "orders", stage: "prod", requestPath: "/prod/items/42"), path: "/items/42?x=1"))
        #expect(table.resolve(host: ordersLocal, target: "/test")
                == .endpoint(Endpoint(api: "orders", stage: "test", requestPath: "/test"), path: "/"))
        #expect(table.resolve(host: ordersLocal.uppercased(), target: "/prod/")
                == .endpoint(Endpoint(api: "orders", stage: "prod", requestPath: "/prod/"), path: "/"))
    }

    // Recorded AWS response: LocalStack tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
    // test_lambda_aws_proxy_integration › invocation-payload-with-prepended-slash-to-stage
    // (`//stage/proxy-value`: requestContext.path "/stage/proxy-value"); slashes after the stage
    // are the routing's (invocation-payload-with-prepended-slash keeps them in requestContext.path).
    /// An HTTP API answers a stage it does not have with HTTP API's 404 `{"message":"Not
    /// Found"}` (``GatewayResponse/httpNotFound``), not REST's 403 Forbidden; with a `$default`
    /// stage, every path goes to it (DG: http-api-stages).
    @Test("an HTTP API without a $default stage: an unknown stage is not found, not forbidden")
    func httpAPIUnknownStage() {
        var definition = RestAPI(title: "Events", operations: [])
        definition.kind = .http
        var project = Self.project()
        project.apis.append(APIDeployment(name: "events", definitionPath: "events.yaml", endpointType: .regional,
                                          stages: [Stage(stageName: "live")], definition: definition, location: Self.here))
        let table = EndpointTable(project: project)
        let host = APIFacts(apiName: "events").host
        #expect(table.resolve(host: host, target: "/live/items")
                == .endpoint(Endpoint(api: "events", stage: "live", requestPath: "/live/items"), path: "/items"))
        #expect(table.resolve(host: host, target: "/prod/items") == .notFound("HTTP API 'events' has no stage 'prod' and no $default stage"))
        #expect(table.resolve(host: host, target: "/") == .notFound("no stage in the path, and the HTTP API has no $default stage"))
        // A REST API's unknown stage stays 403.
        #expect(table.resolve(host: ordersHost, target: "/beta/items") == .forbidden("API 'orders' has no stage 'beta'"))
        #expect(GatewayResponse.httpNotFound == GatewayResponse(status: 404, headers: [HTTPHeader("Content-Type", "application/json")],
                                                                body: #"{"message":"Not Found"}"#))
    }

    @Test("slashes before the stage are skipped; those after it stay in the stage-relative path")
    func slashesAroundTheStage() {
        #expect(table.resolve(host: ordersHost, target: "//prod/items/42?x=1")
                == .endpoint(Endpoint(api: "orders", stage: "prod", requestPath: "//prod/items/42"), path: "/items/42?x=1"))
        #expect(table.resolve(host: ordersHost, target: "/prod//items/42")
                == .endpoint(Endpoint(api: "orders", stage: "prod", requestPath: "/prod//items/42"), path: "//items/42"))
    }

    @Test("the routed path takes a run of leading slashes as one and keeps the rest", arguments: [
        ("//hardcoded?x=1", "/hardcoded"), ("///a//b/", "/a//b/"), ("/a//b", "/a//b"), ("/", "/"), ("//", "/"), ("/items/", "/items/"),
    ])
    func routedPath(path: String, routed: String) {
        #expect(GatewayRequest(method: "GET", path: path).routedPath == routed)
    }

    // An unknown stage, or none, is answered 403 {"message":"Forbidden"} on the execute-api host
    // (a path without the stage segment answers Forbidden: OWASP/Serverless-Goat issue #14,
    // observed on AWS).
    @Test("an unknown stage or no stage is Forbidden", arguments: ["/", "/staging/items", "/items/42", ""])
    func unknownStage(target: String) {
        guard case .forbidden = table.resolve(host: ordersHost, target: target) else {
            Issue.record("expected forbidden for \(target)"); return
        }
    }

    // The longest base path whose segments begin the path wins, else the (none) mapping
    // (DG: rest-api-mappings; AWS Knowledge Center: api-gateway-403-custom-domain).
    @Test("custom domains pick the longest matching base path, else the root mapping", arguments: [
        ("/billing/invoices/7", "billing", "v1", "/invoices/7", "billing"),
        ("/billing", "billing", "v1", "/", "billing"),
        ("/billing/old/items?q=1", "orders", "test", "/items?q=1", "billing/old"),
        ("/billingX/items", "orders", "prod", "/billingX/items", ""),
        ("/items/42", "orders", "prod", "/items/42", ""),
        ("/", "orders", "prod", "/", ""),
    ])
    func customDomain(target: String, api: String, stage: String, path: String, basePath: String) {
        let pathOnly = String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        // The mapping matched is kept for `$context.customDomain.basePathMatched` (empty: the (none) mapping).
        var expected = Endpoint(api: api, stage: stage, customDomainName: "api.example.com", customDomainPath: pathOnly, requestPath: pathOnly)
        expected.customDomainBasePath = basePath
        #expect(table.resolve(host: "API.example.com:443", target: target) == .endpoint(expected, path: path))
    }

    @Test("a custom domain without a matching mapping is Forbidden; other hosts are not the gateway's")
    func noMapping() {
        guard case .forbidden = table.resolve(host: "pay.example.com", target: "/v1/x") else {
            Issue.record("expected forbidden"); return
        }
        #expect(table.resolve(host: "127.0.0.1:8080", target: "/prod/items") == .unknownHost)
        #expect(table.answers(host: "pay.example.com:8443"))
        #expect(!table.answers(host: "localhost"))
    }
}

@Suite("HTTP text helpers")
struct HTTPTextTests {
    @Test("header names compare with ASCII case folding only", arguments: [
        ("Content-Type", "content-type", true), ("X-AMZ-Date", "x-amz-date", true), ("Accept", "Accept-", false),
        ("Accept", "Acceqt", false), ("@", "`", false), ("[", "{", false), ("ÄB", "äb", false), ("", "", true),
    ])
    func caseFolding(a: String, b: String, equal: Bool) {
        #expect(a.equalsIgnoringASCIICase(b) == equal)
        #expect(HTTPHeader(a, "v").hasName(b) == equal)
    }

    @Test("a query string without escapes is copied; with escapes it is decoded")
    func formDecode() {
        #expect(QueryString.formDecode("plain-value_1.2~"[...]) == "plain-value_1.2~")
        #expect(QueryString.formDecode("a%20b+c%zz"[...]) == "a b c%zz")
    }
}

@Suite("Resource tree walk")
struct ResourceTreeTests {
    // Precedence is per segment, but a static segment that leads nowhere gives way to the
    // parameter beside it (DG: set-up-lambda-proxy-integrations, "more specific routes win").
    @Test("a static branch that leads nowhere falls back to the parameter beside it")
    func backtracking() {
        let matcher = ResourceMatcher(resourcePaths: ["/a/b/c", "/a/{x}/d", "/a/{x}/{y+}"])
        #expect(matcher.match(path: "/a/b/d")?.resourcePath == "/a/{x}/d")
        #expect(matcher.match(path: "/a/b/d")?.parameters.map(\.value) == ["b"])
        #expect(matcher.match(path: "/a/b/c")?.resourcePath == "/a/b/c")
        #expect(matcher.match(path: "/a/b/e/f")?.resourcePath == "/a/{x}/{y+}")
        #expect(matcher.match(path: "/a/b/e/f")?.parameters.map(\.value) == ["b", "e/f"])
        #expect(matcher.match(path: "/a/b") == nil)
    }

    @Test("a path of thousands of segments is refused quickly")
    func longPath() {
        let matcher = ResourceMatcher(resourcePaths: ["/{a}/{b}/{c}", "/x/{proxy+}"])
        let path = "/" + Array(repeating: "s", count: 50_000).joined(separator: "/")
        #expect(matcher.match(path: path) == nil)
        #expect(matcher.match(path: "/x" + path)?.resourcePath == "/x/{proxy+}")
    }
}
