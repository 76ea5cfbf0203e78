/// The two releases a stage with a canary serves (DG: canary-release): the stage's own
/// ("production release") and the canary's. AWS picks one at random per request; Portico lets
/// an example or a command pin one, so a page can show each.
public enum ReleaseChannel: String, Sendable, CaseIterable {
    case main
    case canary
}

extension ReleaseChannel {
    /// `10 %`, `2.5 %`: a percentTraffic as a trace or page shows it.
    public static func percent(_ value: Double) -> String {
        (value == value.rounded() ? String(Int(value)) : String(value)) + " %"
    }
}
