/// What a stage says about its decision in the trace, formatted only when someone reads it.
///
/// Every request records a detail per stage, but only transcripts on pages, `invoke` and
/// try-it read them; a real client of `serve` or a benchmark loop never does. A fixed text
/// costs nothing; a detail that needs formatting is written as a closure over the values it
/// shows (`TraceDetail { "\(status), \(size) bytes" }`), so a request pays for capturing
/// them, not for building the text. String interpolation still works and formats at once,
/// for details on paths where speed does not matter.
public struct TraceDetail: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    private enum Storage: Sendable {
        case text(String)
        case deferred(@Sendable () -> String)
    }

    private let storage: Storage

    public init(stringLiteral text: String) {
        storage = .text(text)
    }

    public init(stringInterpolation: DefaultStringInterpolation) {
        storage = .text(String(stringInterpolation: stringInterpolation))
    }

    public init(text: String) {
        storage = .text(text)
    }

    /// A detail formatted by `describe` each time it is read; `describe` must capture values,
    /// not the exchange, so it reads what was true when the stage decided.
    public init(_ describe: @escaping @Sendable () -> String) {
        storage = .deferred(describe)
    }

    public var text: String {
        switch storage {
        case .text(let text): text
        case .deferred(let describe): describe()
        }
    }

    public var description: String { text }

    public static func == (lhs: TraceDetail, rhs: TraceDetail) -> Bool {
        lhs.text == rhs.text
    }
}
