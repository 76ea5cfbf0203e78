/// One line of a transcript's trace: which stage ran and what it decided.
public struct TraceEntry: Sendable, Equatable, Codable {
    public enum Outcome: String, Sendable, Codable {
        case proceed, skip, fail, answer
        /// The stage did not run because an earlier stage answered or failed.
        case bypassed
    }

    public var stage: StageName
    public var outcome: Outcome
    /// The stage's reason, formatted when read (see ``TraceDetail``).
    public var summary: TraceDetail
    public var detail: String { summary.text }

    public init(stage: StageName, outcome: Outcome, detail: String) {
        self.init(stage: stage, outcome: outcome, summary: TraceDetail(text: detail))
    }

    public init(stage: StageName, outcome: Outcome, summary: TraceDetail) {
        self.stage = stage
        self.outcome = outcome
        self.summary = summary
    }

    private enum CodingKeys: String, CodingKey {
        case stage, outcome, detail
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(stage: try container.decode(StageName.self, forKey: .stage),
                  outcome: try container.decode(Outcome.self, forKey: .outcome),
                  detail: try container.decode(String.self, forKey: .detail))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stage, forKey: .stage)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(detail, forKey: .detail)
    }
}
