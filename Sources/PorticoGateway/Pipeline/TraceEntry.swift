/// One line of a transcript's trace: which stage ran and what it decided.
public struct TraceEntry: Sendable, Equatable, Codable {
    public enum Outcome: String, Sendable, Codable {
        case proceed, skip, fail, answer
        /// The stage did not run because an earlier stage answered or failed.
        case bypassed
    }

    public var stage: StageName
    public var outcome: Outcome
    public var detail: String

    public init(stage: StageName, outcome: Outcome, detail: String) {
        self.stage = stage
        self.outcome = outcome
        self.detail = detail
    }
}
