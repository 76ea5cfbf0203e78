import FuzzSupport
import Velocity

/// Parses the input as a mapping template and renders it against a fixed API Gateway request
/// (a JSON body, parameters, `$context`, stage variables), the way an integration does.
/// Errors are expected; a crash, a sanitizer report or a hang is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVelocity(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    guard let template = try? VelocityTemplate(source: input.text) else { return 0 }
    let environment = VelocityEnvironment.apiGateway(
        body: #"{"id": 7, "name": "a\"b", "items": [1, 2.5, true, null, {"k": "v"}], "nested": {"deep": [[]]}}"#,
        pathParameters: [("id", "7")],
        queryParameters: [("q", "x y"), ("q", "z")],
        headers: [("Content-Type", "application/json"), ("X-Multi", "a,b")],
        context: .map(OrderedMap([
            ("requestId", .string("c6af9ac6-7b61-11e6-9a41-93e8deadbeef")),
            ("stage", .string("prod")),
            ("identity", .map(OrderedMap([("sourceIp", .string("127.0.0.1"))]))),
        ])),
        stageVariables: [("backend", "http://127.0.0.1:9/")])
    _ = try? template.render(environment)
    return 0
}

@_cdecl("FuzzVelocity_main")
public func fuzzVelocityMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzVelocity(data, size) }
}
