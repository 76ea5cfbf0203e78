import Diagnostics
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PorticoGateway
import PorticoModel
@testable import PorticoServer
import TestSupport
import Testing

/// A PRIVATE API served over real loopback HTTP, addressed as AWS addresses one through a VPC
/// endpoint (DG: apigateway-private-api-test-invoke-url), on the fast path and through NIO's decoder.
@Suite("Private APIs over HTTP", .serialized, .timeLimit(.minutes(1)))
struct PrivateAPIOverHTTPTests {
    static let vpce = "vpce-0123456789abcdef0"
    static let apiId = APIFacts(apiName: "internal").apiId

    /// `internal`: PRIVATE, associated with vpce-0123456789abcdef0, whose policy admits that
    /// endpoint only and denies 10.0.99.0/24 (aws:VpcSourceIp).
    static let files = [
        "Content/portico.yml": """
            vpcEndpoints: [{vpcEndpointId: vpce-0123456789abcdef0, vpcId: vpc-0a1b2c3d}]
            apis:
              - {name: internal, definition: apis/internal.yaml, endpointType: PRIVATE, vpcEndpointIds: [vpce-0123456789abcdef0], stages: [{stageName: prod}]}

            """,
        "Content/apis/internal.yaml": """
            openapi: 3.0.1
            info: {title: Internal, version: "1"}
            x-amazon-apigateway-policy:
              Version: "2012-10-17"
              Statement:
                - {Effect: Allow, Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*",
                   Condition: {StringEquals: {"aws:SourceVpce": vpce-0123456789abcdef0}}}
                - {Effect: Deny, Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*",
                   Condition: {IpAddress: {"aws:VpcSourceIp": 10.0.99.0/24}}}
            paths:
              /status:
                get:
                  x-amazon-apigateway-integration:
                    type: mock
                    requestTemplates: {application/json: '{"statusCode": 200}'}
                    responses:
                      default:
                        statusCode: "200"
                        responseTemplates: {application/json: '{"sourceIp": "$context.identity.sourceIp"}'}

            """,
        "Site/index.html": "<!doctype html><title>site</title>",
    ]

    static let ok = #"{"sourceIp": "127.0.0.1"}"#
    static func denied(_ reason: String) -> String {
        #"{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:"#
            + apiId + "/prod/GET/status " + reason + #""}"#
    }

    func withServer(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(Self.files)
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(diagnostics.sorted.isEmpty, "\(diagnostics.sorted)")
        let server = DocsServer(siteDirectory: root.path + "/Site", gateway: Gateway(project: project, clock: FixedClock.siteBuild), port: 0)
        try await server.makeApplication().test(.live, body)
    }

    static func fields(_ pairs: [(String, String)]) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in pairs { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return fields
    }

    @Test("the API's name through its endpoint, the endpoint's own name with x-apigw-api-id, and X-Portico-Source-Vpce reach it")
    func throughTheEndpoint() async throws {
        try await withServer { client in
            for headers in [[("Host", "\(Self.apiId)-\(Self.vpce).execute-api.localhost:8080")],
                            [("Host", "\(Self.vpce).execute-api.vpce.localhost:8080"), ("x-apigw-api-id", Self.apiId)],
                            [("X-Portico-Source-Vpce", Self.vpce)]] {
                let uri = headers.count == 1 && headers[0].0 == "X-Portico-Source-Vpce" ? "/_gateway/internal/prod/status" : "/prod/status"
                try await client.execute(uri: uri, method: .get, headers: Self.fields(headers)) { response in
                    #expect(response.status == .ok, "\(headers)")
                    #expect(String(buffer: response.body) == Self.ok)
                }
            }
        }
    }

    @Test("from the internet: the resource policy's implicit deny; the endpoint's name without x-apigw-api-id: Forbidden")
    func refused() async throws {
        try await withServer { client in
            for (uri, host) in [("/_gateway/internal/prod/status", nil), ("/prod/status", "\(Self.apiId).execute-api.localhost")] {
                try await client.execute(uri: uri, method: .get, headers: Self.fields(host.map { [("Host", $0)] } ?? [])) { response in
                    #expect(response.status == .forbidden)
                    #expect(String(buffer: response.body) == Self.denied("because no resource-based policy allows the execute-api:Invoke action"))
                    #expect(response.headers[HTTPField.Name("x-amzn-ErrorType")!] == "AccessDeniedException")
                }
            }
            try await client.execute(uri: "/prod/status", method: .get, headers: Self.fields([("Host", "\(Self.vpce).execute-api.vpce.localhost")])) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body) == #"{"message":"Forbidden"}"#)
                #expect(response.headers[HTTPField.Name("x-amzn-ErrorType")!] == "ForbiddenException")
            }
            // X-Portico-Source-Ip stands for the client's address inside the VPC (aws:VpcSourceIp).
            try await client.execute(uri: "/_gateway/internal/prod/status", method: .get,
                                     headers: Self.fields([("X-Portico-Source-Vpce", Self.vpce), ("X-Portico-Source-Ip", "10.0.99.4")])) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body) == Self.denied("with an explicit deny in a resource-based policy"))
            }
        }
    }

    @Test("a head that is not plain takes NIO's decoder to the same answers")
    func throughNIOsDecoder() async throws {
        try await withServer { client in
            let port = try #require(client.port)
            try await RawHTTPConnection.open(port: port) { connection in
                // Trailing whitespace in a field makes the head not plain (PlainRequestHead).
                try await connection.send("GET /prod/status HTTP/1.1\r\nHost: \(Self.vpce).execute-api.vpce.localhost\r\nx-apigw-api-id: \(Self.apiId)\r\nX-Note: spaced \r\n\r\n")
                let through = try #require(try await connection.response())
                #expect(through.status == 200)
                #expect(through.body == Self.ok)
                try await connection.send("GET /prod/status HTTP/1.1\r\nHost: \(Self.apiId).execute-api.localhost\r\nX-Note: spaced \r\n\r\n")
                let refused = try #require(try await connection.response())
                #expect(refused.status == 403)
                #expect(refused.body == Self.denied("because no resource-based policy allows the execute-api:Invoke action"))
            }
        }
    }
}
