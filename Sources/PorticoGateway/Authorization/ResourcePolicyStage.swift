import PorticoModel

/// Resource policies (`x-amazon-apigateway-policy`) and private endpoints
/// (DG: apigateway-resource-policies, apigateway-authorization-flow).
final class ResourcePolicyStage: PipelineStage {
    let name = StageName.resourcePolicy
    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        guard let method = exchange.route?.method else { return .skip("no method matched") }
        return .skip(exchange.deployed.unsimulated(for: method).resourcePolicy)
    }
}
