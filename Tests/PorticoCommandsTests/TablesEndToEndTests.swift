import Foundation
import TestSupport
import Testing

/// DynamoDB through the real binary: `invoke` starts the project's services, so a Python
/// function reaches the embedded table with boto3 (endpoint, region and role credentials
/// from its environment, boto3 from Portico's SDK folder) and the DynamoDB integration reads it.
@Suite("DynamoDB tables end to end", .serialized)
struct TablesEndToEndTests {
    @Test("invoke: a function's boto3 PutItem and GetItem through the endpoint Portico starts")
    func functionWrites() throws {
        let output = try PorticoBinary.run(["invoke", "--project", fixtureURL("tables").path, "--api", "board", "--format", "json",
                                            "-X", "PUT", "-H", "Content-Type: text/plain", "-d", "remember the milk", "/notes/n1"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let response = try #require(object["response"] as? [String: Any])
        #expect(response["status"] as? Int == 201, "\(object)")
        #expect(response["body"] as? String == #"{"id": "n1", "text": "remember the milk"}"#)
    }

    @Test("invoke: GetItem through the service integration on a fresh table answers the template's 404 text")
    func integrationReads() throws {
        let output = try PorticoBinary.run(["invoke", "--project", fixtureURL("tables").path, "--api", "board", "--format", "json", "/notes/n1"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let response = try #require(object["response"] as? [String: Any])
        #expect(response["status"] as? Int == 200)
        #expect(response["body"] as? String == "404")
        let integration = try #require(object["integrationRequest"] as? [String: Any])
        #expect(integration["uri"] as? String == "arn:aws:apigateway:us-east-1:dynamodb:action/GetItem")
        #expect(integration["body"] as? String == #"{"TableName": "notes", "Key": {"id": {"S": "n1"}}}"#)
    }

    @Test("check: the page's example runs the function, whose boto3 calls reach the build's table")
    func check() throws {
        let output = try PorticoBinary.run(["check", fixtureURL("tables").path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout == "OK: 5 pages, 1 example request met their expectations.\n")
    }
}
