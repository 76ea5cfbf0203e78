import Foundation

/// A fresh temporary directory for one test, removed by the caller with `remove()`.
public struct TemporaryDirectory: Sendable {
    public let url: URL

    public init(prefix: String = "portico-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public var path: String { url.path }

    /// Writes `files` (relative path → contents) below the directory.
    public func write(_ files: [String: String]) throws {
        for (relative, contents) in files {
            let file = url.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: file, atomically: true, encoding: .utf8)
        }
    }

    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Copies a fixture folder (from a test bundle's resources) into a temporary directory, so a
/// test may build into it without touching the repository.
public func copyFixture(_ source: URL) throws -> TemporaryDirectory {
    let temp = try TemporaryDirectory()
    for item in try FileManager.default.contentsOfDirectory(atPath: source.path) {
        try FileManager.default.copyItem(at: source.appendingPathComponent(item), to: temp.url.appendingPathComponent(item))
    }
    return temp
}
