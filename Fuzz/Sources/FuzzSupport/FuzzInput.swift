/// One input handed to a fuzz target by libFuzzer, read the ways the targets need it.
///
/// Inputs are arbitrary bytes: text is decoded as UTF-8 with invalid sequences repaired, as
/// every reader in Portico receives text that Foundation or NIO already decoded that way.
public struct FuzzInput {
    public let bytes: UnsafeRawBufferPointer

    public init(_ start: UnsafePointer<UInt8>?, _ count: Int) {
        bytes = UnsafeRawBufferPointer(start: count == 0 ? nil : UnsafeRawPointer(start), count: count)
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The input cut at its first NUL byte into two texts (the second empty when there is
    /// none): how targets that take two inputs (a schema and an instance) get them.
    public var textPair: (String, String) {
        guard let cut = bytes.firstIndex(of: 0) else { return (text, "") }
        let first = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<cut]), as: UTF8.self)
        let second = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(cut + 1)...]), as: UTF8.self)
        return (first, second)
    }
}
