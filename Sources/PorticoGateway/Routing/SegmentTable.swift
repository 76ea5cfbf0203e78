/// The static children of a resource-tree node, found by a path segment's bytes: a small
/// open-addressing table hashed with FNV-1a. Routing looks a segment up at every level of the
/// tree on every request, and for the short segments of a path this costs a fraction of
/// `Dictionary`'s seeded SipHash; an empty table answers without hashing at all.
///
/// Keys compare as Swift strings do (canonical equivalence), as the dictionary this replaces
/// did: bytes decide between ASCII texts, and a lookup where either side is not ASCII compares
/// every key the Unicode way.
struct SegmentTable: Sendable {
    private var keys: [String] = []
    private var values: [Int] = []
    /// Positions in `keys` plus one (0: empty), a power of two long, at most half full.
    private var slots: [Int32] = []
    private var keysAreASCII = true

    var isEmpty: Bool { keys.isEmpty }

    /// Adds `key` unless it is there already.
    mutating func insert(_ key: String, value: Int) {
        guard self[key] == nil else { return }
        if !key.utf8.allSatisfy({ $0 < 0x80 }) { keysAreASCII = false }
        keys.append(key)
        values.append(value)
        if slots.count < keys.count * 2 {
            slots = Array(repeating: 0, count: max(8, slots.count * 2))
            for index in keys.indices { place(index) }
        } else {
            place(keys.count - 1)
        }
    }

    private mutating func place(_ index: Int) {
        var key = keys[index]
        let mask = slots.count - 1
        var slot = key.withUTF8 { Self.hash($0).value } & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index + 1)
    }

    subscript(key: String) -> Int? {
        var key = key
        return key.withUTF8 { self[$0] }
    }

    /// The value under a segment given as its UTF-8 bytes (valid UTF-8: a piece of a path).
    subscript(segment: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !keys.isEmpty else { return nil }
        let (hash, isASCII) = Self.hash(segment)
        guard isASCII && keysAreASCII else {
            let text = String(decoding: segment, as: UTF8.self)
            return keys.firstIndex { $0 == text }.map { values[$0] }
        }
        let mask = slots.count - 1
        var slot = hash & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            if Self.equal(keys[entry - 1], segment) { return values[entry - 1] }
            slot = (slot + 1) & mask
        }
    }

    /// Whether an ASCII key has exactly these bytes.
    private static func equal(_ key: String, _ segment: UnsafeBufferPointer<UInt8>) -> Bool {
        guard key.utf8.count == segment.count else { return false }
        var key = key
        return key.withUTF8 { $0.elementsEqual(segment) }
    }

    /// FNV-1a over the bytes, and whether they are all ASCII.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> (value: Int, isASCII: Bool) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var high: UInt8 = 0
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            high |= byte
        }
        return (Int(truncatingIfNeeded: hash), high < 0x80)
    }
}
