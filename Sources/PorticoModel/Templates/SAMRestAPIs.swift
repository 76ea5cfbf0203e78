import Diagnostics
import Foundation
import Yams

/// `AWS::Serverless::Api`, explicit or implicit (`ServerlessRestApi`, made for functions'
/// `Api` events that name no API), read as SAM's translator writes it: the `DefinitionBody`
/// (or `DefinitionUri`) with each event's route added as an `aws_proxy` integration, `Auth`'s
/// authorizers as security schemes, `Cors` as `OPTIONS` mock methods, one stage, and the usage
/// plan and custom domain SAM would create (AWS SAM Developer Guide:
/// sam-resource-api, sam-property-api-apiauth, sam-property-api-corsconfiguration,
/// sam-property-api-apiusageplan, sam-property-api-domainconfiguration; the translator's
/// output under serverless-application-model/tests/translator/output).
extension TemplateTranslation {
    func translateSAMRestAPIs() {
        forEachSAMAPI(type: "AWS::Serverless::Api", eventType: "Api", implicit: SAMEvents.implicitRestAPI, apiKey: "RestApiId",
                      translateSAMRestAPI)
    }

    /// Each API of `type` with the events that name it; the implicit API when events name
    /// none; a located error for an event naming an API the template does not declare.
    func forEachSAMAPI(type: String, eventType: String, implicit: String, apiKey: String,
                       _ translate: (_ id: String, _ events: [SAMEvent], _ resource: TemplateResource?, _ properties: Node) -> Void) {
        let events = samEvents(ofType: eventType)
        var ids = resources(ofType: type).map(\.logicalId)
        if events.contains(where: { $0.api == implicit }), !ids.contains(implicit) {
            ids.insert(implicit, at: 0)
        }
        for id in ids {
            let apiEvents = events.filter { $0.api == id }
            let resource = resource(id)
            handled.insert(id)
            let mark = resource?.node.mark ?? apiEvents.first?.node.mark
            // An implicit API has only the globals' properties.
            let properties = resource.map { self.properties(of: $0) }
                ?? globals.applied(to: nil, type: type).flatMap(resolver.resolve) ?? TemplateNode.mapping([], at: mark)
            translate(id, apiEvents, resource, properties)
        }
        for event in events where !ids.contains(event.api) {
            diagnostics.error(.templateUnknownName, "event '\(event.name)' of function '\(event.function)' names API '\(event.api)', which is not an \(type) of the template",
                              at: location(of: TemplateNode.value(event.properties, apiKey) ?? event.node))
        }
    }

    private func translateSAMRestAPI(_ id: String, events: [SAMEvent], resource: TemplateResource?, properties: Node) {
        let mark = resource?.node.mark ?? events.first?.node.mark
        let (body, bodySource) = definitionBody(resource, properties, bodyKey: "DefinitionBody", uriKey: "DefinitionUri")
        var builder = OpenAPIBuilder(body: body, title: id, mark: mark)
        let auth = TemplateNode.value(properties, "Auth")

        for event in events {
            guard let path = text(event.properties, "Path"), let method = text(event.properties, "Method") else {
                diagnostics.error(.modelMissingKey, "Api event '\(event.name)' of function '\(event.function)' needs Path and Method", at: location(of: event.node))
                continue
            }
            let at = event.node.mark
            let integration = TemplateNode.mapping([("httpMethod", TemplateNode.string("POST", at: at)),
                                                    ("type", TemplateNode.string("aws_proxy", at: at)),
                                                    ("uri", TemplateNode.string(LocalResourceValues.invocationURI(ofFunctionARN: event.functionARN), at: at))], at: at)
            var operation: [(String, Node)] = [("responses", TemplateNode.mapping([], at: at)), ("x-amazon-apigateway-integration", integration)]
            if let security = eventSecurity(TemplateNode.value(event.properties, "Auth"), api: auth, at: at) {
                operation.append(("security", security))
            }
            builder.add(path, Self.openAPIMethod(method), TemplateNode.mapping(operation, at: at))
        }
        if let cors = TemplateNode.value(properties, "Cors") { addCORS(cors, to: &builder) }
        // Without Auth too: an event's own AWS_IAM or ApiKeyRequired still needs its scheme.
        addAuth(auth ?? TemplateNode.mapping([], at: mark), to: &builder, api: id)
        if let types = TemplateNode.value(properties, "BinaryMediaTypes") {
            builder.setIfAbsent("x-amazon-apigateway-binary-media-types", TemplateNode.sequence(TemplateNode.items(types).map {
                TemplateNode.string(($0.string ?? "").replacingOccurrences(of: "~1", with: "/"), at: $0.mark)
            }, at: types.mark))
        }
        if let source = TemplateNode.value(properties, "ApiKeySourceType") { builder.setIfAbsent("x-amazon-apigateway-api-key-source", source) }
        if let responses = TemplateNode.value(properties, "GatewayResponses") { builder.setIfAbsent("x-amazon-apigateway-gateway-responses", gatewayResponses(responses)) }

        let stageName = TemplateNode.value(properties, "StageName") ?? TemplateNode.string("Prod", at: mark)
        var api: [(String, Node)] = [("name", TemplateNode.string(id, at: mark)),
                                     ("definition", TemplateNode.string(definitionPath(of: id), at: mark)),
                                     ("type", TemplateNode.string("REST", at: mark))]
        if let endpoint = endpointType(TemplateNode.value(properties, "EndpointConfiguration")) { api.append(("endpointType", endpoint)) }
        if let description = TemplateNode.value(properties, "Description") { api.append(("description", description)) }
        api.append(("stages", TemplateNode.sequence([restStage(named: stageName, properties)], at: mark)))
        apis.append(TemplateNode.mapping(api, at: mark))
        definitions[definitionPath(of: id)] = ProvidedDefinition(root: builder.node, source: bodySource ?? source)

        if let plan = TemplateNode.value(auth, "UsagePlan") { addUsagePlan(plan, api: id, stage: stageName) }
        if let domain = TemplateNode.value(properties, "Domain") { addDomain(domain, api: id, stage: stageName) }
    }

    /// `get` for `GET`; SAM's `any` is API Gateway's `x-amazon-apigateway-any-method`.
    static func openAPIMethod(_ method: String) -> String {
        let lower = method.lowercased()
        return lower == "any" || lower == "x-amazon-apigateway-any-method" ? "x-amazon-apigateway-any-method" : lower
    }

    /// The API's document as written: `DefinitionBody` (an `AWS::Include` of a local file keeps
    /// that file as the source of its marks), or `DefinitionUri` naming a local file.
    func definitionBody(_ resource: TemplateResource?, _ properties: Node, bodyKey: String, uriKey: String) -> (Node?, YAMLSource?) {
        if let raw = TemplateNode.value(resource?.properties, bodyKey), let (function, argument) = IntrinsicResolver.intrinsic(raw),
           function == "Fn::Transform" {
            guard let (root, included) = resolver.include(argument, at: raw) else { return (nil, nil) }
            return (root, included)
        }
        if let body = TemplateNode.value(properties, bodyKey) { return (body, nil) }
        guard let uri = TemplateNode.value(properties, uriKey) else { return (nil, nil) }
        guard let path = uri.string, !path.hasPrefix("s3://") else {
            let bucketKey = TemplateNode.text(uri, "Key") ?? ""
            let local = (layout.templateDirectory as NSString).appendingPathComponent(bucketKey)
            if !bucketKey.isEmpty, FileManager.default.fileExists(atPath: local) { return readDefinitionFile(bucketKey, at: uri) }
            diagnostics.warning(.templateUnsupported, "\(uriKey) names a file in S3, which Portico cannot read; name a local file beside the template",
                                at: location(of: uri))
            return (nil, nil)
        }
        return readDefinitionFile(path, at: uri)
    }

    private func readDefinitionFile(_ path: String, at node: Node) -> (Node?, YAMLSource?) {
        let file = path.hasPrefix("/") ? path : (layout.templateDirectory as NSString).appendingPathComponent(path)
        let display = path.hasPrefix("/") ? path : (layout.displayDirectory as NSString).appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: file) else {
            diagnostics.error(.projectDefinitionMissing, "definition file '\(path)' does not exist", at: location(of: node))
            return (nil, nil)
        }
        guard let definition = YAMLSource.read(path: file, displayPath: display, diagnostics: &diagnostics),
              let root = definition.compose(diagnostics: &diagnostics) else { return (nil, nil) }
        return (root, definition)
    }

    /// `EndpointConfiguration`: a type (`REGIONAL`) or `{Type: …}` / `{Types: […]}`.
    func endpointType(_ node: Node?) -> Node? {
        guard let node else { return nil }
        if node.string != nil { return node }
        return TemplateNode.value(node, "Type") ?? TemplateNode.items(TemplateNode.value(node, "Types")).first
    }

    // MARK: - Auth

    /// An event's `security`: its `Auth.Authorizer` (else the API's `DefaultAuthorizer`) and
    /// `ApiKeyRequired` (else the API's), as one requirement, since API Gateway applies both.
    /// `Authorizer: NONE` is written as an empty requirement list (no authorization), where SAM
    /// writes a `NONE` scheme that API Gateway's importer ignores.
    private func eventSecurity(_ eventAuth: Node?, api auth: Node?, at mark: Mark?) -> Node? {
        let authorizer = TemplateNode.text(eventAuth, "Authorizer") ?? TemplateNode.text(auth, "DefaultAuthorizer")
        let keyRequired = (TemplateNode.text(eventAuth, "ApiKeyRequired") ?? TemplateNode.text(auth, "ApiKeyRequired")).flatMap { Bool(yamlScalar: $0) } ?? false
        var requirement: [(String, Node)] = []
        if let authorizer, authorizer != "NONE" {
            let scopes = TemplateNode.value(eventAuth, "AuthorizationScopes")
                ?? TemplateNode.value(TemplateNode.value(TemplateNode.value(auth, "Authorizers"), authorizer), "AuthorizationScopes")
            requirement.append((authorizer, scopes ?? TemplateNode.sequence([], at: mark)))
        }
        if keyRequired { requirement.append(("api_key", TemplateNode.sequence([], at: mark))) }
        if requirement.isEmpty {
            return authorizer == "NONE" || TemplateNode.text(eventAuth, "ApiKeyRequired") != nil ? TemplateNode.sequence([], at: mark) : nil
        }
        return TemplateNode.sequence([TemplateNode.mapping(requirement, at: mark)], at: mark)
    }

    /// `Auth.Authorizers` as security schemes (Cognito, Lambda TOKEN and REQUEST), `AWS_IAM`
    /// and `api_key` when used, and the API's defaults on operations that say nothing
    /// (including CORS preflight unless `AddDefaultAuthorizerToCorsPreflight: false` or
    /// `AddApiKeyRequiredToCorsPreflight: false`, SAM's defaults being true).
    private func addAuth(_ auth: Node, to builder: inout OpenAPIBuilder, api: String) {
        for (name, authorizer) in TemplateNode.pairs(TemplateNode.value(auth, "Authorizers")) {
            builder.addScheme(name, restAuthorizerScheme(name, authorizer))
        }
        let defaultAuthorizer = TemplateNode.text(auth, "DefaultAuthorizer").flatMap { $0 == "NONE" ? nil : $0 }
        let keyRequired = TemplateNode.text(auth, "ApiKeyRequired").flatMap { Bool(yamlScalar: $0) } ?? false
        let preflightAuthorizer = TemplateNode.text(auth, "AddDefaultAuthorizerToCorsPreflight").flatMap { Bool(yamlScalar: $0) } ?? true
        let preflightKey = TemplateNode.text(auth, "AddApiKeyRequiredToCorsPreflight").flatMap { Bool(yamlScalar: $0) } ?? true
        var usesIAM = false
        var usesKey = false
        builder.updateOperations { _, method, operation in
            guard TemplateNode.value(operation, "security") == nil else {
                for requirement in TemplateNode.items(TemplateNode.value(operation, "security")) {
                    for (scheme, _) in TemplateNode.pairs(requirement) {
                        if scheme == "AWS_IAM" { usesIAM = true }
                        if scheme == "api_key" { usesKey = true }
                    }
                }
                return operation
            }
            let preflight = method == "options"
            var requirement: [(String, Node)] = []
            if let defaultAuthorizer, !preflight || preflightAuthorizer {
                requirement.append((defaultAuthorizer, TemplateNode.sequence([], at: operation.mark)))
                if defaultAuthorizer == "AWS_IAM" { usesIAM = true }
            }
            if keyRequired, !preflight || preflightKey {
                requirement.append(("api_key", TemplateNode.sequence([], at: operation.mark)))
                usesKey = true
            }
            guard !requirement.isEmpty else { return operation }
            return TemplateNode.setting(operation, "security", to: TemplateNode.sequence([TemplateNode.mapping(requirement, at: operation.mark)], at: operation.mark))
        }
        builder.addStandardSchemes(iam: usesIAM, apiKey: usesKey, at: auth.mark)
    }

    /// One of `Auth.Authorizers`: `UserPoolArn` makes a Cognito authorizer, `FunctionArn` a
    /// Lambda one (`FunctionPayloadType: TOKEN` by default, or `REQUEST` with the identity
    /// sources `Identity` lists), as sam-property-api-cognitoauthorizer and
    /// sam-property-api-lambdatokenauthorizer / lambdarequestauthorizer describe.
    private func restAuthorizerScheme(_ name: String, _ authorizer: Node) -> Node {
        let mark = authorizer.mark
        let identity = TemplateNode.value(authorizer, "Identity")
        let header = TemplateNode.value(identity, "Header") ?? TemplateNode.string("Authorization", at: mark)
        var settings: [(String, Node)] = []
        let authType: String
        var keyName = header
        if let pools = TemplateNode.value(authorizer, "UserPoolArn") {
            authType = "cognito_user_pools"
            settings.append(("type", TemplateNode.string("cognito_user_pools", at: mark)))
            settings.append(("providerARNs", pools.string != nil ? TemplateNode.sequence([pools], at: pools.mark) : pools))
        } else {
            authType = "custom"
            let functionARN = TemplateNode.text(authorizer, "FunctionArn") ?? ""
            let isRequest = TemplateNode.text(authorizer, "FunctionPayloadType")?.uppercased() == "REQUEST"
            settings.append(("type", TemplateNode.string(isRequest ? "request" : "token", at: mark)))
            settings.append(("authorizerUri", TemplateNode.string(LocalResourceValues.invocationURI(ofFunctionARN: functionARN), at: TemplateNode.value(authorizer, "FunctionArn")?.mark ?? mark)))
            if let role = TemplateNode.value(authorizer, "FunctionInvokeRole") { settings.append(("authorizerCredentials", role)) }
            if isRequest {
                keyName = TemplateNode.string("Unused", at: mark)
                var sources: [String] = []
                for (key, prefix) in [("Headers", "method.request.header."), ("QueryStrings", "method.request.querystring."),
                                      ("StageVariables", "stageVariables."), ("Context", "context.")] {
                    sources += TemplateNode.items(TemplateNode.value(identity, key)).compactMap(\.string).map { prefix + $0 }
                }
                if !sources.isEmpty { settings.append(("identitySource", TemplateNode.string(sources.joined(separator: ", "), at: identity?.mark ?? mark))) }
            }
        }
        if let ttl = TemplateNode.value(identity, "ReauthorizeEvery") { settings.append(("authorizerResultTtlInSeconds", ttl)) }
        if let expression = TemplateNode.value(identity, "ValidationExpression") { settings.append(("identityValidationExpression", expression)) }
        return TemplateNode.mapping([("type", TemplateNode.string("apiKey", at: mark)), ("name", keyName), ("in", TemplateNode.string("header", at: mark)),
                                     ("x-amazon-apigateway-authtype", TemplateNode.string(authType, at: mark)),
                                     ("x-amazon-apigateway-authorizer", TemplateNode.mapping(settings, at: mark))], at: mark)
    }

    // MARK: - CORS

    /// `Cors` (an origin, or `{AllowOrigin, AllowHeaders, AllowMethods, MaxAge,
    /// AllowCredentials}`): an `OPTIONS` mock method on every path that has none, answering the
    /// headers SAM writes (samtranslator/swagger/swagger.py, `add_cors` and
    /// `_options_method_response_for_cors`). Without `AllowMethods`, the path's methods and
    /// OPTIONS, sorted (every method for `ANY`).
    private func addCORS(_ cors: Node, to builder: inout OpenAPIBuilder) {
        let mark = cors.mark
        let origin = cors.string != nil ? cors : TemplateNode.value(cors, "AllowOrigin")
        guard let origin else {
            diagnostics.error(.modelMissingKey, "Cors needs AllowOrigin", at: location(of: cors))
            return
        }
        let credentials = TemplateNode.text(cors, "AllowCredentials").flatMap { Bool(yamlScalar: $0) } ?? false
        for entry in builder.paths where !entry.methods.contains(where: { $0.key == "options" }) {
            var parameters: [(String, Node)] = [("method.response.header.Access-Control-Allow-Origin", origin)]
            var headers: [String] = ["Access-Control-Allow-Origin"]
            if let allowHeaders = TemplateNode.value(cors, "AllowHeaders") {
                parameters.append(("method.response.header.Access-Control-Allow-Headers", allowHeaders))
                headers.append("Access-Control-Allow-Headers")
            }
            let methods = TemplateNode.value(cors, "AllowMethods") ?? TemplateNode.string("'\(Self.corsMethods(entry.methods.map(\.key)))'", at: mark)
            parameters.append(("method.response.header.Access-Control-Allow-Methods", methods))
            headers.append("Access-Control-Allow-Methods")
            if let maxAge = TemplateNode.value(cors, "MaxAge") {
                parameters.append(("method.response.header.Access-Control-Max-Age", maxAge))
                headers.append("Access-Control-Max-Age")
            }
            if credentials {
                parameters.append(("method.response.header.Access-Control-Allow-Credentials", TemplateNode.string("'true'", at: mark)))
                headers.append("Access-Control-Allow-Credentials")
            }
            let integration = TemplateNode.mapping([
                ("type", TemplateNode.string("mock", at: mark)),
                ("requestTemplates", TemplateNode.mapping([("application/json", TemplateNode.string("{\n  \"statusCode\" : 200\n}\n", at: mark))], at: mark)),
                ("responses", TemplateNode.mapping([("default", TemplateNode.mapping([
                    ("statusCode", TemplateNode.string("200", at: mark)),
                    ("responseParameters", TemplateNode.mapping(parameters, at: mark)),
                    ("responseTemplates", TemplateNode.mapping([("application/json", TemplateNode.string("{}\n", at: mark))], at: mark)),
                ], at: mark))], at: mark)),
            ], at: mark)
            let headerSchemas = headers.map { ($0, TemplateNode.mapping([("schema", TemplateNode.mapping([("type", TemplateNode.string($0 == "Access-Control-Max-Age" ? "integer" : "string", at: mark))], at: mark))], at: mark)) }
            let responses = TemplateNode.mapping([("200", TemplateNode.mapping([("description", TemplateNode.string("Default response for CORS method", at: mark)),
                                                                                ("headers", TemplateNode.mapping(headerSchemas, at: mark))], at: mark))], at: mark)
            builder.addMethod(to: entry.path, "options", TemplateNode.mapping([("summary", TemplateNode.string("CORS support", at: mark)),
                                                                              ("responses", responses),
                                                                              ("x-amazon-apigateway-integration", integration)], at: mark))
        }
    }

    /// SAM's `_make_cors_allowed_methods_for_path_item`: the methods upper-cased with OPTIONS,
    /// deduplicated and sorted; every method when the path has `ANY`.
    static func corsMethods(_ keys: [String]) -> String {
        let methods = keys.contains("x-amazon-apigateway-any-method") ? ["OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"] : keys + ["options"]
        return Set(methods.map { $0.uppercased() }).sorted().joined(separator: ",")
    }

    // MARK: - Gateway responses, usage plans, domains

    /// SAM's `GatewayResponses` (`{TYPE: {StatusCode, ResponseParameters: {Headers, Paths,
    /// QueryStrings}, ResponseTemplates}}`) as the `x-amazon-apigateway-gateway-responses` it writes.
    private func gatewayResponses(_ node: Node) -> Node {
        TemplateNode.mapping(TemplateNode.pairs(node).map { type, response in
            let mark = response.mark
            var pairs: [(String, Node)] = []
            if let code = TemplateNode.value(response, "StatusCode") { pairs.append(("statusCode", code)) }
            var parameters: [(String, Node)] = []
            for (section, prefix) in [("Headers", "header"), ("Paths", "path"), ("QueryStrings", "querystring")] {
                for (name, value) in TemplateNode.pairs(TemplateNode.value(TemplateNode.value(response, "ResponseParameters"), section)) {
                    parameters.append(("gatewayresponse.\(prefix).\(name)", value))
                }
            }
            if !parameters.isEmpty { pairs.append(("responseParameters", TemplateNode.mapping(parameters, at: mark))) }
            if let templates = TemplateNode.value(response, "ResponseTemplates") { pairs.append(("responseTemplates", templates)) }
            return (type, TemplateNode.mapping(pairs, at: mark))
        }, at: node.mark)
    }

    /// `Auth.UsagePlan`: `PER_API` makes `<Api>UsagePlan` with the key `<Api>ApiKey`; `SHARED`
    /// one `ServerlessUsagePlan` with `ServerlessApiKey` for every API that asks for it; `NONE`
    /// nothing (sam-property-api-apiusageplan). Keys get a generated value, as AWS gives them.
    private func addUsagePlan(_ plan: Node, api: String, stage: Node) {
        let mode = TemplateNode.text(plan, "CreateUsagePlan")?.uppercased() ?? "NONE"
        guard mode == "PER_API" || mode == "SHARED" else { return }
        let mark = plan.mark
        let planName = mode == "SHARED" ? "ServerlessUsagePlan" : "\(api)UsagePlan"
        let keyName = mode == "SHARED" ? "ServerlessApiKey" : "\(api)ApiKey"
        let apiStage = TemplateNode.mapping([("api", TemplateNode.string(api, at: mark)), ("stage", stage)], at: mark)
        if mode == "SHARED", let index = usagePlans.firstIndex(where: { TemplateNode.text($0, "name") == planName }) {
            let stages = TemplateNode.items(TemplateNode.value(usagePlans[index], "apiStages")) + [apiStage]
            usagePlans[index] = TemplateNode.setting(usagePlans[index], "apiStages", to: TemplateNode.sequence(stages, at: mark))
            return
        }
        var pairs: [(String, Node)] = [("name", TemplateNode.string(TemplateNode.text(plan, "UsagePlanName") ?? planName, at: mark)),
                                       ("apiStages", TemplateNode.sequence([apiStage], at: mark))]
        if let description = TemplateNode.value(plan, "Description") { pairs.append(("description", description)) }
        if let throttle = TemplateNode.value(plan, "Throttle") { pairs.append(("throttle", TemplateNode.mapping(Self.renamed(throttle, ["RateLimit": "rateLimit", "BurstLimit": "burstLimit"]), at: throttle.mark))) }
        if let quota = TemplateNode.value(plan, "Quota") { pairs.append(("quota", TemplateNode.mapping(Self.renamed(quota, ["Limit": "limit", "Offset": "offset", "Period": "period"]), at: quota.mark))) }
        usagePlans.append(TemplateNode.mapping(pairs, at: mark))
        apiKeys.append(TemplateNode.mapping([("name", TemplateNode.string(keyName, at: mark)),
                                             ("usagePlans", TemplateNode.sequence([TemplateNode.string(TemplateNode.text(plan, "UsagePlanName") ?? planName, at: mark)], at: mark))], at: mark))
    }

    /// `Domain`: `DomainName`, `BasePath` (one or a list; `/` by default, the root mapping)
    /// and `SecurityPolicy` (sam-property-api-domainconfiguration). Certificates and Route 53
    /// are not needed locally (`serve --tls` makes its own certificate).
    func addDomain(_ domain: Node, api: String, stage: Node) {
        guard let name = TemplateNode.value(domain, "DomainName") else {
            diagnostics.error(.modelMissingKey, "Domain needs DomainName", at: location(of: domain))
            return
        }
        let mark = domain.mark
        let written = TemplateNode.value(domain, "BasePath")
        let basePaths = written.map { $0.string != nil ? [$0] : TemplateNode.items($0) } ?? [TemplateNode.string("/", at: mark)]
        let mappings = basePaths.map { path in
            TemplateNode.mapping([("basePath", TemplateNode.string(Self.basePath(path.string ?? ""), at: path.mark)),
                                  ("api", TemplateNode.string(api, at: mark)), ("stage", stage)], at: path.mark)
        }
        if let index = domains.firstIndex(where: { TemplateNode.text($0, "domainName") == name.string }) {
            // One domain mapped by several APIs (each API's Domain, or BasePathMapping resources).
            let all = TemplateNode.items(TemplateNode.value(domains[index], "basePathMappings")) + mappings
            domains[index] = TemplateNode.setting(domains[index], "basePathMappings", to: TemplateNode.sequence(all, at: mark))
            return
        }
        var pairs: [(String, Node)] = [("domainName", name), ("basePathMappings", TemplateNode.sequence(mappings, at: mark))]
        if let policy = TemplateNode.value(domain, "SecurityPolicy") { pairs.append(("securityPolicy", policy)) }
        domains.append(TemplateNode.mapping(pairs, at: mark))
    }

    /// `/` and `(none)` are the root mapping (empty); `/v1` is `v1`.
    static func basePath(_ written: String) -> String {
        written == "(none)" ? "" : written.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
    }
}
