/// The ordered list of stages a REST API request flows through.
///
/// ```
///   request ─▶ endpoint ─▶ limits ─▶ routing ─▶ cors ─▶ resource-policy ─▶ authorization
///          ─▶ api-key ─▶ throttling ─▶ validation ─▶ cache ─▶ integration-request
///          ─▶ integration ─▶ integration-response ─┬─▶ gateway-response ─▶ observability ─▶ response
///                 any stage may fail or answer ────┘  (these two run for every request)
/// ```
///
/// A stage that fails (`.fail`) or answers (`.answer`) ends the main chain: the stages after
/// it are recorded as bypassed, and only the stages marked `runsAfterAnswer` still run, so
/// every failure becomes its gateway response and every response gets its headers and metrics.
/// The pipeline, not each stage, records the trace entry, so no stage can forget.
public struct Pipeline: Sendable {
    public let stages: [any PipelineStage]

    public init(stages: [any PipelineStage]) {
        self.stages = stages
    }

    /// The REST API pipeline in API Gateway's order.
    public static let restAPI = Pipeline(stages: [
        EndpointStage(),
        LimitsStage(),
        RoutingStage(),
        CORSStage(),
        ResourcePolicyStage(),
        AuthorizationStage(),
        APIKeyStage(),
        ThrottlingStage(),
        RequestValidationStage(),
        CacheStage(),
        IntegrationRequestStage(),
        IntegrationStage(),
        IntegrationResponseStage(),
        GatewayResponseStage(),
        ObservabilityStage(),
    ])

    public func run(_ exchange: Exchange, in environment: GatewayEnvironment) async -> [TraceEntry] {
        var trace: [TraceEntry] = []
        trace.reserveCapacity(stages.count)
        var answered = false
        for stage in stages {
            if answered && !stage.runsAfterAnswer {
                trace.append(TraceEntry(stage: stage.name, outcome: .bypassed, summary: ""))
                continue
            }
            switch await stage.process(exchange, in: environment) {
            case .proceed(let detail):
                trace.append(TraceEntry(stage: stage.name, outcome: .proceed, summary: detail))
            case .skip(let detail):
                trace.append(TraceEntry(stage: stage.name, outcome: .skip, summary: detail))
            case .fail(let error, let detail):
                exchange.failure = error
                answered = true
                trace.append(TraceEntry(stage: stage.name, outcome: .fail, summary: detail))
            case .answer(let detail):
                answered = true
                trace.append(TraceEntry(stage: stage.name, outcome: .answer, summary: detail))
            }
        }
        return trace
    }
}
