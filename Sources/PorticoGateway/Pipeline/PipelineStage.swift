/// One phase of the pipeline. A stage either passes the exchange on or answers it now
/// (Envoy's "local reply"); it never records its own trace entry: the ``Pipeline`` does, so
/// no stage can forget.
///
/// Stages are classes (one instance per pipeline, no state): the pipeline holds them as
/// existentials, and a class existential is copied by a retain, not through a value witness.
public protocol PipelineStage: AnyObject, Sendable {
    var name: StageName { get }
    /// Whether the stage runs even after an earlier stage answered (gateway responses and
    /// observability must see every request).
    var runsAfterAnswer: Bool { get }
    func process(_ exchange: Exchange, in environment: GatewayEnvironment) async -> StageOutcome
}

extension PipelineStage {
    public var runsAfterAnswer: Bool { false }
}

/// A stage that decides from the exchange alone, without waiting on a process, a server or a
/// clock: all but the integration today. The pipeline calls `decide` directly, so a request
/// pays for one asynchronous call per stage that needs one, not one per stage.
public protocol SynchronousStage: PipelineStage {
    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome
}

extension SynchronousStage {
    public func process(_ exchange: Exchange, in environment: GatewayEnvironment) async -> StageOutcome {
        decide(exchange, in: environment)
    }
}

/// What a stage decided, with the reason shown in the trace.
public enum StageOutcome: Sendable, Equatable {
    /// Done; go on to the next stage.
    case proceed(TraceDetail)
    /// Nothing to do for this API or method (no authorizer, no cache…); go on.
    case skip(TraceDetail)
    /// Stop the main chain with this failure; the gateway-response stage answers it.
    case fail(GatewayError, TraceDetail)
    /// The exchange now holds its response; skip to the stages that run after an answer.
    case answer(TraceDetail)
}

/// A stage that waits for some exchanges only: the integration waits on a Lambda process or
/// an HTTP server, but a MOCK integration answers at once. The pipeline first asks
/// `decideWithoutWaiting`; nil means this exchange needs `process`.
public protocol SometimesSynchronousStage: PipelineStage {
    func decideWithoutWaiting(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome?
}
