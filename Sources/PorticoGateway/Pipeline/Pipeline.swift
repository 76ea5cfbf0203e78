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
    /// The stages again, each with the way to call it, decided once.
    let steps: [Step]

    /// A stage with what the pipeline asks of it on every request, read once.
    struct Step: Sendable {
        enum Call: Sendable {
            case synchronous(any SynchronousStage)
            case sometimesSynchronous(any SometimesSynchronousStage)
            case asynchronous(any PipelineStage)
        }

        let stage: any PipelineStage
        let name: StageName
        let runsAfterAnswer: Bool
        let call: Call

        init(_ stage: any PipelineStage) {
            self.stage = stage
            name = stage.name
            runsAfterAnswer = stage.runsAfterAnswer
            if let synchronous = stage as? any SynchronousStage {
                call = .synchronous(synchronous)
            } else if let sometimes = stage as? any SometimesSynchronousStage {
                call = .sometimesSynchronous(sometimes)
            } else {
                call = .asynchronous(stage)
            }
        }
    }

    public init(stages: [any PipelineStage]) {
        self.stages = stages
        steps = stages.map(Step.init)
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
}
