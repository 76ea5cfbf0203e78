/// Bytes being written: a rendering's output, or a string being built from pieces.
///
/// Templates write many short pieces (a run of text, a value, an escape): appending one here
/// is a capacity check and a copy, where `Array.append(contentsOf:)` costs several times that
/// (uniqueness and capacity bookkeeping on every call). Not copyable, so the one owner of the
/// memory frees it.
struct ByteBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 32) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    private mutating func grow(toHold needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(toHold: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if count + bytes.count > capacity { grow(toHold: count + bytes.count) }
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Removes the last UTF-8 character, if there is one.
    mutating func removeLastCharacter() {
        while count > 0 {
            count -= 1
            if base[count] & 0xC0 != 0x80 { return }
        }
    }

    mutating func append(_ text: String) {
        let appended: Void? = text.utf8.withContiguousStorageIfAvailable { append($0) }
        if appended == nil { for byte in text.utf8 { append(byte) } }
    }

    /// The bytes as a string. They were written as whole UTF-8 characters, so nothing needs
    /// repairing.
    var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }
}

/// Appends a string's UTF-8.
@inline(__always)
func += (out: inout ByteBuffer, text: String) {
    out.append(text)
}
