/// A diagnostic's stable id (`yaml.syntax`, `model.unknown-key`, …), printed in brackets after
/// the message. Scripts, tests and golden files match on it, so it never follows the wording
/// of a message.
///
/// Every id is a named constant in one catalogue (DiagnosticIDs.swift, grouped by area): a
/// misspelt constant does not compile, where a misspelt string would quietly be a new id.
/// There is deliberately no string-literal conversion; `init(_:)` is for the catalogue and
/// for tests that need an arbitrary id.
public struct DiagnosticID: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }
}
