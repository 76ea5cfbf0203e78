import Diagnostics
import Foundation
import Yams

/// `AWS::ApiGateway::RestApi` and the resources around it (CloudFormation User Guide,
/// AWS_ApiGateway): the API's `Body` (or a local `BodyS3Location`), or, without one, the
/// document its `Resource`, `Method`, `Authorizer`, `RequestValidator`, `Model` and
/// `GatewayResponse` resources describe, written as the OpenAPI API Gateway exports for them;
/// its stages from `Stage` and `Deployment` (`StageName`, `StageDescription`); API keys, usage
/// plans and their keys; custom domains and their base path mappings.
extension TemplateTranslation {
    func translateRestAPIs() {
        for resource in resources(ofType: "AWS::ApiGateway::RestApi") {
            translateRestAPI(resource)
        }
        translateKeysAndPlans()
        translateDomainNames()
    }

    /// The resources of `type` whose `key` names `api`.
    private func children(_ type: String, of api: String, key: String = "RestApiId") -> [(TemplateResource, Node)] {
        resources(ofType: type).compactMap { child in
            let properties = properties(of: child)
            return TemplateNode.text(properties, key) == api ? (child, properties) : nil
        }
    }

    private func translateRestAPI(_ resource: TemplateResource) {
        let id = resource.logicalId
        handled.insert(id)
        let properties = properties(of: resource)
        let mark = resource.node.mark
        var (body, bodySource) = definitionBody(resource, properties, bodyKey: "Body", uriKey: "BodyS3Location")
        if body == nil { body = documentFromResources(of: id, properties: properties, mark: mark) }

        var stages: [Node] = []
        for (stage, stageProperties) in children("AWS::ApiGateway::Stage", of: id) {
            handled.insert(stage.logicalId)
            guard let name = TemplateNode.value(stageProperties, "StageName") else {
                diagnostics.error(.modelMissingKey, "stage '\(stage.logicalId)' needs StageName", at: location(of: stage.node))
                continue
            }
            stages.append(restStage(named: name, stageProperties, description: TemplateNode.value(stageProperties, "Description")))
        }
        for (deployment, deploymentProperties) in children("AWS::ApiGateway::Deployment", of: id) {
            handled.insert(deployment.logicalId)
            // A deployment with StageName creates that stage, set up by StageDescription.
            guard let name = TemplateNode.value(deploymentProperties, "StageName"),
                  !stages.contains(where: { TemplateNode.text($0, "stageName") == name.string }) else { continue }
            stages.append(restStage(named: name, TemplateNode.value(deploymentProperties, "StageDescription") ?? TemplateNode.mapping([], at: name.mark)))
        }
        guard !stages.isEmpty else {
            diagnostics.warning(.templateUnsupported, "REST API '\(id)' has no stage (no AWS::ApiGateway::Stage, nor a Deployment with StageName), so nothing can call it; it is left out",
                                at: location(of: resource.node))
            return
        }
        var api: [(String, Node)] = [("name", TemplateNode.string(id, at: mark)),
                                     ("definition", TemplateNode.string(definitionPath(of: id), at: mark)),
                                     ("type", TemplateNode.string("REST", at: mark))]
        if let endpoint = endpointType(TemplateNode.value(properties, "EndpointConfiguration")) { api.append(("endpointType", endpoint)) }
        if let description = TemplateNode.value(properties, "Description") { api.append(("description", description)) }
        api.append(("stages", TemplateNode.sequence(stages, at: mark)))
        apis.append(TemplateNode.mapping(api, at: mark))
        var document = body ?? TemplateNode.mapping([], at: mark)
        if let types = TemplateNode.value(properties, "BinaryMediaTypes"), TemplateNode.value(document, "x-amazon-apigateway-binary-media-types") == nil {
            document = TemplateNode.setting(document, "x-amazon-apigateway-binary-media-types", to: types)
        }
        if let source = TemplateNode.value(properties, "ApiKeySourceType"), TemplateNode.value(document, "x-amazon-apigateway-api-key-source") == nil {
            document = TemplateNode.setting(document, "x-amazon-apigateway-api-key-source", to: source)
        }
        definitions[definitionPath(of: id)] = ProvidedDefinition(root: document, source: bodySource ?? source)
    }

    // MARK: - The document from Resource and Method resources

    /// The OpenAPI document of an API declared resource by resource: paths from each
    /// `Resource`'s `PathPart` up its `ParentId` chain (the root is `!GetAtt Api.RootResourceId`),
    /// one operation per `Method`.
    private func documentFromResources(of api: String, properties: Node, mark: Mark?) -> Node? {
        let methods = children("AWS::ApiGateway::Method", of: api)
        guard !methods.isEmpty else { return nil }
        var parents: [String: (parent: String, part: String)] = [:]
        for (child, childProperties) in children("AWS::ApiGateway::Resource", of: api) {
            handled.insert(child.logicalId)
            parents[child.logicalId] = (TemplateNode.text(childProperties, "ParentId") ?? "", TemplateNode.text(childProperties, "PathPart") ?? "")
        }
        let root = LocalResourceValues.rootResourceId(of: api)
        func path(of resourceId: String) -> String? {
            var parts: [String] = []
            var current = resourceId
            while current != root {
                guard let entry = parents[current], parts.count < 64 else { return nil }
                parts.insert(entry.part, at: 0)
                current = entry.parent
            }
            return "/" + parts.joined(separator: "/")
        }
        var builder = OpenAPIBuilder(body: nil, title: TemplateNode.text(properties, "Name") ?? api, mark: mark)
        var authorizerNames: [String: String] = [:]
        for (authorizer, authorizerProperties) in children("AWS::ApiGateway::Authorizer", of: api) {
            handled.insert(authorizer.logicalId)
            let name = TemplateNode.text(authorizerProperties, "Name") ?? authorizer.logicalId
            authorizerNames[authorizer.logicalId] = name
            builder.addScheme(name, authorizerScheme(authorizerProperties, at: authorizer.node.mark))
        }
        var validatorNames: [String: String] = [:]
        var validators: [(String, Node)] = []
        for (validator, validatorProperties) in children("AWS::ApiGateway::RequestValidator", of: api) {
            handled.insert(validator.logicalId)
            let name = TemplateNode.text(validatorProperties, "Name") ?? validator.logicalId
            validatorNames[validator.logicalId] = name
            validators.append((name, TemplateNode.mapping(Self.renamed(validatorProperties, ["ValidateRequestBody": "validateRequestBody",
                                                                                            "ValidateRequestParameters": "validateRequestParameters"]),
                                                          at: validator.node.mark)))
        }
        var schemas: [(String, Node)] = []
        for (model, modelProperties) in children("AWS::ApiGateway::Model", of: api) {
            handled.insert(model.logicalId)
            if let schema = TemplateNode.value(modelProperties, "Schema") {
                schemas.append((TemplateNode.text(modelProperties, "Name") ?? model.logicalId, schema))
            }
        }
        var usesIAM = false
        var usesKey = false
        for (method, methodProperties) in methods {
            handled.insert(method.logicalId)
            let at = method.node.mark
            guard let resourceId = TemplateNode.text(methodProperties, "ResourceId"), let path = path(of: resourceId),
                  let httpMethod = TemplateNode.text(methodProperties, "HttpMethod") else {
                diagnostics.error(.modelMissingKey, "method '\(method.logicalId)' needs HttpMethod and a ResourceId of its API's resources", at: location(of: method.node))
                continue
            }
            var operation: [(String, Node)] = []
            let parameters = TemplateNode.pairs(TemplateNode.value(methodProperties, "RequestParameters")).compactMap { key, required -> Node? in
                let parts = key.split(separator: ".", maxSplits: 3).map(String.init)
                guard parts.count == 4, parts[0] == "method", parts[1] == "request" else { return nil }
                let place = ["querystring": "query", "header": "header", "path": "path"][parts[2]] ?? parts[2]
                return TemplateNode.mapping([("name", TemplateNode.string(parts[3], at: required.mark)), ("in", TemplateNode.string(place, at: required.mark)),
                                             ("required", place == "path" ? TemplateNode.plain("true", at: required.mark) : required),
                                             ("schema", TemplateNode.mapping([("type", TemplateNode.string("string", at: required.mark))], at: required.mark))], at: required.mark)
            }
            if !parameters.isEmpty { operation.append(("parameters", TemplateNode.sequence(parameters, at: at))) }
            if let models = TemplateNode.value(methodProperties, "RequestModels") {
                let content = TemplateNode.pairs(models).map { type, model in
                    (type, TemplateNode.mapping([("schema", TemplateNode.mapping([("$ref", TemplateNode.string("#/components/schemas/\(model.string ?? "")", at: model.mark))], at: model.mark))], at: model.mark))
                }
                operation.append(("requestBody", TemplateNode.mapping([("content", TemplateNode.mapping(content, at: models.mark))], at: models.mark)))
            }
            var responses: [(String, Node)] = []
            for response in TemplateNode.items(TemplateNode.value(methodProperties, "MethodResponses")) {
                guard let code = TemplateNode.text(response, "StatusCode") else { continue }
                var entry: [(String, Node)] = [("description", TemplateNode.string("\(code) response", at: response.mark))]
                let headers = TemplateNode.pairs(TemplateNode.value(response, "ResponseParameters")).compactMap { key, _ -> (String, Node)? in
                    guard key.hasPrefix("method.response.header.") else { return nil }
                    return (String(key.dropFirst("method.response.header.".count)),
                            TemplateNode.mapping([("schema", TemplateNode.mapping([("type", TemplateNode.string("string", at: response.mark))], at: response.mark))], at: response.mark))
                }
                if !headers.isEmpty { entry.append(("headers", TemplateNode.mapping(headers, at: response.mark))) }
                responses.append((code, TemplateNode.mapping(entry, at: response.mark)))
            }
            operation.append(("responses", TemplateNode.mapping(responses, at: at)))
            var requirement: [(String, Node)] = []
            switch (TemplateNode.text(methodProperties, "AuthorizationType") ?? "NONE").uppercased() {
            case "AWS_IAM":
                requirement.append(("AWS_IAM", TemplateNode.sequence([], at: at)))
                usesIAM = true
            case "CUSTOM", "COGNITO_USER_POOLS":
                if let authorizer = TemplateNode.text(methodProperties, "AuthorizerId") {
                    requirement.append((authorizerNames[authorizer] ?? authorizer,
                                        TemplateNode.value(methodProperties, "AuthorizationScopes") ?? TemplateNode.sequence([], at: at)))
                }
            default:
                break
            }
            if TemplateNode.text(methodProperties, "ApiKeyRequired").flatMap({ Bool(yamlScalar: $0) }) == true {
                requirement.append(("api_key", TemplateNode.sequence([], at: at)))
                usesKey = true
            }
            if !requirement.isEmpty { operation.append(("security", TemplateNode.sequence([TemplateNode.mapping(requirement, at: at)], at: at))) }
            if let validator = TemplateNode.text(methodProperties, "RequestValidatorId") {
                operation.append(("x-amazon-apigateway-request-validator", TemplateNode.string(validatorNames[validator] ?? validator, at: at)))
            }
            if let integration = TemplateNode.value(methodProperties, "Integration") {
                operation.append(("x-amazon-apigateway-integration", Self.integration(integration)))
            }
            builder.add(path, Self.openAPIMethod(httpMethod), TemplateNode.mapping(operation, at: at))
        }
        builder.addStandardSchemes(iam: usesIAM, apiKey: usesKey, at: mark)
        if !validators.isEmpty { builder.setIfAbsent("x-amazon-apigateway-request-validators", TemplateNode.mapping(validators, at: mark)) }
        var gatewayResponses: [(String, Node)] = []
        for (response, responseProperties) in children("AWS::ApiGateway::GatewayResponse", of: api) {
            handled.insert(response.logicalId)
            guard let type = TemplateNode.text(responseProperties, "ResponseType") else { continue }
            gatewayResponses.append((type, TemplateNode.mapping(Self.renamed(responseProperties, ["StatusCode": "statusCode", "ResponseParameters": "responseParameters",
                                                                                                 "ResponseTemplates": "responseTemplates"]), at: response.node.mark)))
        }
        if !gatewayResponses.isEmpty { builder.setIfAbsent("x-amazon-apigateway-gateway-responses", TemplateNode.mapping(gatewayResponses, at: mark)) }
        var document = builder.node
        if !schemas.isEmpty {
            let components = TemplateNode.value(document, "components") ?? TemplateNode.mapping([], at: mark)
            document = TemplateNode.setting(document, "components", to: TemplateNode.setting(components, "schemas", to: TemplateNode.mapping(schemas, at: mark)))
        }
        return document
    }

    /// An `AWS::ApiGateway::Authorizer` as the security scheme API Gateway exports for it.
    private func authorizerScheme(_ properties: Node, at mark: Mark?) -> Node {
        let type = (TemplateNode.text(properties, "Type") ?? "TOKEN").uppercased()
        let isCognito = type == "COGNITO_USER_POOLS"
        var settings: [(String, Node)] = [("type", TemplateNode.string(type.lowercased(), at: mark))]
        settings += Self.renamed(properties, ["AuthorizerUri": "authorizerUri", "AuthorizerCredentials": "authorizerCredentials",
                                              "IdentitySource": "identitySource", "IdentityValidationExpression": "identityValidationExpression",
                                              "AuthorizerResultTtlInSeconds": "authorizerResultTtlInSeconds", "ProviderARNs": "providerARNs"])
        let source = TemplateNode.text(properties, "IdentitySource") ?? "method.request.header.Authorization"
        let header = source.hasPrefix("method.request.header.") && !source.contains(",") ? String(source.dropFirst("method.request.header.".count)) : "Unused"
        return TemplateNode.mapping([("type", TemplateNode.string("apiKey", at: mark)), ("name", TemplateNode.string(header, at: mark)),
                                     ("in", TemplateNode.string("header", at: mark)),
                                     ("x-amazon-apigateway-authtype", TemplateNode.string(isCognito ? "cognito_user_pools" : "custom", at: mark)),
                                     ("x-amazon-apigateway-authorizer", TemplateNode.mapping(settings, at: mark))], at: mark)
    }

    /// A method's `Integration` as `x-amazon-apigateway-integration`: the same settings in
    /// camel case, `IntegrationResponses` keyed by `SelectionPattern` (`default` without one).
    static func integration(_ node: Node) -> Node {
        var pairs: [(String, Node)] = []
        for (key, value) in TemplateNode.pairs(node) {
            switch key {
            case "Type", "PassthroughBehavior", "ContentHandling":
                pairs.append((Self.camel(key), TemplateNode.string((value.string ?? "").lowercased(), at: value.mark)))
            case "IntegrationHttpMethod":
                pairs.append(("httpMethod", value))
            case "IntegrationResponses":
                pairs.append(("responses", TemplateNode.mapping(TemplateNode.items(value).map { response in
                    (TemplateNode.text(response, "SelectionPattern") ?? "default",
                     TemplateNode.mapping(renamed(response, ["StatusCode": "statusCode", "ResponseParameters": "responseParameters",
                                                             "ResponseTemplates": "responseTemplates", "ContentHandling": "contentHandling"]), at: response.mark))
                }, at: value.mark)))
            case "Uri", "RequestTemplates", "RequestParameters", "TimeoutInMillis", "Credentials", "CacheKeyParameters", "CacheNamespace",
                 "ConnectionType", "ConnectionId":
                pairs.append((Self.camel(key), value))
            default:
                break
            }
        }
        return TemplateNode.mapping(pairs, at: node.mark)
    }

    static func camel(_ key: String) -> String {
        key.prefix(1).lowercased() + key.dropFirst()
    }

    // MARK: - API keys, usage plans, domains

    private func translateKeysAndPlans() {
        var planNames: [String: String] = [:]
        for plan in resources(ofType: "AWS::ApiGateway::UsagePlan") {
            handled.insert(plan.logicalId)
            let properties = properties(of: plan)
            let name = TemplateNode.text(properties, "UsagePlanName") ?? plan.logicalId
            planNames[plan.logicalId] = name
            let mark = plan.node.mark
            let stages = TemplateNode.items(TemplateNode.value(properties, "ApiStages")).map { stage in
                var pairs: [(String, Node)] = [("api", TemplateNode.value(stage, "ApiId") ?? TemplateNode.string("", at: stage.mark)),
                                               ("stage", TemplateNode.value(stage, "Stage") ?? TemplateNode.string("", at: stage.mark))]
                if let throttle = TemplateNode.value(stage, "Throttle") {
                    pairs.append(("throttle", TemplateNode.mapping(TemplateNode.pairs(throttle).map {
                        ($0.key, TemplateNode.mapping(Self.renamed($0.value, ["RateLimit": "rateLimit", "BurstLimit": "burstLimit"]), at: $0.value.mark))
                    }, at: throttle.mark)))
                }
                return TemplateNode.mapping(pairs, at: stage.mark)
            }
            var pairs: [(String, Node)] = [("name", TemplateNode.string(name, at: mark)), ("apiStages", TemplateNode.sequence(stages, at: mark))]
            if let description = TemplateNode.value(properties, "Description") { pairs.append(("description", description)) }
            if let throttle = TemplateNode.value(properties, "Throttle") { pairs.append(("throttle", TemplateNode.mapping(Self.renamed(throttle, ["RateLimit": "rateLimit", "BurstLimit": "burstLimit"]), at: throttle.mark))) }
            if let quota = TemplateNode.value(properties, "Quota") { pairs.append(("quota", TemplateNode.mapping(Self.renamed(quota, ["Limit": "limit", "Offset": "offset", "Period": "period"]), at: quota.mark))) }
            usagePlans.append(TemplateNode.mapping(pairs, at: mark))
        }
        var plansOfKey: [String: [Node]] = [:]
        for link in resources(ofType: "AWS::ApiGateway::UsagePlanKey") {
            handled.insert(link.logicalId)
            let properties = properties(of: link)
            guard let key = TemplateNode.text(properties, "KeyId"), let plan = TemplateNode.text(properties, "UsagePlanId") else { continue }
            plansOfKey[key, default: []].append(TemplateNode.string(planNames[plan] ?? plan, at: link.node.mark))
        }
        for key in resources(ofType: "AWS::ApiGateway::ApiKey") {
            handled.insert(key.logicalId)
            let properties = properties(of: key)
            let mark = key.node.mark
            var pairs: [(String, Node)] = [("name", TemplateNode.string(TemplateNode.text(properties, "Name") ?? key.logicalId, at: mark))]
            if let value = TemplateNode.value(properties, "Value") { pairs.append(("value", value)) }
            if let enabled = TemplateNode.value(properties, "Enabled") { pairs.append(("enabled", enabled)) }
            if let description = TemplateNode.value(properties, "Description") { pairs.append(("description", description)) }
            pairs.append(("usagePlans", TemplateNode.sequence(plansOfKey[key.logicalId] ?? [], at: mark)))
            apiKeys.append(TemplateNode.mapping(pairs, at: mark))
        }
    }

    private func translateDomainNames() {
        for domain in resources(ofType: "AWS::ApiGateway::DomainName") + resources(ofType: "AWS::ApiGatewayV2::DomainName") {
            handled.insert(domain.logicalId)
            let properties = properties(of: domain)
            guard let name = TemplateNode.value(properties, "DomainName") else { continue }
            var pairs: [(String, Node)] = [("domainName", name), ("basePathMappings", TemplateNode.sequence([], at: domain.node.mark))]
            if let policy = TemplateNode.value(properties, "SecurityPolicy") { pairs.append(("securityPolicy", policy)) }
            domains.append(TemplateNode.mapping(pairs, at: domain.node.mark))
        }
        for mapping in resources(ofType: "AWS::ApiGateway::BasePathMapping") + resources(ofType: "AWS::ApiGatewayV2::ApiMapping") {
            handled.insert(mapping.logicalId)
            let properties = properties(of: mapping)
            let isV2 = mapping.type == "AWS::ApiGatewayV2::ApiMapping"
            guard let domain = TemplateNode.text(properties, "DomainName"), let api = TemplateNode.text(properties, isV2 ? "ApiId" : "RestApiId"),
                  let stage = TemplateNode.value(properties, "Stage") else {
                diagnostics.error(.modelMissingKey, "base path mapping '\(mapping.logicalId)' needs DomainName, \(isV2 ? "ApiId" : "RestApiId") and Stage",
                                  at: location(of: mapping.node))
                continue
            }
            let basePath = TemplateNode.text(properties, isV2 ? "ApiMappingKey" : "BasePath") ?? ""
            addDomain(TemplateNode.mapping([("DomainName", TemplateNode.string(domain, at: mapping.node.mark)),
                                            ("BasePath", TemplateNode.string(basePath.isEmpty ? "/" : basePath, at: mapping.node.mark))], at: mapping.node.mark),
                      api: api, stage: stage)
        }
    }
}
