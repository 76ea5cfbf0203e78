import Diagnostics
import Yams

/// `AWS::Serverless::HttpApi`, explicit or implicit (`ServerlessHttpApi`), as SAM writes it:
/// each `HttpApi` event a route with an `aws_proxy` integration of payload format 2.0 (the
/// event's `PayloadFormatVersion` otherwise); an event without `Path` and `Method` is the
/// `$default` route; `Auth` JWT and Lambda authorizers as security schemes;
/// `CorsConfiguration` as `x-amazon-apigateway-cors`; the `$default` stage unless
/// `StageName` says otherwise (AWS SAM Developer Guide: sam-resource-httpapi,
/// sam-property-httpapi-httpapiauth, sam-property-function-httpapi).
extension TemplateTranslation {
    func translateSAMHTTPAPIs() {
        forEachSAMAPI(type: "AWS::Serverless::HttpApi", eventType: "HttpApi", implicit: SAMEvents.implicitHTTPAPI, apiKey: "ApiId",
                      translateSAMHTTPAPI)
    }

    private func translateSAMHTTPAPI(_ id: String, events: [SAMEvent], resource: TemplateResource?, properties: Node) {
        let mark = resource?.node.mark ?? events.first?.node.mark
        let (body, bodySource) = definitionBody(resource, properties, bodyKey: "DefinitionBody", uriKey: "DefinitionUri")
        var builder = OpenAPIBuilder(body: body, title: id, mark: mark)
        let auth = TemplateNode.value(properties, "Auth")
        let defaultAuthorizer = TemplateNode.text(auth, "DefaultAuthorizer")

        for event in events {
            let at = event.node.mark
            let path = text(event.properties, "Path") ?? "$default"
            let method = path == "$default" ? "x-amazon-apigateway-any-method" : Self.openAPIMethod(text(event.properties, "Method") ?? "any")
            var integration: [(String, Node)] = [("httpMethod", TemplateNode.string("POST", at: at)), ("type", TemplateNode.string("aws_proxy", at: at)),
                                                 ("uri", TemplateNode.string(LocalResourceValues.invocationURI(ofFunctionARN: event.functionARN), at: at)),
                                                 ("payloadFormatVersion", TemplateNode.value(event.properties, "PayloadFormatVersion") ?? TemplateNode.string("2.0", at: at))]
            if let timeout = TemplateNode.value(event.properties, "TimeoutInMillis") { integration.append(("timeoutInMillis", timeout)) }
            var operation: [(String, Node)] = [("responses", TemplateNode.mapping([], at: at)),
                                               ("x-amazon-apigateway-integration", TemplateNode.mapping(integration, at: at))]
            let eventAuth = TemplateNode.value(event.properties, "Auth")
            if let authorizer = TemplateNode.text(eventAuth, "Authorizer") ?? defaultAuthorizer {
                if authorizer == "NONE" {
                    operation.append(("security", TemplateNode.sequence([], at: at)))
                } else {
                    let scopes = TemplateNode.value(eventAuth, "AuthorizationScopes") ?? TemplateNode.sequence([], at: at)
                    operation.append(("security", TemplateNode.sequence([TemplateNode.mapping([(authorizer, scopes)], at: at)], at: at)))
                }
            }
            builder.add(path, method, TemplateNode.mapping(operation, at: at))
        }
        for (name, authorizer) in TemplateNode.pairs(TemplateNode.value(auth, "Authorizers")) {
            builder.addScheme(name, httpAuthorizerScheme(authorizer))
        }
        if let cors = TemplateNode.value(properties, "CorsConfiguration"), let configuration = httpCORS(cors) {
            builder.setIfAbsent("x-amazon-apigateway-cors", configuration)
        }

        let stageName = TemplateNode.value(properties, "StageName") ?? TemplateNode.string("$default", at: mark)
        var api: [(String, Node)] = [("name", TemplateNode.string(id, at: mark)),
                                     ("definition", TemplateNode.string(definitionPath(of: id), at: mark)),
                                     ("type", TemplateNode.string("HTTP", at: mark))]
        if let description = TemplateNode.value(properties, "Description") { api.append(("description", description)) }
        api.append(("stages", TemplateNode.sequence([httpStage(named: stageName, properties)], at: mark)))
        apis.append(TemplateNode.mapping(api, at: mark))
        definitions[definitionPath(of: id)] = ProvidedDefinition(root: builder.node, source: bodySource ?? source)
        if let domain = TemplateNode.value(properties, "Domain") { addDomain(domain, api: id, stage: stageName) }
    }

    /// `JwtConfiguration` makes a JWT authorizer (identity source `$request.header.Authorization`
    /// unless `IdentitySource` says otherwise); `FunctionArn` a Lambda REQUEST authorizer with
    /// `AuthorizerPayloadFormatVersion`, `EnableSimpleResponses` and the identity sources of
    /// `Identity` (sam-property-httpapi-oauth2authorizer, sam-property-httpapi-lambdaauthorizer).
    private func httpAuthorizerScheme(_ authorizer: Node) -> Node {
        let mark = authorizer.mark
        if let jwt = TemplateNode.value(authorizer, "JwtConfiguration") {
            var configuration: [(String, Node)] = []
            if let issuer = TemplateNode.value(jwt, "issuer") ?? TemplateNode.value(jwt, "Issuer") { configuration.append(("issuer", issuer)) }
            if let audience = TemplateNode.value(jwt, "audience") ?? TemplateNode.value(jwt, "Audience") {
                configuration.append(("audience", audience.string != nil ? TemplateNode.sequence([audience], at: audience.mark) : audience))
            }
            let source = TemplateNode.value(authorizer, "IdentitySource") ?? TemplateNode.string("$request.header.Authorization", at: mark)
            return TemplateNode.mapping([("type", TemplateNode.string("oauth2", at: mark)),
                                         ("x-amazon-apigateway-authorizer", TemplateNode.mapping([
                                            ("type", TemplateNode.string("jwt", at: mark)),
                                            ("jwtConfiguration", TemplateNode.mapping(configuration, at: jwt.mark)),
                                            ("identitySource", source)], at: mark))], at: mark)
        }
        let identity = TemplateNode.value(authorizer, "Identity")
        var sources: [String] = []
        for (key, prefix) in [("Headers", "$request.header."), ("QueryStrings", "$request.querystring."),
                              ("StageVariables", "$stageVariables."), ("Context", "$context.")] {
            sources += TemplateNode.items(TemplateNode.value(identity, key)).compactMap(\.string).map { prefix + $0 }
        }
        let functionARN = TemplateNode.text(authorizer, "FunctionArn") ?? ""
        var settings: [(String, Node)] = [("type", TemplateNode.string("request", at: mark)),
                                          ("authorizerUri", TemplateNode.string(LocalResourceValues.invocationURI(ofFunctionARN: functionARN), at: mark))]
        if let version = TemplateNode.value(authorizer, "AuthorizerPayloadFormatVersion") { settings.append(("authorizerPayloadFormatVersion", version)) }
        if let simple = TemplateNode.value(authorizer, "EnableSimpleResponses") { settings.append(("enableSimpleResponses", simple)) }
        if !sources.isEmpty { settings.append(("identitySource", TemplateNode.string(sources.joined(separator: ", "), at: identity?.mark ?? mark))) }
        if let ttl = TemplateNode.value(identity, "ReauthorizeEvery") { settings.append(("authorizerResultTtlInSeconds", ttl)) }
        if let role = TemplateNode.value(authorizer, "FunctionInvokeRole") { settings.append(("authorizerCredentials", role)) }
        return TemplateNode.mapping([("type", TemplateNode.string("apiKey", at: mark)), ("name", TemplateNode.string("Unused", at: mark)),
                                     ("in", TemplateNode.string("header", at: mark)),
                                     ("x-amazon-apigateway-authorizer", TemplateNode.mapping(settings, at: mark))], at: mark)
    }

    /// `CorsConfiguration: true` allows every origin, header and method; a mapping names them
    /// (`AllowOrigins`, `AllowHeaders`, `AllowMethods`, `ExposeHeaders`, `MaxAge`,
    /// `AllowCredentials`), written as the `x-amazon-apigateway-cors` of the document.
    func httpCORS(_ node: Node) -> Node? {
        let mark = node.mark
        if let flag = node.string.flatMap({ Bool(yamlScalar: $0) }) {
            guard flag else { return nil }
            let all = TemplateNode.sequence([TemplateNode.string("*", at: mark)], at: mark)
            return TemplateNode.mapping([("allowOrigins", all), ("allowHeaders", all), ("allowMethods", all)], at: mark)
        }
        return TemplateNode.mapping(Self.renamed(node, ["AllowOrigins": "allowOrigins", "AllowHeaders": "allowHeaders", "AllowMethods": "allowMethods",
                                                        "ExposeHeaders": "exposeHeaders", "MaxAge": "maxAge", "AllowCredentials": "allowCredentials"]), at: mark)
    }
}
