import Dispatch
import Foundation

/// A map over an array on every core, keeping the order: the pages of a site are independent,
/// so the build spreads them over the machine and merges the results in input order, which
/// keeps the output (and the order of diagnostics) the same as a sequential build's.
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], chunk: Int = 16, _ transform: @Sendable (T) -> R) -> [R] {
        let count = items.count
        guard count > 1 else { return items.map(transform) }
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        if workers == 1 { return items.map(transform) }
        let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let chunks = (count + chunk - 1) / chunk
        let box = UnsafeSendable(results)
        items.withUnsafeBufferPointer { buffer in
            let input = UnsafeSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let start = c * chunk
                for i in start..<min(start + chunk, count) {
                    box.value[i] = transform(input.value[i])
                }
            }
        }
        return results.map { $0! }
    }
}

/// Each index is written by exactly one iteration, so sharing the buffer is safe.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
