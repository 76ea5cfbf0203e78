// Renders Benchmarks/velocity/template.vtl for the request in body.json, on one thread, for
// about `seconds` seconds of CPU time (argument 1, default 3), and prints the rendered output
// once and then `renders/s: N` per second of this thread's CPU time (so other processes on a
// shared machine do not lower the figure). The template is parsed once; the body's JSON is
// parsed by every rendering, as it is for every request.
import Foundation
import Velocity

let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let source = try String(contentsOf: here.appendingPathComponent("template.vtl"), encoding: .utf8)
let body = try String(contentsOf: here.appendingPathComponent("body.json"), encoding: .utf8)
let seconds = CommandLine.arguments.count > 1 ? Double(CommandLine.arguments[1]) ?? 3 : 3

let template = try VelocityTemplate(source: source)
let environment = VelocityEnvironment.apiGateway(
    body: body, pathParameters: [("id", "o-1001")], queryParameters: [("source", "web")],
    headers: [("Content-Type", "application/json")],
    context: .map(OrderedMap([("requestId", .string("r-1")), ("stage", .string("prod"))])),
    stageVariables: [])

print(try template.render(environment).output)

/// This thread's CPU time in seconds.
func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

// Warm up, then time batches of renderings until `seconds` of CPU time have passed.
for _ in 0..<2_000 { _ = try template.render(environment) }
var renders = 0
var bytes = 0
let start = cpuSeconds()
while cpuSeconds() - start < seconds {
    for _ in 0..<1_000 { bytes &+= try template.render(environment).output.utf8.count }
    renders += 1_000
}
let elapsed = cpuSeconds() - start
print("renders/s: \(Int(Double(renders) / elapsed))")
