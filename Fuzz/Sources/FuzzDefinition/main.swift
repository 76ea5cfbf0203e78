import Diagnostics
import FuzzSupport
import PorticoModel

/// An API definition file as the project loader reads one: OpenAPI 3 with API Gateway's
/// extensions (REST or HTTP API), and the WebSocket API format.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDefinition(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let source = YAMLSource(path: "apis/fuzz.openapi.yaml", text: FuzzInput(data, size).text)
    var diagnostics = DiagnosticEngine()
    _ = OpenAPILoader().load(source, diagnostics: &diagnostics)
    var webSocketDiagnostics = DiagnosticEngine()
    _ = WebSocketLoader().load(source, defaultName: "fuzz", diagnostics: &webSocketDiagnostics)
    return 0
}

@_cdecl("FuzzDefinition_main")
public func fuzzDefinitionMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzDefinition(data, size) }
}
