import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
@testable import PorticoRuntime
import Synchronization
import TestSupport
import Testing

/// A WebSocket API whose `$connect` authorizer and routes are real Python processes (the
/// Lambda runtime that `functions:` of portico.yml start).
@Suite("WebSocket APIs with real Lambda functions", .serialized)
struct WebSocketLambdaTests {
    static let portico = """
        apis:
          - {name: chat, definition: apis/chat.yaml, stages: [{stageName: prod}]}
        functions:
          - {name: doorman, runtime: python3, handler: app.handler, code: functions/doorman}
          - {name: room, runtime: python3, handler: app.handler, code: functions/room}

        """

    static let api = """
        routeSelectionExpression: $request.body.action
        authorizers:
          - {name: doorman, function: doorman, identitySource: [route.request.querystring.name], authorizerResultTtlInSeconds: 0}
        routes:
          - {routeKey: $connect, authorizerId: doorman, target: integrations/room}
          - {routeKey: whoami, target: integrations/room, routeResponseSelectionExpression: $default, routeResponses: [{routeResponseKey: $default}]}
          - {routeKey: crash, target: integrations/room, routeResponseSelectionExpression: $default, routeResponses: [{routeResponseKey: $default}]}
        integrations:
          - {name: room, integrationType: AWS_PROXY, function: room}

        """

    /// Allows `ana` (the DG's example authorizer, apigateway-websocket-api-lambda-auth, in
    /// Python): anyone else is refused with "Unauthorized".
    static let doorman = """
        def handler(event, context):
            name = event["queryStringParameters"]["name"]
            if name != "ana":
                raise Exception("Unauthorized")
            return {"principalId": name, "policyDocument": {"Version": "2012-10-17", "Statement": [
                {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["methodArn"]}]},
                "context": {"team": "blue"}}
        """

    /// Answers whoami with what the event says of the connection; crashes on crash.
    static let room = """
        import json

        def handler(event, context):
            ctx = event["requestContext"]
            print("event", ctx["eventType"], ctx["routeKey"])
            if ctx["eventType"] != "MESSAGE":
                return {"statusCode": 200}
            if ctx["routeKey"] == "crash":
                raise ValueError("boom")
            return {"statusCode": 200, "body": json.dumps({"you": ctx["authorizer"]["principalId"], "team": ctx["authorizer"]["team"],
                                                          "connection": ctx["connectionId"], "said": json.loads(event["body"])["text"]})}
        """

    final class Link: WebSocketClientLink {
        let frames = Mutex<[WebSocketFrame]>([])
        func send(_ frame: WebSocketFrame) { frames.withLock { $0.append(frame) } }
        func close(code: UInt16, reason: String) {}
    }

    @Test("the authorizer admits ana and refuses bob 401; the route's function answers through the route response; a raising function gets Internal server error")
    func chat() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(["Content/portico.yml": Self.portico, "Content/apis/chat.yaml": Self.api,
                        "Content/functions/doorman/app.py": Self.doorman, "Content/functions/room/app.py": Self.room])
        var engine = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &engine))
        #expect(!engine.hasErrors, "\(engine.sorted)")
        let runtime = LambdaRuntime(functions: ["doorman", "room"].map { name in
            FunctionDefinition(name: name, runtime: .python(handler: "app.handler", codeDirectory: root.path + "/Content/functions/\(name)"), timeout: .seconds(5))
        })
        let gateway = WebSocketGateway(gateway: Gateway(project: project, clock: FixedClock.siteBuild, services: GatewayServices(functions: runtime)))
        do {
            let endpoint = Endpoint(api: "chat", stage: "prod")
            let link = Link()
            var ids = IdentifierGenerator(seed: 1)
            let refused = try await gateway.connect(WebSocketUpgrade(headers: [], rawQuery: "name=bob"), at: endpoint, link: link, ids: &ids)
            #expect(refused.outcome == .refused(GatewayResponse(status: 401, headers: [HTTPHeader("Content-Type", "application/json")], body: #"{"message":"Unauthorized"}"#)))

            let admitted = try await gateway.connect(WebSocketUpgrade(headers: [], rawQuery: "name=ana"), at: endpoint, link: link, ids: &ids)
            #expect(admitted.outcome == .accepted)
            #expect(admitted.run.logs.contains("event CONNECT $connect"))
            let id = admitted.run.connectionId

            let answer = try await gateway.receive(.text(#"{"action": "whoami", "text": "hello"}"#), from: id, at: endpoint, ids: &ids)
            #expect(answer.replies == [.text(#"{"you": "ana", "team": "blue", "connection": "\#(id)", "said": "hello"}"#)])

            let crash = try await gateway.receive(.text(#"{"action": "crash"}"#), from: id, at: endpoint, ids: &ids)
            guard case .text(let text)? = crash.replies.first else { Issue.record("no reply"); await runtime.shutdown(); return }
            #expect(text.hasPrefix(#"{"message": "Internal server error", "connectionId":"\#(id)", "requestId":""#))
            #expect(crash.trace.map(\.detail).contains { $0.hasPrefix("Lambda 'room' raised") && $0.hasSuffix(": boom") })
            #expect(link.frames.withLock { $0.count } == 2)
        } catch {
            await runtime.shutdown()
            throw error
        }
        await runtime.shutdown()
    }
}
