/// base64url without padding (RFC 4648 §5; RFC 7515 §2 "Base64url Encoding"): how a JSON Web
/// Token writes its three parts and a JSON Web Key its numbers. Written by hand over bytes:
/// every request to a method with a token authorizer decodes three of them.
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The value of each byte in the alphabet; 0xFF for bytes outside it.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity((input.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= input.count {
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            out += [alphabet[Int(chunk >> 18 & 63)], alphabet[Int(chunk >> 12 & 63)], alphabet[Int(chunk >> 6 & 63)], alphabet[Int(chunk & 63)]]
            index += 3
        }
        switch input.count - index {
        case 1:
            let chunk = UInt32(input[index]) << 16
            out += [alphabet[Int(chunk >> 18 & 63)], alphabet[Int(chunk >> 12 & 63)]]
        case 2:
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
            out += [alphabet[Int(chunk >> 18 & 63)], alphabet[Int(chunk >> 12 & 63)], alphabet[Int(chunk >> 6 & 63)]]
        default:
            break
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes, or nil when `text` has a character outside the alphabet (padding included,
    /// which JWS forbids), a length no encoding gives, or unused bits that are not zero (so one
    /// value has exactly one spelling and a changed character is never ignored).
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        if let decoded = text.utf8.withContiguousStorageIfAvailable({ decode(bytes: $0) }) { return decoded }
        return Array(text.utf8).withUnsafeBufferPointer { decode(bytes: $0) }
    }

    /// The decoding itself, over the text's bytes in place: four characters to three bytes at
    /// a time, written into an array of the final size.
    static func decode(bytes input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let count = input.count
        guard count % 4 != 1 else { return nil }
        let whole = count / 4, rest = count % 4
        let size = whole * 3 + (rest == 0 ? 0 : rest - 1)
        return values.withUnsafeBufferPointer { table -> [UInt8]? in
            var valid = true
            let out = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                var read = 0, written = 0
                for _ in 0..<whole {
                    let a = table[Int(input[read])], b = table[Int(input[read + 1])], c = table[Int(input[read + 2])], d = table[Int(input[read + 3])]
                    if (a | b | c | d) & 0x80 != 0 { valid = false; break }
                    let chunk = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    buffer[written] = UInt8(truncatingIfNeeded: chunk >> 16)
                    buffer[written + 1] = UInt8(truncatingIfNeeded: chunk >> 8)
                    buffer[written + 2] = UInt8(truncatingIfNeeded: chunk)
                    read += 4
                    written += 3
                }
                if valid, rest > 0 {
                    var chunk: UInt32 = 0
                    for index in 0..<rest {
                        let value = table[Int(input[read + index])]
                        if value & 0x80 != 0 { valid = false; break }
                        chunk = chunk << 6 | UInt32(value)
                    }
                    // 2 characters hold 1 byte and 4 spare bits; 3 hold 2 bytes and 2 spare bits.
                    let spare = rest == 2 ? 4 : 2
                    if valid, chunk & ((1 << UInt32(spare)) - 1) != 0 { valid = false }
                    if valid {
                        chunk >>= UInt32(spare)
                        if rest == 2 {
                            buffer[written] = UInt8(truncatingIfNeeded: chunk)
                        } else {
                            buffer[written] = UInt8(truncatingIfNeeded: chunk >> 8)
                            buffer[written + 1] = UInt8(truncatingIfNeeded: chunk)
                        }
                    }
                }
                // Every byte is written unless the text was refused, which discards the array.
                initialized = valid ? size : 0
            }
            return valid ? out : nil
        }
    }
}
