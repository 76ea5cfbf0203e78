import Diagnostics
import Yams

/// `AWS::ApiGatewayV2::Api` of protocol HTTP and the resources around it (CloudFormation User
/// Guide, AWS_ApiGatewayV2): its `Body` (or a local `BodyS3Location`); else its `Route`s, each
/// with the `Integration` its `Target` (`integrations/<id>`) names and the `Authorizer` its
/// `AuthorizerId` names; or quick create (`Target`: one `$default` route to a function).
/// Stages from `Stage`; quick create makes the `$default` stage with auto-deploy, as AWS does.
/// WebSocket APIs are not read from templates yet: they are reported, not dropped silently.
extension TemplateTranslation {
    func translateHTTPAPIs() {
        for resource in resources(ofType: "AWS::ApiGatewayV2::Api") {
            handled.insert(resource.logicalId)
            let properties = properties(of: resource)
            if (TemplateNode.text(properties, "ProtocolType") ?? "HTTP").uppercased() == "WEBSOCKET" {
                diagnostics.warning(.templateUnsupported,
                                    "WebSocket API '\(resource.logicalId)' is not read from templates yet; declare it in portico.yml with a WebSocket definition file",
                                    at: location(of: resource.node))
                continue
            }
            translateHTTPAPI(resource, properties)
        }
    }

    private func translateHTTPAPI(_ resource: TemplateResource, _ properties: Node) {
        let id = resource.logicalId
        let mark = resource.node.mark
        var (body, bodySource) = definitionBody(resource, properties, bodyKey: "Body", uriKey: "BodyS3Location")
        var stages: [Node] = []
        if body == nil {
            var builder = OpenAPIBuilder(body: nil, title: TemplateNode.text(properties, "Name") ?? id, mark: mark)
            if let target = TemplateNode.text(properties, "Target") {
                // Quick create: "a default route, integration and $default stage" (ApiGatewayV2 Api, Target).
                builder.add("$default", "x-amazon-apigateway-any-method", TemplateNode.mapping([
                    ("responses", TemplateNode.mapping([], at: mark)),
                    ("x-amazon-apigateway-integration", TemplateNode.mapping([
                        ("type", TemplateNode.string("aws_proxy", at: mark)), ("httpMethod", TemplateNode.string("POST", at: mark)),
                        ("uri", TemplateNode.string(target.hasPrefix("arn:aws:lambda:") ? LocalResourceValues.invocationURI(ofFunctionARN: target) : target, at: mark)),
                        ("payloadFormatVersion", TemplateNode.string("2.0", at: mark))], at: mark))], at: mark))
                stages.append(httpStage(named: TemplateNode.string("$default", at: mark),
                                        TemplateNode.mapping([("AutoDeploy", TemplateNode.plain("true", at: mark))], at: mark)))
            }
            addRoutes(of: id, to: &builder)
            if let cors = TemplateNode.value(properties, "CorsConfiguration"), let configuration = httpCORS(cors) {
                builder.setIfAbsent("x-amazon-apigateway-cors", configuration)
            }
            body = builder.node
        }
        for stage in resources(ofType: "AWS::ApiGatewayV2::Stage") {
            let stageProperties = self.properties(of: stage)
            guard TemplateNode.text(stageProperties, "ApiId") == id, let name = TemplateNode.value(stageProperties, "StageName") else { continue }
            handled.insert(stage.logicalId)
            stages.append(httpStage(named: name, stageProperties))
        }
        guard !stages.isEmpty else {
            diagnostics.warning(.templateUnsupported, "HTTP API '\(id)' has no stage (no AWS::ApiGatewayV2::Stage), so nothing can call it; it is left out",
                                at: location(of: resource.node))
            return
        }
        var api: [(String, Node)] = [("name", TemplateNode.string(id, at: mark)),
                                     ("definition", TemplateNode.string(definitionPath(of: id), at: mark)),
                                     ("type", TemplateNode.string("HTTP", at: mark))]
        if let description = TemplateNode.value(properties, "Description") { api.append(("description", description)) }
        api.append(("stages", TemplateNode.sequence(stages, at: mark)))
        apis.append(TemplateNode.mapping(api, at: mark))
        definitions[definitionPath(of: id)] = ProvidedDefinition(root: body ?? TemplateNode.mapping([], at: mark), source: bodySource ?? source)
    }

    /// `Route`s of the API as operations (`GET /pets` → `paths./pets.get`, `$default` → the
    /// default route), with their integrations and authorizers.
    private func addRoutes(of api: String, to builder: inout OpenAPIBuilder) {
        var integrations: [String: Node] = [:]
        for integration in resources(ofType: "AWS::ApiGatewayV2::Integration") {
            let properties = properties(of: integration)
            guard TemplateNode.text(properties, "ApiId") == api else { continue }
            handled.insert(integration.logicalId)
            let mark = integration.node.mark
            var pairs: [(String, Node)] = []
            let type = (TemplateNode.text(properties, "IntegrationType") ?? "AWS_PROXY").lowercased()
            pairs.append(("type", TemplateNode.string(type, at: mark)))
            if let uri = TemplateNode.text(properties, "IntegrationUri") {
                let written = uri.hasPrefix("arn:aws:lambda:") ? LocalResourceValues.invocationURI(ofFunctionARN: uri) : uri
                pairs.append(("uri", TemplateNode.string(written, at: TemplateNode.value(properties, "IntegrationUri")?.mark)))
            }
            pairs.append(("httpMethod", TemplateNode.value(properties, "IntegrationMethod") ?? TemplateNode.string("POST", at: mark)))
            pairs += Self.renamed(properties, ["PayloadFormatVersion": "payloadFormatVersion", "TimeoutInMillis": "timeoutInMillis",
                                               "RequestParameters": "requestParameters", "ResponseParameters": "responseParameters",
                                               "IntegrationSubtype": "integrationSubtype", "CredentialsArn": "credentials"])
            if type == "aws_proxy", TemplateNode.value(properties, "PayloadFormatVersion") == nil {
                pairs.append(("payloadFormatVersion", TemplateNode.string("2.0", at: mark)))
            }
            integrations[integration.logicalId] = TemplateNode.mapping(pairs, at: mark)
        }
        var authorizerNames: [String: String] = [:]
        for authorizer in resources(ofType: "AWS::ApiGatewayV2::Authorizer") {
            let properties = properties(of: authorizer)
            guard TemplateNode.text(properties, "ApiId") == api else { continue }
            handled.insert(authorizer.logicalId)
            let name = TemplateNode.text(properties, "Name") ?? authorizer.logicalId
            authorizerNames[authorizer.logicalId] = name
            builder.addScheme(name, v2AuthorizerScheme(properties, at: authorizer.node.mark))
        }
        for route in resources(ofType: "AWS::ApiGatewayV2::Route") {
            let properties = properties(of: route)
            guard TemplateNode.text(properties, "ApiId") == api else { continue }
            handled.insert(route.logicalId)
            let mark = route.node.mark
            guard let key = TemplateNode.text(properties, "RouteKey") else {
                diagnostics.error(.modelMissingKey, "route '\(route.logicalId)' needs RouteKey", at: location(of: route.node))
                continue
            }
            let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
            let (method, path) = key == "$default" ? ("x-amazon-apigateway-any-method", "$default")
                : (Self.openAPIMethod(parts.first ?? "ANY"), parts.count > 1 ? parts[1] : "/")
            var operation: [(String, Node)] = [("responses", TemplateNode.mapping([], at: mark))]
            if let target = TemplateNode.text(properties, "Target"), target.hasPrefix("integrations/"),
               let integration = integrations[String(target.dropFirst("integrations/".count))] {
                operation.append(("x-amazon-apigateway-integration", integration))
            }
            let authorization = (TemplateNode.text(properties, "AuthorizationType") ?? "NONE").uppercased()
            if authorization == "AWS_IAM" {
                operation.append(("security", TemplateNode.sequence([TemplateNode.mapping([("sigv4", TemplateNode.sequence([], at: mark))], at: mark)], at: mark)))
                builder.addScheme("sigv4", TemplateNode.mapping([("type", TemplateNode.string("apiKey", at: mark)), ("name", TemplateNode.string("Authorization", at: mark)),
                                                                 ("in", TemplateNode.string("header", at: mark)),
                                                                 ("x-amazon-apigateway-authtype", TemplateNode.string("awsSigv4", at: mark))], at: mark))
            } else if authorization != "NONE", let authorizer = TemplateNode.text(properties, "AuthorizerId") {
                let scopes = TemplateNode.value(properties, "AuthorizationScopes") ?? TemplateNode.sequence([], at: mark)
                operation.append(("security", TemplateNode.sequence([TemplateNode.mapping([(authorizerNames[authorizer] ?? authorizer, scopes)], at: mark)], at: mark)))
            }
            builder.add(path, method, TemplateNode.mapping(operation, at: mark))
        }
    }

    /// An `AWS::ApiGatewayV2::Authorizer` (JWT or REQUEST) as an HTTP API export writes it.
    private func v2AuthorizerScheme(_ properties: Node, at mark: Mark?) -> Node {
        let type = (TemplateNode.text(properties, "AuthorizerType") ?? "REQUEST").uppercased()
        let sources = TemplateNode.items(TemplateNode.value(properties, "IdentitySource")).compactMap(\.string)
        var settings: [(String, Node)] = [("type", TemplateNode.string(type.lowercased(), at: mark))]
        if !sources.isEmpty { settings.append(("identitySource", TemplateNode.string(sources.joined(separator: ", "), at: mark))) }
        if type == "JWT" {
            let jwt = TemplateNode.value(properties, "JwtConfiguration")
            settings.append(("jwtConfiguration", TemplateNode.mapping(Self.renamed(jwt ?? TemplateNode.mapping([], at: mark), ["Issuer": "issuer", "Audience": "audience"]), at: mark)))
            return TemplateNode.mapping([("type", TemplateNode.string("oauth2", at: mark)), ("x-amazon-apigateway-authorizer", TemplateNode.mapping(settings, at: mark))], at: mark)
        }
        if let uri = TemplateNode.text(properties, "AuthorizerUri") {
            settings.append(("authorizerUri", TemplateNode.string(uri.hasPrefix("arn:aws:lambda:") ? LocalResourceValues.invocationURI(ofFunctionARN: uri) : uri, at: mark)))
        }
        settings += Self.renamed(properties, ["AuthorizerPayloadFormatVersion": "authorizerPayloadFormatVersion", "EnableSimpleResponses": "enableSimpleResponses",
                                              "AuthorizerResultTtlInSeconds": "authorizerResultTtlInSeconds", "AuthorizerCredentialsArn": "authorizerCredentials"])
        return TemplateNode.mapping([("type", TemplateNode.string("apiKey", at: mark)), ("name", TemplateNode.string("Unused", at: mark)),
                                     ("in", TemplateNode.string("header", at: mark)), ("x-amazon-apigateway-authorizer", TemplateNode.mapping(settings, at: mark))], at: mark)
    }
}
