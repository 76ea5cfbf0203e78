import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import Testing

/// Loads a fixture project and sends requests through the real pipeline.
struct GatewayHarness {
    let gateway: Gateway

    init(fixture name: String = "mock") throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)").path
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root).load(diagnostics: &diagnostics))
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        gateway = Gateway(project: project, clock: FixedClock.siteBuild)
        #expect(gateway.diagnostics.isEmpty, "\(gateway.diagnostics)")
    }

    func send(_ method: String, _ path: String, headers: [HTTPHeader] = [], body: String = "",
              api: String = "shop", stage: String = "prod") async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 7)
        return try await gateway.invoke(GatewayRequest(method: method, path: path, headers: headers, body: body),
                                        api: api, stage: stage, ids: &ids)
    }
}

extension Transcript {
    func header(_ name: String) -> String? { response.headers.value(for: name) }
    func outcome(of stage: StageName) -> TraceEntry? { trace.first { $0.stage == stage } }
}

/// A Lambda authorizer function that allows every method for principal `p`: for tests of the
/// stages around authorization (real authorizer functions: PorticoRuntimeTests' LambdaAuthorizerTests).
struct AllowingAuthorizer: FunctionInvoker {
    func invoke(function: String, payload: [UInt8], timeout: Duration) async -> FunctionInvocation {
        let policy = #"{"principalId": "p", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "*"}]}}"#
        return FunctionInvocation(outcome: .success(Array(policy.utf8)))
    }
}
