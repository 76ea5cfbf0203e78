import Foundation
import PorticoModel

/// The `@connections` management API of a WebSocket stage (DG:
/// apigateway-how-to-call-websocket-api-connections): at
/// `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}/@connections/{connection_id}`,
/// signed with SigV4 for `execute-api`,
///
/// - `POST` sends the body to the client as one frame (at most 128 KB: 413 beyond);
/// - `GET` answers `{"connectedAt": …, "identity": {"sourceIp": …, "userAgent": …}, "lastActiveAt": …}`;
/// - `DELETE` closes the connection (204), and `$disconnect` runs.
///
/// Errors, as the API's model names them (aws-sdk-js-v3 apigatewaymanagementapi.json):
/// 410 `GoneException` for a connection that is not open (closed, unknown, or still in its
/// `$connect`: KC 410-gone-api-gateway) — with an empty body, as AWS sends it (aws-sdk-php
/// cannot parse the body of a real 410: georgeboot/laravel-echo-api-gateway issue 9; the Java
/// SDK reports the message as null: aws/aws-sdk-java issue 2200); 413
/// `PayloadTooLargeException`; 403 when the signature or the caller's policies refuse.
///
/// The caller must be one of the project's IAM users whose policies allow
/// `execute-api:ManageConnections` on
/// `arn:aws:execute-api:{region}:{account}:{api-id}/{stage}/{VERB}/@connections/{id}` (DG:
/// apigateway-websocket-control-access-iam). The signature checks are the AWS_IAM methods'
/// (``IAMAuthorization``): scope, known key, date, signature.
public struct ConnectionsAnswer: Sendable {
    public var response: GatewayResponse
    /// What happened, in plain words, for logs and transcripts.
    public var detail: String
}

extension WebSocketGateway {
    /// The most a POST may send: a message's limit (DG: limits, "WebSocket frame size 32 KB;
    /// message payload size 128 KB"; the API model: "Data … max 131072 bytes").
    public static let maximumPostBytes = 131_072

    /// Answers one `@connections` request. `request.path` is relative to the stage
    /// (`/@connections/{id}`); `endpoint.requestPath` is the path the client signed, when it
    /// came over HTTP.
    public func manageConnection(_ request: GatewayRequest, at endpoint: Endpoint, ids: inout IdentifierGenerator) async -> ConnectionsAnswer {
        guard let deployed = (try? stage(endpoint))?.0 else {
            return ConnectionsAnswer(response: Self.error(403, "ForbiddenException", message: "Forbidden"), detail: "no WebSocket stage \(endpoint.api)/\(endpoint.stage)")
        }
        let raw = request.rawPath
        guard raw.hasPrefix("/@connections/") else {
            return ConnectionsAnswer(response: Self.error(403, "ForbiddenException", message: "Forbidden"), detail: "not an @connections path: \(raw)")
        }
        let connectionId = String(raw.dropFirst("/@connections/".count)).removingPercentEncoding ?? ""
        let method = request.method.uppercased()
        let environment = gateway.environment
        let state = environment.state[deployed]

        // The signature and the caller's policies, as for AWS_IAM methods.
        let arn = "arn:aws:execute-api:\(Gateway.region):\(Gateway.accountId):\(deployed.facts.apiId)/\(deployed.stage.stageName)/\(method)/@connections/\(connectionId)"
        do throws(SigV4Failure) {
            let claim = try SignatureClaim.read(request, query: QueryString.parse(request.rawQuery))
            try IAMAuthorization.checkScope(claim)
            guard let principal = environment.deployments.iamUsers[claim.accessKeyId], principal.accepts(securityToken: claim.securityToken) else { throw .invalidToken }
            let now = Int64(environment.clock.now().timeIntervalSince1970.rounded(.down))
            try IAMAuthorization.checkDate(claim, now: now)
            let path = endpoint.requestPath ?? "/\(endpoint.stage)\(raw)"
            try IAMAuthorization.verifySignature(claim, of: request, method: method, path: path, principal: principal, state: state)
            var allowed = false
            for policy in principal.policies {
                switch policy.evaluate(PolicyRequest(action: "execute-api:ManageConnections", resource: arn, principal: principal.policyPrincipal)) {
                case .explicitDeny:
                    throw .denied("User: \(principal.arn) is not authorized to perform: execute-api:ManageConnections on resource: \(arn) with an explicit deny", because: "")
                case .allow: allowed = true
                case .implicitDeny: break
                }
            }
            guard allowed else {
                throw .denied("User: \(principal.arn) is not authorized to perform: execute-api:ManageConnections on resource: \(arn)", because: "")
            }
        } catch {
            let failure = error.gatewayError
            var response = GatewayResponse(status: failure.status, headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("x-amzn-ErrorType", failure.errorType)],
                                           body: "{\"\(failure.messageMember)\":\(failure.messageString)}")
            response.headers.append(HTTPHeader("x-amzn-RequestId", ids.uuid()))
            return ConnectionsAnswer(response: response, detail: "\(method) @connections/\(connectionId) refused: \(error.traceSummary)")
        }

        guard let entry = state.webSocketConnection(connectionId) else {
            return ConnectionsAnswer(response: Self.error(410, "GoneException", message: nil, ids: &ids),
                                     detail: "\(method) @connections/\(connectionId): no such open connection, 410 GoneException")
        }
        switch method {
        case "POST":
            guard request.body.count <= Self.maximumPostBytes else {
                return ConnectionsAnswer(response: Self.error(413, "PayloadTooLargeException", message: "Request Entity Too Large", ids: &ids),
                                         detail: "POST @connections/\(connectionId): \(request.body.count) bytes is more than \(Self.maximumPostBytes)")
            }
            // Text when the data is UTF-8, as API Gateway sends what it was given.
            let frame: WebSocketFrame = String(validating: request.body, as: UTF8.self).map(WebSocketFrame.text) ?? .binary(request.body)
            entry.link.send(frame)
            state.noteSentToWebSocketConnection(connectionId, at: environment.clock.now())
            return ConnectionsAnswer(response: GatewayResponse(status: 200, headers: [HTTPHeader("x-amzn-RequestId", ids.uuid())]),
                                     detail: "POST @connections/\(connectionId): sent \(request.body.count) bytes to the client")
        case "GET":
            let connection = entry.connection
            var identity: [(String, JSONText)] = [("sourceIp", .string(connection.sourceIp))]
            if let agent = connection.userAgent { identity.append(("userAgent", .string(agent))) }
            // ISO 8601 times with milliseconds, as the API's model (timestampFormat iso8601) and
            // the SDKs read them.
            let body = JSONText.object([("connectedAt", .string(Self.iso8601(connection.connectedAt))), ("identity", .object(identity)),
                                        ("lastActiveAt", .string(Self.iso8601(connection.lastActiveAt)))]).compact
            return ConnectionsAnswer(response: GatewayResponse(status: 200, headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("x-amzn-RequestId", ids.uuid())], body: body),
                                     detail: "GET @connections/\(connectionId): connected at \(Self.iso8601(connection.connectedAt))")
        case "DELETE":
            entry.link.close(code: 1000, reason: "")
            _ = try? await disconnect(connectionId, at: endpoint, statusCode: 1000, reason: "", ids: &ids)
            return ConnectionsAnswer(response: GatewayResponse(status: 204, headers: [HTTPHeader("x-amzn-RequestId", ids.uuid())]),
                                     detail: "DELETE @connections/\(connectionId): the connection is closed")
        default:
            return ConnectionsAnswer(response: Self.error(403, "ForbiddenException", message: "Forbidden", ids: &ids),
                                     detail: "\(method) is not an @connections operation (POST, GET, DELETE)")
        }
    }

    static func error(_ status: Int, _ type: String, message: String?) -> GatewayResponse {
        var ids = IdentifierGenerator(seed: 0)
        return error(status, type, message: message, ids: &ids)
    }

    /// An error answer: `x-amzn-ErrorType` names the exception the SDKs raise; a 410 has no body.
    static func error(_ status: Int, _ type: String, message: String?, ids: inout IdentifierGenerator) -> GatewayResponse {
        var headers = [HTTPHeader("x-amzn-ErrorType", type), HTTPHeader("x-amzn-RequestId", ids.uuid())]
        guard let message else { return GatewayResponse(status: status, headers: headers) }
        headers.insert(HTTPHeader("Content-Type", "application/json"), at: 0)
        return GatewayResponse(status: status, headers: headers, body: "{\"message\":\(jsonQuoted(message))}")
    }

    static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
