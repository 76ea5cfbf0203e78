import Diagnostics
import FuzzSupport
@testable import PorticoGateway
import PorticoModel

/// A JSON schema (draft 4, API Gateway's models) and an instance, cut at the first NUL byte:
/// both parsed, then the instance validated with every problem located.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONSchema(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let (schemaText, instanceText) = FuzzInput(data, size).textPair
    guard case .success(let schema) = JSONInstance.parse(schemaText),
          case .success(let instance) = JSONInstance.parse(instanceText) else { return 0 }
    let validator = JSONSchemaValidator(models: [Model(name: "Self", schema: schema, location: SourceLocation(file: "fuzz", line: 1, column: 1))])
    _ = validator.locatedProblems(instance, against: schema, modelName: "Self")
    return 0
}

@_cdecl("FuzzJSONSchema_main")
public func fuzzJSONSchemaMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzJSONSchema(data, size) }
}
