import Foundation
import Testing

/// Compares text with a golden file in `Snapshots/` beside the calling test file.
///
/// A golden is re-recorded only when `RECORD_SNAPSHOTS=1`, and a re-recording still fails the
/// test, so a snapshot can never approve itself in a normal run.
public func assertGolden(
    _ actual: String,
    named name: String,
    filePath: String = #filePath,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = directory.appendingPathComponent(name)
    let recording = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    if recording {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? actual.write(to: file, atomically: true, encoding: .utf8)
        Issue.record("Recorded snapshot \(name); run again without RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("Missing snapshot \(file.path); record it with RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        Issue.record("Snapshot \(name) differs:\n\(lineDiff(expected: expected, actual: actual))", sourceLocation: sourceLocation)
    }
}

/// A small line diff: the first differing lines with their numbers, enough to see what moved.
public func lineDiff(expected: String, actual: String, limit: Int = 20) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(e.count, a.count) where out.count < limit * 2 {
        let l = i < e.count ? String(e[i]) : nil
        let r = i < a.count ? String(a[i]) : nil
        if l != r {
            if let l { out.append("-\(i + 1): \(l)") }
            if let r { out.append("+\(i + 1): \(r)") }
        }
    }
    return out.joined(separator: "\n")
}
