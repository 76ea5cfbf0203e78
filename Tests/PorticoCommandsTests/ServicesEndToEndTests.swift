import Foundation
import TestSupport
import Testing

/// S3 and Kinesis integrations through the real binary: `invoke --format json` shows the
/// integration request actually sent; `invoke` writes to the bucket's folder, `check` never does.
@Suite("AWS service integrations end to end", .serialized)
struct ServicesEndToEndTests {
    private func invoke(_ project: String, _ arguments: [String]) throws -> [String: Any] {
        let output = try PorticoBinary.run(["invoke", "--project", project, "--format", "json"] + arguments)
        #expect(output.status == 0, "\(output.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    @Test("check runs the examples (PutObject then GetObject, PutRecord) and leaves the bucket's folder as it was")
    func check() throws {
        let copy = try copyFixture(fixtureURL("services"))
        defer { copy.remove() }
        let output = try PorticoBinary.run(["check", copy.path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.hasSuffix(", 4 example requests met their expectations.\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: copy.path + "/Content/buckets/photos") == ["hello.txt"])
    }

    @Test("invoke: GetObject's integration request and S3's answer in the contract's JSON")
    func getObject() throws {
        let object = try invoke(fixtureURL("services").path, ["--api", "media", "/photos/hello.txt"])
        let response = try #require(object["response"] as? [String: Any])
        #expect(response["status"] as? Int == 200)
        #expect(response["body"] as? String == "hello, bucket\n")
        #expect(response["isBase64Encoded"] as? Bool == false)
        #expect((response["headers"] as? [String: String])?["Content-Type"] == "text/plain")
        let integration = try #require(object["integrationRequest"] as? [String: Any])
        #expect(integration["type"] as? String == "AWS")
        #expect(integration["method"] as? String == "GET")
        #expect(integration["uri"] as? String == "arn:aws:apigateway:us-east-1:s3:path/photos/hello.txt")
        #expect(integration["isBase64Encoded"] as? Bool == false)
    }

    @Test("invoke: PutObject writes the bucket's folder, so the next invoke reads it")
    func putObject() throws {
        let copy = try copyFixture(fixtureURL("services"))
        defer { copy.remove() }
        let put = try invoke(copy.path, ["--api", "media", "-X", "PUT", "-H", "Content-Type: text/plain", "-d", "from invoke", "/photos/put.txt"])
        #expect((put["response"] as? [String: Any])?["status"] as? Int == 200)
        #expect(FileManager.default.contents(atPath: copy.path + "/Content/buckets/photos/put.txt") == Data("from invoke".utf8))
        let get = try invoke(copy.path, ["--api", "media", "/photos/put.txt"])
        #expect((get["response"] as? [String: Any])?["body"] as? String == "from invoke")
    }

    @Test("invoke: PutRecord's Kinesis request, Kinesis's answer, and the record in the logs")
    func putRecord() throws {
        let object = try invoke(fixtureURL("services").path, ["--api", "media", "-X", "POST", "-H", "Content-Type: application/json",
                                                              "-d", #"{"user": "alice"}"#, "/events"])
        let response = try #require(object["response"] as? [String: Any])
        #expect(response["status"] as? Int == 200)
        let body = try #require(response["body"] as? String)
        #expect(body.wholeMatch(of: /\{"SequenceNumber":"49\d{54}","ShardId":"shardId-000000000000"\}/) != nil, "\(body)")
        let integration = try #require(object["integrationRequest"] as? [String: Any])
        #expect(integration["uri"] as? String == "arn:aws:apigateway:us-east-1:kinesis:action/PutRecord")
        #expect(integration["body"] as? String == #"{"StreamName": "events", "Data": "eyJ1c2VyIjogImFsaWNlIn0=", "PartitionKey": "alice"}"#)
        #expect((integration["headers"] as? [String: String])?["X-Amz-Target"] == "Kinesis_20131202.PutRecord")
        let logs = try #require(object["logs"] as? [String])
        #expect(logs.count == 1)
        #expect(logs.first?.hasSuffix(#"PartitionKey alice Data {"user": "alice"}"#) == true)
    }
}
