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
    ///
    /// The references are `unowned(unsafe)`: `stages` keeps every stage alive as long as the
    /// pipeline, and a run holds its pipeline, so reading a step (fifteen per request) counts
    /// no reference.
    struct Step: Sendable {
        unowned(unsafe) let stage: any PipelineStage
        let name: StageName
        let runsAfterAnswer: Bool
        /// The stage as a `SynchronousStage` or a `SometimesSynchronousStage`, when it is one;
        /// else it is called through `process`.
        unowned(unsafe) let synchronous: (any SynchronousStage)?
        unowned(unsafe) let sometimesSynchronous: (any SometimesSynchronousStage)?

        init(_ stage: any PipelineStage) {
            self.stage = stage
            name = stage.name
            runsAfterAnswer = stage.runsAfterAnswer
            synchronous = stage as? any SynchronousStage
            sometimesSynchronous = synchronous == nil ? stage as? any SometimesSynchronousStage : nil
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
