import Diagnostics
import Foundation
@testable import PorticoGateway
import PorticoModel
@testable import PorticoRuntime
import TestSupport
import Testing

/// A project with an S3-backed API and a Kinesis-backed API, written to a temporary folder,
/// run through the real pipeline against its real bucket folder and embedded streams.
struct ServiceProject {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0xFF, 0xFE]

    static let portico = """
        site: {title: Services}
        apis:
          - name: media
            definition: apis/media.yaml
            stages: [{stageName: prod}]
        buckets: [{name: photos, folder: buckets/photos}]
        streams: [{streamName: events}, {streamName: clicks, shardCount: 2}]

        """

    static let definition = #"""
        openapi: 3.0.1
        info: {title: Media, version: "1"}
        x-amazon-apigateway-binary-media-types: [image/png]
        paths:
          /photos:
            get:
              parameters: [{name: prefix, in: query, schema: {type: string}}]
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: GET
                uri: arn:aws:apigateway:us-east-1:s3:path/photos
                requestParameters:
                  integration.request.querystring.prefix: method.request.querystring.prefix
                responses:
                  default:
                    statusCode: "200"
                    responseParameters:
                      method.response.header.Content-Type: integration.response.header.Content-Type
          /photos/{key+}:
            x-amazon-apigateway-any-method:
              parameters: [{name: key, in: path, required: true, schema: {type: string}}]
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: ANY
                uri: arn:aws:apigateway:us-east-1:s3:path/{bucket}/{key}
                requestParameters:
                  integration.request.path.bucket: "'photos'"
                  integration.request.path.key: method.request.path.key
                responses:
                  "404":
                    statusCode: "404"
                    responseParameters:
                      method.response.header.Content-Type: integration.response.header.Content-Type
                  "400":
                    statusCode: "400"
                  default:
                    statusCode: "200"
                    responseParameters:
                      method.response.header.Content-Type: integration.response.header.Content-Type
                      method.response.header.ETag: integration.response.header.ETag
                      method.response.header.Last-Modified: integration.response.header.Last-Modified
          /legacy/{key}:
            get:
              parameters: [{name: key, in: path, required: true, schema: {type: string}}]
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: GET
                uri: arn:aws:apigateway:us-east-1:s3:path/photos/{key}
                requestParameters:
                  integration.request.path.key: method.request.path.key
                responses:
                  default: {statusCode: "200"}
          /events:
            post:
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: POST
                uri: arn:aws:apigateway:us-east-1:kinesis:action/PutRecord
                requestTemplates:
                  application/json: '{"StreamName": "$input.params(''stream'')", "Data": "$util.base64Encode($input.body)", "PartitionKey": "test"}'
                responses:
                  "4\\d{2}": {statusCode: "400"}
                  default: {statusCode: "200"}
          /batch:
            post:
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: POST
                uri: arn:aws:apigateway:us-east-1:kinesis:action/PutRecords
                requestTemplates:
                  application/json: |
                    {"StreamName": "clicks", "Records": [
                    #foreach($item in $input.path('$.items'))
                      {"Data": "$util.base64Encode($item.page)", "PartitionKey": "$item.user"}#if($foreach.hasNext),#end
                    #end
                    ]}
                responses:
                  default: {statusCode: "200"}

        """#

    let root: TemporaryDirectory
    let project: Project
    let buckets: FolderBuckets
    let streams: EmbeddedStreams
    let gateway: Gateway

    /// - Parameter writes: `.toFolders` as `serve` and `invoke` use them, `.inMemory` as a build.
    init(writes: FolderBuckets.Writes = .toFolders) throws {
        root = try TemporaryDirectory()
        try root.write(["Content/portico.yml": Self.portico, "Content/apis/media.yaml": Self.definition,
                        "Content/buckets/photos/notes/hello.txt": "hello, bucket\n", "Content/secret.txt": "do not serve"])
        try Data(Self.png).write(to: root.url.appendingPathComponent("Content/buckets/photos/cat.png"))
        var diagnostics = DiagnosticEngine()
        project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        buckets = FolderBuckets(buckets: project.buckets.map { ($0.name, $0.directory) }, writes: writes,
                                diskTimestamp: FixedClock.siteBuild.instant)
        streams = EmbeddedStreams(streams: project.streams.map { ($0.streamName, $0.shardCount) })
        gateway = Gateway(project: project, clock: FixedClock.siteBuild, services: GatewayServices(buckets: buckets, streams: streams))
        #expect(gateway.diagnostics.isEmpty)
    }

    func send(_ method: String, _ path: String, headers: [HTTPHeader] = [], body: String = "", isBase64Encoded: Bool = false) async throws -> Transcript {
        var ids = IdentifierGenerator(seed: 11)
        return try await gateway.invoke(GatewayRequest(method: method, path: path, headers: headers, bytes: isBase64Encoded ? Base64.decode(body) ?? [] : Array(body.utf8)),
                                        api: "media", stage: "prod", ids: &ids)
    }
}

extension Transcript {
    func header(_ name: String) -> String? { response.headers.value(for: name) }
    func outcome(of stage: StageName) -> TraceEntry? { trace.first { $0.stage == stage } }
}

@Suite("S3 integrations through the pipeline", .serialized)
struct S3IntegrationTests {
    @Test("GetObject: the object's bytes as binary (image/png is a binary media type) with S3's headers mapped")
    func getBinary() async throws {
        let project = try ServiceProject()
        defer { project.root.remove() }
        let t = try await project.send("GET", "/photos/cat.png", headers: [HTTPHeader("Accept", "image/png")])
        #expect(t.response.status == 200)
        #expect(t.response.isBase64Encoded)
        #expect(Base64.decode(t.response.body) == ServiceProject.png)
        #expect(t.header("Content-Type") == "image/png")
        #expect(t.header("Content-Length") == "18")
        // S3's ETag is the MD5 of a single-part object, in quotes (S3 API: GetObject).
        #expect(t.header("ETag") == "\"\(MD5.hex(ServiceProject.png))\"")
        #expect(t.header("Last-Modified") == "Thu, 01 Jan 2026 12:00:00 GMT")
        #expect(t.integrationRequest?.uri == "arn:aws:apigateway:us-east-1:s3:path/photos/cat.png")
        #expect(t.integrationRequest?.method == "GET")
        #expect(t.outcome(of: .integration)?.detail == "S3 GetObject photos/cat.png answered 200 (18 bytes, image/png)")
        // The transcript shows a summary, not base64 or garbage.
        #expect(t.text.contains("\n<binary, 18 bytes>\n"))
    }

    @Test("the same object with a text Accept comes back as its base64 text (DG: api-gateway-payload-encodings-workflow)")
    func getBinaryAsText() async throws {
        let project = try ServiceProject()
        defer { project.root.remove() }
        let t = try await project.send("GET", "/photos/cat.png", headers: [HTTPHeader("Accept", "application/json")])
        #expect(t.response.status == 200)
        #expect(!t.response.isBase64Encoded)
        #expect(t.response.body == Base64.encode(ServiceProject.png))
    }

    @Test("a text object is text; a key with slashes reaches the folder below the bucket")
    func getText() async throws {
        let project = try ServiceProject()
        defer { project.root.remove() }
        let t = try await project.send("GET", "/photos/notes/hello.txt")
        #expect(t.response.status == 200)
        #expect(t.response.body == "hello, bucket\n")
        #expect(t.header("Content-Type") == "text/plain")
        let encoded = try await project.send("GET", "/legacy/notes%2Fhello.txt")
        #expect(encoded.response.body == "hello, bucket\n")
        #expect(encoded.integrationRequest?.uri == "arn:aws:apigateway:us-east-1:s3:path/photos/notes%2Fhello.txt")
    }

    @Test("NoSuchKey: S3's 404 and XML body; the 404 pattern selects 404, a default-only method answers 200 (LocalStack test_apigateway_s3_method_mapping)")
    func missingKey() async throws {
        let project = try ServiceProject()
        defer { project.root.remove() }
        let t = try await project.send("GET", "/photos/missing.png")
        #expect(t.response.status == 404)
        #expect(t.header("Content-Type") == "application/xml")
        // S3 API: ErrorResponses; the Key field as recorded in test_apigateway_s3.snapshot.json (get-deleted-object).
        let ids = try #require(t.response.body.firstMatch(of: /<RequestId>([0-9A-F]{16})<\/RequestId><HostId>([A-Za-z0-9+\/=]{64})<\/HostId>/))
        #expect(t.response.body == """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>missing.png</Key><RequestId>\(ids.1)</RequestId><HostId>\(ids.2)</HostId></Error>
            """)
        let legacy = try await project.send("GET", "/legacy/missing.png")
        #expect(legacy.response.status == 200)
        #expect(legacy.response.body.contains("<Code>NoSuchKey</Code>"))
    }

    @Test("PutObject then GetObject: the bytes sent come back, written to the bucket's folder (serve and invoke)")
    func putThenGet() async throws {
        let project = try ServiceProject()
        defer { project.root.remove() }
        let bytes: [UInt8] = [0, 255, 1, 254, 0x89, 0x50]
        let put = try await project.send("PUT", "/photos/2026/dog.png", headers: [HTTPHeader("Content-Type", "image/png")],
                                         body: Base64.encode(bytes), isBase64Encoded: true)
        #expect(put.response.status == 200)
        #expect(put.integrationRequest?.isBase64Encoded == true)
        #expect(put.integrationRequest?.headers == [HTTPHeader("Content-Type", "image/png")])
        #expect(put.outcome(of: .integration)?.detail == "S3 PutObject photos/2026/dog.png answered 200 (stored 6 bytes, image/png)")
        #expect(FileManager.default.contents(atPath: project.root.path + "/Content/buckets/photos/2026/dog.png") == Data(bytes))
        let get = try await project.send("GET", "/photos/2026/dog.png", headers: [HTTPHeader("Accept", "image/png")])
        #expect(Base64.decode(get.response.body) == bytes)
        #expect(get.header("Content-Type") == "image/png")

        let text = try await project.send("PUT", "/photos/note.json", headers: [HTTPHeader("Content-Type", "application/json")], body: #"{"a":1}"#)
        #expect(text.response.status == 200)
        let back = try await project.send("GET", "/photos/note.json")
        #expect(back.response.body == #"{"a":1}"#)
        #expect(back.header("Content-Type") == "application/json")

        let deleted = try await project.send("DELETE", "/photos/note.json")
        #expect(deleted.outcome(of: .integration)?.detail == "S3 DeleteObject photos/note.json answered 204")
        #expect(try await project.send("GET", "/photos/note.json").response.status == 404)
    }

    @Test("in a site build, PutObject stays in memory: the folder never changes")
    func buildWritesInMemory() async throws {
        let project = try ServiceProject(writes: .inMemory)
        defer { project.root.remove() }
        let put = try await project.send("PUT", "/photos/new.txt", headers: [HTTPHeader("Content-Type", "text/plain")], body: "fresh")
        #expect(put.response.status == 200)
        #expect(try await project.send("GET", "/photos/new.txt").response.body == "fresh")
        #expect(!FileManager.default.fileExists(atPath: project.root.path + "/Content/buckets/photos/new.txt"))
    }

    @Test("traversal attempts never read or write outside the bucket's folder", arguments: [
        "/photos/../secret.txt", "/photos/..%2Fsecret.txt", "/photos/notes/..%2F..%2F..%2Fsecret.txt", "/photos/%2Fetc%2Fpasswd",
        "/photos/link/secret.txt", "/photos/.hidden",
    ])
    func traversal(path: String) async throws {
        let project = try ServiceProject()
        defer { project.root.remove() }
        try FileManager.default.createSymbolicLink(atPath: project.root.path + "/Content/buckets/photos/link",
                                                   withDestinationPath: project.root.path + "/Content")
        let get = try await project.send("GET", path)
        #expect(get.response.status == 404, "\(get.outcome(of: .integration)?.detail ?? "")")
        #expect(!get.response.body.contains("do not serve"))
        let put = try await project.send("PUT", path, headers: [HTTPHeader("Content-Type", "text/plain")], body: "overwritten")
        #expect(put.response.status == 400, "\(put.outcome(of: .integration)?.detail ?? "")")
        #expect(put.response.body.contains("<Code>InvalidArgument</Code>"))
        #expect(FileManager.default.contents(atPath: project.root.path + "/Content/secret.txt") == Data("do not serve".utf8))
    }

    @Test("ListObjects (version 1) of the bucket, filtered by a mapped prefix (S3 API: ListObjects)")
    func list() async throws {
        let project = try ServiceProject()
        defer { project.root.remove() }
        let t = try await project.send("GET", "/photos?prefix=notes/")
        #expect(t.response.status == 200)
        #expect(t.header("Content-Type") == "application/xml")
        #expect(t.response.body == """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>photos</Name><Prefix>notes/</Prefix><Marker></Marker><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>notes/hello.txt</Key><LastModified>2026-01-01T12:00:00.000Z</LastModified><ETag>&quot;\(MD5.hex(Array("hello, bucket\n".utf8)))&quot;</ETag><Size>14</Size><StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>
            """)
    }
}

@Suite("Kinesis integrations through the pipeline", .serialized)
struct KinesisIntegrationTests {
    @Test("PutRecord: the template's request goes to the stream; Kinesis's JSON comes back (LocalStack test_apigateway_to_kinesis)")
    func putRecord() async throws {
        let project = try ServiceProject()
        defer { project.root.remove() }
        let t = try await project.send("POST", "/events?stream=events", headers: [HTTPHeader("Content-Type", "application/json")],
                                       body: #"{"kinesis": "snapshot"}"#)
        #expect(t.response.status == 200)
        let records = project.streams.records(stream: "events")
        #expect(records.count == 1)
        let sequence = try #require(records.first?.receipt.sequenceNumber)
        #expect(t.response.body == #"{"SequenceNumber":"\#(sequence)","ShardId":"shardId-000000000000"}"#)
        #expect(records.first?.record.partitionKey == "test")
        #expect(records.first?.record.data == Array(#"{"kinesis": "snapshot"}"#.utf8))
        // The integration request actually sent, and the record in the transcript's log.
        let request = try #require(t.integrationRequest)
        #expect(request.uri == "arn:aws:apigateway:us-east-1:kinesis:action/PutRecord")
        #expect(request.headers == [HTTPHeader("Content-Type", "application/x-amz-json-1.1"), HTTPHeader("X-Amz-Target", "Kinesis_20131202.PutRecord")])
        #expect(request.body == #"{"StreamName": "events", "Data": "eyJraW5lc2lzIjogInNuYXBzaG90In0=", "PartitionKey": "test"}"#)
        #expect(t.logs == [#"Kinesis PutRecord: events shardId-000000000000 \#(sequence) PartitionKey test Data {"kinesis": "snapshot"}"#])
        #expect(t.outcome(of: .integration)?.detail == "Kinesis PutRecord answered 200 (1 record into 'events' → shardId-000000000000)")
        // Sequence numbers are deterministic: the same request into fresh streams gives the same number.
        let fresh = try ServiceProject()
        defer { fresh.root.remove() }
        let again = try await fresh.send("POST", "/events?stream=events", headers: [HTTPHeader("Content-Type", "application/json")],
                                         body: #"{"kinesis": "snapshot"}"#)
        #expect(again.response.body == t.response.body)
    }

    @Test("PutRecords: one result per record, in order, with FailedRecordCount 0 (Kinesis API: PutRecords)")
    func putRecords() async throws {
        let project = try ServiceProject()
        defer { project.root.remove() }
        let t = try await project.send("POST", "/batch", headers: [HTTPHeader("Content-Type", "application/json")],
                                       body: #"{"items": [{"user": "a", "page": "/home"}, {"user": "b", "page": "/cart"}]}"#)
        #expect(t.response.status == 200)
        let records = project.streams.records(stream: "clicks")
        #expect(records.map(\.record.partitionKey) == ["a", "b"])
        // MD5("a") falls in the lower half of the hash range, MD5("b") in the upper: two shards.
        #expect(records.map(\.receipt.shardId) == ["shardId-000000000000", "shardId-000000000001"])
        let items = records.map { #"{"SequenceNumber":"\#($0.receipt.sequenceNumber)","ShardId":"\#($0.receipt.shardId)"}"# }
        #expect(t.response.body == #"{"FailedRecordCount":0,"Records":[\#(items.joined(separator: ","))]}"#)
        #expect(t.logs.count == 2)
        #expect(t.logs[1].hasSuffix("PartitionKey b Data /cart"))
    }

    @Test("an unknown stream is Kinesis's ResourceNotFoundException, 400, selected by the 4\\d{2} pattern")
    func unknownStream() async throws {
        let project = try ServiceProject()
        defer { project.root.remove() }
        let t = try await project.send("POST", "/events?stream=ghost", headers: [HTTPHeader("Content-Type", "application/json")], body: "{}")
        #expect(t.response.status == 400)
        // The error shape and message as the AWS SDKs' Kinesis integration tests expect them.
        #expect(t.response.body == #"{"__type":"ResourceNotFoundException","message":"Stream ghost under account 123456789012 not found."}"#)
        #expect(project.streams.records(stream: "ghost").isEmpty)
    }

    @Test("a request without its members is Kinesis's ValidationException listing each")
    func validation() {
        guard case .failure(let error) = KinesisIntegration.request(action: "PutRecord", body: #"{"StreamName": "events"}"#) else {
            Issue.record("the request was accepted")
            return
        }
        #expect(error.json == #"{"__type":"ValidationException","message":"2 validation errors detected: Value null at 'data' failed to satisfy constraint: Member must not be null; Value null at 'partitionKey' failed to satisfy constraint: Member must not be null"}"#)
    }
}

/// Whole transcripts of AWS service integrations (S3 on a bucket folder, Kinesis in memory),
/// compared with goldens in Snapshots/.
@Suite("Golden transcripts of AWS service integrations", .serialized)
struct GoldenServiceTranscriptTests {
    @Test("S3 GetObject (text and missing) and Kinesis PutRecord", arguments: [
        ("s3-get-text.txt", "GET", "/photos/notes/hello.txt", [HTTPHeader](), ""),
        ("s3-get-missing.txt", "GET", "/photos/missing.png", [], ""),
        ("kinesis-put-record.txt", "POST", "/events?stream=events", [HTTPHeader("Content-Type", "application/json")], #"{"kinesis": "snapshot"}"#),
    ])
    func transcript(golden: String, method: String, path: String, headers: [HTTPHeader], body: String) async throws {
        let project = try ServiceProject()
        defer { project.root.remove() }
        let transcript = try await project.send(method, path, headers: headers, body: body)
        assertGolden(transcript.text, named: golden)
    }
}
