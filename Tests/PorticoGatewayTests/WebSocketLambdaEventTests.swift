import Foundation
import PorticoGateway
import PorticoModel
import Testing

/// The exact events WebSocket routes and their `$connect` authorizer send Lambda functions.
@Suite("WebSocket Lambda events and the $connect authorizer")
struct WebSocketLambdaEventTests {
    static let allow = #"{"principalId": "ana", "policyDocument": {"Version": "2012-10-17", "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "arn:aws:execute-api:us-east-1:123456789012:*/prod/$connect"}]}, "context": {"room": "lobby", "seat": 7}}"#

    static func functions(authorizer: String = allow) -> RecordingFunctions {
        RecordingFunctions { function in
            function == "gatekeeper" ? .success(Array(authorizer.utf8)) : .success(Array(#"{"statusCode": 200, "body": "pong"}"#.utf8))
        }
    }

    @Test("CONNECT, MESSAGE and DISCONNECT events have AWS's fields in AWS's order")
    func eventShapes() async throws {
        let functions = Self.functions()
        let harness = try WebSocketHarness(services: GatewayServices(functions: functions))
        var ids = IdentifierGenerator(seed: 11)
        let connected = try await harness.connect(api: "relay", headers: [HTTPHeader("Host", "example"), HTTPHeader("X-Room", "blue"), HTTPHeader("User-Agent", "test/1")],
                                                  query: "ticket=t-1", ids: &ids)
        #expect(connected.outcome == .accepted)
        let id = connected.run.connectionId
        let message = try await harness.send("ping", on: id, api: "relay", ids: &ids)
        #expect(message.replies == [.text("pong")])
        _ = try await harness.gateway.disconnect(id, at: Endpoint(api: "relay", stage: "prod"), statusCode: nil, reason: nil, ids: &ids)

        let received = functions.received
        #expect(received.map(\.function) == ["gatekeeper", "relay", "relay", "relay"])
        let apiId = apiIdentifier(for: "relay")
        let host = "\(apiId).execute-api.us-east-1.amazonaws.com"
        let context = try #require(try JSONSerialization.jsonObject(with: Data(received[1].event.utf8)) as? [String: Any])["requestContext"] as? [String: Any]
        let requestId = try #require(context?["requestId"] as? String)
        let traceId = try #require(((try JSONSerialization.jsonObject(with: Data(received[1].event.utf8)) as? [String: Any])?["headers"] as? [String: String])?["X-Amzn-Trace-Id"])
        // Times: the site build's instant, 2026-01-01T12:00:00Z.
        let requestContext = #"{"routeKey":"$connect","authorizer":{"room":"lobby","seat":"7","principalId":"ana","integrationLatency":0},"eventType":"CONNECT","extendedRequestId":"\#(requestId)","requestTime":"01/Jan/2026:12:00:00 +0000","messageDirection":"IN","stage":"prod","connectedAt":1767268800000,"requestTimeEpoch":1767268800000,"identity":{"sourceIp":"198.51.100.7","userAgent":"test/1"},"requestId":"\#(requestId)","domainName":"\#(host)","connectionId":"\#(id)","apiId":"\#(apiId)"}"#
        let headers = #"{"Host":"example","User-Agent":"test/1","X-Amzn-Trace-Id":"\#(traceId)","X-Forwarded-For":"198.51.100.7","X-Forwarded-Port":"443","X-Forwarded-Proto":"https","X-Room":"blue"}"#
        let multi = #"{"Host":["example"],"User-Agent":["test/1"],"X-Amzn-Trace-Id":["\#(traceId)"],"X-Forwarded-For":["198.51.100.7"],"X-Forwarded-Port":["443"],"X-Forwarded-Proto":["https"],"X-Room":["blue"]}"#
        #expect(received[1].event == #"{"headers":\#(headers),"multiValueHeaders":\#(multi),"queryStringParameters":{"ticket":"t-1"},"multiValueQueryStringParameters":{"ticket":["t-1"]},"requestContext":\#(requestContext),"isBase64Encoded":false}"#)

        // The authorizer's input: DG: apigateway-websocket-api-lambda-auth (methodArn ends in /$connect, no verb).
        let authorizerContext = requestContext.replacingOccurrences(of: #""authorizer":{"room":"lobby","seat":"7","principalId":"ana","integrationLatency":0},"#, with: "")
        #expect(received[0].event == #"{"type":"REQUEST","methodArn":"arn:aws:execute-api:us-east-1:123456789012:\#(apiId)/prod/$connect","headers":\#(headers),"multiValueHeaders":\#(multi),"queryStringParameters":{"ticket":"t-1"},"multiValueQueryStringParameters":{"ticket":["t-1"]},"stageVariables":{},"requestContext":\#(authorizerContext)}"#)

        let messageContext = try #require(try JSONSerialization.jsonObject(with: Data(received[2].event.utf8)) as? [String: Any])["requestContext"] as? [String: Any]
        let messageId = try #require(messageContext?["messageId"] as? String)
        let messageRequestId = try #require(messageContext?["requestId"] as? String)
        #expect(received[2].event == #"{"requestContext":{"routeKey":"$default","authorizer":{"room":"lobby","seat":"7","principalId":"ana"},"messageId":"\#(messageId)","eventType":"MESSAGE","extendedRequestId":"\#(messageRequestId)","requestTime":"01/Jan/2026:12:00:00 +0000","messageDirection":"IN","stage":"prod","connectedAt":1767268800000,"requestTimeEpoch":1767268800000,"identity":{"sourceIp":"198.51.100.7","userAgent":"test/1"},"requestId":"\#(messageRequestId)","domainName":"\#(host)","connectionId":"\#(id)","apiId":"\#(apiId)"},"body":"ping","isBase64Encoded":false}"#)

        let closeContext = try #require(try JSONSerialization.jsonObject(with: Data(received[3].event.utf8)) as? [String: Any])["requestContext"] as? [String: Any]
        let closeRequestId = try #require(closeContext?["requestId"] as? String)
        #expect(received[3].event == #"{"headers":{"Host":"\#(host)","x-api-key":"","X-Forwarded-For":"","x-restapi":""},"multiValueHeaders":{"Host":["\#(host)"],"x-api-key":[""],"X-Forwarded-For":[""],"x-restapi":[""]},"requestContext":{"routeKey":"$disconnect","authorizer":{"room":"lobby","seat":"7","principalId":"ana"},"disconnectStatusCode":1005,"eventType":"DISCONNECT","extendedRequestId":"\#(closeRequestId)","requestTime":"01/Jan/2026:12:00:00 +0000","messageDirection":"IN","disconnectReason":"Client-side close frame status not set","stage":"prod","connectedAt":1767268800000,"requestTimeEpoch":1767268800000,"identity":{"sourceIp":"198.51.100.7","userAgent":"test/1"},"requestId":"\#(closeRequestId)","domainName":"\#(host)","connectionId":"\#(id)","apiId":"\#(apiId)"},"isBase64Encoded":false}"#)
    }

    @Test("a missing identity source refuses the upgrade 401 without calling the authorizer")
    func missingIdentitySource() async throws {
        let functions = Self.functions()
        let harness = try WebSocketHarness(services: GatewayServices(functions: functions))
        var ids = IdentifierGenerator(seed: 11)
        let result = try await harness.connect(api: "relay", headers: [HTTPHeader("X-Room", "blue")], ids: &ids)
        #expect(result.outcome == .refused(GatewayResponse(status: 401, headers: [HTTPHeader("Content-Type", "application/json")], body: #"{"message":"Unauthorized"}"#)))
        #expect(result.run.trace.map(\.detail).contains("REQUEST authorizer 'ticket' (function 'gatekeeper'): identity source route.request.querystring.ticket is missing or empty, so the upgrade is refused 401 without calling the function"))
        #expect(functions.received.isEmpty)
    }

    @Test("a policy that denies $connect refuses the upgrade 403; the connection is never stored")
    func deniedUpgrade() async throws {
        let deny = Self.allow.replacingOccurrences(of: #""Effect": "Allow""#, with: #""Effect": "Deny""#)
        let functions = Self.functions(authorizer: deny)
        let harness = try WebSocketHarness(services: GatewayServices(functions: functions))
        var ids = IdentifierGenerator(seed: 11)
        let result = try await harness.connect(api: "relay", headers: [HTTPHeader("X-Room", "blue")], query: "ticket=t", ids: &ids)
        guard case .refused(let response) = result.outcome else { Issue.record("accepted"); return }
        #expect(response.status == 403)
        #expect(response.body == #"{"message":"Forbidden"}"#)
        #expect(functions.received.map(\.function) == ["gatekeeper"])
        let late = try await harness.send("hi", on: result.run.connectionId, api: "relay", ids: &ids)
        #expect(late.trace.map(\.detail) == ["connection \(result.run.connectionId) is not open: the message is dropped"])
    }
}
