import Diagnostics
import FuzzSupport
@testable import PorticoModel

/// `Content/portico.yml`, read as the project loader reads it, in a project folder that holds
/// nothing else (so no definition or function folder is read).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProjectFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let source = YAMLSource(path: "Content/portico.yml", text: FuzzInput(data, size).text)
    var diagnostics = DiagnosticEngine()
    guard let node = source.compose(diagnostics: &diagnostics),
          let reader = MappingReader(node, source: source, what: "the project file", diagnostics: &diagnostics)
    else { return 0 }
    _ = ProjectReading(loader: ProjectLoader(root: "/nonexistent/portico-fuzz"), source: source).read(reader)
    return 0
}

@_cdecl("FuzzProjectFile_main")
public func fuzzProjectFileMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzProjectFile(data, size) }
}
