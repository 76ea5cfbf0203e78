import Foundation
import PorticoGateway

/// The head of an HTTP/1.1 request plain enough to be read without NIO's HTTP/1 decoder, for
/// ``GatewayFastPath``: a known method, a target of printable ASCII, `HTTP/1.1`, header fields
/// of token names and printable ASCII values ended by CRLF, at most one `Host`, framing by
/// `Content-Length` alone, and no field that changes how the connection goes on (`Connection`
/// other than keep-alive, `Transfer-Encoding`, `Expect`, `Upgrade`).
///
/// Anything else is not plain: it goes to NIO's decoder and Hummingbird's pipeline, which
/// answer it as they always did. The plain subset is chosen so that for every head in it the
/// decoder would give the same method, target and fields (no obs-fold, no bare LF, no
/// trailing whitespace to trim, no bytes that would be repaired as UTF-8).
struct PlainRequestHead {
    let method: String
    let target: String
    /// The first and only `Host` field's value.
    let host: String?
    /// The fields other than `Host`, in the order and casing sent.
    let fields: [HTTPHeader]
    let contentLength: Int
    /// Bytes of the request line and fields, the empty line that ends them included.
    let length: Int

    /// A head longer than this is left to NIO's decoder (its limits are 80 KiB).
    static let maximumLength = 16 * 1024
    /// A head with more fields is left to NIO's decoder.
    static let maximumFieldCount = 100

    /// The methods llhttp knows that API Gateway routes; any other is not plain.
    private static let methods = ["GET", "PUT", "POST", "HEAD", "PATCH", "DELETE", "OPTIONS"]

    /// Where a head ends in the bytes read so far.
    enum End: Equatable {
        /// The head is `length` bytes long.
        case found(length: Int)
        /// No end yet; the bytes before `scanned` need not be looked at again.
        case notYet(scanned: Int)
        /// A bare LF, or no end within ``maximumLength``: not plain.
        case notPlain
    }

    /// Finds the empty line that ends a head, looking only at bytes from `start` on so that a
    /// head that arrives a byte at a time is still scanned once.
    static func end(in bytes: UnsafeRawBufferPointer, from start: Int) -> End {
        var index = max(start, 0)
        let limit = min(bytes.count, maximumLength)
        while index < limit {
            if bytes[index] == UInt8(ascii: "\n") {
                guard index > 0, bytes[index - 1] == UInt8(ascii: "\r") else { return .notPlain }
                if index >= 3, bytes[index - 2] == UInt8(ascii: "\n") { return .found(length: index + 1) }
            }
            index += 1
        }
        return bytes.count >= maximumLength ? .notPlain : .notYet(scanned: index)
    }

    /// Reads a head found by ``end(in:from:)``; nil when it is not plain.
    init?(_ bytes: UnsafeRawBufferPointer) {
        var cursor = Cursor(bytes: bytes)
        // Request line: method SP target SP HTTP/1.1 CRLF.
        let methodRange = cursor.take { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
        guard cursor.skip(UInt8(ascii: " ")),
              let method = Self.methods.first(where: { $0.utf8.elementsEqual(bytes[methodRange]) }) else { return nil }
        let targetRange = cursor.take { $0 > 0x20 && $0 < 0x7F }
        guard !targetRange.isEmpty, cursor.skip(UInt8(ascii: " ")), cursor.skip("HTTP/1.1\r\n") else { return nil }
        self.method = method
        target = String(decoding: bytes[targetRange], as: UTF8.self)

        var host: String?
        var contentLength: Int?
        var fields: [HTTPHeader] = []
        fields.reserveCapacity(8)
        while !cursor.skip("\r\n") {
            let nameRange = cursor.take(while: GatewayMessages.isTokenByte)
            guard !nameRange.isEmpty, cursor.skip(UInt8(ascii: ":")) else { return nil }
            _ = cursor.take { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            let valueRange = cursor.take { ($0 >= 0x20 && $0 < 0x7F) || $0 == UInt8(ascii: "\t") }
            guard cursor.skip("\r\n"), fields.count < Self.maximumFieldCount else { return nil }
            // Trailing whitespace is trimmed by the decoder; a head that has some is not plain.
            if let last = valueRange.last, bytes[last] == UInt8(ascii: " ") || bytes[last] == UInt8(ascii: "\t") { return nil }
            let name = bytes[nameRange], value = bytes[valueRange]
            switch FieldKind(name) {
            case .host:
                guard host == nil else { return nil }
                host = String(decoding: value, as: UTF8.self)
                continue
            case .contentLength:
                guard contentLength == nil, let length = Self.decimal(value) else { return nil }
                contentLength = length
            case .connection:
                guard Self.equalsIgnoringCase(value, "keep-alive") else { return nil }
            case .changesFraming:
                return nil
            case .other:
                break
            }
            fields.append(HTTPHeader(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        self.host = host
        self.fields = fields
        self.contentLength = contentLength ?? 0
        length = cursor.index
    }

    /// The fields the fast path must look at.
    private enum FieldKind {
        case host, contentLength, connection, changesFraming, other

        init(_ name: Slice<UnsafeRawBufferPointer>) {
            switch name.count {
            case 4 where PlainRequestHead.equalsIgnoringCase(name, "host"): self = .host
            case 14 where PlainRequestHead.equalsIgnoringCase(name, "content-length"): self = .contentLength
            case 10 where PlainRequestHead.equalsIgnoringCase(name, "connection"): self = .connection
            case 17 where PlainRequestHead.equalsIgnoringCase(name, "transfer-encoding"), 6 where PlainRequestHead.equalsIgnoringCase(name, "expect"),
                 7 where PlainRequestHead.equalsIgnoringCase(name, "upgrade"):
                self = .changesFraming
            default: self = .other
            }
        }
    }

    /// A Content-Length of 1 to 9 digits (a body that long is refused before it is read).
    private static func decimal(_ bytes: Slice<UnsafeRawBufferPointer>) -> Int? {
        guard (1...9).contains(bytes.count) else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    fileprivate static func equalsIgnoringCase(_ bytes: Slice<UnsafeRawBufferPointer>, _ lowercased: StaticString) -> Bool {
        guard bytes.count == lowercased.utf8CodeUnitCount else { return false }
        let expected = UnsafeRawBufferPointer(start: lowercased.utf8Start, count: lowercased.utf8CodeUnitCount)
        return zip(bytes, expected).allSatisfy { byte, lower in
            (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) == lower
        }
    }

    /// A read position in the head's bytes.
    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        /// The bytes from here on that satisfy `accept`, stepped over.
        mutating func take(while accept: (UInt8) -> Bool) -> Range<Int> {
            let start = index
            while index < bytes.count, accept(bytes[index]) { index += 1 }
            return start..<index
        }

        mutating func skip(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func skip(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard bytes.count - index >= count,
                  memcmp(bytes.baseAddress! + index, text.utf8Start, count) == 0 else { return false }
            index += count
            return true
        }
    }
}
