import Diagnostics
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PorticoGateway
import PorticoModel
import PorticoRuntime
@testable import PorticoServer
import TestSupport
import Testing

/// Binary bodies over real loopback HTTP: an S3-backed API whose bucket is a folder, with
/// `image/png` as a binary media type (DG: api-gateway-payload-encodings-workflow).
@Suite("Binary payloads over HTTP", .serialized)
struct BinaryOverHTTPTests {
    /// Every byte value, so any text decoding on the way would show.
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0...255).map { UInt8($0) }

    static let definition = """
        openapi: 3.0.1
        info: {title: Media, version: "1"}
        x-amazon-apigateway-binary-media-types: [image/png]
        paths:
          /photos/{key}:
            x-amazon-apigateway-any-method:
              parameters: [{name: key, in: path, required: true, schema: {type: string}}]
              x-amazon-apigateway-integration:
                type: aws
                httpMethod: ANY
                uri: arn:aws:apigateway:us-east-1:s3:path/photos/{key}
                requestParameters: {integration.request.path.key: method.request.path.key}
                responses:
                  "404": {statusCode: "404"}
                  default:
                    statusCode: "200"
                    responseParameters:
                      method.response.header.Content-Type: integration.response.header.Content-Type

        """

    private func makeServer() throws -> (DocsServer, TemporaryDirectory) {
        let root = try TemporaryDirectory()
        try root.write(["Content/portico.yml": "apis: [{name: media, definition: apis/media.yaml, stages: [{stageName: prod}]}]\nbuckets: [{name: photos, folder: photos}]\n",
                        "Content/apis/media.yaml": Self.definition, "Site/index.html": "site"])
        try FileManager.default.createDirectory(at: root.url.appendingPathComponent("Content/photos"), withIntermediateDirectories: true)
        try Data(Self.png).write(to: root.url.appendingPathComponent("Content/photos/cat.png"))
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        let buckets = FolderBuckets(buckets: project.buckets.map { ($0.name, $0.directory) }, writes: .toFolders)
        let gateway = Gateway(project: project, clock: SystemClock(), services: GatewayServices(buckets: buckets))
        return (DocsServer(siteDirectory: root.path + "/Site", gateway: gateway, port: 0), root)
    }

    @Test("GET of a PNG returns its exact bytes when the client accepts image/png")
    func getPNG() async throws {
        let (server, root) = try makeServer()
        defer { root.remove() }
        try await server.makeApplication().test(.live) { client in
            try await client.execute(uri: "/_gateway/media/prod/photos/cat.png", method: .get, headers: [.accept: "image/png"]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/png")
                #expect(Array(response.body.readableBytesView) == Self.png)
                #expect(response.headers[.contentLength] == String(Self.png.count))
            }
            // With a text Accept, API Gateway sends the base64 text instead.
            try await client.execute(uri: "/_gateway/media/prod/photos/cat.png", method: .get, headers: [.accept: "application/json"]) { response in
                #expect(String(buffer: response.body) == Data(Self.png).base64EncodedString())
            }
        }
    }

    @Test("PUT of binary bytes, then GET: the same bytes, and the file in the bucket's folder")
    func putThenGet() async throws {
        let (server, root) = try makeServer()
        defer { root.remove() }
        let bytes = Array(Self.png.reversed())
        try await server.makeApplication().test(.live) { client in
            try await client.execute(uri: "/_gateway/media/prod/photos/copy.png", method: .put, headers: [.contentType: "image/png"],
                                     body: ByteBuffer(bytes: bytes)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/_gateway/media/prod/photos/copy.png", method: .get, headers: [.accept: "image/png"]) { response in
                #expect(Array(response.body.readableBytesView) == bytes)
                #expect(response.headers[.contentType] == "image/png")
            }
            try await client.execute(uri: "/_gateway/media/prod/photos/none.png", method: .get, headers: [.accept: "application/xml"]) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("<Code>NoSuchKey</Code>"))
            }
            // S3's XML error is text; for a binary Accept the table says "Base64-decoded blob",
            // and XML is not base64: 500 (DG: api-gateway-payload-encodings-workflow).
            try await client.execute(uri: "/_gateway/media/prod/photos/none.png", method: .get, headers: [.accept: "image/png"]) { response in
                #expect(response.status == .internalServerError)
            }
        }
        #expect(FileManager.default.contents(atPath: root.path + "/Content/photos/copy.png") == Data(bytes))
    }

    @Test("the server hands the gateway the body's bytes as they came, UTF-8 or not, whatever its type")
    func bytesAsTheyCame() throws {
        #expect(GatewayMessages.bytes(of: ByteBuffer(bytes: [0xFF, 0xFE, 0x00])) == [0xFF, 0xFE, 0x00])
        #expect(GatewayMessages.bytes(of: ByteBuffer(string: "héllo")) == Array("héllo".utf8))
        #expect(GatewayMessages.bytes(of: ByteBuffer()) == [])
    }
}
