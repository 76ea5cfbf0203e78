import Diagnostics
import Foundation
import PorticoModel
import Testing
import TestSupport

/// Diagnostics with the fixture's folder replaced by nothing, so expected lines stay short.
private func diagnostics(ofProject name: String) -> [String] {
    var diagnostics = DiagnosticEngine()
    _ = ProjectLoader(root: fixture(name)).load(diagnostics: &diagnostics)
    return diagnostics.sorted.map { DiagnosticFormatter.format($0).replacingOccurrences(of: fixture(name) + "/", with: "") }
}

/// Loads one file of `Fixtures/robustness` as an OpenAPI definition.
private func diagnostics(ofDefinition file: String) -> [String] {
    var diagnostics = DiagnosticEngine()
    let path = fixture("robustness/\(file)")
    if let source = YAMLSource.read(path: path, displayPath: file, diagnostics: &diagnostics) {
        _ = OpenAPILoader().load(source, diagnostics: &diagnostics)
    }
    return diagnostics.sorted.map(DiagnosticFormatter.format)
}

@Suite("Broken definitions and projects")
struct DiagnosticFixtureTests {
    @Test("every reference to something undefined is located, naming the closest known name (an undeclared Lambda function is a warning: exports build)")
    func brokenReferences() {
        #expect(diagnostics(ofProject: "broken-references") == [
            "Content/apis/chat.yaml:3:5: warning: function 'checker' (authorizer 'check') is not declared under 'functions', so it has no local code: WebSocket APIs are not simulated yet [project.unknown-function]",
            "Content/apis/chat.yaml:6:19: error: authorizer 'chek' is not declared in 'authorizers'; did you mean 'check'? [websocket.unknown-authorizer]",
            "Content/apis/chat.yaml:7:13: error: route '$connect' targets integration 'conect', which is not declared in 'integrations'; did you mean 'connect'? [websocket.unknown-integration]",
            "Content/apis/chat.yaml:11:5: warning: function 'connect' (integration 'connect') is not declared under 'functions', so it has no local code: WebSocket APIs are not simulated yet [project.unknown-function]",
            "Content/apis/chat.yaml:14:5: error: backend 'echo' (integration 'send') is not defined [project.unknown-backend]",
            "Content/apis/shop.yaml:6:3: error: unknown gateway response type 'THROTTLE'; did you mean 'THROTTLED'? [openapi.gateway-response-type]",
            "Content/apis/shop.yaml:11:11: error: security scheme (authorizer) 'tokn' is not declared in components.securitySchemes; did you mean 'token'? [openapi.unknown-authorizer]",
            "Content/apis/shop.yaml:12:46: error: request validator 'basik' is not declared in x-amazon-apigateway-request-validators; did you mean 'basic'? [openapi.unknown-validator]",
            "Content/apis/shop.yaml:14:17: error: $ref '#/components/parameters/First' leads back to itself: #/components/parameters/First → #/components/parameters/Second [openapi.ref-cycle]",
            "Content/apis/shop.yaml:20:30: error: $ref '#/components/schemas/Pett' does not exist; did you mean 'Pet'? [openapi.unknown-ref]",
            "Content/apis/shop.yaml:22:9: warning: function 'order' (integration of GET /pets) is not declared under 'functions', so it has no local code: its requests answer 500 Internal server error; did you mean 'orders'? [project.unknown-function]",
            "Content/apis/shop.yaml:25:3: error: greedy path variable '{proxy+}' must be the last segment of '/{proxy+}/items' [openapi.greedy-not-last]",
            "Content/apis/shop.yaml:29:9: warning: stage variable 'hots' used in the integration URI of POST /{proxy+}/items is defined in no stage of API 'shop' [project.undefined-stage-variable]",
            "Content/apis/shop.yaml:33:47: error: requestParameters maps 'method.request.header.X-Trace', which POST /{proxy+}/items does not declare in 'parameters' [integration.undeclared-parameter]",
            "Content/apis/shop.yaml:37:47: error: $ref '#/components/x-amazon-apigateway-integrations/missing' does not exist [openapi.unknown-ref]",
            "Content/apis/shop.yaml:40:19: error: $ref '#/components/parameters/Second' leads back to itself: #/components/parameters/Second → #/components/parameters/First [openapi.ref-cycle]",
            "Content/apis/shop.yaml:41:20: error: $ref '#/components/parameters/First' leads back to itself: #/components/parameters/First → #/components/parameters/Second [openapi.ref-cycle]",
            "Content/apis/shop.yaml:51:9: warning: user pool 'us-east-1_Customer' of authorizer 'cognito' is not declared under identities.userPools; did you mean 'us-east-1_Customers'? [project.unknown-user-pool]",
            "Content/portico.yml:8:11: error: method setting key '/pets/GETT' must be '*/*' or '/path/METHOD' (for example '/pets/{id}/GET') [project.method-setting-key]",
            "Content/portico.yml:9:11: warning: method setting '/missing/GET' of stage 'prod' names no method of API 'shop' [project.unknown-method]",
            "Content/portico.yml:9:64: error: unknown loggingLevel 'LOUD'; expected OFF, ERROR, INFO [project.value]",
            "Content/portico.yml:10:42: error: percentTraffic must be between 0 and 100, found 150 [project.canary-percent]",
            "Content/portico.yml:17:15: error: API 'shopp' is not defined; did you mean 'shop'? [project.unknown-api]",
            "Content/portico.yml:18:28: error: stage 'prood' of API 'shop' is not defined; did you mean 'prod'? [project.unknown-stage]",
            "Content/portico.yml:22:11: warning: throttle '/pets/PUT' of usage plan 'basic' names no method of API 'shop' [project.unknown-method]",
            "Content/portico.yml:23:11: error: throttle key 'pets' must be '/path/METHOD' (for example '/pets/{id}/GET') [project.method-setting-key]",
            "Content/portico.yml:26:18: error: usage plan 'basik' is not defined; did you mean 'basic'? [project.unknown-usage-plan]",
            "Content/portico.yml:30:11: error: code folder 'functions/missing' of function 'orders' does not exist [project.function-code-missing]",
            "Content/portico.yml:33:57: error: stage 'dev' of API 'shop' is not defined [project.unknown-stage]",
            "Content/portico.yml:39:42: error: group 'admin' of user pool 'customers' is not defined; did you mean 'admins'? [project.unknown-group]",
        ])
    }

    @Test("values outside what AWS accepts, duplicates and unknown enum spellings are located errors")
    func brokenValues() {
        // Ranges: limits (stage variables, cache TTL 0-3600, authorizer TTL ≤ 3600, minimum compression
        // size ≤ 10485760); enums: api-gateway-swagger-extensions-api-key-source, -endpoint-configuration,
        // -integration (connectionType, contentHandling), http-api-develop-integrations-lambda (payload 1.0/2.0),
        // apigateway-websocket-api-selection-expressions (API key selection expressions).
        #expect(diagnostics(ofProject: "broken-values") == [
            "Content/apis/socket.yaml:1:15: error: protocolType must be WEBSOCKET in a WebSocket API file, found 'HTTP' [websocket.protocol-type]",
            "Content/apis/socket.yaml:3:28: error: apiKeySelectionExpression must be $request.header.x-api-key or $context.authorizer.usageIdentifierKey, found '$request.querystring.key' [websocket.api-key-selection]",
            "Content/apis/socket.yaml:5:33: error: WebSocket APIs support only REQUEST (Lambda) authorizers, found 'JWT' [websocket.authorizer-type]",
            "Content/apis/socket.yaml:7:45: error: unknown authorizationType 'COGNITO_USER_POOLS'; expected NONE, AWS_IAM or CUSTOM [websocket.authorization-type]",
            "Content/apis/socket.yaml:8:16: error: a route with key '$connect' is already declared [websocket.duplicate-route]",
            "Content/apis/socket.yaml:11:5: error: an integration named 'i' is already declared [websocket.duplicate-integration]",
            "Content/apis/values.yaml:3:37: error: unknown x-amazon-apigateway-api-key-source 'COOKIE'; expected HEADER or AUTHORIZER [openapi.api-key-source]",
            "Content/apis/values.yaml:4:47: error: x-amazon-apigateway-minimum-compression-size must be between 0 and 10485760, found 20000000 [openapi.minimum-compression-size]",
            "Content/apis/values.yaml:6:10: error: unknown endpoint type 'GLOBAL'; expected EDGE, REGIONAL or PRIVATE [openapi.endpoint-type]",
            "Content/apis/values.yaml:11:25: error: parameter 'q' has unknown location 'body'; expected path, query, header or cookie [openapi.parameter-location]",
            "Content/apis/values.yaml:12:40: error: unknown x-amazon-apigateway-auth type 'OAUTH'; expected NONE or AWS_IAM [openapi.auth-type]",
            "Content/apis/values.yaml:17:25: error: unknown connectionType 'DIRECT'; expected INTERNET or VPC_LINK [integration.connection-type]",
            "Content/apis/values.yaml:18:26: error: unknown contentHandling 'CONVERT_TO_JSON'; expected CONVERT_TO_BINARY or CONVERT_TO_TEXT [integration.content-handling]",
            "Content/apis/values.yaml:19:31: error: payloadFormatVersion must be 1.0 or 2.0, found 3.0 [integration.payload-format]",
            "Content/apis/values.yaml:20:3: error: path 'pets' must start with '/' [openapi.path]",
            "Content/apis/values.yaml:29:15: error: unknown authorizer type 'saml'; expected token, request, cognito_user_pools or jwt [openapi.authorizer-type]",
            // An HTTP API (its integration has a payloadFormatVersion): its Lambda authorizers
            // are `request` ones with a function (DG: api-gateway-swagger-extensions-authorizer).
            "Content/apis/values.yaml:35:9: error: TOKEN authorizer 'slow' needs an authorizerUri naming its Lambda function [openapi.authorizer-uri]",
            "Content/apis/values.yaml:35:15: error: HTTP APIs take Lambda authorizers of type request only; authorizer 'slow' is token [openapi.authorizer-payload-format]",
            "Content/apis/values.yaml:36:39: error: authorizerResultTtlInSeconds must be between 0 and 3600, found 7200 [openapi.authorizer-ttl]",
            "Content/apis/values.yaml:37:39: error: identityValidationExpression '^Bearer [a-z' is not a valid regular expression [openapi.identity-validation-expression]",
            "Content/portico.yml:4:11: error: unknown API type 'GRAPHQL'; expected REST, HTTP or WEBSOCKET [project.api-type]",
            "Content/portico.yml:7:21: error: stage variable name 'bad-name' must be 1 to 64 letters, digits or underscores [project.stage-variable]",
            "Content/portico.yml:8:9: error: 'cacheClusterSize' is a REST API stage setting; HTTP APIs do not support it [aws.rest-only-on-http]",
            "Content/portico.yml:8:27: error: cacheClusterSize '2' is not one of 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237 [project.cache-cluster-size]",
            "Content/portico.yml:9:9: error: 'methodSettings' is a REST API stage setting; HTTP APIs do not support it; HTTP APIs throttle with routeSettings and defaultRouteSettings [aws.rest-only-on-http]",
            "Content/portico.yml:10:38: error: cacheTtlInSeconds must be between 0 and 3600, found 7200 [project.cache-ttl]",
            "Content/portico.yml:11:20: error: API 'values' already has a stage named 'prod' [project.duplicate-stage]",
            "Content/portico.yml:15:5: error: an API named 'values' is already declared [project.duplicate-api]",
            "Content/portico.yml:18:5: error: API 'stageless' has no stages; add one under 'stages' (stageName: prod) [project.no-stage]",
            "Content/portico.yml:22:45: error: unknown quota period 'YEAR'; expected DAY, WEEK or MONTH [project.quota-period]",
            "Content/portico.yml:23:5: error: a usage plan named 'plan' is already declared [project.duplicate-usage-plan]",
            "Content/portico.yml:25:26: error: the value of API key 'short' must be at least 20 characters long [project.api-key-value]",
            "Content/portico.yml:27:24: error: unknown runtime 'ruby' of function 'f'; expected python3, nodejs or command [project.function-runtime]",
            "Content/portico.yml:28:58: error: timeout of function 'g' must be between 1 and 900 seconds, found 901 [project.function-timeout]",
            "Content/portico.yml:28:75: error: memorySize of function 'g' must be between 128 and 10240 MB, found 64 [project.function-memory]",
            "Content/portico.yml:29:5: error: a function named 'g' is already declared [project.duplicate-function]",
            "Content/portico.yml:32:5: error: a backend named 'b' is already declared [project.duplicate-backend]",
            "Content/portico.yml:37:20: error: domain 'api.example.com' already maps base path 'v1' [project.duplicate-base-path]",
        ])
    }

    @Test("mapping expressions, identity sources, cache keys and security scheme types that do not fit are located; the rest loads")
    func brokenMappings() {
        // DG: request-response-data-mappings (sources and targets by place), api-gateway-swagger-extensions-gateway-responses
        // (gateway responses read the method request), apigateway-websocket-api-lambda-auth (WebSocket identity sources),
        // the API reference's Authorizer identitySource (REST) and Integration cacheKeyParameters; security scheme types are
        // OpenAPI's, and api-gateway-swagger-extensions-authtype reserves 'aws…' but lets Lambda authorizers carry a label.
        #expect(diagnostics(ofProject: "broken-mappings") == [
            "Content/apis/chat.yaml:5:49: error: unknown identity source 'route.request.body.token'; expected route.request.header.NAME, route.request.querystring.NAME, stageVariables.NAME or context.NAME [websocket.identity-source]",
            "Content/apis/shop.yaml:15:48: error: an integration request cannot read 'integration.response.header.X-Answer'; expected method.request.path|querystring|multivaluequerystring|header|multivalueheader.NAME, method.request.body, stageVariables.NAME, context.NAME or a 'quoted' value [integration.parameter]",
            "Content/apis/shop.yaml:16:11: error: 'integration.request.body' is not a parameter an integration request can set; expected integration.request.path|querystring|header.NAME [integration.parameter]",
            "Content/apis/shop.yaml:17:46: error: 'method.request.querystring' is not a mapping expression; expected method.request.path|querystring|multivaluequerystring|header|multivalueheader.NAME, method.request.body, stageVariables.NAME, context.NAME or a 'quoted' value [integration.parameter]",
            "Content/apis/shop.yaml:18:54: error: unknown cache key parameter 'context.requestId'; expected method.request.path|querystring|multivaluequerystring|header|multivalueheader.NAME [integration.cache-key]",
            "Content/apis/shop.yaml:23:44: error: an integration response cannot read 'method.request.path.id'; expected integration.response.header|multivalueheader.NAME, integration.response.body, stageVariables.NAME, context.NAME or a 'quoted' value [integration.response-parameter]",
            "Content/apis/shop.yaml:35:25: error: unknown identity source '$request.header.Authorization'; expected method.request.header.NAME, method.request.querystring.NAME, stageVariables.NAME or context.NAME [openapi.identity-source]",
            "Content/apis/shop.yaml:37:13: error: unknown security scheme type 'apikey'; expected apiKey, http, mutualTLS, oauth2, openIdConnect; did you mean 'apiKey'? [openapi.security-scheme-type]",
            "Content/apis/shop.yaml:44:37: error: x-amazon-apigateway-authtype 'awsIam' is reserved: AWS reserves awsSigv4 and every value starting with 'aws' [openapi.security-scheme-authtype]",
            "Content/apis/shop.yaml:49:37: warning: unknown x-amazon-apigateway-authtype 'oauth-internal'; expected custom, cognito_user_pools or awsSigv4 (API Gateway keeps other values as a label, which Portico ignores) [openapi.security-scheme-authtype]",
            "Content/apis/shop.yaml:57:38: error: a gateway response cannot read 'integration.response.body'; expected method.request.path|querystring|multivaluequerystring|header|multivalueheader.NAME, method.request.body, stageVariables.NAME, context.NAME or a 'quoted' value [openapi.gateway-response-parameter]",
        ])
        // What is good still loads: the model keeps going past every bad entry.
        var engine = DiagnosticEngine()
        let project = ProjectLoader(root: fixture("broken-mappings")).load(diagnostics: &engine)
        let integration = project?.api(named: "shop")?.definition.operations.first?.integration
        #expect(integration?.requestParameters.map(\.target) == [.integrationRequestPath("id")])
        #expect(integration?.cacheKeyParameters.map(\.text) == ["method.request.path.id"])
        #expect(integration?.responses.first?.responseParameters.map(\.source) == [.integrationResponseHeader("ETag")])
        #expect(project?.api(named: "shop")?.definition.gatewayResponses.first?.responseParameters.map(\.targetText) == ["gatewayresponse.header.X-Trace"])
        #expect(project?.api(named: "shop")?.definition.authorizers.first?.identitySources.map(\.text) == ["method.request.header.Authorization"])
        #expect(project?.api(named: "chat")?.webSocketAPI?.authorizers.first?.identitySources.map(\.source) == [.methodRequestHeader("Auth")])
        let schemes = project?.api(named: "shop")?.definition.securitySchemes ?? []
        #expect(schemes.map(\.name) == ["tokens", "keys", "signed", "labelled"])
        #expect(schemes.map(\.type) == [.apiKey, nil, .apiKey, .apiKey])
        #expect(schemes.map(\.authType) == [.custom, nil, nil, nil])
        // A misspelt type is not an API key scheme; an unknown authtype is not IAM; the labelled Lambda authorizer still loads.
        #expect(schemes.map(\.isAPIKey) == [false, false, false, false])
        #expect(project?.api(named: "shop")?.definition.authorizers.map(\.name) == ["tokens", "labelled"])
    }

    @Test("definitions AWS would refuse are errors; AWS_PROXY with GET is not (it fails at run time)")
    func awsRules() {
        // DG: http-api-vs-rest: JWT authorizers are HTTP-only; MOCK, API keys, usage plans, request validation,
        // custom gateway responses and edge/private endpoints are REST-only (endpoint types also:
        // DG: api-gateway-api-endpoint-types). WebSocket APIs authorize on $connect only
        // (DG: apigateway-websocket-api-lambda-auth).
        // rest.yaml's AWS_PROXY integration uses GET and draws no diagnostic: AWS imports it and answers
        // 500 at run time (recorded AWS response: LocalStack
        // tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
        // test_lambda_aws_proxy_integration_non_post_method).
        #expect(diagnostics(ofProject: "broken-rules") == [
            "Content/apis/http.yaml:4:10: error: HTTP APIs support only REGIONAL endpoints, found PRIVATE [aws.endpoint-type-on-http]",
            "Content/apis/http.yaml:6:3: error: request validators are not supported on HTTP APIs [aws.validator-on-http]",
            "Content/apis/http.yaml:8:3: error: custom gateway responses are not supported on HTTP APIs (DEFAULT_4XX) [aws.gateway-response-on-http]",
            "Content/apis/http.yaml:12:7: error: API keys are not supported on HTTP APIs (route 'GET /items' requires one) [aws.api-key-on-http]",
            "Content/apis/http.yaml:15:9: error: MOCK integrations are not supported on HTTP APIs (route 'GET /items') [aws.mock-on-http]",
            // DG: http-api-vs-rest: HTTP APIs transform with parameter mapping, not templates;
            // stage caches, canaries and X-Ray are REST's; route settings and auto-deploy HTTP's.
            "Content/apis/http.yaml:24:47: error: mapping templates are not supported on HTTP APIs (route 'POST /orders'); use requestParameters [aws.rest-only-on-http]",
            "Content/apis/rest.yaml:17:9: error: JWT authorizer 'jwt' is only supported on HTTP APIs; a REST API uses a Lambda or Cognito authorizer [aws.jwt-on-rest]",
            "Content/apis/socket.yaml:8:5: error: route 'sendmessage' cannot have authorization; WebSocket APIs authorize on the $connect route only [aws.websocket-authorizer-not-connect]",
            "Content/portico.yml:4:32: error: autoDeploy, routeSettings and defaultRouteSettings are HTTP API stage settings; a REST API stage uses methodSettings and deployments [aws.http-only-on-rest]",
            "Content/portico.yml:4:48: warning: method setting 'GET /x' of stage 'prod' names no method of API 'rest' [project.unknown-method]",
            "Content/portico.yml:4:98: error: the $default stage exists only on HTTP and WebSocket APIs; REST API stage names are letters, digits, hyphens and underscores [aws.http-only-on-rest]",
            "Content/portico.yml:8:19: error: HTTP APIs support only REGIONAL endpoints, found EDGE [aws.endpoint-type-on-http]",
            "Content/portico.yml:9:32: error: 'cacheClusterEnabled' is a REST API stage setting; HTTP APIs do not support it [aws.rest-only-on-http]",
            "Content/portico.yml:9:59: error: 'methodSettings' is a REST API stage setting; HTTP APIs do not support it; HTTP APIs throttle with routeSettings and defaultRouteSettings [aws.rest-only-on-http]",
            "Content/portico.yml:15:23: error: usage plans are not supported on HTTP APIs ('http' is an HTTP API) [aws.usage-plan-on-http]",
        ])
    }
}

@Suite("Bad input never crashes or hangs")
struct RobustnessTests {
    @Test("an empty file")
    func empty() {
        #expect(diagnostics(ofDefinition: "empty.yaml") == ["empty.yaml:1:1: error: file is empty; expected a mapping [yaml.empty]"])
    }

    @Test("binary junk that is not UTF-8")
    func junk() {
        #expect(diagnostics(ofDefinition: "junk.bin") == ["junk.bin:1:1: error: file is not valid UTF-8 text [file.encoding]"])
    }

    @Test("control characters in otherwise valid text")
    func controlCharacters() {
        #expect(diagnostics(ofDefinition: "control.yaml") == ["control.yaml:3:10: error: control characters are not allowed [yaml.syntax]"])
    }

    @Test("deep flow nesting stops at the depth limit")
    func deepFlow() {
        #expect(diagnostics(ofDefinition: "deep-flow.json") == ["deep-flow.json:1:32: error: nesting is deeper than 128 levels [yaml.too-deep]"])
    }

    @Test("deep block nesting stops at the depth limit")
    func deepBlock() {
        #expect(diagnostics(ofDefinition: "deep-block.yaml") == ["deep-block.yaml:4:257: error: nesting is deeper than 128 levels [yaml.too-deep]"])
    }

    @Test("a $ref cycle is an error; a recursive schema is not")
    func referenceCycle() {
        #expect(diagnostics(ofDefinition: "cycle.yaml") == [
            "cycle.yaml:9:28: error: $ref '#/components/schemas/A' leads back to itself: #/components/schemas/A → #/components/schemas/B [openapi.ref-cycle]",
            "cycle.yaml:13:15: error: $ref '#/components/schemas/B' leads back to itself: #/components/schemas/B → #/components/schemas/A [openapi.ref-cycle]",
            "cycle.yaml:14:15: error: $ref '#/components/schemas/A' leads back to itself: #/components/schemas/A → #/components/schemas/B [openapi.ref-cycle]",
        ])
    }

    @Test("aliases that expand exponentially are refused, not expanded")
    func billionLaughs() {
        #expect(diagnostics(ofDefinition: "aliases.yaml") == [
            "aliases.yaml:8:38: error: aliases expand to more than 100000 nodes [yaml.too-large]",
        ])
    }

    @Test("a duplicate key")
    func duplicateKey() {
        #expect(diagnostics(ofDefinition: "duplicate.yaml") == ["duplicate.yaml:6:3: error: duplicate key '/a' in a mapping [yaml.duplicate-key]"])
    }

    @Test("an OpenAPI 2.0 file says how to export OpenAPI 3")
    func swagger() {
        #expect(diagnostics(ofDefinition: "swagger.yaml") == [
            "swagger.yaml:1:10: error: OpenAPI 2.0 (swagger) is not supported; export the API as OpenAPI 3 (--export-type oas30) [openapi.version]",
        ])
    }

    @Test("values of the wrong type")
    func wrongTypes() {
        #expect(diagnostics(ofDefinition: "types.yaml") == [
            "types.yaml:3:41: error: 'x-amazon-apigateway-binary-media-types' must be a list of strings, found a mapping [model.type]",
            "types.yaml:4:47: error: 'x-amazon-apigateway-minimum-compression-size' must be an integer, found 'big' [model.type]",
            "types.yaml:11:26: error: 'timeoutInMillis' must be an integer, found a list [model.type]",
            "types.yaml:12:27: error: 'requestTemplates' must be a mapping, found 'application/json' [model.type]",
        ])
    }

    @Test("a 10 MB definition is refused before parsing, as AWS refuses imports over 6 MB")
    func tenMegabytes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var text = "openapi: 3.0.1\ninfo: {title: Big}\npaths:\n"
        var index = 0
        while text.utf8.count < 10 * 1024 * 1024 {
            text += "  /items\(index):\n    get:\n      responses: {}\n      x-amazon-apigateway-integration: {type: mock, requestTemplates: {application/json: '{\"statusCode\": 200}'}}\n"
            index += 1
        }
        try directory.write(["big.yaml": text])
        var diagnostics = DiagnosticEngine()
        let start = ContinuousClock.now
        let source = try #require(YAMLSource.read(path: directory.path + "/big.yaml", displayPath: "big.yaml", diagnostics: &diagnostics))
        #expect(OpenAPILoader().load(source, diagnostics: &diagnostics) == nil)
        #expect(ContinuousClock.now - start < .seconds(2))
        // limits: "API definition file size for import: 6 MB"
        #expect(diagnostics.sorted.map(DiagnosticFormatter.format) == [
            "big.yaml:1:1: error: definition is \(text.utf8.count) bytes; API Gateway imports definitions of at most 6291456 bytes (6 MB) [openapi.too-large]",
        ])
    }

    @Test("API keys: a repeated name or value is an error; a key in two plans of the same stage is a warning")
    func apiKeyDiagnostics() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write([
            "Content/portico.yml": """
            site: {title: Keys}
            apis:
              - {name: shop, definition: shop.yaml, stages: [{stageName: prod}]}
            usagePlans:
              - {name: basic, apiStages: [{api: shop, stage: prod}]}
              - {name: gold, apiStages: [{api: shop, stage: prod}]}
            apiKeys:
              - {name: alice, value: alice-0123456789abcdefghij, usagePlans: [basic, gold]}
              - {name: alice, value: other-0123456789abcdefghij}
              - {name: bob, value: alice-0123456789abcdefghij}
            """,
            "Content/shop.yaml": "openapi: 3.0.1\ninfo: {title: Shop, version: '1'}\npaths: {}\n",
        ])
        var diagnostics = DiagnosticEngine()
        let project = ProjectLoader(root: directory.path).load(diagnostics: &diagnostics)
        #expect(project?.apiKeys.map(\.name) == ["alice"])
        #expect(diagnostics.sorted.map { DiagnosticFormatter.format($0).replacingOccurrences(of: directory.path + "/", with: "") } == [
            "Content/portico.yml:8:5: warning: API key 'alice' is in usage plans 'basic' and 'gold', which both include stage 'prod' of API 'shop': its requests there are metered by 'basic' only [project.api-key-plans-overlap]",
            "Content/portico.yml:9:5: error: an API key named 'alice' is already declared [project.duplicate-api-key]",
            "Content/portico.yml:10:5: error: API key 'bob' has the same value as API key 'alice' [project.duplicate-api-key]",
        ])
    }
}
