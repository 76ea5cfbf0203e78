// Loads a generated 1,000-operation OpenAPI definition repeatedly (read + compose + model +
// checks, as `portico build` does per definition) and prints min/median wall and CPU ms.
// Target: under 200 ms. Run it with ./run.sh (see README.md).
//
//   ModelLoadingBenchmark [DEFINITION] [RUNS]
import Diagnostics
import Foundation
import PorticoModel

let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "/tmp/bench-corpus/Content/apis/corpus.yaml"
let runs = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 20 : 20
/// CPU time of this process in ms: on a loaded machine wall time measures the neighbours too.
func cpuMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
}
var timings: [Double] = []
var cpuTimings: [Double] = []
var operations = 0
for _ in 0..<runs {
    let start = DispatchTime.now().uptimeNanoseconds
    let cpuStart = cpuMilliseconds()
    var diagnostics = DiagnosticEngine()
    guard let source = YAMLSource.read(path: path, displayPath: path, diagnostics: &diagnostics),
          let api = OpenAPILoader().load(source, diagnostics: &diagnostics) else {
        print(DiagnosticFormatter.report(diagnostics))
        exit(1)
    }
    timings.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
    cpuTimings.append(cpuMilliseconds() - cpuStart)
    operations = api.operations.count
    if diagnostics.hasErrors { print(DiagnosticFormatter.report(diagnostics)); exit(1) }
}
timings.sort()
cpuTimings.sort()
print(String(format: "%d operations, %d runs: wall min %.1f ms, median %.1f ms; CPU min %.1f ms, median %.1f ms",
             operations, runs, timings[0], timings[timings.count / 2], cpuTimings[0], cpuTimings[cpuTimings.count / 2]))
