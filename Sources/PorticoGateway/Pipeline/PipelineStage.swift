/// One phase of the pipeline. A stage decides once per request: it proceeds, skips, fails,
/// answers, or says it must wait (``StageOutcome/wait(_:)``), and then the pipeline waits
/// exactly once for the outcome the wait produces. It never records its own trace entry: the
/// ``Pipeline`` does, so no stage can forget.
///
/// A stage takes part in the request phase (``decide(_:in:)``, in pipeline order), the
/// response phase (``respond(_:in:)``, in reverse order, for the stages the request reached),
/// or both (a cache looks up on the way in and stores on the way out).
///
/// Stages are classes (one instance per pipeline): the pipeline holds them as existentials,
/// and a class existential is copied by a retain, not through a value witness. State that
/// outlives a request never lives in a stage: it lives in ``GatewayState``, under a
/// ``GatewayStateKey`` the stage declares.
public protocol PipelineStage: AnyObject, Sendable {
    var name: StageName { get }
    /// The phases the stage takes part in; ``StagePhases/request`` unless it says otherwise.
    var phases: StagePhases { get }
    /// The request phase.
    func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome
    /// The response phase: the exchange holds its response or its failure.
    func respond(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome
}

extension PipelineStage {
    public var phases: StagePhases { .request }

    public func decide(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        .skip("takes no part in the request phase")
    }

    public func respond(_ exchange: Exchange, in environment: GatewayEnvironment) -> StageOutcome {
        .skip("takes no part in the response phase")
    }
}

/// The phases a stage takes part in.
public struct StagePhases: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let request = StagePhases(rawValue: 1)
    public static let response = StagePhases(rawValue: 2)
}

/// What a stage decided, with the reason shown in the trace.
public enum StageOutcome: Sendable, Equatable {
    /// Done; go on to the next stage.
    case proceed(TraceDetail)
    /// Nothing to do for this API or method (no authorizer, no cache…); go on.
    case skip(TraceDetail)
    /// Stop the request phase with this failure; the gateway-response stage answers it.
    case fail(GatewayError, TraceDetail)
    /// The exchange now holds its response; the request phase ends here.
    case answer(TraceDetail)
    /// The decision needs something outside the gateway (a Lambda process, an HTTP backend):
    /// the pipeline awaits ``StageWait`` once and records the outcome it gives. Only the
    /// request phase may wait.
    case wait(StageWait)
}

/// The work a stage waits for, made when it decided. The pipeline runs it once, on the task
/// that finishes the request.
///
/// Unchecked Sendable: the work captures the exchange, which only the run that made the
/// decision ever touches; that run hands itself to exactly one task.
public struct StageWait: @unchecked Sendable, Equatable {
    private final class Work {
        let run: () async -> StageOutcome
        init(_ run: @escaping () async -> StageOutcome) { self.run = run }
    }

    private let work: Work

    public init(_ run: @escaping () async -> StageOutcome) {
        work = Work(run)
    }

    func run() async -> StageOutcome {
        await work.run()
    }

    public static func == (lhs: StageWait, rhs: StageWait) -> Bool {
        lhs.work === rhs.work
    }
}
