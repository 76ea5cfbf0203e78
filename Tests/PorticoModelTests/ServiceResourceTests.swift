import Diagnostics
import Foundation
import PorticoModel
import TestSupport
import Testing

/// `buckets` and `streams` in portico.yml, and the AWS service URIs that name them.
@Suite("Buckets, streams and AWS service URIs")
struct ServiceResourceTests {
    static let api = """
        openapi: 3.0.1
        info: {title: Media, version: "1"}
        paths:
          /photos/{key}:
            get:
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: GET
                uri: arn:aws:apigateway:us-east-1:s3:path/photoz/{key}
                responses: {default: {statusCode: "200"}}
          /queue:
            post:
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: POST
                uri: arn:aws:apigateway:us-east-1:sqs:path/123456789012/queue
                responses: {default: {statusCode: "200"}}

        """

    private func load(_ projectFile: String, api: String = ServiceResourceTests.api) throws -> (Project?, [String], TemporaryDirectory) {
        let root = try TemporaryDirectory()
        try root.write(["Content/portico.yml": projectFile, "Content/apis/media.yaml": api, "Content/buckets/photos/cat.txt": "meow"])
        var diagnostics = DiagnosticEngine()
        let project = ProjectLoader(root: root.path).load(diagnostics: &diagnostics)
        let lines = diagnostics.sorted.map(DiagnosticFormatter.format).map { $0.replacingOccurrences(of: root.path + "/", with: "") }
        return (project, lines, root)
    }

    @Test("buckets resolve their folder inside Content/; streams default to one shard")
    func loads() throws {
        let (project, lines, root) = try load("""
            apis: [{name: media, definition: apis/media.yaml, stages: [{stageName: prod}]}]
            buckets: [{name: photos, folder: buckets/photos}]
            streams: [{streamName: events}, {streamName: clicks, shardCount: 4}]

            """, api: Self.api.replacingOccurrences(of: "photoz", with: "photos"))
        defer { root.remove() }
        let loaded = try #require(project)
        #expect(loaded.buckets.map(\.name) == ["photos"])
        #expect(loaded.bucket(named: "photos")?.directory == root.path + "/Content/buckets/photos")
        #expect(loaded.streams.map { "\($0.streamName):\($0.shardCount)" } == ["events:1", "clicks:4"])
        // Only the service Portico does not simulate is mentioned.
        #expect(lines == [
            "Content/apis/media.yaml:14:9: warning: Portico does not simulate AWS service 'sqs' (integration of POST /queue); requests to it answer 500 [project.unsimulated-service]",
        ])
    }

    @Test("bad buckets and streams are located errors; an S3 URI's unknown bucket suggests the close one")
    func diagnostics() throws {
        let (_, lines, root) = try load("""
            apis: [{name: media, definition: apis/media.yaml, stages: [{stageName: prod}]}]
            buckets:
              - {name: photos, folder: buckets/photos}
              - {name: photos, folder: buckets/photos}
              - {name: Bad_Name, folder: buckets/photos}
              - {name: escape, folder: ../outside}
              - {name: nothing, folder: buckets/none}
            streams: [{streamName: "bad name"}, {streamName: many, shardCount: 0}]

            """)
        defer { root.remove() }
        #expect(lines == [
            "Content/apis/media.yaml:7:9: error: bucket 'photoz' in the integration URI of GET /photos/{key} is not declared under 'buckets' in portico.yml; did you mean 'photos'? [project.unknown-bucket]",
            "Content/apis/media.yaml:14:9: warning: Portico does not simulate AWS service 'sqs' (integration of POST /queue); requests to it answer 500 [project.unsimulated-service]",
            "Content/portico.yml:4:5: error: a bucket named 'photos' is already declared [project.duplicate-bucket]",
            "Content/portico.yml:5:12: error: bucket name 'Bad_Name' must be 3 to 63 lower-case letters, digits, dots or hyphens, beginning and ending with a letter or digit [project.bucket-name]",
            "Content/portico.yml:6:28: error: folder '../outside' of bucket 'escape' must be a folder inside Content/ [project.bucket-folder]",
            "Content/portico.yml:7:29: warning: folder 'buckets/none' of bucket 'nothing' does not exist; the bucket starts empty [project.bucket-folder-missing]",
            "Content/portico.yml:8:24: error: stream name 'bad name' must be 1 to 128 letters, digits, '_', '.' or '-' [project.stream-name]",
            "Content/portico.yml:8:68: error: shardCount of stream 'many' must be between 1 and 500, found 0 [project.stream-shards]",
        ])
    }

    @Test("a user pool id that is not Region_id is an error at its value (API reference: UserPoolType)")
    func userPoolIds() throws {
        let (_, lines, root) = try load("""
            apis: [{name: media, definition: apis/media.yaml, stages: [{stageName: prod}]}]
            identities:
              userPools:
                - {name: good, userPoolId: eu-west-1_Abc123}
                - {name: slash, userPoolId: us-east-1/../x}
                - {name: bare, userPoolId: Example}
                - {name: "with space"}

            """)
        defer { root.remove() }
        #expect(lines.filter { $0.contains("[project.user-pool-id]") } == [
            "Content/portico.yml:5:33: error: user pool id 'us-east-1/../x' of user pool 'slash' must be a Region, '_' and letters or digits, such as us-east-1_Example [project.user-pool-id]",
            "Content/portico.yml:6:32: error: user pool id 'Example' of user pool 'bare' must be a Region, '_' and letters or digits, such as us-east-1_Example [project.user-pool-id]",
            "Content/portico.yml:7:14: error: user pool id 'us-east-1_with space' of user pool 'with space' must be a Region, '_' and letters or digits, such as us-east-1_Example [project.user-pool-id]",
        ])
        #expect(CognitoUserPool.isValidId("us-east-1_FieldGuide") && CognitoUserPool.isValidId("ap-southeast-2_a1"))
    }

    @Test("AWS service URIs: path and action forms, subdomains, and S3 bucket and key", arguments: [
        ("arn:aws:apigateway:us-east-1:s3:path/photos/{key}", "s3", "photos", "{key}"),
        ("arn:aws:apigateway:eu-west-1:s3:path/photos", "s3", "photos", ""),
        ("arn:aws:apigateway:us-east-1:photos.s3:path/a/b.png", "s3", "photos", "a/b.png"),
    ])
    func s3URIs(uri: String, service: String, bucket: String, key: String) throws {
        let parsed = try #require(AWSServiceURI(uri))
        #expect(parsed.service == service)
        let location = try #require(parsed.s3Location)
        #expect(location.bucket == bucket)
        #expect(location.key == key)
    }

    @Test("action URIs keep the action and its parameters; other texts are not AWS service URIs")
    func actionURIs() throws {
        let put = try #require(AWSServiceURI("arn:aws:apigateway:us-east-1:kinesis:action/PutRecord"))
        #expect(put.service == "kinesis")
        #expect(put.region == "us-east-1")
        #expect(put.target == .action("PutRecord", parameters: ""))
        #expect(put.s3Location == nil)
        let s3 = try #require(AWSServiceURI("arn:aws:apigateway:us-east-1:s3:action/GetObject&Bucket=b&Key=k"))
        #expect(s3.target == .action("GetObject", parameters: "&Bucket=b&Key=k"))
        #expect(AWSServiceURI("http://example.com/x") == nil)
        #expect(AWSServiceURI("arn:aws:apigateway:us-east-1:s3:bucket/x") == nil)
    }
}
