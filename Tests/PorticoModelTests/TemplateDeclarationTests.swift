import Diagnostics
import Foundation
import PorticoModel
import TestSupport
import Testing

/// What SAM and CloudFormation templates declare, read into the project: APIs with their
/// routes, integrations, authorizers, stages, usage plans, keys, domains, functions and user
/// pools, as SAM's translator and CloudFormation would create them.
@Suite("Templates: what SAM and CloudFormation templates declare")
struct TemplateDeclarationTests {
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/templates/\(name)").path
    }

    static func load(_ root: String) -> (Project?, [String]) {
        var diagnostics = DiagnosticEngine()
        let project = ProjectLoader(root: root).load(diagnostics: &diagnostics)
        return (project, diagnostics.sorted.map(DiagnosticFormatter.format).map { $0.replacingOccurrences(of: root + "/", with: "") })
    }

    /// One line per route: method, path, integration, authorization, API key.
    static func routes(_ api: APIDeployment) -> [String] {
        api.definition.operations.map { operation in
            var line = "\(operation.method.rawValue) \(operation.path)"
            if let integration = operation.integration {
                line += " → \(integration.type.rawValue) \(integration.httpMethod ?? "-") \(integration.uri ?? "-")"
                if let version = integration.payloadFormatVersion { line += " v\(version)" }
            }
            line += " auth=\(operation.authorizationType.rawValue)"
            if let name = operation.authorizerName { line += ":\(name)" }
            if !operation.authorizationScopes.isEmpty { line += " scopes=\(operation.authorizationScopes.joined(separator: ","))" }
            if operation.apiKeyRequired { line += " key" }
            return line
        }
    }

    static func declaredAt(_ location: Diagnostics.SourceLocation?) -> String {
        guard let location else { return "-" }
        return "\((location.file as NSString).lastPathComponent):\(location.line)"
    }

    @Test("a SAM application: routes, authorizers, CORS, stage settings, usage plan, domain, functions, user pool")
    func samApplication() throws {
        let root = Self.fixture("sam-app")
        let (loaded, lines) = Self.load(root)
        let project = try #require(loaded)
        #expect(lines == [
            // A certificate has no local stand-in (serve --tls makes its own for the domain).
            "template.yaml:55:25: warning: !Ref Certificate cannot be resolved locally (resource type AWS::CertificateManager::Certificate has no local stand-in); it stands for '<unresolved: !Ref Certificate>' [template.placeholder]",
            "template.yaml:103:16: warning: function 'NotesFunction' uses runtime 'java21', which Portico does not run (it runs python3.x and nodejs functions); requests that reach it fail as for a function that cannot be invoked [template.unsupported]",
            "template.yaml:106:11: warning: function 'NotesFunction' (integration of GET /notes/{id}) is not declared under 'functions', so it has no local code: its requests answer 500 Internal server error; did you mean 'OrdersFunction'? [project.unknown-function]",
            "template.yaml:111:11: warning: function 'NotesFunction' (integration of $default) is not declared under 'functions', so it has no local code: its requests answer 500 Internal server error; did you mean 'OrdersFunction'? [project.unknown-function]",
            "template.yaml:122:5: note: resource 'Orders' (AWS::DynamoDB::Table) is ignored: Portico does not simulate it [template.ignored]",
            "template.yaml:125:5: note: resource 'Certificate' (AWS::CertificateManager::Certificate) is ignored: Portico does not simulate it [template.ignored]",
        ])
        #expect(project.site.title == "Orders service")
        #expect(project.apis.map { "\($0.name) \($0.kind.rawValue) \($0.endpointType.rawValue) \(Self.declaredAt($0.location))" }
                == ["OrdersApi REST EDGE template.yaml:21", "ServerlessHttpApi HTTP REGIONAL template.yaml:106"])
        let orders = try #require(project.api(named: "OrdersApi"))
        // The integration SAM writes for every function event: aws_proxy, POST, the function's invocation ARN.
        let invoke = "AWS_PROXY POST arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:OrdersFunction/invocations"
        #expect(Self.routes(orders) == [
            "GET /orders → \(invoke) auth=CUSTOM:TokenAuth key",
            "POST /orders → \(invoke) auth=COGNITO_USER_POOLS:Users scopes=orders/write key",
            "OPTIONS /orders → MOCK - - auth=NONE",
            "OPTIONS /health → MOCK - - auth=NONE",
            "ANY /health → \(invoke) auth=NONE",
        ])
        // SAM's CORS preflight: the path's methods and OPTIONS, sorted; every method for ANY.
        let preflight = orders.definition.operations.filter { $0.method == .options }.map { operation in
            (operation.integration?.responses.first?.responseParameters ?? []).map { "\($0.targetText)=\($0.sourceText)" }
        }
        #expect(preflight == [
            ["method.response.header.Access-Control-Allow-Headers='Content-Type,Authorization'",
             "method.response.header.Access-Control-Allow-Methods='GET,OPTIONS,POST'",
             "method.response.header.Access-Control-Allow-Origin='https://shop.example.com'"],
            ["method.response.header.Access-Control-Allow-Headers='Content-Type,Authorization'",
             "method.response.header.Access-Control-Allow-Methods='DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'",
             "method.response.header.Access-Control-Allow-Origin='https://shop.example.com'"],
        ])
        #expect(orders.definition.authorizers.map {
            "\($0.name) \($0.type.rawValue) \($0.identitySource ?? "-") ttl=\($0.authorizerResultTtlInSeconds ?? -1) fn=\($0.functionName ?? "-") \($0.providerARNs) \(Self.declaredAt($0.location))"
        } == [
            "TokenAuth TOKEN method.request.header.Authorization ttl=300 fn=AuthFunction [] template.yaml:44",
            "Users COGNITO_USER_POOLS - ttl=-1 fn=- [\"arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_UserPool\"] template.yaml:48",
        ])
        let stage = try #require(orders.stage(named: "prod"))
        #expect(Self.declaredAt(stage.location) == "template.yaml:23")
        #expect(stage.variables == ["table": "orders"])
        #expect(stage.cacheClusterEnabled && stage.cacheClusterSize == "0.5")
        #expect(stage.methodSettings.map { "\($0.key) \($0.throttlingRateLimit ?? -1)/\($0.throttlingBurstLimit ?? -1) cache=\($0.cachingEnabled ?? false)/\($0.cacheTtlInSeconds ?? -1)" }
                == ["*/* 100.0/50 cache=false/-1", "/orders/GET -1.0/-1 cache=true/60"])
        #expect(project.usagePlans.map { "\($0.name) \($0.apiStages.map { "\($0.api)/\($0.stage)" }) \($0.throttle?.rateLimit ?? -1)/\($0.throttle?.burstLimit ?? -1) \($0.quota?.limit ?? -1)/\($0.quota?.period.rawValue ?? "-")" }
                == ["OrdersApiUsagePlan [\"OrdersApi/prod\"] 5.0/10 1000/DAY"])
        #expect(project.apiKeys.map { "\($0.name) \($0.value ?? "generated") \($0.usagePlans)" } == ["OrdersApiApiKey generated [\"OrdersApiUsagePlan\"]"])
        #expect(project.domains.map { "\($0.domainName) \($0.basePathMappings.map { "\($0.basePath)→\($0.api)/\($0.stage)" })" }
                == ["api.shop.example.com [\"v1→OrdersApi/prod\"]"])
        #expect(project.functions.map { "\($0.name) \($0.runtime.rawValue) \($0.handler ?? "-") \($0.code ?? "-") \($0.timeout)s \($0.environment)" }
                == ["OrdersFunction python3 app.handler ../src/orders 10s [\"TABLE\": \"Orders\"]", "AuthFunction python3 authorizer.handler ../src/auth 10s [:]"])
        #expect(project.identities.userPools.map { "\($0.name) \($0.userPoolId) \($0.clients.map { "\($0.clientName)=\($0.clientId)" })" }
                == ["UserPool us-east-1_UserPool [\"web=UserPoolClient\"]"])

        let http = try #require(project.api(named: "ServerlessHttpApi"))
        #expect(http.stages.map(\.stageName) == ["$default"])
        let notes = "AWS_PROXY POST arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:NotesFunction/invocations v2.0"
        #expect(Self.routes(http) == ["GET /notes/{id} → \(notes) auth=NONE", "ANY $default → \(notes) auth=NONE"])
    }
}

extension TemplateDeclarationTests {
    @Test("CloudFormation: a REST API resource by resource, a Body included from a file, an HTTP API route by route")
    func cloudFormation() throws {
        let root = Self.fixture("cloudformation")
        let (loaded, lines) = Self.load(root)
        let project = try #require(loaded)
        #expect(lines == [
            "template.yaml:13:5: note: resource 'PetsRole' (AWS::IAM::Role) is ignored: Portico does not simulate it [template.ignored]",
            // The service integration loads and answers a documented "not simulated" error.
            "template.yaml:72:9: warning: Portico does not simulate AWS service 'sqs' (integration of POST /pets); requests to it answer 500 [project.unsimulated-service]",
            "template.yaml:134:5: note: resource 'Queue' (AWS::SQS::Queue) is ignored: Portico does not simulate it [template.ignored]",
        ])
        #expect(project.apis.map { "\($0.name) \($0.kind.rawValue) \($0.endpointType.rawValue) \(Self.declaredAt($0.location)) \($0.stages.map { "\($0.stageName)@\(Self.declaredAt($0.location))" })" } == [
            "PetsApi REST REGIONAL template.yaml:15 [\"prod@template.yaml:102\"]",
            "IncludedApi REST EDGE template.yaml:137 [\"v1@template.yaml:148\"]",
            "HttpApi HTTP REGIONAL template.yaml:151 [\"$default@template.yaml:184\"]",
        ])
        let pets = try #require(project.api(named: "PetsApi"))
        let invoke = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:pets/invocations"
        #expect(Self.routes(pets) == [
            "GET /pets/{id} → AWS_PROXY POST \(invoke) auth=CUSTOM:token key",
            "GET /pets → MOCK - - auth=NONE",
            "POST /pets → AWS POST arn:aws:apigateway:us-east-1:sqs:path/123456789012/Queue auth=AWS_IAM",
        ])
        #expect(pets.definition.operations.map { operation in
            "\(operation.parameters.map { "\($0.location.rawValue):\($0.name):\($0.required)" }) \(operation.requestValidatorName ?? "-") \(operation.integration?.credentials ?? "-")"
        } == ["[\"path:id:true\"] - -", "[\"query:limit:true\"] params-only -", "[] - arn:aws:iam::123456789012:role/PetsRole"])
        #expect(pets.stage(named: "prod")?.variables == ["color": "blue"])
        let token = try #require(pets.definition.authorizers.first { $0.name == "token" })
        #expect("\(token.type.rawValue) \(token.identitySource ?? "-") \(token.functionName ?? "-") \(Self.declaredAt(token.location))"
                == "TOKEN method.request.header.X-Token pets template.yaml:79")
        #expect(project.usagePlans.map { "\($0.name) \($0.apiStages.map { "\($0.api)/\($0.stage)" }) \($0.throttle?.rateLimit ?? -1)/\($0.throttle?.burstLimit ?? -1)" }
                == ["gold [\"PetsApi/prod\"] 10.0/20"])
        #expect(project.apiKeys.map { "\($0.name) \($0.value ?? "-") \($0.usagePlans)" } == ["partner partner-key-0123456789abcdef [\"gold\"]"])
        #expect(project.domains.map { "\($0.domainName) \($0.securityPolicy.rawValue) \($0.basePathMappings.map { "\($0.basePath.isEmpty ? "(none)" : $0.basePath)→\($0.api)/\($0.stage)" })" }
                == ["pets.example.com TLS_1_2 [\"(none)→PetsApi/prod\"]"])
        #expect(project.functions.map { "\($0.name) \($0.runtime.rawValue) \($0.handler ?? "-") \($0.code ?? "-")" } == ["pets python3 app.handler ../lambda"])

        // The included body keeps its own file for locations, and its !Sub is resolved.
        let included = try #require(project.api(named: "IncludedApi")?.definition.operations.first)
        #expect("\(included.method.rawValue) \(included.path) \(Self.declaredAt(included.location))" == "GET /ping openapi.yaml:6")
        #expect(included.integration?.responses.first?.responseTemplates.first?.source == "{\"region\": \"us-east-1\"}")

        let http = try #require(project.api(named: "HttpApi"))
        #expect(Self.routes(http) == ["GET /pets/{id} → AWS_PROXY POST \(invoke) v2.0 auth=JWT:jwt"])
        #expect(http.definition.authorizers.map { "\($0.name) \($0.identitySource ?? "-") \($0.jwtConfiguration?.issuer ?? "-") \($0.jwtConfiguration?.audience ?? [])" }
                == ["jwt $request.header.Authorization https://issuer.example.com [\"pets\"]"])
    }
}
