import FuzzSupport
import PorticoDiagrams

/// A ```` ```mermaid ```` block: flowcharts are parsed (Graphviz lays them out, out of reach of
/// the fuzzer's instrumentation), sequence diagrams parsed and drawn to SVG.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMermaid(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = FuzzInput(data, size).text
    _ = MermaidParser.parse(text)
    if let diagram = SequenceDiagramParser.parse(text).diagram {
        _ = SequenceDiagramRenderer.svg(for: diagram, idPrefix: "fuzz")
    }
    return 0
}

@_cdecl("FuzzMermaid_main")
public func fuzzMermaidMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, size in fuzzMermaid(data, size) }
}
