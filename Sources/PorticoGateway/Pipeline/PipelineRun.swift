/// One request's way through a ``Pipeline``, which can stop where a stage must wait and go on
/// later.
///
/// Most requests never wait (every stage but the integration decides at once, and a MOCK
/// integration does too), so a caller on an event loop runs ``advanceWithoutWaiting()`` there
/// and answers at once; only a request whose next stage waits on a process or a server is
/// handed to a task that calls ``finish()``. Either way the stages run once each, in order.
final class PipelineRun {
    let exchange: Exchange
    /// Keeps the stages alive: the steps refer to them without counting.
    private let pipeline: Pipeline
    private let steps: [Pipeline.Step]
    private let environment: GatewayEnvironment
    private(set) var trace: [TraceEntry] = []
    /// The index of the next step to run.
    private var next = 0
    private var answered = false

    init(pipeline: Pipeline, exchange: Exchange, environment: GatewayEnvironment) {
        self.exchange = exchange
        self.environment = environment
        self.pipeline = pipeline
        steps = pipeline.steps
        trace.reserveCapacity(steps.count)
    }

    /// Runs stages until the pipeline ends (true) or the next stage has to wait (false).
    func advanceWithoutWaiting() -> Bool {
        while next < steps.count {
            let step = steps[next]
            if answered && !step.runsAfterAnswer {
                bypass(step)
                continue
            }
            let outcome: StageOutcome
            if let stage = step.synchronous {
                outcome = stage.decide(exchange, in: environment)
            } else if let stage = step.sometimesSynchronous {
                guard let decided = stage.decideWithoutWaiting(exchange, in: environment) else { return false }
                outcome = decided
            } else {
                return false
            }
            record(outcome, of: step)
        }
        return true
    }

    /// Runs the remaining stages, waiting where a stage waits.
    func finish() async {
        while !advanceWithoutWaiting() {
            let step = steps[next]
            record(await step.stage.process(exchange, in: environment), of: step)
        }
    }

    /// The trace, moved out of the run (see `takeTranscript()`).
    func takeTrace() -> [TraceEntry] {
        var taken: [TraceEntry] = []
        swap(&taken, &trace)
        return taken
    }

    /// After an answer, a stage that does not run after answers is recorded as bypassed.
    private func bypass(_ step: Pipeline.Step) {
        trace.append(TraceEntry(stage: step.name, outcome: .bypassed, summary: ""))
        next += 1
    }

    /// Consumes the outcome: its detail moves into the trace instead of being copied.
    private func record(_ outcome: consuming StageOutcome, of step: Pipeline.Step) {
        let kind: TraceEntry.Outcome, detail: TraceDetail
        switch consume outcome {
        case .proceed(let said): (kind, detail) = (.proceed, said)
        case .skip(let said): (kind, detail) = (.skip, said)
        case .fail(let error, let said):
            exchange.failure = error
            (kind, detail) = (.fail, said)
        case .answer(let said): (kind, detail) = (.answer, said)
        }
        if kind == .fail || kind == .answer { answered = true }
        trace.append(TraceEntry(stage: step.name, outcome: kind, summary: detail))
        next += 1
    }
}
