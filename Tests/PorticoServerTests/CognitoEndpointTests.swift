import Diagnostics
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PorticoGateway
import PorticoModel
import PorticoServer
import TestSupport
import Testing

/// The shop of ``CognitoShop``, loaded from a temporary folder.
enum CognitoProject {
    static func load(into folder: TemporaryDirectory) throws -> Project {
        try folder.write(CognitoShop.files())
        var diagnostics = DiagnosticEngine()
        return try #require(ProjectLoader(root: folder.path).load(diagnostics: &diagnostics))
    }
}

@Suite("Cognito addresses")
struct CognitoAddressTests {
    @Test("Cognito's host, the /_cognito/ path, and an API call on any host", arguments: [
        ("POST", "cognito-idp.us-east-1.amazonaws.com", "/", nil, CognitoAddress.api),
        ("GET", "cognito-idp.us-east-1.amazonaws.com", "/us-east-1_X/.well-known/jwks.json", nil, .keySet(userPoolId: "us-east-1_X")),
        ("GET", "cognito-idp.localhost:8080", "/us-east-1_X/.well-known/jwks.json", nil, .keySet(userPoolId: "us-east-1_X")),
        ("GET", "cognito-idp.us-east-1.amazonaws.com", "/", nil, .notFound),
        ("GET", "127.0.0.1:8080", "/_cognito/us-east-1_X/.well-known/jwks.json", nil, .keySet(userPoolId: "us-east-1_X")),
        ("POST", "127.0.0.1:8080", "/_cognito/", nil, .api),
        ("GET", "127.0.0.1:8080", "/_cognito/us-east-1_X/other", nil, .notFound),
        ("POST", "127.0.0.1:8080", "/", "AWSCognitoIdentityProviderService.InitiateAuth", .api),
    ] as [(String, String, String, String?, CognitoAddress)])
    func found(method: String, host: String, path: String, target: String?, expected: CognitoAddress) {
        #expect(CognitoAddress.find(method: method, host: host, path: path, target: target) == expected)
    }

    @Test("site pages, gateway paths and other POSTs are not Cognito's", arguments: [
        ("GET", "127.0.0.1:8080", "/", nil), ("POST", "127.0.0.1:8080", "/", nil),
        ("POST", "127.0.0.1:8080", "/", "DynamoDB_20120810.GetItem"), ("GET", "127.0.0.1:8080", "/_cognitoish", nil),
        ("GET", "abc.execute-api.localhost:8080", "/prod/x", nil),
    ] as [(String, String, String, String?)])
    func notFound(method: String, host: String, path: String, target: String?) {
        #expect(CognitoAddress.find(method: method, host: host, path: path, target: target) == nil)
    }
}

/// InitiateAuth and jwks.json over real loopback HTTP, and the token they give through the gateway.
@Suite("Cognito endpoints over HTTP", .serialized)
struct CognitoEndpointTests {
    @Test("sign in with POST / and X-Amz-Target, then call the guarded method with the ID token")
    func signInAndCall() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let project = try CognitoProject.load(into: folder)
        let site = try TemporaryDirectory()
        defer { site.remove() }
        let gateway = Gateway(project: project, clock: SystemClock())
        let server = DocsServer(siteDirectory: site.path, gateway: gateway, port: 0)
        let target = try #require(HTTPField.Name("X-Amz-Target"))
        let headers: HTTPFields = [target: "AWSCognitoIdentityProviderService.InitiateAuth", .contentType: "application/x-amz-json-1.1"]
        try await server.makeApplication().test(.live) { client in
            let signIn = #"{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"4webclient0shoppers000001","AuthParameters":{"USERNAME":"alice","PASSWORD":"Correct-Horse-1"}}"#
            let idToken = try await client.execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(string: signIn)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/x-amz-json-1.1")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                return try #require((object["AuthenticationResult"] as? [String: Any])?["IdToken"] as? String)
            }
            try await client.execute(uri: "/_gateway/shop/prod/me", method: .get, headers: [.authorization: idToken]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"email": "alice@example.com"}"#)
            }
            try await client.execute(uri: "/_gateway/shop/prod/me", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body) == #"{"message":"Unauthorized"}"#)
            }
            let wrong = signIn.replacingOccurrences(of: "Correct-Horse-1", with: "guess")
            try await client.execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(string: wrong)) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[HTTPField.Name("x-amzn-ErrorType")!] == "NotAuthorizedException:")
                #expect(String(buffer: response.body) == #"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#)
            }
            try await client.execute(uri: "/_cognito/us-east-1_Shoppers/.well-known/jwks.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(String(buffer: response.body) == gateway.environment.userPools.pool(id: "us-east-1_Shoppers")?.jwksJSON)
            }
            // A POST to / without Cognito's target is the site's, as before.
            try await client.execute(uri: "/", method: .post, body: ByteBuffer(string: "{}")) { response in
                #expect(response.headers[.contentType] != "application/x-amz-json-1.1")
            }
        }
    }
}
