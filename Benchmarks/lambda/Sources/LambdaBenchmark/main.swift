// The Lambda round trip's overhead: a warm invocation (invoke → the process's
// /invocation/next → its /response → the invoke returns) minus the handler's own time,
// measured inside Python. Target: under 1 ms at the median (issue 5).
import Foundation
import PorticoGateway
import PorticoRuntime

let warmUp = 200
let iterations = 2_000

let handler = """
import time
def handler(event, context):
    started = time.perf_counter_ns()
    total = sum(event["numbers"])
    return {"total": total, "ns": time.perf_counter_ns() - started}
"""

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
}

func microseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
}

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portico-lambda-bench-\(getpid())").path
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
try handler.write(toFile: folder + "/app.py", atomically: true, encoding: .utf8)

let runtime = LambdaRuntime(functions: [
    FunctionDefinition(name: "bench", runtime: .python(handler: "app.handler", codeDirectory: folder)),
])
let payload = Array(#"{"numbers": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}"#.utf8)

func once() async throws -> (roundTrip: Double, handler: Double) {
    let clock = ContinuousClock()
    var result: FunctionInvocation?
    let elapsed = await clock.measure {
        result = await runtime.invoke(function: "bench", payload: payload, timeout: .seconds(10))
    }
    guard case .success(let body)? = result?.outcome,
          let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
          let nanoseconds = object["ns"] as? Int else {
        throw NSError(domain: "bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "unexpected \(String(describing: result))"])
    }
    return (microseconds(elapsed), Double(nanoseconds) / 1000)
}

do {
    for _ in 0..<warmUp { _ = try await once() }
    var roundTrips: [Double] = [], handlerTimes: [Double] = [], overheads: [Double] = []
    roundTrips.reserveCapacity(iterations)
    for _ in 0..<iterations {
        let sample = try await once()
        roundTrips.append(sample.roundTrip)
        handlerTimes.append(sample.handler)
        overheads.append(sample.roundTrip - sample.handler)
    }
    await runtime.shutdown()
    try? FileManager.default.removeItem(atPath: folder)
    roundTrips.sort(); handlerTimes.sort(); overheads.sort()
    func line(_ name: String, _ values: [Double]) -> String {
        name.padding(toLength: 22, withPad: " ", startingAt: 0)
            + String(format: "min %8.1f   median %8.1f   p99 %8.1f", values[0], percentile(values, 0.5), percentile(values, 0.99))
    }
    print("Lambda warm invocation, \(iterations) runs after \(warmUp) warm-up (µs)")
    print(line("round trip", roundTrips))
    print(line("handler (in Python)", handlerTimes))
    print(line("overhead", overheads))
    let median = percentile(overheads, 0.5)
    print(median < 1000 ? "PASS: median overhead \(String(format: "%.1f", median)) µs < 1000 µs"
                        : "FAIL: median overhead \(String(format: "%.1f", median)) µs >= 1000 µs")
    exit(median < 1000 ? 0 : 1)
} catch {
    await runtime.shutdown()
    try? FileManager.default.removeItem(atPath: folder)
    print("error: \(error)")
    exit(2)
}
