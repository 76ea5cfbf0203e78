import Diagnostics
import PorticoModel
import Testing

/// Diagnostics of a definition given as text, formatted as the CLI prints them.
private func diagnostics(of text: String, kind: APIKind? = nil) -> [String] {
    var diagnostics = DiagnosticEngine()
    _ = OpenAPILoader(declaredKind: kind).load(YAMLSource(path: "api.yaml", text: text), diagnostics: &diagnostics)
    return diagnostics.sorted.map(DiagnosticFormatter.format)
}

private func load(_ text: String, kind: APIKind? = nil) -> RestAPI? {
    var diagnostics = DiagnosticEngine()
    return OpenAPILoader(declaredKind: kind).load(YAMLSource(path: "api.yaml", text: text), diagnostics: &diagnostics)
}

/// A REST API whose one method maps `requestParameters` and `responseParameters` as given
/// (each a YAML flow mapping), beside a gateway response with `gatewayParameters`.
private func definition(request: String = "{}", response: String = "{}", gateway: String = "{}", cacheKeys: String = "[]") -> String {
    """
    openapi: 3.0.1
    paths:
      /items/{id}:
        get:
          parameters: [{name: id, in: path, required: true}, {name: q, in: query}, {name: X-Trace, in: header}]
          x-amazon-apigateway-integration:
            type: http
            uri: http://example.com/{id}
            requestParameters: \(request)
            cacheKeyParameters: \(cacheKeys)
            responses:
              default:
                statusCode: "200"
                responseParameters: \(response)
    x-amazon-apigateway-gateway-responses:
      DEFAULT_4XX:
        responseParameters: \(gateway)

    """
}

@Suite("Mapping expressions")
struct MappingExpressionTests {
    // DG: request-response-data-mappings (rest-api-parameter-mapping-sources): every source form.
    @Test("each source form parses into what it names", arguments: [
        ("'static'", MappingSource.literal("static")),
        ("''", .literal("")),
        ("'it''s'", .literal("it''s")),
        ("method.request.path.id", .methodRequestPath("id")),
        ("method.request.querystring.page", .methodRequestQuery("page")),
        ("method.request.querystring.a.b", .methodRequestQuery("a.b")),
        ("method.request.multivaluequerystring.tag", .methodRequestMultiValueQuery("tag")),
        ("method.request.header.X-Trace", .methodRequestHeader("X-Trace")),
        ("method.request.multivalueheader.Accept", .methodRequestMultiValueHeader("Accept")),
        ("method.request.body", .methodRequestBody),
        ("method.request.body.order.id", .methodRequestBodyJSONPath("order.id")),
        ("stageVariables.backend", .stageVariable("backend")),
        ("context.requestId", .context(["requestId"])),
        ("context.identity.sourceIp", .context(["identity", "sourceIp"])),
        ("context.authorizer.claims.sub", .context(["authorizer", "claims", "sub"])),
        ("integration.response.header.ETag", .integrationResponseHeader("ETag")),
        ("integration.response.multivalueheader.Set-Cookie", .integrationResponseMultiValueHeader("Set-Cookie")),
        ("integration.response.body", .integrationResponseBody),
        ("integration.response.body.redirect.url", .integrationResponseBodyJSONPath("redirect.url")),
    ])
    func sources(text: String, expected: MappingSource) {
        #expect(MappingSource(expression: text) == expected)
    }

    @Test("text that is none of AWS's forms is no source", arguments: [
        "", "'", "unquoted", "method.request.path", "method.request.path.", "method.request.cookie.session",
        "method.request.body.", "method.response.header.X", "integration.request.header.X", "integration.response.path.id",
        "integration.response.header.", "stageVariables.", "context.", "context.a..b", "context.a.", "$context.requestId",
        "Method.Request.Header.X",
    ])
    func notSources(text: String) {
        #expect(MappingSource(expression: text) == nil)
    }

    @Test("each target form parses; other keys are no target", arguments: [
        ("integration.request.path.id", MappingTarget?.some(.integrationRequestPath("id"))),
        ("integration.request.querystring.page", .integrationRequestQuery("page")),
        ("integration.request.header.X-User", .integrationRequestHeader("X-User")),
        ("method.response.header.Location", .methodResponseHeader("Location")),
        ("gatewayresponse.header.WWW-Authenticate", .gatewayResponseHeader("WWW-Authenticate")),
        ("integration.request.header.", nil),
        ("integration.request.body", nil),
        ("integration.request.multivaluequerystring.tag", nil),
        ("method.response.body", nil),
        ("gatewayresponse.querystring.q", nil),
    ])
    func targets(text: String, expected: MappingTarget?) {
        #expect(MappingTarget(expression: text) == expected)
    }

    @Test("what each place may read and set")
    func places() {
        let header = MappingSource.methodRequestHeader("X")
        let answer = MappingSource.integrationResponseHeader("X")
        #expect(MappingPlace.integrationRequest.accepts(header) && !MappingPlace.integrationRequest.accepts(answer))
        #expect(!MappingPlace.integrationResponse.accepts(header) && MappingPlace.integrationResponse.accepts(answer))
        #expect(MappingPlace.gatewayResponse.accepts(header) && !MappingPlace.gatewayResponse.accepts(answer))
        for place in MappingPlace.allCases {
            #expect(place.accepts(.literal("x")) && place.accepts(.stageVariable("x")) && place.accepts(.context(["x"])))
        }
        #expect(MappingPlace.integrationRequest.accepts(.integrationRequestHeader("X")))
        #expect(!MappingPlace.integrationRequest.accepts(.methodResponseHeader("X")))
        #expect(MappingPlace.integrationResponse.accepts(.methodResponseHeader("X")))
        #expect(!MappingPlace.gatewayResponse.accepts(.methodResponseHeader("X")))
        #expect(MappingPlace.gatewayResponse.accepts(.gatewayResponseHeader("X")))
    }

    @Test("identity sources in each API's syntax", arguments: [
        // The API reference's Authorizer identitySource (REST), DG: http-api-lambda-authorizer,
        // DG: apigateway-websocket-api-lambda-auth.
        (IdentitySourceSyntax.rest, "method.request.header.Authorization", MappingSource?.some(.methodRequestHeader("Authorization"))),
        (.rest, "method.request.querystring.token", .methodRequestQuery("token")),
        (.rest, "stageVariables.realm", .stageVariable("realm")),
        (.rest, "context.requestId", .context(["requestId"])),
        (.rest, "method.request.path.id", nil),
        (.rest, "'static'", nil),
        (.rest, "$request.header.Authorization", nil),
        (.http, "$request.header.Authorization", .methodRequestHeader("Authorization")),
        (.http, "$request.querystring.token", .methodRequestQuery("token")),
        (.http, "$context.routeKey", .context(["routeKey"])),
        (.http, "$stageVariables.realm", .stageVariable("realm")),
        (.http, "$request.path.id", nil),
        (.http, "method.request.header.Authorization", nil),
        (.webSocket, "route.request.header.Auth", .methodRequestHeader("Auth")),
        (.webSocket, "route.request.querystring.token", .methodRequestQuery("token")),
        (.webSocket, "stageVariables.realm", .stageVariable("realm")),
        (.webSocket, "context.connectionId", .context(["connectionId"])),
        (.webSocket, "$request.header.Auth", .methodRequestHeader("Auth")),
        (.webSocket, "route.request.path.id", nil),
        (.webSocket, "method.request.header.Auth", nil),
    ])
    func identitySources(syntax: IdentitySourceSyntax, text: String, expected: MappingSource?) {
        #expect(syntax.parse(text) == expected)
    }

    @Test("an authorizer made in code reads any API's identity source forms and drops the rest")
    func authorizerInCode() {
        let here = SourceLocation(file: "api.yaml", line: 1, column: 1)
        let authorizer = Authorizer(name: "a", type: .request, identitySource: "method.request.header.A, $request.querystring.b, route.request.header.C, nonsense",
                                    location: here)
        #expect(authorizer.identitySources.map(\.source) == [.methodRequestHeader("A"), .methodRequestQuery("b"), .methodRequestHeader("C")])
        #expect(authorizer.identitySource == "method.request.header.A, $request.querystring.b, route.request.header.C, nonsense")
    }

    @Test("a method request parameter names the source that reads it; a cookie has none")
    func requestParameterSources() {
        let here = SourceLocation(file: "api.yaml", line: 1, column: 1)
        #expect(RequestParameter(name: "id", location: .path, required: true, sourceLocation: here).mappingSource == .methodRequestPath("id"))
        #expect(RequestParameter(name: "q", location: .query, required: true, sourceLocation: here).mappingSource == .methodRequestQuery("q"))
        #expect(RequestParameter(name: "X", location: .header, required: true, sourceLocation: here).mappingSource == .methodRequestHeader("X"))
        #expect(RequestParameter(name: "c", location: .cookie, required: true, sourceLocation: here).mappingSource == nil)
    }
}

@Suite("Mapping expressions in definitions")
struct MappingExpressionLoadingTests {
    @Test("every map loads parsed and sorted by target, with its text and the place of each value")
    func loadsParsed() throws {
        let api = try #require(load(definition(
            request: "{integration.request.querystring.q: method.request.querystring.q, integration.request.header.X-Stage: stageVariables.name, integration.request.path.id: method.request.path.id}",
            response: "{method.response.header.X-Id: context.requestId, method.response.header.ETag: integration.response.header.ETag}",
            gateway: "{gatewayresponse.header.X-Trace: method.request.header.X-Trace}",
            cacheKeys: "[method.request.path.id, method.request.querystring.q]")))
        let integration = try #require(api.operations.first?.integration)
        #expect(integration.requestParameters.map(\.targetText)
                == ["integration.request.header.X-Stage", "integration.request.path.id", "integration.request.querystring.q"])
        #expect(integration.requestParameters.map(\.source) == [.stageVariable("name"), .methodRequestPath("id"), .methodRequestQuery("q")])
        #expect(integration.requestParameters.map(\.location.column) == [130, 180, 64])
        #expect(integration.responses[0].responseParameters.map(\.target) == [.methodResponseHeader("ETag"), .methodResponseHeader("X-Id")])
        #expect(integration.responses[0].responseParameters.map(\.sourceText) == ["integration.response.header.ETag", "context.requestId"])
        #expect(api.gatewayResponses[0].responseParameters.map(\.source) == [.methodRequestHeader("X-Trace")])
        #expect(integration.cacheKeyParameters.map(\.source) == [.methodRequestPath("id"), .methodRequestQuery("q")])
        #expect(diagnostics(of: definition(cacheKeys: "[method.request.path.id]")) == [])
    }

    @Test("a target an integration request cannot set is an error at its key")
    func badRequestTarget() {
        #expect(diagnostics(of: definition(request: "{integration.request.body: method.request.body, method.response.header.X: \"'x'\"}")) == [
            "api.yaml:9:29: error: 'integration.request.body' is not a parameter an integration request can set; expected integration.request.path|querystring|header.NAME [integration.parameter]",
            "api.yaml:9:76: error: 'method.response.header.X' is not a parameter an integration request can set; expected integration.request.path|querystring|header.NAME [integration.parameter]",
        ])
    }

    @Test("a source an integration request cannot read is an error at its value, naming what it may read")
    func badRequestSource() {
        #expect(diagnostics(of: definition(request: "{integration.request.header.A: integration.response.header.A, integration.request.header.B: method.request.cookie.b, integration.request.header.C: \"'unterminated\"}")) == [
            "api.yaml:9:59: error: an integration request cannot read 'integration.response.header.A'; expected method.request.path|querystring|multivaluequerystring|header|multivalueheader.NAME, method.request.body, stageVariables.NAME, context.NAME or a 'quoted' value [integration.parameter]",
            "api.yaml:9:120: error: 'method.request.cookie.b' is not a mapping expression; expected method.request.path|querystring|multivaluequerystring|header|multivalueheader.NAME, method.request.body, stageVariables.NAME, context.NAME or a 'quoted' value [integration.parameter]",
            "api.yaml:9:175: error: ''unterminated' is not a mapping expression; expected method.request.path|querystring|multivaluequerystring|header|multivalueheader.NAME, method.request.body, stageVariables.NAME, context.NAME or a 'quoted' value [integration.parameter]",
        ])
    }

    @Test("an integration response reads the integration's answer, never the method request")
    func badResponseSource() {
        #expect(diagnostics(of: definition(response: "{method.response.header.A: method.request.header.A, integration.response.header.B: \"'b'\"}")) == [
            "api.yaml:14:60: error: an integration response cannot read 'method.request.header.A'; expected integration.response.header|multivalueheader.NAME, integration.response.body, stageVariables.NAME, context.NAME or a 'quoted' value [integration.response-parameter]",
            "api.yaml:14:85: error: 'integration.response.header.B' is not a parameter an integration response can set; expected method.response.header.NAME [integration.response-parameter]",
        ])
    }

    @Test("a gateway response reads the method request; its path and query string set nothing")
    func gatewayResponse() throws {
        #expect(diagnostics(of: definition(gateway: "{gatewayresponse.header.A: integration.response.body, gatewayresponse.querystring.q: \"'q'\", method.response.header.C: \"'c'\"}")) == [
            "api.yaml:17:52: error: a gateway response cannot read 'integration.response.body'; expected method.request.path|querystring|multivaluequerystring|header|multivalueheader.NAME, method.request.body, stageVariables.NAME, context.NAME or a 'quoted' value [openapi.gateway-response-parameter]",
            "api.yaml:17:79: warning: 'gatewayresponse.querystring.q' sets nothing: a gateway response has no path or query string; Portico ignores it [openapi.gateway-response-parameter]",
            "api.yaml:17:117: error: 'method.response.header.C' is not a parameter a gateway response can set; expected gatewayresponse.header.NAME [openapi.gateway-response-parameter]",
        ])
        // The model keeps going: the good entry stays, the bad ones are left out.
        let api = try #require(load(definition(gateway: "{gatewayresponse.header.A: context.requestId, gatewayresponse.header.B: nonsense}")))
        #expect(api.gatewayResponses[0].responseParameters.map(\.targetText) == ["gatewayresponse.header.A"])
    }

    @Test("a mapping value that is not a string is a type error")
    func wrongKind() {
        #expect(diagnostics(of: definition(request: "{integration.request.header.A: [x]}")) == [
            "api.yaml:9:59: error: 'integration.request.header.A' must be a string, found a list [model.type]",
        ])
    }

    @Test("a cache key parameter must be a method request parameter")
    func badCacheKeys() {
        #expect(diagnostics(of: definition(cacheKeys: "[method.request.path.id, stageVariables.x, method.request.body, {a: b}]")) == [
            "api.yaml:10:54: error: unknown cache key parameter 'stageVariables.x'; expected method.request.path|querystring|multivaluequerystring|header|multivalueheader.NAME [integration.cache-key]",
            "api.yaml:10:72: error: unknown cache key parameter 'method.request.body'; expected method.request.path|querystring|multivaluequerystring|header|multivalueheader.NAME [integration.cache-key]",
            "api.yaml:10:93: error: 'cacheKeyParameters' must be a list of strings, found a mapping [model.type]",
        ])
    }

    @Test("an HTTP API's requestParameters are kept as written, in their own syntax")
    func httpAPIRequestParameters() throws {
        let text = """
        openapi: 3.0.1
        x-amazon-apigateway-importexport-version: "1.0"
        paths:
          /items:
            get:
              x-amazon-apigateway-integration:
                type: http_proxy
                uri: http://example.com
                payloadFormatVersion: "1.0"
                requestParameters: {append:header.x-trace: $context.requestId}

        """
        #expect(diagnostics(of: text) == [])
        let integration = try #require(load(text)?.operations.first?.integration)
        #expect(integration.httpRequestParameters == ["append:header.x-trace": "$context.requestId"])
        #expect(integration.requestParameters.isEmpty)
    }

    @Test("identity sources are checked in the syntax of their API, each at the value that holds it")
    func identitySources() {
        func authorizer(_ type: String, _ source: String) -> String {
            """
            openapi: 3.0.1
            paths: {}
            components:
              securitySchemes:
                auth:
                  type: apiKey
                  name: Authorization
                  in: header
                  x-amazon-apigateway-authorizer:
                    type: \(type)
                    authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:f/invocations
                    identitySource: \(source)

            """
        }
        #expect(diagnostics(of: authorizer("request", "method.request.header.A, context.requestId")) == [])
        #expect(diagnostics(of: authorizer("request", "method.request.header.A, method.request.path.id, $request.header.B")) == [
            "api.yaml:12:25: error: unknown identity source 'method.request.path.id'; expected method.request.header.NAME, method.request.querystring.NAME, stageVariables.NAME or context.NAME [openapi.identity-source]",
            "api.yaml:12:25: error: unknown identity source '$request.header.B'; expected method.request.header.NAME, method.request.querystring.NAME, stageVariables.NAME or context.NAME [openapi.identity-source]",
        ])
        #expect(diagnostics(of: authorizer("request", "$request.header.A, method.request.header.B"), kind: .http) == [
            "api.yaml:12:25: error: unknown identity source 'method.request.header.B'; expected $request.header.NAME, $request.querystring.NAME, $context.NAME or $stageVariables.NAME [openapi.identity-source]",
        ])
    }

    @Test("a WebSocket authorizer's identity sources are checked item by item")
    func webSocketIdentitySources() throws {
        let text = """
        routeSelectionExpression: $request.body.action
        authorizers:
          - name: check
            function: auth
            identitySource: [route.request.querystring.token, route.request.path.id, $context.connectionId]

        """
        var diagnostics = DiagnosticEngine()
        let api = WebSocketLoader().load(YAMLSource(path: "chat.yaml", text: text), defaultName: "chat", diagnostics: &diagnostics)
        #expect(diagnostics.sorted.map(DiagnosticFormatter.format) == [
            "chat.yaml:5:55: error: unknown identity source 'route.request.path.id'; expected route.request.header.NAME, route.request.querystring.NAME, stageVariables.NAME or context.NAME [websocket.identity-source]",
        ])
        let authorizer = try #require(api?.authorizers.first)
        #expect(authorizer.identitySources.map(\.source) == [.methodRequestQuery("token"), .context(["connectionId"])])
        #expect(authorizer.identitySource == "route.request.querystring.token, route.request.path.id, $context.connectionId")
    }
}
