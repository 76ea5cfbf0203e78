import FuzzSupport
@testable import PorticoGateway
import Velocity

/// The two JSON readers a request body meets: Velocity's (`$input.json`, `$util.parseJson`)
/// and the validator's. The input's first line is a JSONPath for `$input.path`, the rest the body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = FuzzInput(data, size).text
    if let value = try? JSONValueParser.parse(text) { _ = JSONBodyPath.text(value) }
    _ = JSONInstance.parse(text)
    let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    if lines.count == 2 { _ = JSONBodyPath.select(String(lines[0]), in: String(lines[1]), decodingStrings: true) }
    return 0
}

@_cdecl("FuzzJSON_main")
public func fuzzJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzJSON(data, size) }
}
