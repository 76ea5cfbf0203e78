/// Limits: the REST payload cap of 10 MB (AWS-BEHAVIOUR fact 111; DG: limits).
struct LimitsStage: PipelineStage {
    let name = StageName.limits
    static let maximumPayloadBytes = 10 * 1024 * 1024

    func process(_ exchange: Exchange, in environment: GatewayEnvironment) async -> StageOutcome {
        let size = exchange.request.payloadSize
        guard size <= Self.maximumPayloadBytes else {
            return .fail(.requestTooLarge, "payload of \(size) bytes exceeds the 10 MB limit")
        }
        return .proceed("payload \(size) bytes, within the 10 MB limit")
    }
}
