/// Endpoint: which API and stage the request is for. The gateway resolves both before the
/// exchange exists (a request to an unknown API or stage has no exchange); this stage records
/// the decision and the endpoint type that shapes later behaviour.
struct EndpointStage: PipelineStage {
    let name = StageName.endpoint

    func process(_ exchange: inout Exchange, in environment: GatewayEnvironment) async -> StageOutcome {
        .proceed("stage '\(exchange.stage.stageName)' of API '\(exchange.api.name)' (\(exchange.api.endpointType.rawValue) endpoint \(exchange.context.domainName))")
    }
}
