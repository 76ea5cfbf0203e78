import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import Testing
import TestSupport

/// Stages pinned to deployments and canaries running their own deployment, loaded from files
/// as a user writes them. The canary fixture is LocalStack's test_invoking_canary_deployment,
/// recorded against AWS (tests/aws/services/apigateway/test_apigateway_canary.snapshot.json):
/// one GET / whose MOCK response template names its deployment and reads stage variables and
/// `$context.isCanaryRequest`.
@Suite("Deployments and canary releases")
struct DeploymentTests {
    /// A definition whose one method answers `message` with the recorded test's template.
    static func definition(_ message: String, extraPath: String = "") -> String {
        """
        openapi: 3.0.1
        info: {title: Canary, version: "1"}
        paths:
          /:
            get:
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"statusCode": 200}'}
                responses:
                  default:
                    statusCode: "200"
                    responseTemplates:
                      application/json: '{"statusCode": 200, "message": "\(message)", "variable": "$stageVariables.testVar", "nonExistingDefault": "$stageVariables.noStageVar", "nonOverridden": "$stageVariables.defaultVar", "isCanary": "$context.isCanaryRequest"}'
        \(extraPath)
        """
    }

    static let newPath = """
          /new:
            get:
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"statusCode": 200}'}
                responses: {default: {statusCode: "200", responseTemplates: {application/json: '{"new": true}'}}}
        """

    /// Stage `dev` runs deployment `d1` with a canary on `d2` (percentTraffic as given); stage
    /// `beta` runs `d2`; stage `edge` follows the current definition, which has a new path.
    static func files(percent: String = "0", canary: String? = nil) -> [String: String] {
        let canarySettings = canary ?? "{deploymentId: d2, percentTraffic: \(percent), stageVariableOverrides: {testVar: canary, noStageVar: canary}}"
        return [
            "Content/portico.yml": """
            apis:
              - name: canary
                definition: apis/canary.yaml
                endpointType: REGIONAL
                deployments:
                  - {id: d1, definition: apis/canary.d1.yaml, description: first}
                  - {id: d2, definition: apis/canary.d2.yaml}
                stages:
                  - stageName: dev
                    deploymentId: d1
                    variables: {testVar: default, defaultVar: default}
                    canarySettings: \(canarySettings)
                  - stageName: beta
                    deploymentId: d2
                    variables: {testVar: default, defaultVar: default}
                  - stageName: edge
                    variables: {testVar: default, defaultVar: default}
            """,
            "Content/apis/canary.yaml": definition("current definition", extraPath: newPath),
            "Content/apis/canary.d1.yaml": definition("default deployment"),
            "Content/apis/canary.d2.yaml": definition("canary deployment"),
        ]
    }

    static func load(_ files: [String: String]) throws -> (Project?, [String], TemporaryDirectory) {
        let root = try TemporaryDirectory()
        try root.write(files)
        var diagnostics = DiagnosticEngine()
        let project = ProjectLoader(root: root.path).load(diagnostics: &diagnostics)
        return (project, diagnostics.sorted.map { diagnostic in
            let at = diagnostic.location.map { "\($0.file.split(separator: "/").suffix(2).joined(separator: "/")):\($0.line):\($0.column): " } ?? ""
            return "\(at)\(diagnostic.severity): \(diagnostic.message) [\(diagnostic.id.rawValue)]"
        }, root)
    }

    static func gateway(_ files: [String: String] = files()) throws -> Gateway {
        let (project, diagnostics, root) = try load(files)
        root.remove()
        #expect(diagnostics == [])
        return Gateway(project: try #require(project), clock: FixedClock.siteBuild)
    }

    static func send(_ gateway: Gateway, _ path: String = "/", stage: String, channel: ReleaseChannel? = nil, seed: UInt64 = 1) async throws -> Transcript {
        var ids = IdentifierGenerator(seed: seed)
        return try await gateway.invoke(GatewayRequest(method: "GET", path: path), at: Endpoint(api: "canary", stage: stage, channel: channel), ids: &ids)
    }

    /// The recorded responses' JSON.
    static func body(_ message: String, variable: String, nonExisting: String, isCanary: String) -> String {
        #"{"statusCode": 200, "message": "\#(message)", "variable": "\#(variable)", "nonExistingDefault": "\#(nonExisting)", "nonOverridden": "default", "isCanary": "\#(isCanary)"}"#
    }

    @Test("at 0 % every request runs the stage's deployment; at 100 % the canary's, with its overrides (recorded against AWS)")
    func recordedCanary() async throws {
        let atZero = try Self.gateway(Self.files(percent: "0"))
        for seed in 1...20 as ClosedRange<UInt64> {
            // response-deployment-1: {"isCanary": "false", "message": "default deployment", "nonExistingDefault": "", "nonOverridden": "default", "variable": "default"}
            #expect(try await Self.send(atZero, stage: "dev", seed: seed).response.body
                == Self.body("default deployment", variable: "default", nonExisting: "", isCanary: "false"))
        }
        let atHundred = try Self.gateway(Self.files(percent: "100"))
        let canary = try await Self.send(atHundred, stage: "dev")
        // response-canary-deployment: {"isCanary": "true", "message": "canary deployment", "nonExistingDefault": "canary", "nonOverridden": "default", "variable": "canary"}
        #expect(canary.response.body == Self.body("canary deployment", variable: "canary", nonExisting: "canary", isCanary: "true"))
        #expect(canary.trace.first?.detail
            == "stage 'dev' of API 'canary' (REGIONAL endpoint \(APIFacts(apiName: "canary").host)); canary release (drawn at random: the canary takes 100 % of requests): runs deployment 'd2' (apis/canary.d2.yaml), stage variables overridden: noStageVar, testVar")
    }

    @Test("two stages of one API run different deployments at once; a stage without deploymentId follows the current definition")
    func pinnedStages() async throws {
        let gateway = try Self.gateway()
        let dev = try await Self.send(gateway, stage: "dev", channel: .main)
        let beta = try await Self.send(gateway, stage: "beta")
        let edge = try await Self.send(gateway, stage: "edge")
        #expect(dev.response.body == Self.body("default deployment", variable: "default", nonExisting: "", isCanary: "false"))
        // A stage without canary settings has no $context.isCanaryRequest: the template renders it empty.
        #expect(beta.response.body == Self.body("canary deployment", variable: "default", nonExisting: "", isCanary: ""))
        #expect(edge.response.body == Self.body("current definition", variable: "default", nonExisting: "", isCanary: ""))
        #expect(beta.trace.first?.detail == "stage 'beta' of API 'canary' (REGIONAL endpoint \(APIFacts(apiName: "canary").host)); runs deployment 'd2' (apis/canary.d2.yaml)")
        #expect(edge.trace.first?.detail == "stage 'edge' of API 'canary' (REGIONAL endpoint \(APIFacts(apiName: "canary").host))")
        // Only the current definition has /new: the pinned stages answer it as AWS answers an
        // unknown resource, 403 {"message":"Missing Authentication Token"} (DG: api-gateway-gatewayResponse-definition).
        #expect(try await Self.send(gateway, "/new", stage: "edge").response.body == #"{"new": true}"#)
        let missing = try await Self.send(gateway, "/new", stage: "beta")
        #expect(missing.response.status == 403)
        #expect(missing.response.body == #"{"message":"Missing Authentication Token"}"#)
    }

    @Test("a pinned channel overrides the draw; pinning the canary of a stage without one is an error")
    func pinnedChannels() async throws {
        let gateway = try Self.gateway(Self.files(percent: "0"))
        let canary = try await Self.send(gateway, stage: "dev", channel: .canary)
        #expect(canary.response.body == Self.body("canary deployment", variable: "canary", nonExisting: "canary", isCanary: "true"))
        #expect(canary.trace.first?.detail.hasSuffix("; canary release (pinned by the request; the canary takes 0 % of requests): runs deployment 'd2' (apis/canary.d2.yaml), stage variables overridden: noStageVar, testVar") == true)
        let main = try await Self.send(gateway, stage: "dev", channel: .main)
        #expect(main.trace.first?.detail.hasSuffix("; production release (pinned by the request; the canary takes 0 % of requests): runs deployment 'd1' (apis/canary.d1.yaml)") == true)
        await #expect(throws: Gateway.InvocationError.noCanary(api: "canary", stage: "beta")) {
            _ = try await Self.send(gateway, stage: "beta", channel: .canary)
        }
        #expect(Gateway.InvocationError.noCanary(api: "canary", stage: "beta").description == "stage 'beta' of API 'canary' has no canary (no canarySettings in portico.yml)")
        // Pinning the main release of a stage without a canary is simply the stage.
        #expect(try await Self.send(gateway, stage: "beta", channel: .main).response.status == 200)
    }

    @Test("a canary without its own deploymentId runs the stage's deployment")
    func canaryOnStageDeployment() async throws {
        let gateway = try Self.gateway(Self.files(canary: "{percentTraffic: 100, stageVariableOverrides: {testVar: canary}}"))
        #expect(try await Self.send(gateway, stage: "dev").response.body
            == Self.body("default deployment", variable: "canary", nonExisting: "", isCanary: "true"))
    }

    @Test("a 30 % canary takes about 30 % of the requests, the same ones for the same seed")
    func split() async throws {
        let gateway = try Self.gateway(Self.files(percent: "30"))
        var ids = IdentifierGenerator(seed: 42)
        var canary = 0
        for _ in 0..<1000 {
            let transcript = try await gateway.invoke(GatewayRequest(method: "GET", path: "/"), api: "canary", stage: "dev", ids: &ids)
            if transcript.response.body.contains("canary deployment") { canary += 1 }
        }
        #expect((250...350).contains(canary), "\(canary) of 1000")
    }

    /// Answers with the event's requestContext.deploymentId and isCanaryRequest.
    struct EventEcho: FunctionInvoker {
        func invoke(function: String, payload: [UInt8], timeout: Duration) async -> FunctionInvocation {
            let event = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any]
            let context = event?["requestContext"] as? [String: Any] ?? [:]
            let canary = context["isCanaryRequest"].map { "\($0 as? Bool == true ? "true" : ($0 as? Bool == false ? "false" : "?"))" } ?? "absent"
            let body = "\(context["deploymentId"] as? String ?? "?") \(canary)"
            return FunctionInvocation(outcome: .success(Array(#"{"statusCode": 200, "body": "\#(body)"}"#.utf8)))
        }
    }

    @Test("the Lambda proxy event's requestContext carries the deployment the stage runs and, on a stage with a canary, isCanaryRequest as a boolean")
    func lambdaEvent() async throws {
        var files = Self.files(percent: "0")
        let proxy = """
            openapi: 3.0.1
            info: {title: Canary, version: "1"}
            paths:
              /:
                get:
                  x-amazon-apigateway-integration:
                    type: aws_proxy
                    httpMethod: POST
                    uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:echo/invocations
            """
        for file in ["Content/apis/canary.yaml", "Content/apis/canary.d1.yaml", "Content/apis/canary.d2.yaml"] { files[file] = proxy }
        files["Content/portico.yml"]! += "\nfunctions: [{name: echo, runtime: command, command: [true]}]\n"
        let (project, diagnostics, root) = try Self.load(files)
        root.remove()
        #expect(diagnostics == [])
        let gateway = Gateway(project: try #require(project), clock: FixedClock.siteBuild, services: GatewayServices(functions: EventEcho()))
        #expect(try await Self.send(gateway, stage: "dev", channel: .main).response.body == "d1 false")
        #expect(try await Self.send(gateway, stage: "dev", channel: .canary).response.body == "d2 true")
        #expect(try await Self.send(gateway, stage: "beta").response.body == "d2 absent")
        #expect(try await Self.send(gateway, stage: "edge").response.body == "\(APIFacts(apiName: "canary").deploymentId) absent")
    }

    // MARK: Diagnostics

    @Test("an unknown deployment id, a missing snapshot, a snapshot of another kind and a duplicate id are located errors")
    func diagnostics() throws {
        var files = Self.files()
        files["Content/portico.yml"] = """
            apis:
              - name: canary
                definition: apis/canary.yaml
                deployments:
                  - {id: d1, definition: apis/canary.d1.yaml}
                  - {id: d1, definition: apis/canary.d2.yaml}
                  - {id: gone, definition: apis/missing.yaml}
                  - {id: ws, definition: apis/socket.yaml}
                  - {id: "no-dash", definition: apis/canary.d2.yaml}
                stages:
                  - stageName: dev
                    deploymentId: d2
                    canarySettings: {deploymentId: dl, percentTraffic: 5}
            """
        files["Content/apis/socket.yaml"] = "routeSelectionExpression: $request.body.action\nroutes: [{routeKey: $default}]\n"
        let (_, diagnostics, root) = try Self.load(files)
        defer { root.remove() }
        #expect(diagnostics == [
            "Content/portico.yml:6:14: error: API 'canary' already has a deployment 'd1' [project.deployment-id]",
            "Content/portico.yml:7:32: error: the snapshot 'apis/missing.yaml' of deployment 'gone' of API 'canary' does not exist; 'portico deploy --api canary --stage STAGE' writes one [project.deployment-snapshot]",
            "Content/portico.yml:8:30: error: the snapshot 'apis/socket.yaml' of deployment 'ws' is a WebSocket API, but API 'canary' is a REST API [project.deployment-snapshot]",
            "Content/portico.yml:9:14: error: deployment id 'no-dash' must be 1 to 64 letters or digits [project.deployment-id]",
            "Content/portico.yml:12:23: error: deployment id 'd2' of stage 'dev' does not exist; did you mean 'd1'? [project.unknown-deployment]",
            "Content/portico.yml:13:40: error: deployment id 'dl' of the canary of stage 'dev' does not exist; did you mean 'd1'? [project.unknown-deployment]",
        ])
    }
}
