import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
@testable import PorticoRuntime
import TestSupport
import Testing

/// Execution logs (methodSettings loggingLevel INFO, dataTraceEnabled) and access-log lines of
/// a Lambda proxy request to a real Python function and an HTTP proxy request to a real HTTP
/// backend: the lines AWS writes around the integration (LocalStack
/// tests/aws/services/apigateway/test_apigateway_basic.snapshot.json,
/// test_apigw_test_invoke_method_api, recorded against AWS: "Endpoint request URI: https://lambda…/invocations",
/// "Sending request to …", "Received response. Status: 200, Integration latency: N ms", …).
@Suite("Execution logs with real integrations", .serialized, .timeLimit(.minutes(2)))
struct ExecutionLogTests {
    static let lambdaURI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:hello/invocations"

    static func definition(backend: String) -> String {
        """
        openapi: 3.0.1
        info: {title: Shop, version: "1"}
        paths:
          /fn:
            get:
              x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: POST, uri: "\(lambdaURI)"}
          /web:
            post:
              x-amazon-apigateway-integration: {type: http_proxy, httpMethod: POST, uri: "\(backend)/echo"}

        """
    }

    static let hello = """
        def handler(event, context):
            return {"statusCode": 200, "headers": {"Content-Type": "text/plain"}, "body": "hi"}

        """

    @Test("Lambda proxy and HTTP proxy: the endpoint request, the response and its latency, in AWS's words")
    func integrations() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (server, url) = try await startTestServer(in: scratch)
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write([
            "Content/portico.yml": """
                apis:
                  - name: shop
                    definition: apis/shop.yaml
                    stages:
                      - stageName: prod
                        methodSettings: {"*/*": {loggingLevel: INFO, dataTraceEnabled: true}}
                        accessLogSettings: {format: '$context.requestId $context.status $context.integrationStatus $context.integrationLatency'}
                functions:
                  - {name: hello, runtime: python3, handler: app.handler, code: functions/hello}

                """,
            "Content/apis/shop.yaml": Self.definition(backend: url),
            "Content/functions/hello/app.py": Self.hello,
        ])
        var engine = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &engine))
        #expect(!engine.hasErrors, "\(engine.sorted)")
        let runtime = LambdaRuntime(functions: [PorticoRuntime.FunctionDefinition(
            name: "hello", runtime: .python(handler: "app.handler", codeDirectory: root.path + "/Content/functions/hello"), timeout: .seconds(5))],
            options: LambdaRuntimeOptions())
        let transport = HTTPClientTransport()
        // A clock that stands still, so the logged latencies are 0 ms whatever the machine does.
        let gateway = Gateway(project: project, clock: FixedClock.siteBuild, services: GatewayServices(functions: runtime, http: transport))
        func send(_ method: String, _ path: String, body: String = "") async throws -> Transcript {
            var ids = IdentifierGenerator(seed: 3)
            return try await gateway.invoke(GatewayRequest(method: method, path: path, body: body), api: "shop", stage: "prod", ids: &ids)
        }
        do {
            let lambda = try await send("GET", "/fn")
            let web = try await send("POST", "/web", body: "ping")
            await runtime.shutdown()
            await transport.shutdown()
            await server.terminate(grace: .milliseconds(200))

            #expect(lambda.response.status == 200)
            let id = try #require(lambda.header("x-amzn-RequestId"))
            let lambdaRequest = try #require(lambda.integrationRequest)
            let invokeURL = "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:hello/invocations"
            let lambdaLines = lambda.executionLog.map { $0.replacingOccurrences(of: "(\(id)) ", with: "") }
            #expect(Array(lambdaLines.prefix(7)) == [
                "Extended Request Id: \(lambda.header("x-amz-apigw-id")!)",
                "Starting execution for request: \(id)",
                "HTTP Method: GET, Resource Path: /fn",
                "Method request path: {}",
                "Method request query string: {}",
                "Method request headers: {}",
                "Method request body before transformations: ",
            ])
            #expect(Array(lambdaLines.dropFirst(7)) == [
                "Endpoint request URI: " + invokeURL,
                "Endpoint request headers: {" + lambdaRequest.headers.map { "\($0.name)=\($0.value)" }.joined(separator: ", ") + "}",
                "Endpoint request body after transformations: " + lambdaRequest.body,
                "Sending request to " + invokeURL,
                "Received response. Status: 200, Integration latency: 0 ms",
                // Lambda's own HTTP headers are not simulated: the invoke answer carries none here.
                "Endpoint response headers: {}",
                #"Endpoint response body before transformations: {"statusCode": 200, "headers": {"Content-Type": "text/plain"}, "body": "hi"}"#,
                "Method response body after transformations: hi",
                "Method response headers: {Content-Type=text/plain, X-Amzn-Trace-Id=\(lambda.header("X-Amzn-Trace-Id")!)}",
                "Successfully completed execution",
                "Method completed with status: 200",
            ])
            #expect(lambdaRequest.body.hasPrefix(#"{"resource":"/fn","path":"/fn","httpMethod":"GET""#))
            #expect(lambda.accessLog == "\(id) 200 200 0")

            #expect(web.response.status == 200)
            let webId = try #require(web.header("x-amzn-RequestId"))
            let webRequest = try #require(web.integrationRequest)
            let webLines = web.executionLog.map { $0.replacingOccurrences(of: "(\(webId)) ", with: "") }
            #expect(webLines.contains("Endpoint request URI: \(url)/echo"))
            #expect(webLines.contains("Sending request to \(url)/echo"))
            #expect(webLines.contains("Endpoint request body after transformations: ping"))
            #expect(webLines.contains("Endpoint request headers: {" + webRequest.headers.map { "\($0.name)=\($0.value)" }.joined(separator: ", ") + "}"))
            #expect(webLines.contains("Received response. Status: 200, Integration latency: 0 ms"))
            #expect(webLines.contains("Endpoint response body before transformations: " + web.response.body))
            #expect(webLines.contains { $0.hasPrefix("Endpoint response headers: {Content-Type=application/json, Content-Length=") })
            #expect(Array(webLines.suffix(2)) == ["Successfully completed execution", "Method completed with status: 200"])
            #expect(web.accessLog == "\(webId) 200 200 0")
        } catch {
            await runtime.shutdown()
            await transport.shutdown()
            await server.terminate(grace: .milliseconds(200))
            throw error
        }
    }
}
