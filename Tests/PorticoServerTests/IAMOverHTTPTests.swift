import Diagnostics
import Foundation
import Hummingbird
import HummingbirdTesting
import PorticoGateway
import PorticoModel
@testable import PorticoServer
import TestSupport
import Testing

/// `serve` on 127.0.0.1 receiving requests signed by botocore and sent by Python over real
/// HTTP: the gateway verifies the path the client actually requested, on the docs server
/// (`/_gateway/vault/prod/items`) and on the execute-api host (`/prod/items`). The gateway's
/// clock stands at 2026-01-01T12:00:00Z, the date botocore signs with.
@Suite("IAM authorization over HTTP", .serialized)
struct IAMOverHTTPTests {
    static let definition = """
        openapi: 3.0.1
        info: {title: Vault, version: "1"}
        components:
          securitySchemes:
            sigv4: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}
        paths:
          /items:
            post:
              security: [{sigv4: []}]
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"statusCode": 200}'}
                responses:
                  default:
                    statusCode: "200"
                    responseTemplates: {application/json: '{"user": "$context.identity.userArn"}'}

        """
    static let project = """
        apis: [{name: vault, definition: apis/vault.yaml, stages: [{stageName: prod}]}]
        identities:
          iamUsers:
            - userName: alice
              accessKeyId: AKIAIOSFODNN7EXAMPLE
              secretAccessKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
              policies: [{Version: "2012-10-17", Statement: [{Effect: Allow, Action: "execute-api:*", Resource: "*"}]}]

        """

    @Test("signed requests answer 200 on both addresses; a tampered one answers AWS's 403")
    func signedOverHTTP() async throws {
        let root = try TemporaryDirectory()
        defer { root.remove() }
        try root.write(["Content/portico.yml": Self.project, "Content/apis/vault.yaml": Self.definition, "Site/index.html": "site"])
        var diagnostics = DiagnosticEngine()
        let project = try #require(ProjectLoader(root: root.path).load(diagnostics: &diagnostics))
        #expect(!diagnostics.hasErrors, "\(diagnostics.sorted)")
        let gateway = Gateway(project: project, clock: FixedClock.siteBuild)
        let apiHost = Gateway.executeAPIHost(for: try #require(project.api(named: "vault")))
            .replacingOccurrences(of: ".us-east-1.amazonaws.com", with: ".localhost")
        let server = DocsServer(siteDirectory: root.path + "/Site", gateway: gateway, port: 0)
        try await server.makeApplication().test(.live) { client in
            let port = try #require(client.port)
            func spec(_ url: String, body: String) -> Botocore.Spec {
                var spec = Botocore.Spec(method: "POST", url: url, headers: [("Content-Type", "application/json")], body: body,
                                         accessKey: "AKIAIOSFODNN7EXAMPLE", secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                                         date: "20260101T120000Z")
                spec.send = true
                spec.connect = "127.0.0.1:\(port)"
                return spec
            }
            var tampered = spec("http://127.0.0.1:\(port)/_gateway/vault/prod/items", body: #"{"n":1}"#)
            tampered.tamper = Botocore.Tamper(body: #"{"n":9}"#)
            let answers = try Botocore.run([
                spec("http://127.0.0.1:\(port)/_gateway/vault/prod/items", body: #"{"n":1}"#),
                spec("http://\(apiHost):\(port)/prod/items", body: #"{"n":2}"#),
                tampered,
            ])
            #expect(answers.map(\.status) == [200, 200, 403])
            #expect(answers[0].responseBody == #"{"user": "arn:aws:iam::123456789012:user/alice"}"#)
            #expect(answers[1].responseBody == #"{"user": "arn:aws:iam::123456789012:user/alice"}"#)
            #expect(answers[2].responseHeader("x-amzn-ErrorType") == "InvalidSignatureException")
            // The canonical request AWS shows: the path as the client sent it, encoded once
            // more, its Host with the port, the hash of the body it signed (recorded answer of
            // API Gateway: mhart/aws4#33).
            let message = try #require(answers[2].responseBody)
            #expect(message.hasPrefix(#"{"message":"The request signature we calculated does not match the signature you provided. "#))
            #expect(message.contains(#"'POST\n/_gateway/vault/prod/items\n\ncontent-type:application/json\nhost:127.0.0.1:\#(port)\n"#))
        }
    }
}
