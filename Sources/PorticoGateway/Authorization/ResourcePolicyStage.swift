import PorticoModel

/// Resource policies (`x-amazon-apigateway-policy`) and private endpoints
/// (DG: apigateway-resource-policies, apigateway-authorization-flow, apigateway-private-apis).
///
/// **Private endpoints.** A PRIVATE API answers only requests that came through a VPC endpoint
/// (``Endpoint/sourceVpce``). Any other is refused with the resource policy's implicit deny,
/// whatever the policy says, as AWS refuses a PRIVATE API called from the internet (recorded:
/// `403 {"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on
/// resource: arn:aws:execute-api:us-east-1:********9489:609x52qn26/dev/GET/weather because no
/// resource-based policy allows the execute-api:Invoke action"}`, from a policy that denied
/// every other VPC endpoint explicitly). A PRIVATE API without a resource policy refuses every
/// call (DG: apigateway-private-apis: "Until you do so, all calls to the API will fail").
///
/// **The policy.** The request is evaluated as `execute-api:Invoke` on its method ARN
/// (``Exchange/methodARN``) with the condition keys of ``ResourcePolicy/request(for:vpcId:principal:)``.
/// How the decision combines with the method's authorization is AWS's table
/// (DG: apigateway-authorization-flow); this stage decides what it can before the caller is
/// known, and leaves the rest in ``Exchange/resourcePolicy`` for ``AuthorizationFlow``:
///
/// ```
///   NONE                 allow → on; implicit or explicit deny → 403 here
///   Lambda authorizer    explicit deny → 403 here, before the authorizer runs;
///                        otherwise combined with the authorizer's policy (Table A: one allows, none denies)
///   Cognito user pool    decided here, applied once the token verifies: an explicit allow is required
///                        (a caller without a valid token is answered 401 first)
///   AWS_IAM              evaluated once Signature Version 4 names the caller (Principal), Table A / B
/// ```
final class ResourcePolicyStage: PipelineStage {
    let name = StageName.resourcePolicy

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        guard let method = exchange.route?.method else { return .skip("no method matched") }
        let deployed = exchange.deployed
        let apiName = deployed.api.name
        if deployed.isPrivate, exchange.endpoint.sourceVpce == nil {
            return .fail(Self.denial(of: exchange, explicit: false), TraceDetail(text:
                "API '\(apiName)' is PRIVATE and the request came from the internet, not through a VPC endpoint: refused as AWS refuses it, with the resource policy's implicit deny"))
        }
        let document: PolicyDocument
        switch deployed.resourcePolicy.document {
        case .absent:
            guard deployed.isPrivate else { return .skip("no resource policy") }
            return .fail(Self.denial(of: exchange, explicit: false), TraceDetail(text:
                "API '\(apiName)' is PRIVATE and has no resource policy: every call is refused (AWS does not deploy such an API)"))
        case .invalid(let reason):
            return .fail(Self.denial(of: exchange, explicit: false), TraceDetail(text:
                "the resource policy is not a policy document IAM accepts (\(reason)): every call is refused"))
        case .parsed(let parsed):
            document = parsed
        }

        let authorization = method.operation.authorizationType
        if authorization == .awsIAM {
            exchange.resourcePolicy = .awaitingCaller
            return .proceed("AWS_IAM method: the resource policy is evaluated with the caller once Signature Version 4 names them")
        }
        let vpcId = environment.deployments.vpcId(through: exchange.endpoint.sourceVpce)
        let request = deployed.resourcePolicy.request(for: exchange, vpcId: vpcId, principal: nil)
        let decision = document.evaluate(request)
        exchange.resourcePolicy = .decided(decision)
        let finding = Finding(document: document, decision: decision, resource: request.resource, sourceIp: exchange.context.sourceIp,
                              sourceVpce: exchange.endpoint.sourceVpce, vpcId: vpcId)
        switch (authorization, decision) {
        case (.none, .allow):
            return .proceed(TraceDetail { finding.text })
        case (.none, .explicitDeny):
            return .fail(Self.denial(of: exchange, explicit: true), TraceDetail { finding.text + ": explicit deny" })
        case (.none, .implicitDeny):
            return .fail(Self.denial(of: exchange, explicit: false), TraceDetail {
                finding.text + ": implicit deny (a method without authorization needs the policy's explicit allow)"
            })
        case (.custom, .explicitDeny):
            return .fail(Self.denial(of: exchange, explicit: true), TraceDetail {
                finding.text + ": explicit deny, found before the Lambda authorizer runs"
            })
        case (.custom, _):
            return .proceed(TraceDetail { finding.text + "; combined with the Lambda authorizer's policy once it runs (either may allow, neither may deny)" })
        case (.cognitoUserPools, _), (.jwt, _), (.awsIAM, _):
            let outcome = decision.isAllowed ? "goes on" : "is refused (403)"
            return .proceed(TraceDetail {
                finding.text + "; the user pool verifies the caller's token first, then the call \(outcome): such a caller needs the policy's explicit allow"
            })
        }
    }

    /// What the policy decided for whom, as the trace says it; formatted only when read.
    struct Finding: Sendable {
        let document: PolicyDocument
        let decision: PolicyDecision
        let resource: String
        let sourceIp: String
        let sourceVpce: String?
        let vpcId: String?

        var text: String {
            let through = sourceVpce.map { " through \($0)" + (vpcId.map { " of \($0)" } ?? "") } ?? ""
            return document.describe(decision) + " execute-api:Invoke on \(resource) to an anonymous caller from \(sourceIp)\(through)"
        }
    }

    /// The 403 of a denial of this request by the resource policy: for `user` (`anonymous`, or
    /// an IAM caller's ARN), on the request's method ARN as AWS masks it.
    static func denial(of exchange: Exchange, user: String = "anonymous", explicit: Bool) -> GatewayError {
        .resourcePolicyDenial(user: user, resource: exchange.deployed.arn.masked(exchange.methodARN), explicit: explicit)
    }
}
