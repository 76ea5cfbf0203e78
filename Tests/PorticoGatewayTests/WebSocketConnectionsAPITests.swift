import Diagnostics
import Foundation
import PorticoGateway
import PorticoModel
import Testing

@Suite("WebSocket @connections API")
struct WebSocketConnectionsAPITests {
    static let pusher = IAMUser(userName: "pusher", accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", location: SourceLocation(file: "", line: 0, column: 0))
    static let reader = IAMUser(userName: "reader", accessKeyId: "AKIAI44QH8DHBEXAMPLE", secretAccessKey: "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", location: SourceLocation(file: "", line: 0, column: 0))

    static func signed(_ method: String, _ id: String, body: String = "", as user: IAMUser = pusher) -> GatewayRequest {
        let host = "\(apiIdentifier(for: "chat")).execute-api.us-east-1.amazonaws.com"
        let escaped = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id
        return SigV4.sign(GatewayRequest(method: method, path: "/@connections/\(escaped)", body: body), host: host,
                          path: "/prod/@connections/\(escaped)", credentials: user, date: FixedClock.siteBuild.instant)
    }

    @Test("POST sends the data to the client; GET answers connectedAt, identity and lastActiveAt; DELETE closes (DG: apigateway-how-to-call-websocket-api-connections)")
    func operations() async throws {
        let harness = try WebSocketHarness()
        var ids = IdentifierGenerator(seed: 7)
        let id = try await harness.connect(headers: [HTTPHeader("User-Agent", "wscat/5")], ids: &ids).run.connectionId
        let endpoint = Endpoint(api: "chat", stage: "prod")

        let posted = await harness.gateway.manageConnection(Self.signed("POST", id, body: #"{"from": "server"}"#), at: endpoint, ids: &ids)
        #expect(posted.response.status == 200)
        #expect(harness.link.texts == [#"{"from": "server"}"#])

        let read = await harness.gateway.manageConnection(Self.signed("GET", id, as: Self.reader), at: endpoint, ids: &ids)
        #expect(read.response.status == 200)
        #expect(read.response.body == #"{"connectedAt":"2026-01-01T12:00:00.000Z","identity":{"sourceIp":"198.51.100.7","userAgent":"wscat/5"},"lastActiveAt":"2026-01-01T12:00:00.000Z"}"#)

        // The pusher's policy denies DELETE explicitly.
        let refused = await harness.gateway.manageConnection(Self.signed("DELETE", id), at: endpoint, ids: &ids)
        #expect(refused.response.status == 403)
        #expect(refused.response.headers.value(for: "x-amzn-ErrorType") == "AccessDeniedException")
        #expect(refused.response.body == #"{"Message":"User: arn:aws:iam::123456789012:user/pusher is not authorized to perform: execute-api:ManageConnections on resource: arn:aws:execute-api:us-east-1:123456789012:\#(apiIdentifier(for: "chat"))/prod/DELETE/@connections/\#(id) with an explicit deny"}"#)

        let deleted = await harness.gateway.manageConnection(Self.signed("DELETE", id, as: Self.reader), at: endpoint, ids: &ids)
        #expect(deleted.response.status == 204)
        #expect(harness.link.closes == [1000])

        // 410 GoneException with no body once the connection is closed (KC: 410-gone-api-gateway).
        let gone = await harness.gateway.manageConnection(Self.signed("POST", id, body: "late"), at: endpoint, ids: &ids)
        #expect(gone.response.status == 410)
        #expect(gone.response.body == "")
        #expect(gone.response.headers.value(for: "x-amzn-ErrorType") == "GoneException")
        #expect(harness.link.texts == [#"{"from": "server"}"#])
    }

    @Test("an unsigned call is refused 403 Missing Authentication Token; more than 128 KB is 413")
    func refusals() async throws {
        let harness = try WebSocketHarness()
        var ids = IdentifierGenerator(seed: 7)
        let id = try await harness.connect(ids: &ids).run.connectionId
        let endpoint = Endpoint(api: "chat", stage: "prod")
        let unsigned = await harness.gateway.manageConnection(GatewayRequest(method: "POST", path: "/@connections/\(id)", body: "x"), at: endpoint, ids: &ids)
        #expect(unsigned.response.status == 403)
        #expect(unsigned.response.body == #"{"message":"Missing Authentication Token"}"#)
        let big = await harness.gateway.manageConnection(Self.signed("POST", id, body: String(repeating: "a", count: 131_073)), at: endpoint, ids: &ids)
        #expect(big.response.status == 413)
        #expect(big.response.headers.value(for: "x-amzn-ErrorType") == "PayloadTooLargeException")
        #expect(harness.link.frames.isEmpty)
    }
}
