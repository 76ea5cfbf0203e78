import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import PorticoRuntime
@testable import PorticoServer
import TestSupport
import Testing

/// A real Python function posting to a WebSocket client through `serve`'s `@connections`
/// API with boto3's `apigatewaymanagementapi` client, signed with the function's execution
/// role credentials (its session token included) from the environment Portico gives it.
@Suite("@connections from a function's boto3", .serialized)
struct ConnectionsFromFunctionsTests {
    static let portico = """
        apis:
          - {name: chat, definition: apis/chat.yaml, stages: [{stageName: prod}]}
        functions:
          - {name: pusher, runtime: python3, handler: app.handler, code: functions/pusher}

        """

    /// The usual handler, with the endpoint given: `serve` answers `@connections` at
    /// `http://127.0.0.1:{port}/_gateway/{api}/{stage}` (the event's `domainName` names
    /// the execute-api host on AWS, which does not lead back to `serve`).
    static let handler = #"""
        import boto3

        def handler(event, context):
            client = boto3.client("apigatewaymanagementapi", endpoint_url=event["endpoint"])
            client.post_to_connection(ConnectionId=event["connectionId"], Data=event["text"].encode())
            info = client.get_connection(ConnectionId=event["connectionId"])
            try:
                client.post_to_connection(ConnectionId="bm9ib2R5", Data=b"lost")
                gone = None
            except client.exceptions.GoneException as error:
                gone = [error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]]
            return {"sourceIp": info["Identity"]["SourceIp"], "gone": gone}
        """#

    @Test("post_to_connection pushes a frame; get_connection answers; an unknown connection is GoneException")
    func pushes() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(["Site/index.html": "<p>site</p>", "Content/portico.yml": Self.portico,
                        "Content/apis/chat.yaml": WebSocketOverHTTPTests.api, "Content/functions/pusher/app.py": Self.handler])
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        let server = DocsServer(siteDirectory: root.path + "/Site", gateway: Gateway(project: project, clock: SystemClock()), port: 0)
        let runtime = LambdaRuntime(functions: [FunctionDefinition(name: "pusher", runtime: .python(handler: "app.handler", codeDirectory: root.path + "/Content/functions/pusher"),
                                                                   timeout: .seconds(20))],
                                    options: LambdaRuntimeOptions(pythonSDK: PythonSDK()))
        defer { Task { await runtime.shutdown() } }
        try await GatewayConnectionTests.running({ server.makeApplication(onServerRunning: $0) }, body: { port, _ in
            let webSockets = server.gateway.served.webSockets
            try await RawHTTPConnection.open(port: port) { socket in
                try await socket.send(WebSocketOverHTTPTests.upgrade.replacingOccurrences(of: "%@", with: "ana"))
                #expect(try #require(try await socket.response()).status == 101)
                let id = try #require(webSockets.openConnectionIds(api: "chat", stage: "prod").first)
                let event = #"{"endpoint": "http://127.0.0.1:\#(port)/_gateway/chat/prod", "connectionId": "\#(id)", "text": "from boto3"}"#
                let result = await runtime.invoke(function: "pusher", payload: Array(event.utf8), timeout: .seconds(30))
                guard case .success(let payload) = result.outcome else {
                    Issue.record("the function failed: \(result.outcome) \(result.logs)")
                    return
                }
                #expect(String(decoding: payload, as: UTF8.self) == #"{"sourceIp": "127.0.0.1", "gone": ["GoneException", 410]}"#)
                var frames = ServerFrames(buffer: socket.takeBuffered())
                let pushed = try await socket.nextFrame(&frames)
                #expect(pushed?.opcode == 0x1)
                #expect(pushed?.payload == Array("from boto3".utf8))
                try await socket.sendFrame([0x03, 0xE8], opcode: 0x8)
            }
        })
        await runtime.shutdown()
    }
}
