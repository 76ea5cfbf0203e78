import Foundation
import Velocity

/// One event of a connection as API Gateway describes it to integrations: `$context` for
/// mapping templates and the `requestContext` of Lambda events (DG:
/// apigateway-websocket-api-mapping-template-reference). Made once per event.
public struct WebSocketEvent: Sendable {
    public enum EventType: String, Sendable {
        case connect = "CONNECT", message = "MESSAGE", disconnect = "DISCONNECT"
    }

    public var eventType: EventType
    public var routeKey: String
    /// MESSAGE only (DG: "Available only when the $context.eventType is MESSAGE").
    public var messageId: String?
    /// `$context.requestId` "Same as $context.extendedRequestId" (DG, same page).
    public var requestId: String
    public var requestTime: String
    public var requestTimeEpoch: Int64
    public var stage: String
    public var apiId: String
    public var domainName: String
    public var connectionId: String
    public var connectedAt: Int64
    public var sourceIp: String
    public var userAgent: String?
    public var authorizer: WebSocketAuthorizerResult?
    /// How long the authorizer took, on the `$connect` event it ran for.
    public var authorizerLatency: Int?
    /// DISCONNECT only: the close code and reason.
    public var disconnectStatusCode: Int?
    public var disconnectReason: String?
    public var stageVariables: [(name: String, value: String)]
    /// The X-Ray trace id API Gateway adds to the upgrade request (`X-Amzn-Trace-Id`).
    public var traceId: String

    /// `requestContext` of a WebSocket Lambda event, keys in the order AWS delivers them.
    ///
    /// CONNECT: the DG's example input of a WebSocket REQUEST authorizer
    /// (apigateway-websocket-api-lambda-auth) and an event recorded from AWS (gist noid11
    /// 4aa8933d: `routeKey, …, eventType, extendedRequestId, requestTime, messageDirection,
    /// stage, connectedAt, requestTimeEpoch, identity, requestId, domainName, connectionId,
    /// apiId`). MESSAGE adds `messageId` after `routeKey`; DISCONNECT adds
    /// `disconnectStatusCode` after `routeKey` and `disconnectReason` after
    /// `messageDirection` (aws-lambda-rust-runtime's fixture
    /// example-apigw-websocket-request-disconnect-route.json, PR 816). `authorizer` follows
    /// `routeKey` when one ran, as in the event recorded in gist kvnam 1597b3ef.
    public var requestContext: JSONText {
        var pairs: [(String, JSONText)] = [("routeKey", .string(routeKey))]
        if let authorizer {
            var entries: [(String, JSONText)] = authorizer.context.map { ($0.key, .string($0.value)) }
            entries.append(("principalId", .string(authorizer.principalId)))
            if let authorizerLatency { entries.append(("integrationLatency", .int(Int64(authorizerLatency)))) }
            pairs.append(("authorizer", .object(entries)))
        }
        if let messageId { pairs.append(("messageId", .string(messageId))) }
        if let disconnectStatusCode { pairs.append(("disconnectStatusCode", .int(Int64(disconnectStatusCode)))) }
        pairs += [("eventType", .string(eventType.rawValue)), ("extendedRequestId", .string(requestId)),
                  ("requestTime", .string(requestTime)), ("messageDirection", .string("IN"))]
        if eventType == .disconnect { pairs.append(("disconnectReason", .string(disconnectReason ?? ""))) }
        var identity: [(String, JSONText)] = [("sourceIp", .string(sourceIp))]
        if let userAgent { identity.append(("userAgent", .string(userAgent))) }
        pairs += [("stage", .string(stage)), ("connectedAt", .int(connectedAt)), ("requestTimeEpoch", .int(requestTimeEpoch)),
                  ("identity", .object(identity)), ("requestId", .string(requestId)), ("domainName", .string(domainName)),
                  ("connectionId", .string(connectionId)), ("apiId", .string(apiId))]
        return .object(pairs)
    }

    /// `$context` as WebSocket mapping templates see it (DG:
    /// apigateway-websocket-api-mapping-template-reference); entries the event does not have
    /// (messageId outside MESSAGE, authorizer without one) are left out and render empty.
    var templateContext: VelocityValue {
        var pairs: [(String, VelocityValue)] = [
            ("connectionId", .string(connectionId)), ("connectedAt", .int(Int(connectedAt))), ("domainName", .string(domainName)),
            ("eventType", .string(eventType.rawValue)), ("routeKey", .string(routeKey)),
            ("requestId", .string(requestId)), ("extendedRequestId", .string(requestId)), ("apiId", .string(apiId)),
        ]
        if let messageId { pairs.append(("messageId", .string(messageId))) }
        if let authorizer {
            pairs.append(("authorizer", .map(OrderedMap([("principalId", VelocityValue.string(authorizer.principalId))]
                + authorizer.context.map { ($0.key, VelocityValue.string($0.value)) }))))
        }
        var identity: [(String, VelocityValue)] = [("sourceIp", .string(sourceIp))]
        if let userAgent { identity.append(("userAgent", .string(userAgent))) }
        pairs += [("identity", .map(OrderedMap(identity))), ("requestTime", .string(requestTime)),
                  ("requestTimeEpoch", .int(Int(requestTimeEpoch))), ("stage", .string(stage))]
        return .map(OrderedMap(pairs))
    }

    /// What a selection expression's `context.*` variables read.
    func contextValue(_ name: String) -> String? {
        switch name {
        case "connectionId": connectionId
        case "connectedAt": String(connectedAt)
        case "domainName": domainName
        case "eventType": eventType.rawValue
        case "messageId": messageId
        case "routeKey": routeKey
        case "requestId", "extendedRequestId": requestId
        case "apiId": apiId
        case "stage": stage
        case "identity.sourceIp": sourceIp
        case "identity.userAgent": userAgent
        case "authorizer.principalId": authorizer?.principalId
        default:
            if name.hasPrefix("authorizer.") {
                authorizer?.context.last { $0.key == name.dropFirst("authorizer.".count) }?.value
            } else {
                nil
            }
        }
    }
}
