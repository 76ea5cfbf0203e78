/// Gateway responses: every failure becomes its gateway response. The default body is
/// `{"message":$context.error.messageString}` as application/json, with the
/// `x-amzn-ErrorType` header (AWS-BEHAVIOUR facts 1–4; DG: supported-gateway-response-types).
/// Customised responses (`x-amazon-apigateway-gateway-responses`) come with the REST issue.
struct GatewayResponseStage: PipelineStage {
    let name = StageName.gatewayResponse
    var runsAfterAnswer: Bool { true }

    func process(_ exchange: Exchange, in environment: GatewayEnvironment) async -> StageOutcome {
        guard let failure = exchange.failure else {
            return .skip("no error to answer")
        }
        exchange.response = GatewayResponse(
            status: failure.status,
            headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("x-amzn-ErrorType", failure.errorType)],
            body: "{\"message\":\(jsonQuoted(failure.message))}")
        return .answer("\(failure.type.rawValue) → \(failure.status) \(failure.message)")
    }
}
