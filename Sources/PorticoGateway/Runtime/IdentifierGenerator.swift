/// Request ids from a seeded generator (SplitMix64), so a site build's transcripts repeat
/// byte for byte; `serve` seeds it from the system's random source.
public struct IdentifierGenerator: Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A seed derived from a string (a page path and an example index), stable across runs
    /// and platforms (FNV-1a, not Swift's per-process randomised `hashValue`).
    public init(seedText: String) {
        self.init(seed: stableHash(seedText))
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A version-4 UUID in lower case, the form of `x-amzn-RequestId`.
    public mutating func uuid() -> String {
        let a = next(), b = next()
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var out = 0
            for index in 0..<16 {
                var byte = UInt8(truncatingIfNeeded: (index < 8 ? a : b) >> (8 * UInt64(index % 8)))
                if index == 6 { byte = (byte & 0x0F) | 0x40 }
                if index == 8 { byte = (byte & 0x3F) | 0x80 }
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    buffer[out] = UInt8(ascii: "-")
                    out += 1
                }
                buffer[out] = hexDigit(byte >> 4)
                buffer[out + 1] = hexDigit(byte & 0x0F)
                out += 2
            }
            return out
        }
    }

    /// An X-Ray trace id: `Root=1-{8 hex digits of the epoch second}-{24 random hex digits}`.
    public mutating func traceID(epochSeconds: Int64) -> String {
        let a = next(), b = next()
        return String(unsafeUninitializedCapacity: 40) { buffer in
            var out = 0
            for byte in "Root=1-".utf8 { buffer[out] = byte; out += 1 }
            func hex(_ value: UInt64, _ count: Int) {
                for index in (0..<count).reversed() {
                    buffer[out] = hexDigit(UInt8(truncatingIfNeeded: value >> (4 * UInt64(index))) & 0xF)
                    out += 1
                }
            }
            hex(UInt64(UInt32(truncatingIfNeeded: epochSeconds)), 8)
            buffer[out] = UInt8(ascii: "-"); out += 1
            hex(a, 16)
            hex(b >> 32, 8)
            return out
        }
    }

    /// The 16-character base64 form of `x-amz-apigw-id` (11 random bytes).
    public mutating func apigwID() -> String {
        let a = next(), b = next()
        // Eleven bytes: the eight of `a`, then the low three of `b`, as 16 base64 characters.
        return String(unsafeUninitializedCapacity: 16) { buffer in
            func byte(_ index: Int) -> UInt8 {
                index < 8 ? UInt8(truncatingIfNeeded: a >> (8 * UInt64(index))) : UInt8(truncatingIfNeeded: b >> (8 * UInt64(index - 8)))
            }
            return base64(count: 11, byte: byte, into: buffer)
        }
    }
}

/// The lower-case hexadecimal digit of a value below 16.
@inline(__always)
private func hexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? 0x30 + value : 0x57 + value
}

/// FNV-1a over UTF-8: a stable hash for seeds and derived identifiers.
public func stableHash(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
    }
    return hash
}

/// An API id as AWS prints them: ten lower-case letters and digits, derived from the API's
/// name so the same project always has the same ids.
public func apiIdentifier(for name: String) -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    var generator = IdentifierGenerator(seed: stableHash("api:" + name))
    return String((0..<10).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
}

/// A deployment id as AWS prints them (`0ltcwh`: six lower-case letters and digits), derived
/// from the API's name and the definition's text: deploying the same definition twice names
/// the same deployment, and the id never depends on when or where `portico deploy` ran.
public func deploymentIdentifier(api: String, definition: String) -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    var generator = IdentifierGenerator(seed: stableHash("deployment:" + api + "\u{0}" + definition))
    return String((0..<6).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
}

/// RFC 4648's base64 alphabet, indexed by a six-bit value.
private let base64Alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

/// Writes `count` bytes, read through `byte(index)`, as padded base64 into `buffer`; returns
/// how many characters it wrote.
private func base64(count: Int, byte: (Int) -> UInt8, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
    let digits = base64Alphabet.utf8Start
    var out = 0
    var index = 0
    while index < count {
        let b0 = byte(index)
        let b1 = index + 1 < count ? byte(index + 1) : 0
        let b2 = index + 2 < count ? byte(index + 2) : 0
        buffer[out] = digits[Int(b0 >> 2)]
        buffer[out + 1] = digits[Int((b0 & 0x03) << 4 | b1 >> 4)]
        buffer[out + 2] = index + 1 < count ? digits[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "=")
        buffer[out + 3] = index + 2 < count ? digits[Int(b2 & 0x3F)] : UInt8(ascii: "=")
        out += 4
        index += 3
    }
    return out
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
