import PorticoModel

/// The ordered list of stages a request flows through, in API Gateway's order. This list is
/// the only place the order is written.
///
/// ```
///   request ─▶ endpoint ─▶ limits ─▶ routing ─▶ cors ─▶ resource-policy ─▶ authorization ─▶ api-key
///     ─▶ throttling ─▶ validation ─▶ cache ─▶ integration-request ─▶ integration ─▶ integration-response
///                                                                                        │
///   response ◀─ observability ◀─ gateway-response ◀─ (response phases, in reverse) ◀────┘
/// ```
///
/// The request phase runs forward until a stage fails (`.fail`) or answers (`.answer`): the
/// request-phase stages after it are recorded as bypassed. Then the response phase runs
/// backwards through the stages the request reached: `gateway-response` turns a failure into
/// its gateway response and `observability` adds the headers every response carries, so they
/// sit first in the list and see every request. A stage that must wait (`.wait`) is awaited
/// once. The pipeline, not each stage, records the trace entry, so no stage can forget.
public struct Pipeline: Sendable {
    public let stages: [any PipelineStage]
    /// The stages again, with what the pipeline asks of each on every request, read once.
    let steps: [Step]
    /// How many trace entries a request that reaches every stage records (a stage in both
    /// phases records two): what a run reserves, so its trace never grows on the way.
    public let traceLength: Int

    struct Step: Sendable {
        let stage: any PipelineStage
        let name: StageName
        let phases: StagePhases

        init(_ stage: any PipelineStage) {
            self.stage = stage
            name = stage.name
            phases = stage.phases
        }
    }

    public init(stages: [any PipelineStage]) {
        self.stages = stages
        steps = stages.map(Step.init)
        traceLength = steps.reduce(0) { count, step in
            count + (step.phases.contains(.request) ? 1 : 0) + (step.phases.contains(.response) ? 1 : 0)
        }
    }

    /// The REST API pipeline.
    public static let restAPI = Pipeline(stages: [
        ObservabilityStage(),
        GatewayResponseStage(),
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
    ])

    /// The HTTP API pipeline: REST's stages where AWS behaves the same (endpoint, limits,
    /// throttling), its own where HTTP APIs differ (DG: http-api-vs-rest): routing by route
    /// key with `$default`, no gateway responses, Lambda payload 2.0 and HTTP_PROXY parameter
    /// mapping instead of templates, `apigw-requestid`. No resource policies, API keys,
    /// validation or cache: HTTP APIs have none.
    ///
    /// ```
    ///   request ─▶ endpoint ─▶ limits ─▶ routing ─▶ cors ─▶ authorization ─▶ throttling ─▶ integration-request ─▶ integration
    ///   response ◀─ observability ◀─ gateway-response (HTTP API errors) ◀─ cors (adds CORS headers) ◀──────────────┘
    /// ```
    public static let httpAPI = Pipeline(stages: [
        HTTPObservabilityStage(),
        HTTPErrorStage(),
        EndpointStage(),
        LimitsStage(),
        HTTPRoutingStage(),
        HTTPCORSStage(),
        HTTPAuthorizationStage(),
        ThrottlingStage(),
        HTTPIntegrationRequestStage(),
        HTTPIntegrationStage(),
    ])

    /// The trace of a request that reaches every stage: the request-phase stages in order,
    /// then the response-phase stages backwards.
    public var traceOrder: [StageName] {
        steps.filter { $0.phases.contains(.request) }.map(\.name) + steps.reversed().filter { $0.phases.contains(.response) }.map(\.name)
    }

    /// The same pipeline with `stage` inserted before the stage named `before` (at the end of
    /// the list when no stage has that name): how a test or a later feature adds a stage
    /// without writing the order again.
    public func inserting(_ stage: any PipelineStage, before: StageName) -> Pipeline {
        var stages = self.stages
        stages.insert(stage, at: stages.firstIndex { $0.name == before } ?? stages.endIndex)
        return Pipeline(stages: stages)
    }
}

/// The pipeline of each kind of API. A kind without one is not simulated yet: a request to
/// such an API is refused with ``Gateway/InvocationError/notSimulated(api:kind:)`` rather than
/// answered by another kind's pipeline.
public struct Pipelines: Sendable {
    public var rest: Pipeline?
    public var http: Pipeline?
    public var webSocket: Pipeline?

    public init(rest: Pipeline?, http: Pipeline? = nil, webSocket: Pipeline? = nil) {
        self.rest = rest
        self.http = http
        self.webSocket = webSocket
    }

    /// What the simulator runs today: REST and HTTP APIs.
    public static let standard = Pipelines(rest: .restAPI, http: .httpAPI)

    public func pipeline(for kind: APIKind) -> Pipeline? {
        switch kind {
        case .rest: rest
        case .http: http
        case .webSocket: webSocket
        }
    }
}
