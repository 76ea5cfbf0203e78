import FuzzSupport
@testable import PorticoServer

/// Bytes as a client sends them to the served gateway: where the head ends, scanned as if
/// they arrived in two reads (cut at the first byte's value), then the head read when plain.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestHead(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = FuzzInput(data, size).bytes
    let firstRead = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    var scanned = 0
    if case .notYet(let upTo) = PlainRequestHead.end(in: UnsafeRawBufferPointer(rebasing: bytes[..<firstRead]), from: 0) {
        scanned = upTo
    }
    if case .found(let length) = PlainRequestHead.end(in: bytes, from: scanned) {
        _ = PlainRequestHead(UnsafeRawBufferPointer(rebasing: bytes[..<length]))
    }
    return 0
}

@_cdecl("FuzzRequestHead_main")
public func fuzzRequestHeadMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzRequestHead(data, size) }
}
