import Foundation
import PorticoModel

extension Gateway {
    /// `request` as a signed-in user of `pool` sends it (an example's `as=NAME`, `invoke --as`,
    /// try-it's "Call as"): with a token the pool issues now, on the gateway's clock, in the
    /// header the method's Cognito authorizer reads. A client holds both of Cognito's tokens
    /// and sends the one the API wants: an ID token, or, to a method with OAuth scopes, an
    /// access token granting them (DG: apigateway-enable-cognito-user-pool). A method without
    /// a Cognito authorizer gets the ID token in `Authorization`, as such a client sends it.
    func requestWithPoolToken(_ request: GatewayRequest, pool definition: CognitoUserPool, user: UserPoolUser,
                              at endpoint: Endpoint) throws(CredentialFailure) -> GatewayRequest {
        guard let pool = environment.userPools.pool(id: definition.userPoolId) else {
            throw CredentialFailure("user pool '\(definition.name)' is not one of the gateway's")
        }
        let jwt = jwtRule(of: request, at: endpoint)
        let rule = jwt == nil ? cognitoRule(of: request, at: endpoint) : nil
        // An HTTP API route's JWT authorizer: the access token when the route asks for
        // scopes (it carries them), else the ID token (its `aud` is the app client).
        let use = jwt.map { $0.scopes.isEmpty ? TokenUse.id : .access } ?? rule?.tokenUse ?? .id
        let scopes = jwt?.scopes ?? rule?.scopes
        let now = environment.clock.now()
        // The token's ids (jti, origin_jti, event_id) drawn from the request and the instant:
        // a site build, whose clock is virtual, gives a page the same token on every build.
        var ids = IdentifierGenerator(seedText: "\(pool.id)/\(user.username) \(request.method) \(request.path) \(now.timeIntervalSince1970)")
        let token: String
        do {
            token = try pool.issue(use, for: user, scopes: use == .access ? scopes : nil,
                                   session: SignInSession(at: now, ids: &ids), at: now, ids: &ids)
        } catch {
            throw CredentialFailure(error.description)
        }
        var sent = request
        // HTTP API clients send `Bearer <token>`, which JWT authorizers accept (DG: http-api-jwt-authorizer).
        sent.headers.set(jwt?.header ?? rule?.header ?? "Authorization", jwt == nil ? token : "Bearer " + token)
        return sent
    }

    /// The JWT authorizer rule of the HTTP API route `request` reaches at `endpoint`, if it has one.
    private func jwtRule(of request: GatewayRequest, at endpoint: Endpoint) -> JWTAuthorizerRule? {
        guard let deployed = environment.deployments[api: endpoint.api, stage: endpoint.stage], deployed.isHTTPAPI,
              let (method, _) = deployed.routes.route(path: request.routedPath, method: request.method.uppercased())
        else { return nil }
        return deployed.jwtRule(for: method)
    }

    /// The Cognito authorizer rule of the method `request` reaches at `endpoint`, if it has one.
    private func cognitoRule(of request: GatewayRequest, at endpoint: Endpoint) -> CognitoAuthorizerRule? {
        guard let deployed = environment.deployments[api: endpoint.api, stage: endpoint.stage],
              let (resource, _) = deployed.routes.matcher.matchResource(path: request.routedPath),
              let method = deployed.routes.method(resource: resource, method: request.method.uppercased())
        else { return nil }
        return deployed.cognitoRule(for: method)
    }
}
