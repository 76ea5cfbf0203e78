import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import Testing

/// The functions' execution-role credentials (Lambda DG: configuration-envvars, reserved
/// variables `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`): the gateway's
/// IAM knows each role session, so what a handler signs verifies at the `@connections` API and
/// at the embedded DynamoDB endpoint, and only with its session token.
@Suite("Execution roles: the functions' credentials")
struct ExecutionRoleTests {
    static let relay = FunctionCredentials(function: "relay")

    /// The relay function's keys as a signer takes them, and its session token as a header
    /// it signs (as the SDKs send `X-Amz-Security-Token`).
    static func signed(_ request: GatewayRequest, host: String, path: String, token: String? = relay.sessionToken,
                       service: String = SigV4.service, secret: String = relay.secretAccessKey, date: Date = FixedClock.siteBuild.instant) -> GatewayRequest {
        var request = request
        if let token { request.headers.append(HTTPHeader("X-Amz-Security-Token", token)) }
        let keys = IAMUser(userName: "relay-role", accessKeyId: relay.accessKeyId, secretAccessKey: secret,
                           location: SourceLocation(file: "", line: 0, column: 0))
        return SigV4.sign(request, host: host, path: path, credentials: keys, service: service, date: date)
    }

    @Test("the credentials are a session of the function's role, the same on every run")
    func credentials() {
        #expect(Self.relay.accessKeyId.hasPrefix("ASIA"))
        #expect(Self.relay.accessKeyId.count == 20)
        #expect(Self.relay.secretAccessKey.count == 40)
        #expect(Self.relay == FunctionCredentials(function: "relay"))
        #expect(Self.relay.accessKeyId != FunctionCredentials(function: "gatekeeper").accessKeyId)
        #expect(Self.relay.sessionArn == "arn:aws:sts::123456789012:assumed-role/relay-role/relay")
    }

    @Test("@connections accepts the role's signature with its session token, and refuses it without or with another")
    func connections() async throws {
        let harness = try WebSocketHarness()
        var ids = IdentifierGenerator(seed: 7)
        let id = try await harness.connect(ids: &ids).run.connectionId
        let endpoint = Endpoint(api: "chat", stage: "prod")
        let host = "\(apiIdentifier(for: "chat")).execute-api.us-east-1.amazonaws.com"
        func post(token: String?) async -> ConnectionsAnswer {
            await harness.gateway.manageConnection(Self.signed(GatewayRequest(method: "POST", path: "/@connections/\(id)", body: "hello"),
                                                               host: host, path: "/prod/@connections/\(id)", token: token), at: endpoint, ids: &ids)
        }
        let sent = await post(token: Self.relay.sessionToken)
        #expect(sent.response.status == 200)
        #expect(harness.link.texts == ["hello"])
        for token in [nil, "forged"] {
            let refused = await post(token: token)
            // KC: api-gateway-troubleshoot-403-forbidden, "The security token included in the request is invalid."
            #expect(refused.response.status == 403)
            #expect(refused.response.body == #"{"message":"The security token included in the request is invalid."}"#)
        }
        #expect(harness.link.texts == ["hello"])
    }

    static let table = TableDefinition(tableName: "connections", partitionKey: .init(name: "id", type: .string),
                                       location: SourceLocation(file: "", line: 0, column: 0))

    func endpoint() throws -> DynamoDBEndpoint {
        let harness = try GatewayHarness(fixture: "websocket")
        return DynamoDBEndpoint(tables: DynamoDBTables(tables: [Self.table]), project: harness.gateway.project,
                                now: { FixedClock.siteBuild.instant })
    }

    static func call(_ operation: String, _ body: String) -> GatewayRequest {
        GatewayRequest(method: "POST", path: "/", headers: [HTTPHeader("Content-Type", "application/x-amz-json-1.0"),
                                                             HTTPHeader("X-Amz-Target", "DynamoDB_20120810.\(operation)")], body: body)
    }

    @Test("the DynamoDB endpoint runs a call the role signed for dynamodb, and refuses the rest with DynamoDB's errors")
    func dynamoDB() throws {
        let endpoint = try endpoint()
        let host = "127.0.0.1:4566"
        let put = Self.call("PutItem", #"{"TableName":"connections","Item":{"id":{"S":"abc"}}}"#)
        let accepted = endpoint.answer(Self.signed(put, host: host, path: "/", service: "dynamodb"), requestId: "R1")
        #expect(accepted.status == 200)
        #expect(accepted.body == "{}")
        #expect(accepted.headers == [HTTPHeader("Content-Type", "application/x-amz-json-1.0"), HTTPHeader("Content-Length", "2"),
                                     HTTPHeader("x-amzn-RequestId", "R1"), HTTPHeader("x-amz-crc32", "2745614147")])
        #expect(endpoint.tables.items(in: "connections") == [#"{"id":{"S":"abc"}}"#])

        let refusals: [(GatewayRequest, String)] = [
            (put, #"{"__type":"com.amazon.coral.service#MissingAuthenticationTokenException","message":"Request is missing Authentication Token"}"#),
            (Self.signed(put, host: host, path: "/", service: "execute-api"),
             #"{"__type":"com.amazon.coral.service#InvalidSignatureException","message":"Credential should be scoped to correct service: 'dynamodb'. "}"#),
            (Self.signed(put, host: host, path: "/", token: nil, service: "dynamodb"),
             #"{"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid."}"#),
            (Self.signed(put, host: host, path: "/", service: "dynamodb", secret: String(repeating: "x", count: 40)),
             #"{"__type":"com.amazon.coral.service#InvalidSignatureException","message":"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."}"#),
            (Self.signed(put, host: host, path: "/", service: "dynamodb", date: FixedClock.siteBuild.instant.addingTimeInterval(-600)),
             #"{"__type":"com.amazon.coral.service#InvalidSignatureException","message":"Signature expired: 20260101T115000Z is now earlier than 20260101T115500Z (20260101T120000Z - 5 min.)"}"#),
        ]
        for (request, expected) in refusals {
            let answer = endpoint.answer(request, requestId: "R2")
            #expect(answer.status == 400)
            #expect(answer.body == expected)
        }
        #expect(endpoint.tables.items(in: "connections") == [#"{"id":{"S":"abc"}}"#])
    }

    @Test("an IAM user whose policies do not allow the action is refused with IAM's AccessDeniedException")
    func dynamoDBPolicies() throws {
        let endpoint = try endpoint()
        let pusher = IAMUser(userName: "pusher", accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                             location: SourceLocation(file: "", line: 0, column: 0))
        let request = SigV4.sign(Self.call("GetItem", #"{"TableName":"connections","Key":{"id":{"S":"abc"}}}"#), host: "127.0.0.1:4566", path: "/",
                                 credentials: pusher, service: "dynamodb", date: FixedClock.siteBuild.instant)
        let answer = endpoint.answer(request, requestId: "R3")
        #expect(answer.status == 400)
        // IAM User Guide: troubleshoot_access-denied, "… is not authorized to perform: … because no identity-based policy allows the … action".
        #expect(answer.body == #"{"__type":"com.amazon.coral.service#AccessDeniedException","message":"User: arn:aws:iam::123456789012:user/pusher is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/connections because no identity-based policy allows the dynamodb:GetItem action"}"#)
    }
}
