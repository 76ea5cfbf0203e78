/// One request's way through a ``Pipeline``, which can stop where a stage waits and go on
/// later.
///
/// Most requests never wait (every stage but the integration decides at once, and a MOCK
/// integration does too), so a caller on an event loop runs ``advanceWithoutWaiting()`` there
/// and answers at once; only a request whose stage said `.wait` is handed to a task that calls
/// ``finish()``, which awaits that wait once. Either way each stage decides once per phase.
final class PipelineRun {
    let exchange: Exchange
    private let steps: [Pipeline.Step]
    private let environment: GatewayEnvironment
    private(set) var trace: [TraceEntry] = []
    /// The request phase's next step; after it ends, how many steps the request reached.
    private var next = 0
    /// Set once the request phase is over; the response phase then walks back from `reached`.
    private var responseCursor: Int?
    /// What the stage at `next` waits for.
    private var pending: StageWait?

    init(pipeline: Pipeline, exchange: Exchange, environment: GatewayEnvironment) {
        self.exchange = exchange
        self.environment = environment
        steps = pipeline.steps
        trace.reserveCapacity(pipeline.traceLength)
    }

    /// Runs stages until the pipeline ends (true) or a stage waits (false). While a wait is
    /// pending nothing runs: the stage that asked for it has decided already.
    func advanceWithoutWaiting() -> Bool {
        guard pending == nil else { return false }
        while responseCursor == nil {
            guard next < steps.count else {
                responseCursor = steps.count
                break
            }
            let step = steps[next]
            guard step.phases.contains(.request) else {
                next += 1
                continue
            }
            let outcome = step.stage.decide(exchange, in: environment)
            if case .wait(let wait) = outcome {
                pending = wait
                return false
            }
            recordRequest(outcome, of: step)
        }
        respond()
        return true
    }

    /// Runs the remaining stages, awaiting each wait once.
    func finish() async {
        while !advanceWithoutWaiting() {
            // advanceWithoutWaiting stops early only with a wait pending.
            guard let wait = pending else { return }
            pending = nil
            var outcome = await wait.run()
            if case .wait = outcome {
                outcome = .fail(.internalServerError, "the stage asked to wait a second time (a stage waits at most once)")
            }
            recordRequest(outcome, of: steps[next])
        }
    }

    /// The trace, moved out of the run (see `takeTranscript()`).
    func takeTrace() -> [TraceEntry] {
        var taken: [TraceEntry] = []
        swap(&taken, &trace)
        return taken
    }

    /// Records a request-phase outcome; a failure or an answer ends the phase, and the
    /// request-phase stages after it are recorded as bypassed.
    private func recordRequest(_ outcome: consuming StageOutcome, of step: Pipeline.Step) {
        let ended = record(outcome, of: step)
        next += 1
        guard ended else { return }
        let reached = next
        for step in steps[reached...] where step.phases.contains(.request) {
            trace.append(TraceEntry(stage: step.name, outcome: .bypassed, summary: ""))
        }
        responseCursor = reached
    }

    /// The response phase: backwards through the stages the request reached.
    private func respond() {
        guard var cursor = responseCursor else { return }
        while cursor > 0 {
            cursor -= 1
            let step = steps[cursor]
            guard step.phases.contains(.response) else { continue }
            var outcome = step.stage.respond(exchange, in: environment)
            if case .wait = outcome {
                outcome = .fail(.internalServerError, "the stage asked to wait in the response phase (only the request phase may wait)")
            }
            _ = record(outcome, of: step)
        }
        responseCursor = 0
    }

    /// Appends the trace entry; consumes the outcome, so its detail moves instead of being
    /// copied. Returns whether the outcome ends the request phase.
    private func record(_ outcome: consuming StageOutcome, of step: Pipeline.Step) -> Bool {
        let kind: TraceEntry.Outcome, detail: TraceDetail
        switch consume outcome {
        case .proceed(let said): (kind, detail) = (.proceed, said)
        case .skip(let said): (kind, detail) = (.skip, said)
        case .fail(let error, let said):
            exchange.failure = error
            (kind, detail) = (.fail, said)
        case .answer(let said): (kind, detail) = (.answer, said)
        case .wait: (kind, detail) = (.fail, "waited where no wait is allowed")
        }
        trace.append(TraceEntry(stage: step.name, outcome: kind, summary: detail))
        return kind == .fail || kind == .answer
    }
}
