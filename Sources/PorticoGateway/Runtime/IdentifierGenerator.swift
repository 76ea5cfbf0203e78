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
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
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
                buffer[out] = digits[Int(byte >> 4)]
                buffer[out + 1] = digits[Int(byte & 0x0F)]
                out += 2
            }
            return out
        }
    }

    /// An X-Ray trace id: `Root=1-{8 hex digits of the epoch second}-{24 random hex digits}`.
    public mutating func traceID(epochSeconds: Int64) -> String {
        let a = next(), b = next()
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        let prefix = Array("Root=1-".utf8)
        return String(unsafeUninitializedCapacity: 40) { buffer in
            var out = 0
            for byte in prefix { buffer[out] = byte; out += 1 }
            func hex(_ value: UInt64, _ count: Int) {
                for index in (0..<count).reversed() {
                    buffer[out] = digits[Int((value >> (4 * UInt64(index))) & 0xF)]
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
        let bytes = (0..<8).map { UInt8(truncatingIfNeeded: a >> (8 * $0)) } + (0..<3).map { UInt8(truncatingIfNeeded: b >> (8 * $0)) }
        return base64(bytes)
    }
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

private let base64Table: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

private func base64(_ bytes: [UInt8]) -> String {
    String(unsafeUninitializedCapacity: (bytes.count + 2) / 3 * 4) { buffer in
        var out = 0
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            buffer[out] = base64Table[Int(b0 >> 2)]
            buffer[out + 1] = base64Table[Int((b0 & 0x03) << 4 | b1 >> 4)]
            buffer[out + 2] = index + 1 < bytes.count ? base64Table[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "=")
            buffer[out + 3] = index + 2 < bytes.count ? base64Table[Int(b2 & 0x3F)] : UInt8(ascii: "=")
            out += 4
            index += 3
        }
        return out
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
