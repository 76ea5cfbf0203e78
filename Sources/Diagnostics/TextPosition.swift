/// Converts UTF-8 offsets in a text into 1-based line and column numbers. Columns count UTF-8
/// bytes, as clang and swiftc do, which equals what editors show for ASCII text.
public struct LineTable: Sendable {
    private let lineStarts: [Int]

    public init(_ text: String) {
        var starts = [0]
        var offset = 0
        for byte in text.utf8 {
            offset += 1
            if byte == UInt8(ascii: "\n") { starts.append(offset) }
        }
        lineStarts = starts
    }

    /// Line and column (both 1-based) of a UTF-8 offset.
    public func position(ofUTF8Offset offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return (low + 1, offset - lineStarts[low] + 1)
    }
}
