import Foundation
import Testing

/// Integrations against real processes, through the real binary: a Python Lambda handler
/// (proxy and non-proxy) served by Portico's Lambda runtime, and an HTTP backend process that
/// Portico starts and stops.
@Suite("integrations end to end", .serialized)
struct IntegrationEndToEndTests {
    let project = fixtureURL("integrations").path

    private func invoke(_ arguments: [String]) throws -> [String: Any] {
        let output = try PorticoBinary.run(["invoke", "--project", project, "--format", "json"] + arguments)
        #expect(output.status == 0, "\(output.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    @Test("check runs every example against the real function and backend processes")
    func check() throws {
        let output = try PorticoBinary.run(["check", project])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.hasSuffix(", 4 example requests met their expectations.\n"))
    }

    @Test("a Lambda proxy integration answers with the function's response and its logs (DG: set-up-lambda-proxy-integrations)")
    func lambdaProxy() throws {
        let object = try invoke(["/items/9"])
        let response = try #require(object["response"] as? [String: Any])
        #expect(response["status"] as? Int == 200)
        #expect(response["body"] as? String == #"{"id": "9", "path": "/prod/items/9"}"#)
        let headers = try #require(response["headers"] as? [String: String])
        #expect(headers["X-Handled-By"] == "items")
        // application/json when the function sets no content type (recorded AWS response: LocalStack
        // tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
        // test_aws_proxy_response_payload_format_validation).
        #expect(headers["Content-Type"] == "application/json")
        // Lambda integrations add X-Amzn-Trace-Id (recorded AWS response: LocalStack
        // tests/aws/services/apigateway/test_apigateway_common.snapshot.json, test_invocation_trace_id).
        #expect(headers["X-Amzn-Trace-Id"]?.hasPrefix("Root=1-") == true)
        let logs = try #require(object["logs"] as? [String])
        #expect(logs.contains("looking up 9"))
        #expect(logs.contains { $0.hasPrefix("START RequestId: ") })
    }

    @Test("a Lambda error selects the integration response by errorMessage; success matches the default")
    func lambdaSelection() throws {
        let failing = try invoke(["-X", "POST", "-H", "Content-Type: application/json", "-d", #"{"fail": true}"#, "/legacy"])
        let failed = try #require(failing["response"] as? [String: Any])
        #expect(failed["status"] as? Int == 405)
        #expect(failed["body"] as? String == #"{"error": "Raising four hundred from the legacy handler"}"#)
        let passing = try invoke(["-X", "POST", "-H", "Content-Type: application/json", "-d", #"{"fail": false}"#, "/legacy"])
        let passed = try #require(passing["response"] as? [String: Any])
        #expect(passed["status"] as? Int == 200)
        #expect(passed["body"] as? String == #"{"ok": true, "echo": {"fail": false}}"#)
    }

    // A function that runs past its own timeout is a function error for API Gateway: in a
    // proxy integration 502 {"message": "Internal server error"} (DG: set-up-lambda-proxy-integrations,
    // handle-errors-in-lambda-integration), with Lambda's "Task timed out" line in the logs.
    @Test("a function past its own timeout gives the proxy integration's 502, not the gateway's 504")
    func functionTimeout() throws {
        let object = try invoke(["/sleepy"])
        let response = try #require(object["response"] as? [String: Any])
        #expect(response["status"] as? Int == 502)
        #expect(response["body"] as? String == #"{"message":"Internal server error"}"#)
        let logs = try #require(object["logs"] as? [String])
        #expect(logs.contains { $0.hasPrefix("RequestId: ") && $0.hasSuffix(" Error: Task timed out after 1.00 seconds") })
        #expect(logs.contains { $0.hasPrefix("Lambda execution failed with status 200 due to customer function error: RequestId: ") })
    }

    @Test("an HTTP integration reaches the backend Portico started, with API Gateway's User-Agent")
    func httpBackend() throws {
        let object = try invoke(["/pets/7"])
        let response = try #require(object["response"] as? [String: Any])
        #expect(response["status"] as? Int == 200)
        let body = try #require(response["body"] as? String)
        let apiId = try #require(((object["integrationRequest"] as? [String: Any])?["headers"] as? [String: String])?["X-Amzn-Apigateway-Api-Id"])
        #expect(body == #"{"path": "/pets/7", "agent": "AmazonAPIGateway_\#(apiId)"}"#)
        let integration = try #require(object["integrationRequest"] as? [String: Any])
        #expect(integration["uri"] as? String == "http://127.0.0.1:18973/pets/7")
    }
}
