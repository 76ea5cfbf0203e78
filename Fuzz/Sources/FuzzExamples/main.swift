import Diagnostics
import FuzzSupport
import PorticoSite

/// A note as the site reads one: front matter split from the body, and the body read as the
/// requests of an ```` ```http example ```` block (with `# wait` lines) whose info string is
/// the input's first line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExamples(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = FuzzInput(data, size).text
    var diagnostics = DiagnosticEngine()
    let (_, body, _) = FrontMatter.split(text, path: "notes/fuzz.md", diagnostics: &diagnostics)
    let lines = body.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let info = lines.first.map(String.init) ?? ""
    let block = lines.count == 2 ? String(lines[1]) : ""
    let location = SourceLocation(file: "notes/fuzz.md", line: 1, column: 1)
    _ = ExampleBlock.parse(info: info, text: block, location: location,
                           contentStart: SourceLocation(file: "notes/fuzz.md", line: 2, column: 1),
                           diagnostics: &diagnostics)
    return 0
}

@_cdecl("FuzzExamples_main")
public func fuzzExamplesMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzExamples(data, size) }
}
