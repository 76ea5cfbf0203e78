import FuzzSupport
@testable import PorticoGateway
import PorticoModel

/// What callers hand the authorizers: a bearer token (JWS compact form), a SigV4
/// `Authorization` header (and the same text as a presigned query), and a policy document
/// such as a Lambda authorizer returns.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokens(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = FuzzInput(data, size).text
    _ = JSONWebToken.parse(text)
    let request = GatewayRequest(method: "GET", path: "/prod/items",
                                 headers: [HTTPHeader("Authorization", text),
                                           HTTPHeader("X-Amz-Date", "20150830T123600Z")])
    _ = try? SignatureClaim.read(request, query: [])
    let query = text.split(separator: "&").map { pair in
        let parts = pair.split(separator: "=", maxSplits: 1)
        return (name: String(parts.first ?? ""), value: parts.count == 2 ? String(parts[1]) : "")
    }
    _ = try? SignatureClaim.read(GatewayRequest(method: "GET", path: "/prod/items"), query: query)
    if case .success(let json) = JSONInstance.parse(text) { _ = try? PolicyDocument(parsing: json) }
    return 0
}

@_cdecl("FuzzTokens_main")
public func fuzzTokensMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzTokens(data, size) }
}
