import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import Testing
import TestSupport

/// A Lambda integration whose function name is a stage variable, `function:${stageVariables.fn}`
/// (DG: aws-api-gateway-stage-variables-reference), resolved per request on the stage that serves it.
@Suite("Lambda functions named by stage variables")
struct LambdaStageVariableTests {
    static let definition = """
        openapi: 3.0.1
        info: {title: Staged, version: "1"}
        paths:
          /orders:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}/invocations

        """

    static let functions = "functions: [{name: ordersV1, runtime: command, command: [true]}, {name: ordersV2, runtime: command, command: [true]}]\n"

    /// Answers as a declared function for the names it knows, as the local runtime does for the rest.
    final class Functions: FunctionInvoker, @unchecked Sendable {
        let declared: Set<String> = ["ordersV1", "ordersV2"]
        private let lock = NSLock()
        private var names: [String] = []
        func invoke(function: String, payload: [UInt8], timeout: Duration) async -> FunctionInvocation {
            lock.withLock { names.append(function) }
            guard declared.contains(function) else { return FunctionInvocation(outcome: .unknownFunction) }
            return FunctionInvocation(outcome: .success(Array(#"{"statusCode": 200, "body": "\#(function)"}"#.utf8)))
        }
        var invoked: [String] { lock.withLock { names } }
    }

    func load(stages: String, functions: String = functions) throws -> (Project?, [String], TemporaryDirectory) {
        let root = try TemporaryDirectory()
        try root.write([
            "Content/portico.yml": "apis: [{name: api, definition: apis/api.yaml, stages: \(stages)}]\n" + functions,
            "Content/apis/api.yaml": Self.definition,
        ])
        var diagnostics = DiagnosticEngine()
        let project = ProjectLoader(root: root.path).load(diagnostics: &diagnostics)
        return (project, diagnostics.sorted.map { "\($0.severity): \($0.message) [\($0.id.rawValue)]" }, root)
    }

    func send(_ gateway: Gateway, stage: String) async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 3)
        return try await gateway.invoke(GatewayRequest(method: "GET", path: "/orders"), api: "api", stage: stage, ids: &ids)
    }

    @Test("each stage invokes the function its variable names; a canary's override names the canary's")
    func resolves() async throws {
        let (loaded, diagnostics, root) = try load(stages: """
            [{stageName: prod, variables: {fn: ordersV1}},
             {stageName: beta, variables: {fn: ordersV1}, canarySettings: {percentTraffic: 100, stageVariableOverrides: {fn: ordersV2}}},
             {stageName: pinned, variables: {fn: "ordersV2:live"}}]
            """)
        defer { root.remove() }
        #expect(diagnostics == [])
        let functions = Functions()
        let gateway = Gateway(project: try #require(loaded), clock: FixedClock.siteBuild, services: GatewayServices(functions: functions))
        #expect(try await send(gateway, stage: "prod").response.body == "ordersV1")
        // DG: canary-release: stageVariableOverrides override the base release's stage variables.
        #expect(try await send(gateway, stage: "beta").response.body == "ordersV2")
        // A value may carry a version or alias qualifier; the function is the name before it.
        #expect(try await send(gateway, stage: "pinned").response.body == "ordersV2")
        #expect(functions.invoked == ["ordersV1", "ordersV2", "ordersV2"])
    }

    @Test("a variable naming no declared function, or unset, is a 500 with the log of a function API Gateway cannot invoke and a trace naming the name tried")
    func fails() async throws {
        let (loaded, diagnostics, root) = try load(stages: "[{stageName: prod, variables: {fn: ordersV1}}, {stageName: typo, variables: {fn: orderz}}, {stageName: bare}]")
        defer { root.remove() }
        #expect(diagnostics == [])
        let functions = Functions()
        let gateway = Gateway(project: try #require(loaded), clock: FixedClock.siteBuild, services: GatewayServices(functions: functions))

        let typo = try await send(gateway, stage: "typo")
        // 500 Internal server error; the execution log API Gateway writes when it cannot invoke the
        // function (AWS Knowledge Center: api-gateway-internal-server-error).
        #expect(typo.response.status == 500)
        #expect(typo.response.body == #"{"message":"Internal server error"}"#)
        #expect(typo.logs.contains("Execution failed due to configuration error: Invalid permissions on Lambda function"))
        #expect(typo.outcome(of: .integration)?.detail
                == "Lambda function '${stageVariables.fn}' resolves to 'orderz' on this stage, which is not declared in portico.yml")

        let bare = try await send(gateway, stage: "bare")
        #expect(bare.response.status == 500)
        #expect(bare.response.body == #"{"message":"Internal server error"}"#)
        #expect(bare.logs.contains("Execution failed due to configuration error: Invalid permissions on Lambda function"))
        #expect(bare.outcome(of: .integration)?.detail
                == "Lambda function '${stageVariables.fn}' resolves to '' (stage variable 'fn' not set on this stage): no function to invoke")
        // Only the typo reached the runtime; the unset variable named nothing to call.
        #expect(functions.invoked == ["orderz"])
    }

    @Test("loading warns only when no stage, canary overrides included, names a declared function")
    func loadWarnings() throws {
        let (named, namedDiagnostics, namedRoot) = try load(stages: "[{stageName: prod, variables: {fn: orderz}, canarySettings: {percentTraffic: 5, stageVariableOverrides: {fn: ordersV2}}}]")
        defer { namedRoot.remove() }
        #expect(named != nil)
        #expect(namedDiagnostics == [])

        let (none, noneDiagnostics, noneRoot) = try load(stages: "[{stageName: prod, variables: {fn: orderz}}, {stageName: beta}]")
        defer { noneRoot.remove() }
        #expect(none != nil)
        #expect(noneDiagnostics == [
            "warning: Lambda function '${stageVariables.fn}' (integration of GET /orders) names no declared function on any stage: "
                + "prod → 'orderz', beta → ''; declared: ordersV1, ordersV2 [project.unknown-function]",
        ])
    }
}

/// An exported definition naming a function the project does not declare still builds; a
/// request that reaches that function gets the answer of a function API Gateway cannot invoke.
@Suite("Undeclared Lambda functions")
struct UndeclaredFunctionTests {
    @Test("the project loads with a located warning, and the request answers 500 with the log line and a trace saying there is no local code")
    func undeclared() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write([
            "Content/portico.yml": "apis: [{name: api, definition: apis/api.yaml, stages: [{stageName: prod}]}]\n" + LambdaStageVariableTests.functions,
            "Content/apis/api.yaml": LambdaStageVariableTests.definition.replacingOccurrences(of: "${stageVariables.fn}", with: "ordersV3"),
        ])
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(diagnostics.sorted.map(DiagnosticFormatter.format) == [
            root.path + "/Content/apis/api.yaml:7:9: warning: function 'ordersV3' (integration of GET /orders) is not declared under 'functions', so it has no local code: its requests answer 500 Internal server error; did you mean 'ordersV1'? [project.unknown-function]",
        ])
        let gateway = Gateway(project: project, clock: FixedClock.siteBuild, services: GatewayServices(functions: LambdaStageVariableTests.Functions()))
        var ids = IdentifierGenerator(seed: 3)
        let transcript = try await gateway.invoke(GatewayRequest(method: "GET", path: "/orders"), api: "api", stage: "prod", ids: &ids)
        // The 500 and log line of a function API Gateway cannot invoke (AWS Knowledge Center:
        // api-gateway-internal-server-error).
        #expect(transcript.response.status == 500)
        #expect(transcript.response.body == #"{"message":"Internal server error"}"#)
        #expect(transcript.logs == ["Execution failed due to configuration error: Invalid permissions on Lambda function"])
        #expect(transcript.trace.first { $0.stage == .integration }?.detail
                == "Lambda function 'ordersV3' has no local code: it is not declared under 'functions' in portico.yml")
    }
}

/// A Lambda authorizer whose `authorizerUri` names its function by a stage variable, the form
/// DG: aws-api-gateway-stage-variables-reference gives for Lambda function ARNs
/// (`function:${stageVariables.NAME}`). The project loads as it does for integrations, each
/// stage invokes the function its variables name, and a stage that names none answers the
/// authorizer's 500.
@Suite("Authorizers naming their function by stage variables")
struct AuthorizerStageVariableTests {
    static let definition = """
        openapi: 3.0.1
        info: {title: Guarded, version: "1"}
        components:
          securitySchemes:
            tokens:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authtype: custom
              x-amazon-apigateway-authorizer:
                type: token
                authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.authFn}/invocations
                authorizerResultTtlInSeconds: 60
        paths:
          /orders:
            get:
              security: [{tokens: []}]
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"statusCode": 200}'}
                responses: {default: {statusCode: "200"}}

        """

    func load(stages: String) throws -> (Project?, [String], TemporaryDirectory) {
        let root = try TemporaryDirectory()
        try root.write([
            "Content/portico.yml": "apis: [{name: api, definition: apis/api.yaml, stages: \(stages)}]\n"
                + "functions: [{name: authV1, runtime: command, command: [true]}, {name: authV2, runtime: command, command: [true]}]\n",
            "Content/apis/api.yaml": Self.definition,
        ])
        var diagnostics = DiagnosticEngine()
        let project = ProjectLoader(root: root.path).load(diagnostics: &diagnostics)
        return (project, diagnostics.sorted.map { "\($0.severity): \($0.message) [\($0.id.rawValue)]" }, root)
    }

    /// Allows every method, and remembers which function was asked (the real functions'
    /// behaviour: PorticoRuntimeTests' LambdaAuthorizerTests).
    final class Authorizers: FunctionInvoker, @unchecked Sendable {
        private let lock = NSLock()
        private var names: [String] = []
        func invoke(function: String, payload: [UInt8], timeout: Duration) async -> FunctionInvocation {
            lock.withLock { names.append(function) }
            return await AllowingAuthorizer().invoke(function: function, payload: payload, timeout: timeout)
        }
        var invoked: [String] { lock.withLock { names } }
    }

    func authorization(_ gateway: Gateway, stage: String) async throws -> String? {
        var ids = IdentifierGenerator(seed: 3)
        let request = GatewayRequest(method: "GET", path: "/orders", headers: [HTTPHeader("Authorization", "allow")])
        let transcript = try await gateway.invoke(request, api: "api", stage: stage, ids: &ids)
        return transcript.trace.first { $0.stage == .authorization }?.detail
    }

    @Test("the project loads without a diagnostic; each stage calls the function its variables name; a stage that names none answers 500")
    func resolvesPerStage() async throws {
        let (loaded, diagnostics, root) = try load(stages: """
            [{stageName: prod, variables: {authFn: authV1}},
             {stageName: beta, variables: {authFn: authV1}, canarySettings: {percentTraffic: 100, stageVariableOverrides: {authFn: authV2}}},
             {stageName: bare}]
            """)
        defer { root.remove() }
        #expect(diagnostics == [])
        let functions = Authorizers()
        let gateway = Gateway(project: try #require(loaded), clock: FixedClock.siteBuild, services: GatewayServices(functions: functions))
        let arn = "arn:aws:execute-api:us-east-1:123456789012:\(apiIdentifier(for: "api"))"
        #expect(try await authorization(gateway, stage: "prod")
                == "TOKEN authorizer 'tokens' (function 'authV1'): cache miss, called the function in 0 ms, result cached 60 s; principal 'p': statement 1 allows execute-api:Invoke on \(arn)/prod/GET/orders")
        // DG: canary-release: stageVariableOverrides override the base release's stage variables.
        #expect(try await authorization(gateway, stage: "beta")
                == "TOKEN authorizer 'tokens' (function 'authV2'): cache miss, called the function in 0 ms, result cached 60 s; principal 'p': statement 1 allows execute-api:Invoke on \(arn)/beta/GET/orders")
        #expect(try await authorization(gateway, stage: "bare")
                == "TOKEN authorizer 'tokens' cannot run: its function ${stageVariables.authFn} (stage variable 'authFn' not set on this stage) names no function")
        #expect(functions.invoked == ["authV1", "authV2"])
    }

    @Test("loading warns as for integrations: when no stage names a declared function, and for a variable no stage defines")
    func loadWarnings() throws {
        let (named, namedDiagnostics, namedRoot) = try load(stages: "[{stageName: prod, variables: {authFn: authz}}, {stageName: beta}]")
        defer { namedRoot.remove() }
        #expect(named != nil)
        #expect(namedDiagnostics == [
            "warning: Lambda function '${stageVariables.authFn}' (authorizer 'tokens') names no declared function on any stage: "
                + "prod → 'authz', beta → ''; declared: authV1, authV2 [project.unknown-function]",
        ])

        let (undefined, undefinedDiagnostics, undefinedRoot) = try load(stages: "[{stageName: prod, variables: {other: x}}]")
        defer { undefinedRoot.remove() }
        #expect(undefined != nil)
        #expect(undefinedDiagnostics == [
            "warning: stage variable 'authFn' used in the URI of authorizer 'tokens' is defined in no stage of API 'api' [project.undefined-stage-variable]",
        ])
    }
}
