import Foundation

/// Lambda request ids and X-Ray trace ids, random (as Lambda's) or derived from the function's
/// name and a counter, so a site build shows the same ids on every run.
enum RequestIDs {
    static func make(_ kind: LambdaRuntimeOptions.RequestIDs, function: String, sequence: Int) -> String {
        switch kind {
        case .random:
            return UUID().uuidString.lowercased()
        case .sequential:
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325          // FNV-1a
            for byte in function.utf8 {
                hash ^= UInt64(byte)
                hash &*= 0x0000_0100_0000_01b3
            }
            let high = hash >> 32, middle = (hash >> 16) & 0xffff, low = hash & 0xfff
            return hex(high, 8) + "-" + hex(middle, 4) + "-4" + hex(low, 3) + "-8000-" + hex(UInt64(sequence), 12)
        }
    }

    /// `Root=1-…;Parent=…;Sampled=0`, as `Lambda-Runtime-Trace-Id`, made from the request id.
    static func traceID(for requestID: String) -> String {
        var digits = requestID.filter(\.isHexDigit).lowercased()
        while digits.count < 32 { digits += "0" }
        let characters = Array(digits.prefix(32))
        return "Root=1-\(String(characters[0..<8]))-\(String(characters[8..<32]));Parent=\(String(characters[16..<32]));Sampled=0"
    }

    private static func hex(_ value: UInt64, _ width: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
