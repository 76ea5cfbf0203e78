/// How a resource policy and the method's own authorization decide together
/// (DG: apigateway-authorization-flow). The resource policy stage runs first and decides what
/// it can for an anonymous caller (``ResourcePolicyStage``); the check of the authorization
/// stage that learns its own part finishes the decision here:
///
/// - ``lambda(_:in:)``: after a Lambda authorizer's `policyDocument` is evaluated on
///   ``Exchange/methodARN``. Table A: the call goes on when either policy allows and neither
///   denies (the resource policy's explicit deny already ended it before the authorizer ran).
/// - ``cognito(in:)``: after a user pool token verifies. "If authentication is successful, the
///   resource policy is evaluated independently, and an explicit allow is required."
/// - ``iam(_:principal:in:environment:)``: after a Signature Version 4 signature verifies and
///   the caller's identity policies are evaluated; the resource policy is evaluated now, with
///   the caller as principal. Table A within the API's account, Table B across accounts (both
///   must allow).
///
/// A verdict that denies by the caller's own policy (``Verdict/deniedByIdentity(explicit:)``)
/// is answered by the check with its own message; one that denies by the resource policy
/// carries the 403 to answer.
enum AuthorizationFlow {
    enum Verdict: Sendable, Equatable {
        case allow
        /// The resource policy denies: answer this 403.
        case deniedByResourcePolicy(GatewayError)
        /// The caller's own policy (the authorizer's, the IAM user's) denies or does not allow.
        case deniedByIdentity(explicit: Bool)
    }

    /// What one policy says of a request, for AWS's tables ("Allow", "Neither Allow nor
    /// Deny", "Deny"); nil for an API without a resource policy.
    enum Effect: Sendable, Equatable {
        case allow, neither, deny

        init(_ decision: PolicyDecision) {
            switch decision {
            case .allow: self = .allow
            case .implicitDeny: self = .neither
            case .explicitDeny: self = .deny
            }
        }
    }

    /// Who denied, in AWS's tables: the resource policy or the caller's own policy.
    enum Outcome: Sendable, Equatable {
        case allow
        case denied(byResourcePolicy: Bool, explicit: Bool)
    }

    /// Table A (caller and API in the same account) and Table B (across accounts) of DG:
    /// apigateway-authorization-flow. An explicit deny decides first, the resource policy's
    /// before the caller's (AWS checks it first: before a Lambda authorizer runs). When neither
    /// allows, the caller's own policy is named: a Lambda authorizer whose policy does not
    /// cover the method answers "User is not authorized to access this resource" (AWS Knowledge
    /// Center: api-gateway-403-error-lambda-authorizer lists it for an authorizer and a resource
    /// policy that both fail to allow).
    static func combine(identity: Effect, resource: Effect?, crossAccount: Bool = false) -> Outcome {
        if resource == .deny { return .denied(byResourcePolicy: true, explicit: true) }
        if identity == .deny { return .denied(byResourcePolicy: false, explicit: true) }
        guard let resource else { return identity == .allow ? .allow : .denied(byResourcePolicy: false, explicit: false) }
        if crossAccount {
            // Table B: both must allow explicitly.
            if identity != .allow { return .denied(byResourcePolicy: false, explicit: false) }
            return resource == .allow ? .allow : .denied(byResourcePolicy: true, explicit: false)
        }
        return identity == .allow || resource == .allow ? .allow : .denied(byResourcePolicy: false, explicit: false)
    }

    /// A Lambda authorizer's policy decided `authorizer` on the method ARN.
    static func lambda(_ authorizer: PolicyDecision, in exchange: Exchange) -> Verdict {
        verdict(combine(identity: Effect(authorizer), resource: resourceEffect(of: exchange)), exchange: exchange, user: "anonymous")
    }

    /// A Cognito user pool verified the caller's token: the resource policy, when there is
    /// one, must allow on its own (DG: apigateway-authorization-flow, "Amazon Cognito
    /// authentication and resource policy").
    static func cognito(in exchange: Exchange) -> Verdict {
        switch resourceEffect(of: exchange) {
        case nil, .allow?: .allow
        case let effect?: .deniedByResourcePolicy(ResourcePolicyStage.denial(of: exchange, explicit: effect == .deny))
        }
    }

    /// An IAM caller, `principal`, whose identity policies decided `identity`.
    static func iam(_ identity: PolicyDecision, principal: PolicyPrincipal, in exchange: Exchange, environment: GatewayEnvironment) -> Verdict {
        var resource: Effect?
        if case .parsed(let document) = exchange.deployed.resourcePolicy.document {
            let vpcId = environment.deployments.vpcId(through: exchange.endpoint.sourceVpce)
            let decision = document.evaluate(exchange.deployed.resourcePolicy.request(for: exchange, vpcId: vpcId, principal: principal))
            exchange.resourcePolicy = .decided(decision)
            resource = Effect(decision)
        }
        let outcome = combine(identity: Effect(identity), resource: resource, crossAccount: principal.accountId != Gateway.accountId)
        return verdict(outcome, exchange: exchange, user: principal.arn)
    }

    private static func resourceEffect(of exchange: Exchange) -> Effect? {
        guard case .decided(let decision)? = exchange.resourcePolicy else { return nil }
        return Effect(decision)
    }

    private static func verdict(_ outcome: Outcome, exchange: Exchange, user: String) -> Verdict {
        switch outcome {
        case .allow: .allow
        case .denied(byResourcePolicy: true, let explicit):
            .deniedByResourcePolicy(ResourcePolicyStage.denial(of: exchange, user: user, explicit: explicit))
        case .denied(byResourcePolicy: false, let explicit): .deniedByIdentity(explicit: explicit)
        }
    }
}
