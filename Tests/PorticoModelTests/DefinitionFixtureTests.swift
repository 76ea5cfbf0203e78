import Diagnostics
import Foundation
import PorticoModel
import Testing

// Expected values cite the AWS developer guide page that documents them; pages live under
// https://docs.aws.amazon.com/apigateway/latest/developerguide/<page>.html

private func loadProject(_ name: String) throws -> (Project, [String]) {
    var diagnostics = DiagnosticEngine()
    let project = try #require(ProjectLoader(root: fixture(name)).load(diagnostics: &diagnostics))
    return (project, diagnostics.sorted.map(DiagnosticFormatter.format))
}

@Suite("Definitions shaped like AWS exports")
struct DefinitionFixtureTests {
    @Test("AWS's PetStore example loads with every integration")
    func petStore() throws {
        let (project, diagnostics) = try loadProject("petstore")
        #expect(diagnostics == [])
        let api = try #require(project.api(named: "petstore"))
        #expect(api.kind == .rest)
        #expect(api.endpointType == .edge)   // api-gateway-api-endpoint-types: REST APIs default to edge-optimized
        let definition = api.definition
        #expect(definition.title == "PetStore")
        #expect(definition.version == "2023-06-01T00:00:00Z")
        #expect(definition.resourcePaths == ["/", "/pets", "/pets/{petId}"])
        #expect(definition.operations.map { "\($0.method.rawValue) \($0.path)" } == [
            "GET /", "GET /pets", "POST /pets", "OPTIONS /pets", "GET /pets/{petId}", "OPTIONS /pets/{petId}",
        ])
        #expect(definition.models.map(\.name) == ["Pets", "Empty", "NewPetResponse", "Pet", "NewPet", "PetType"])
        #expect(definition.model(named: "PetType")?.schema.jsonText == #"{"type":"string","enum":["dog","cat","fish","bird","gecko"]}"#)
        #expect(definition.apiKeySource == .header)   // api-gateway-swagger-extensions-api-key-source: HEADER is the default

        let root = try #require(definition.operation(path: "/", method: .get))
        let mock = try #require(root.integration)
        #expect(mock.type == .mock)
        #expect(mock.requestTemplates.map(\.source) == [#"{"statusCode": 200}"#])
        #expect(mock.responses[0].isDefault)
        #expect(mock.responses[0].responseParameters.asWritten == ["method.response.header.Content-Type": "'text/html'"])
        #expect(mock.responses[0].responseParameters.map(\.target) == [.methodResponseHeader("Content-Type")])
        #expect(mock.responses[0].responseParameters.map(\.source) == [.literal("text/html")])
        #expect(mock.responses[0].responseTemplates[0].contentType == "text/html")
        #expect(mock.responses[0].responseTemplates[0].source.hasPrefix("<html>\n  <body>"))
        #expect(root.responses.map(\.statusCode) == ["200"])
        #expect(root.responses[0].headers.map(\.name) == ["Content-Type"])
        #expect(root.authorizationType == .none)
        #expect(root.apiKeyRequired == false)

        let list = try #require(definition.operation(path: "/pets", method: .get))
        #expect(list.summary == "List all pets")
        #expect(list.parameters.map(\.mappingExpression) == ["method.request.querystring.type", "method.request.querystring.page"])
        #expect(list.parameters.map(\.required) == [false, false])
        #expect(list.responses[0].responseModels == ["application/json": "Pets"])
        let http = try #require(list.integration)
        // api-gateway-swagger-extensions-integration: type, httpMethod, uri, requestParameters, passthroughBehavior
        #expect(http.type == .http)
        #expect(http.httpMethod == "GET")
        #expect(http.uri == "http://petstore.execute-api.us-east-1.amazonaws.com/petstore/pets")
        #expect(http.requestParameters.asWritten == [
            "integration.request.querystring.page": "method.request.querystring.page",
            "integration.request.querystring.type": "method.request.querystring.type",
        ])
        // Parsed at load, sorted by target: the order the gateway applies them in.
        #expect(http.requestParameters.map(\.target) == [.integrationRequestQuery("page"), .integrationRequestQuery("type")])
        #expect(http.requestParameters.map(\.source) == [.methodRequestQuery("page"), .methodRequestQuery("type")])
        #expect(http.passthroughBehavior == .whenNoMatch)
        #expect(http.timeoutInMillis == 29_000)   // limits: 29 s default for REST integrations

        let create = try #require(definition.operation(path: "/pets", method: .post))
        #expect(create.operationID == "CreatePet")
        #expect(create.requestBody?.required == true)
        #expect(create.requestModels == ["application/json": "NewPet"])
        #expect(create.responses[0].responseModels == ["application/json": "NewPetResponse"])

        let one = try #require(definition.operation(path: "/pets/{petId}", method: .get))
        #expect(one.parameters == [RequestParameter(name: "petId", location: .path, required: true, schema: .object([JSONMember(key: "type", value: .string("string"))]),
                                                     description: "The id of the pet to retrieve",
                                                     sourceLocation: SourceLocation(file: fixtureDisplay("petstore", "Content/apis/petstore.yaml"), line: 151, column: 11))])
        #expect(one.integration?.requestParameters.asWritten == ["integration.request.path.petId": "method.request.path.petId"])

        let preflight = try #require(definition.operation(path: "/pets/{petId}", method: .options))
        #expect(preflight.integration?.responses[0].responseParameters.asWritten["method.response.header.Access-Control-Allow-Headers"]
                == "'Content-Type,X-Amz-Date,Authorization,X-Api-Key'")
        #expect(preflight.responses[0].headers.map(\.name) == ["Access-Control-Allow-Origin", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers"])
    }

    @Test("a REST API with Lambda TOKEN, Cognito and IAM authorizers, and the whole project around it")
    func authorizers() throws {
        let (project, diagnostics) = try loadProject("authorizers")
        #expect(diagnostics == [])
        let api = try #require(project.api(named: "orders"))
        #expect(api.kind == .rest)
        #expect(api.endpointType == .regional)
        #expect(api.description == "Orders, behind two authorizers")
        let definition = api.definition
        let spec = fixtureDisplay("authorizers", "Content/apis/orders.yaml")

        // api-gateway-swagger-extensions-authorizer
        #expect(definition.authorizers.map(\.name) == ["token-authorizer", "cognito", "iam"])
        let token = try #require(definition.authorizer(named: "token-authorizer"))
        #expect(token.type == .token)
        #expect(token.authType == .custom)   // api-gateway-swagger-extensions-authtype
        #expect(token.identitySource == "method.request.header.Authorization")
        #expect(token.identitySources == [SourceExpression(text: "method.request.header.Authorization", source: .methodRequestHeader("Authorization"))])
        #expect(token.identityValidationExpression == #"^Bearer [-0-9a-zA-Z\._]*$"#)
        #expect(token.authorizerResultTtlInSeconds == 300)
        #expect(token.functionName == "token-authorizer")
        #expect(token.authorizerCredentials == "arn:aws:iam::123456789012:role/apigateway-authorizer")
        #expect(token.location == SourceLocation(file: spec, line: 153, column: 9))
        let cognito = try #require(definition.authorizer(named: "cognito"))
        #expect(cognito.type == .cognitoUserPools)
        #expect(cognito.providerARNs == ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Example"])
        #expect(cognito.functionName == nil)
        #expect(definition.authorizer(named: "iam")?.type == .awsIAM)
        #expect(definition.securitySchemes.map(\.name) == ["api_key", "token-authorizer", "cognito", "iam"])
        #expect(definition.securitySchemes.map(\.isAPIKey) == [true, false, false, false])

        // API-level extensions
        #expect(definition.apiKeySource == .authorizer)   // api-gateway-swagger-extensions-api-key-source
        #expect(definition.binaryMediaTypes == ["image/png", "application/octet-stream"])   // api-gateway-swagger-extensions-binary-media-types
        #expect(definition.minimumCompressionSize == 1024)   // api-gateway-swagger-extensions-minimum-compression-size
        #expect(definition.endpointConfiguration == EndpointConfiguration(types: [.regional], disableExecuteApiEndpoint: true))   // api-gateway-swagger-extensions-endpoint-configuration
        #expect(definition.policy?.jsonText == #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}]}"#)   // openapi-extensions-policy
        #expect(definition.tags == [APITag(name: "team", value: "payments")])   // api-gateway-openapi-extensions-x-amazon-apigateway-tag-value
        #expect(definition.documentation?["documentationParts"]?.arrayValue?.count == 1)   // api-gateway-swagger-extensions-documentation
        // api-gateway-swagger-extensions-request-validators / -request-validator
        #expect(definition.requestValidators.map(\.name) == ["all", "params-only"])
        #expect(definition.requestValidators.map(\.validateRequestBody) == [true, false])
        #expect(definition.requestValidators.map(\.validateRequestParameters) == [true, true])
        #expect(definition.defaultRequestValidator == "params-only")
        // api-gateway-swagger-extensions-gateway-responses
        #expect(definition.gatewayResponses.map(\.type) == [.unauthorized, .default5XX])
        #expect(definition.gatewayResponses[0].statusCode == "401")
        #expect(definition.gatewayResponses[0].responseParameters.asWritten == ["gatewayresponse.header.WWW-Authenticate": "'Bearer'"])
        #expect(definition.gatewayResponses[0].responseParameters.map(\.target) == [.gatewayResponseHeader("WWW-Authenticate")])
        #expect(definition.gatewayResponses[0].responseTemplates.map(\.source) == [#"{"error": $context.error.messageString}"#])
        #expect(definition.gatewayResponses[1].statusCode == nil)
        #expect(definition.model(named: "NewOrder")?.schema["required"] == .array([.string("item")]))
        #expect(definition.model(named: "NewOrder")?.schema["properties"]?["quantity"]?["minimum"] == .integer(1))

        let list = try #require(definition.operation(path: "/orders", method: .get))
        #expect(list.authorizationType == .custom)
        #expect(list.authorizerName == "token-authorizer")
        #expect(list.apiKeyRequired)
        #expect(list.requestValidatorName == "params-only")   // the API's default validator
        #expect(list.parameters.map(\.name) == ["status", "X-Request-Id"])
        #expect(list.parameters.map(\.location) == [.query, .header])
        #expect(list.parameters.map(\.required) == [true, false])
        let proxy = try #require(list.integration)
        #expect(proxy.type == .awsProxy)
        #expect(proxy.functionName == "orders")
        #expect(proxy.credentials == "arn:aws:iam::123456789012:role/apigateway-invoke")
        #expect(proxy.contentHandling == .convertToText)
        #expect(proxy.timeoutInMillis == 10_000)

        let create = try #require(definition.operation(path: "/orders", method: .post))
        #expect(create.authorizationType == .cognitoUserPools)
        #expect(create.authorizerName == "cognito")
        #expect(create.authorizationScopes == ["orders/write"])
        #expect(create.apiKeyRequired == false)
        #expect(create.requestValidatorName == "all")
        #expect(create.requestModels == ["application/json": "NewOrder"])
        #expect(create.responses[0].headers.map(\.name) == ["Location"])
        let http = try #require(create.integration)
        #expect(http.connectionType == .internet)
        #expect(http.passthroughBehavior == .never)
        #expect(http.stageVariablesInURI == ["inventory"])
        #expect(http.requestParameters.asWritten == ["integration.request.header.X-User": "context.authorizer.claims.sub"])
        #expect(http.requestParameters.map(\.source) == [.context(["authorizer", "claims", "sub"])])
        #expect(http.requestParameters.map(\.location) == [SourceLocation(file: spec, line: 90, column: 46)])
        #expect(http.requestTemplates[0].source == "#set($body = $input.path('$'))\n{\"item\": \"$body.item\", \"user\": \"$context.authorizer.claims.sub\"}\n")
        #expect(http.requestTemplates[0].location == SourceLocation(file: spec, line: 93, column: 13))
        #expect(http.responses.map(\.selectionPattern) == ["2\\d{2}", ""])
        #expect(http.responses.map(\.contentHandling) == [nil, .convertToText])
        #expect(http.responses[0].responseParameters.asWritten == ["method.response.header.Location": "integration.response.header.Location"])
        #expect(http.responses[0].responseParameters.map(\.source) == [.integrationResponseHeader("Location")])

        let one = try #require(definition.operation(path: "/orders/{orderId}", method: .get))
        #expect(one.authorizationType == .awsIAM)
        #expect(one.authorizerName == nil)
        #expect(one.parameters.map(\.mappingExpression) == ["method.request.path.orderId"])   // from the path item
        #expect(one.integration?.cacheKeyParameters == [SourceExpression(text: "method.request.path.orderId", source: .methodRequestPath("orderId"))])
        #expect(one.integration?.cacheNamespace == "orders")

        let greedy = try #require(definition.operation(path: "/items/{proxy+}", method: .any))
        #expect(greedy.authorizationType == .none)   // `security: []` opts out
        // AWS_PROXY with GET imports fine; AWS answers 500 at run time (recorded AWS response: LocalStack
        // tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
        // test_lambda_aws_proxy_integration_non_post_method).
        #expect(greedy.integration?.httpMethod == "GET")
        #expect(greedy.integration?.functionName == "orders")   // the `:live` alias is dropped

        // The project around it.
        #expect(project.site.description == "An API protected by a Lambda TOKEN authorizer and a Cognito user pool")
        #expect(project.account.throttle == ThrottleSettings(rateLimit: 10_000, burstLimit: 5_000))
        let prod = try #require(api.stage(named: "prod"))
        #expect(prod.description == "Production")
        #expect(prod.variables == ["inventory": "http://127.0.0.1:9101"])
        #expect(prod.methodSettings.map(\.key) == ["*/*", "/orders/{orderId}/GET"])
        #expect(prod.methodSettings[0].throttlingRateLimit == 100)
        #expect(prod.methodSettings[0].throttlingBurstLimit == 50)
        #expect(prod.methodSettings[0].metricsEnabled == true)
        #expect(prod.methodSettings[0].loggingLevel == .info)
        let cached = try #require(prod.methodSetting(path: "/orders/{orderId}", method: "GET"))
        #expect(cached.cachingEnabled == true)
        #expect(cached.cacheTtlInSeconds == 60)
        #expect(cached.requireAuthorizationForCacheControl == true)
        #expect(cached.unauthorizedCacheControlHeaderStrategy == .failWith403)
        #expect(prod.methodSetting(path: "/orders", method: "POST")?.key == "*/*")
        #expect(prod.cacheClusterEnabled)
        #expect(prod.cacheClusterSize == "0.5")
        #expect(prod.canarySettings == CanarySettings(percentTraffic: 10.5, stageVariableOverrides: ["inventory": "http://127.0.0.1:9102"], useStageCache: true))
        #expect(prod.accessLogSettings == AccessLogSettings(format: "$context.requestId $context.status"))
        #expect(prod.tracingEnabled)
        #expect(api.stage(named: "dev")?.tracingEnabled == false)

        let plan = try #require(project.usagePlan(named: "basic"))
        #expect(plan.description == "Five requests a second")
        #expect(plan.apiStages.map { "\($0.api)/\($0.stage)" } == ["orders/prod"])
        #expect(plan.apiStages[0].throttle == ["/orders/GET": ThrottleSettings(rateLimit: 1, burstLimit: 2)])
        #expect(plan.throttle == ThrottleSettings(rateLimit: 5, burstLimit: 10))
        #expect(plan.quota == QuotaSettings(limit: 1000, offset: 0, period: .day))
        #expect(project.apiKeys.map(\.name) == ["alice", "bob"])
        #expect(project.apiKeys.map(\.value) == ["alice-key-0123456789abcdef", nil])
        #expect(project.apiKeys.map(\.enabled) == [true, false])
        #expect(project.apiKeys.map(\.usagePlans) == [["basic"], ["basic"]])

        #expect(project.functions.map(\.name) == ["token-authorizer", "orders"])
        let orders = try #require(project.function(named: "orders"))
        #expect(orders.runtime == .python3)
        #expect(orders.handler == "app.handler")
        #expect(orders.code == "functions/orders")
        #expect(orders.codeDirectory == fixture("authorizers") + "/Content/functions/orders")
        #expect(orders.timeout == 10)
        #expect(orders.memorySize == 256)
        #expect(orders.environment == ["TABLE": "orders"])
        #expect(project.function(named: "token-authorizer")?.timeout == 3)   // Lambda's default timeout
        #expect(project.backends == [Backend(name: "inventory", command: ["python3", "backends/inventory.py"], url: "http://127.0.0.1:9101",
                                             readinessPath: "/health", location: project.backends[0].location)])
        let domain = try #require(project.domain(named: "api.example.com"))
        #expect(domain.basePathMappings.map { "\($0.basePath)→\($0.api)/\($0.stage)" } == ["→orders/prod", "v2→orders/dev"])
        let user = try #require(project.identities.iamUsers.first)
        #expect(user.userName == "ops")
        #expect(user.accessKeyId == "AKIAIOSFODNN7EXAMPLE")
        #expect(user.policies.first?["Statement"]?.arrayValue?.first?["Action"] == .string("execute-api:Invoke"))
        let pool = try #require(project.identities.userPools.first)
        #expect(pool.userPoolId == "us-east-1_Example")
        #expect(pool.clients == [UserPoolClient(clientName: "web", clientId: "1example23456789")])
        #expect(pool.groups == ["admins", "buyers"])
        #expect(pool.users.map(\.username) == ["carol"])
        #expect(pool.users[0].attributes == ["email": "carol@example.com"])
        #expect(pool.users[0].groups == ["admins"])
    }

    @Test("an HTTP API export with a JWT authorizer, CORS, a $default route and shared integrations")
    func httpAPI() throws {
        let (project, diagnostics) = try loadProject("httpapi")
        #expect(diagnostics == [])
        let api = try #require(project.api(named: "pets"))
        #expect(api.kind == .http)   // the export carries x-amazon-apigateway-importexport-version
        #expect(api.endpointType == .regional)   // http-api-vs-rest: HTTP APIs are regional only
        let definition = api.definition
        #expect(definition.kind == .http)
        #expect(definition.importExportVersion == "1.0")   // api-gateway-extensions-importexport-version
        // api-gateway-swagger-extensions-cors-configuration (the page's own example)
        #expect(definition.cors == CORSConfiguration(
            allowOrigins: ["https://www.example.com"], allowCredentials: true,
            exposeHeaders: ["x-apigateway-header", "x-amz-date", "content-type"], maxAge: 3600,
            allowMethods: ["GET", "OPTIONS", "POST"], allowHeaders: ["x-apigateway-header", "x-amz-date", "content-type"]))
        #expect(definition.operations.map(\.routeKey) == ["GET /pets", "GET /pets/{petId}", "$default"])

        // api-gateway-swagger-extensions-authorizer: jwt with jwtConfiguration, request with payload 2.0
        let jwt = try #require(definition.authorizer(named: "jwt-authorizer"))
        #expect(jwt.type == .jwt)
        #expect(jwt.identitySource == "$request.header.Authorization")
        #expect(jwt.jwtConfiguration == JWTConfiguration(issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example", audience: ["1example23456789"]))
        let lambda = try #require(definition.authorizer(named: "lambda-authorizer"))
        #expect(lambda.type == .request)
        #expect(lambda.identitySources.map(\.text) == ["$request.header.Authorization", "$context.routeKey"])
        #expect(lambda.identitySources.map(\.source) == [.methodRequestHeader("Authorization"), .context(["routeKey"])])
        #expect(lambda.authorizerPayloadFormatVersion == "2.0")
        #expect(lambda.enableSimpleResponses == true)
        #expect(lambda.authorizerResultTtlInSeconds == 0)
        #expect(lambda.functionName == "pets")

        let list = try #require(definition.operations.first)
        #expect(list.authorizationType == .jwt)
        #expect(list.authorizerName == "jwt-authorizer")
        #expect(list.authorizationScopes == ["pets/read"])
        // api-gateway-extensions-integrations: routes $ref shared integrations
        #expect(definition.integrationComponents.map(\.componentName) == ["pets-lambda"])
        let shared = try #require(list.integration)
        #expect(shared.componentName == "pets-lambda")
        #expect(shared.type == .awsProxy)
        #expect(shared.payloadFormatVersion == "2.0")
        #expect(shared.functionName == "pets")
        #expect(shared.timeoutInMillis == 30_000)   // limits: HTTP API integrations time out after at most 30 s

        let one = definition.operations[1]
        let proxy = try #require(one.integration)
        #expect(proxy.type == .httpProxy)
        #expect(proxy.payloadFormatVersion == "1.0")
        #expect(proxy.tlsConfig == TLSConfig(serverNameToVerify: "pets.example.com"))   // api-gateway-extensions-integration-tls-config
        #expect(proxy.stageVariablesInURI == ["petsHost"])

        let fallback = definition.operations[2]
        #expect(fallback.path == "$default")
        #expect(fallback.method == .any)
        #expect(fallback.integration?.componentName == "pets-lambda")
        #expect(api.stage(named: "$default") != nil)
    }

    @Test("a WebSocket API in the ApiGatewayV2-shaped YAML")
    func webSocket() throws {
        let (project, diagnostics) = try loadProject("websocket")
        #expect(diagnostics == [])
        let api = try #require(project.api(named: "chat"))
        #expect(api.kind == .webSocket)
        #expect(api.endpointType == .regional)
        #expect(api.definition.operations.isEmpty)
        let socket = try #require(api.webSocketAPI)
        let file = fixtureDisplay("websocket", "Content/apis/chat.yaml")
        #expect(socket.name == "chat-api")
        #expect(socket.description == "A chat room")
        #expect(socket.routeSelectionExpression == "$request.body.action")
        #expect(socket.apiKeySelectionExpression == "$request.header.x-api-key")
        #expect(socket.routes.map(\.routeKey) == ["$connect", "$disconnect", "sendmessage", "$default"])
        #expect(socket.routes.map(\.integrationName) == ["connect", "connect", "echo", "fallback"])
        let connect = try #require(socket.route(forKey: "$connect"))
        #expect(connect.authorizationType == .custom)
        #expect(connect.authorizerName == "token-check")
        #expect(connect.location == SourceLocation(file: file, line: 13, column: 5))
        #expect(socket.route(forKey: "sendmessage")?.routeResponseSelectionExpression == "$default")
        #expect(socket.route(forKey: "sendmessage")?.routeResponses.map(\.routeResponseKey) == ["$default"])
        #expect(socket.route(forKey: "$default")?.apiKeyRequired == true)

        let authorizer = try #require(socket.authorizer(named: "token-check"))
        #expect(authorizer.type == .request)
        #expect(authorizer.functionName == "chat-authorizer")
        #expect(authorizer.identitySources == [SourceExpression(text: "route.request.querystring.token", source: .methodRequestQuery("token"))])
        #expect(authorizer.authorizerResultTtlInSeconds == 0)

        #expect(socket.integrations.map(\.name) == ["connect", "echo", "fallback"])
        #expect(socket.integrations.map(\.integrationType) == [.awsProxy, .http, .mock])
        #expect(socket.integration(named: "connect")?.functionName == "chat-connect")
        let echo = try #require(socket.integration(named: "echo"))
        #expect(echo.integrationMethod == "POST")
        #expect(echo.integrationUri == "${stageVariables.echoHost}/messages")
        #expect(echo.backendName == "echo")
        #expect(echo.templateSelectionExpression == "\\$default")
        #expect(echo.requestTemplates.map(\.contentType) == ["$default"])
        #expect(echo.requestTemplates[0].source == #"{"message": $input.json('$.message')}"#)
        #expect(echo.timeoutInMillis == 5000)
        let fallback = try #require(socket.integration(named: "fallback"))
        #expect(fallback.timeoutInMillis == 29_000)   // limits: WebSocket integrations time out after 29 s
        #expect(fallback.integrationResponses.map(\.integrationResponseKey) == ["$default"])
        #expect(fallback.integrationResponses[0].responseTemplates.map(\.source) == [#"{"error": "unknown action"}"#])
    }
}
