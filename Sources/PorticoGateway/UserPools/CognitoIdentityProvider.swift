import Foundation
import PorticoModel

/// The part of Amazon Cognito's user pool service a client needs to sign in and check tokens,
/// answered from the project's pools, so an unchanged client (boto3's `cognito-idp` client,
/// the Amplify libraries) can run against `portico serve`:
///
/// - `InitiateAuth` (API reference: InitiateAuth), the AWS JSON 1.1 protocol: `POST /` with
///   `X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth`, flows
///   `USER_PASSWORD_AUTH` and `REFRESH_TOKEN_AUTH` (`REFRESH_TOKEN`);
/// - the pool's key set, `GET /{userPoolId}/.well-known/jwks.json` (Cognito Developer Guide:
///   amazon-cognito-user-pools-using-tokens-verifying-a-jwt).
///
/// Pure: it takes the request's parts and returns the reply; the server only wires it.
public struct CognitoIdentityProvider: Sendable {
    public let pools: UserPoolDirectory

    public init(pools: UserPoolDirectory) {
        self.pools = pools
    }

    public struct Reply: Sendable, Equatable {
        public var status: Int
        public var headers: [HTTPHeader]
        public var body: String

        public init(status: Int, headers: [HTTPHeader], body: String) {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    /// The service's name in `X-Amz-Target`.
    public static let targetPrefix = "AWSCognitoIdentityProviderService."
    static let contentType = "application/x-amz-json-1.1"

    /// An API call: `target` is the `X-Amz-Target` header.
    public func call(target: String?, body: [UInt8], now: Date, ids: inout IdentifierGenerator) -> Reply {
        let requestId = ids.uuid()
        guard let target, target.hasPrefix(Self.targetPrefix) else {
            return error(400, "UnknownOperationException", "Cognito API calls name their operation in X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth", requestId)
        }
        let operation = target.dropFirst(Self.targetPrefix.count)
        guard operation == "InitiateAuth" else {
            return error(400, "UnknownOperationException", "Portico simulates InitiateAuth of the Cognito user pool API; \(operation) is not simulated", requestId)
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            return error(400, "SerializationException", "the request body is not a JSON object", requestId)
        }
        return initiateAuth(object, now: now, ids: &ids, requestId: requestId)
    }

    /// `/{userPoolId}/.well-known/jwks.json`: the pool's public keys.
    public func keySet(ofPool id: String) -> Reply {
        guard let pool = pools.pool(id: id) else {
            return Reply(status: 404, headers: [HTTPHeader("Content-Type", "application/json")],
                         body: "{\"message\":\(jsonQuoted("User pool \(id) does not exist."))}")
        }
        return Reply(status: 200, headers: [HTTPHeader("Content-Type", "application/json")], body: pool.jwksJSON)
    }

    // MARK: InitiateAuth

    private func initiateAuth(_ request: [String: Any], now: Date, ids: inout IdentifierGenerator, requestId: String) -> Reply {
        // Members the service requires are checked as its validation does (API reference
        // InitiateAuth: AuthFlow and ClientId are required).
        guard let flow = request["AuthFlow"] as? String else { return missingMember("authFlow", requestId) }
        guard let clientId = request["ClientId"] as? String else { return missingMember("clientId", requestId) }
        let parameters = request["AuthParameters"] as? [String: String] ?? [:]
        // InitiateAuth names no pool: the client does (API reference InitiateAuth, ResourceNotFoundException).
        guard let pool = pools.pool(clientId: clientId) else {
            return error(400, "ResourceNotFoundException", "User pool client \(clientId) does not exist.", requestId)
        }
        switch flow {
        case "USER_PASSWORD_AUTH":
            return signIn(pool: pool, clientId: clientId, parameters: parameters, now: now, ids: &ids, requestId: requestId)
        case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN":
            return refresh(pool: pool, clientId: clientId, parameters: parameters, now: now, ids: &ids, requestId: requestId)
        default:
            // What Cognito answers a flow the app client does not allow; Portico's clients
            // allow these two (USER_SRP_AUTH's SRP exchange and the custom flows are not simulated).
            return error(400, "InvalidParameterException", "\(flow) flow not enabled for this client", requestId)
        }
    }

    private func signIn(pool: UserPoolDirectory.Pool, clientId: String, parameters: [String: String], now: Date,
                        ids: inout IdentifierGenerator, requestId: String) -> Reply {
        guard let username = parameters["USERNAME"] else { return error(400, "InvalidParameterException", "Missing required parameter USERNAME", requestId) }
        guard let password = parameters["PASSWORD"] else { return error(400, "InvalidParameterException", "Missing required parameter PASSWORD", requestId) }
        // An unknown user gets the wrong password's answer: what Cognito answers when the app
        // client prevents user existence errors, the default for new clients (Cognito
        // Developer Guide: cognito-user-pool-managing-errors).
        guard let user = pool.user(named: username), let expected = user.password, expected == password else {
            return error(400, "NotAuthorizedException", "Incorrect username or password.", requestId)
        }
        let session = SignInSession(at: now, ids: &ids)
        do {
            let access = try pool.issue(.access, for: user, clientId: clientId, session: session, at: now, ids: &ids)
            let id = try pool.issue(.id, for: user, clientId: clientId, session: session, at: now, ids: &ids)
            let refresh = try pool.refreshToken(for: user, clientId: clientId, session: session, at: now)
            return result(access: access, id: id, refresh: refresh, requestId: requestId)
        } catch {
            return self.error(500, "InternalErrorException", "\(error)", requestId)
        }
    }

    private func refresh(pool: UserPoolDirectory.Pool, clientId: String, parameters: [String: String], now: Date,
                         ids: inout IdentifierGenerator, requestId: String) -> Reply {
        guard let refreshToken = parameters["REFRESH_TOKEN"] else {
            return error(400, "InvalidParameterException", "Missing required parameter REFRESH_TOKEN", requestId)
        }
        guard case .success(let verified) = pools.verify(refreshToken, acceptingPools: [pool.id]),
              verified.token.string("token_use") == "refresh", verified.token.string("client_id") == clientId,
              let username = verified.token.string("username"), let user = pool.user(named: username),
              let authTime = verified.token.seconds("auth_time"), let origin = verified.token.string("origin_jti")
        else { return error(400, "NotAuthorizedException", "Invalid Refresh Token", requestId) }
        guard let expiry = verified.token.seconds("exp"), now.timeIntervalSince1970 < expiry else {
            return error(400, "NotAuthorizedException", "Refresh Token has expired", requestId)
        }
        let session = SignInSession(authTime: Int64(authTime), originJti: origin, eventId: verified.token.string("event_id") ?? ids.uuid())
        do {
            let access = try pool.issue(.access, for: user, clientId: clientId, session: session, at: now, ids: &ids)
            let id = try pool.issue(.id, for: user, clientId: clientId, session: session, at: now, ids: &ids)
            return result(access: access, id: id, refresh: nil, requestId: requestId)
        } catch {
            return self.error(500, "InternalErrorException", "\(error)", requestId)
        }
    }

    /// `{"AuthenticationResult":{"AccessToken","ExpiresIn","IdToken","RefreshToken","TokenType"},"ChallengeParameters":{}}`
    /// (API reference InitiateAuth, response syntax); a refresh returns no new refresh token.
    private func result(access: String, id: String, refresh: String?, requestId: String) -> Reply {
        var members = ["\"AccessToken\":\(jsonQuoted(access))", "\"ExpiresIn\":\(UserPoolDirectory.Pool.tokenLifetime)", "\"IdToken\":\(jsonQuoted(id))"]
        if let refresh { members.append("\"RefreshToken\":\(jsonQuoted(refresh))") }
        members.append("\"TokenType\":\"Bearer\"")
        return Reply(status: 200, headers: [HTTPHeader("Content-Type", Self.contentType), HTTPHeader("x-amzn-RequestId", requestId)],
                     body: "{\"AuthenticationResult\":{\(members.joined(separator: ","))},\"ChallengeParameters\":{}}")
    }

    private func missingMember(_ member: String, _ requestId: String) -> Reply {
        error(400, "InvalidParameterException",
              "1 validation error detected: Value null at '\(member)' failed to satisfy constraint: Member must not be null", requestId)
    }

    /// An error of the AWS JSON 1.1 protocol: `{"__type":…,"message":…}`, with the type and
    /// message repeated in `x-amzn-ErrorType` (with its trailing colon) and
    /// `x-amzn-ErrorMessage`, as Cognito answers (a wrong password: 400,
    /// `{"__type":"NotAuthorizedException","message":"Incorrect username or password."}`,
    /// API reference InitiateAuth, Errors).
    private func error(_ status: Int, _ type: String, _ message: String, _ requestId: String) -> Reply {
        Reply(status: status,
              headers: [HTTPHeader("Content-Type", Self.contentType), HTTPHeader("x-amzn-RequestId", requestId),
                        HTTPHeader("x-amzn-ErrorType", "\(type):"), HTTPHeader("x-amzn-ErrorMessage", message)],
              body: "{\"__type\":\(jsonQuoted(type)),\"message\":\(jsonQuoted(message))}")
    }
}
