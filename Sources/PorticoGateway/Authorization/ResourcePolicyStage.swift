import PorticoModel

/// Resource policies (`x-amazon-apigateway-policy`) and private endpoints
/// (DG: apigateway-resource-policies, apigateway-authorization-flow, apigateway-private-apis).
///
/// A PRIVATE API answers only requests that came through a VPC endpoint
/// (``Endpoint/sourceVpce``): any other is refused with the resource policy's implicit deny,
/// whatever the policy says, as AWS answers a PRIVATE API called from the internet (recorded:
/// `403 {"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on
/// resource: arn:aws:execute-api:us-east-1:********9489:609x52qn26/dev/GET/weather because no
/// resource-based policy allows the execute-api:Invoke action"}`, from a policy that denied
/// every other VPC endpoint explicitly). A PRIVATE API without a resource policy refuses every
/// call (DG: apigateway-private-apis: "Until you do so, all calls to the API will fail").
final class ResourcePolicyStage: PipelineStage {
    let name = StageName.resourcePolicy

    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        guard let method = exchange.route?.method else { return .skip("no method matched") }
        let deployed = exchange.deployed
        if deployed.isPrivate {
            guard let vpce = exchange.endpoint.sourceVpce else {
                return .fail(denial(of: exchange, explicit: false), TraceDetail(text:
                    "API '\(deployed.api.name)' is PRIVATE and the request came from the internet, not through a VPC endpoint: refused as AWS refuses it, with the resource policy's implicit deny"))
            }
            guard deployed.api.definition.policy != nil else {
                return .fail(denial(of: exchange, explicit: false), TraceDetail(text:
                    "API '\(deployed.api.name)' is PRIVATE and has no resource policy: every call is refused (AWS does not deploy such an API), this one through \(vpce) too"))
            }
        }
        return .skip(exchange.deployed.unsimulated(for: method).resourcePolicy)
    }

    /// The 403 of a denial of this request by the resource policy, for an anonymous caller.
    private func denial(of exchange: Exchange, explicit: Bool) -> GatewayError {
        .resourcePolicyDenial(resource: exchange.deployed.arn.masked(exchange.methodARN), explicit: explicit)
    }
}
