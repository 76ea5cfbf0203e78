import Foundation

/// The files a build produced, by path inside the site, written only when the build had no
/// errors. Kept in memory so tests check them without touching a disk and so a failed build
/// writes nothing.
public struct SiteFiles: Sendable, Equatable {
    public private(set) var files: [String: [UInt8]] = [:]

    public init() {}

    public mutating func add(_ path: String, _ text: String) {
        files[path] = Array(text.utf8)
    }

    /// Adds a file as bytes (an image or any asset copied as it is).
    public mutating func add(_ path: String, bytes: [UInt8]) {
        files[path] = bytes
    }

    public func text(_ path: String) -> String? {
        files[path].map { String(decoding: $0, as: UTF8.self) }
    }

    public var paths: [String] { files.keys.sorted() }
}

/// Writes a site atomically: everything goes to a sibling folder first, which then replaces
/// the output folder in two renames, so a reader (or `serve`) never sees half a site and a
/// failed write leaves the previous site untouched.
public struct SiteWriter {
    public let outputDirectory: String

    public init(outputDirectory: String) {
        self.outputDirectory = outputDirectory
    }

    public enum WriteError: Error, CustomStringConvertible {
        case unsafeOutput(String)
        case io(String)
        public var description: String {
            switch self {
            case .unsafeOutput(let message), .io(let message): message
            }
        }
    }

    /// Refuses output folders that hold the project's sources, so `--output .` cannot
    /// replace the project with its own site.
    public func checkSafe(projectRoot: String) throws(WriteError) {
        let output = URL(fileURLWithPath: outputDirectory).standardizedFileURL.path
        let root = URL(fileURLWithPath: projectRoot).standardizedFileURL.path
        let content = URL(fileURLWithPath: projectRoot).appendingPathComponent("Content").standardizedFileURL.path
        if output == root || content == output || content.hasPrefix(output.hasSuffix("/") ? output : output + "/") {
            throw .unsafeOutput("refusing to write the site to '\(outputDirectory)': it holds the project's Content/")
        }
    }

    /// Writes one file; returns a message on failure.
    static func writeFile(_ path: String, _ bytes: [UInt8]) -> String? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { return "cannot create '\(path)': \(String(cString: strerror(errno)))" }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + written, bytes.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                return "cannot write '\(path)': \(String(cString: strerror(errno)))"
            }
            written += result
        }
        return nil
    }

    public func write(_ site: SiteFiles) throws(WriteError) {
        let manager = FileManager.default
        let output = URL(fileURLWithPath: outputDirectory).standardizedFileURL
        let parent = output.deletingLastPathComponent()
        let name = output.lastPathComponent
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(name).new-\(pid)")
        let retired = parent.appendingPathComponent(".\(name).old-\(pid)")
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
            Self.recoverFromInterruptedWrites(parent: parent, name: name)
            try? manager.removeItem(at: staging)
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            // Folders first (each once, parents before children), then the files on every
            // core with plain POSIX writes: no fsync per file, so 10,000 pages take a
            // second, not a minute; the renames below are what make the site appear at once.
            var folders = Set<String>()
            for path in site.paths {
                var parts = path.split(separator: "/").dropLast()
                while !parts.isEmpty {
                    folders.insert(parts.joined(separator: "/"))
                    parts = parts.dropLast()
                }
            }
            for folder in folders.sorted() {
                try manager.createDirectory(at: staging.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            let base = staging.path
            let failures = ParallelMap.map(site.paths, chunk: 64) { path -> String? in
                Self.writeFile(base + "/" + path, site.files[path]!)
            }
            if let failure = failures.compactMap({ $0 }).first { throw WriteError.io(failure) }
            if manager.fileExists(atPath: output.path) {
                try manager.moveItem(at: output, to: retired)
            }
            try manager.moveItem(at: staging, to: output)
            try? manager.removeItem(at: retired)
        } catch {
            try? manager.removeItem(at: staging)
            if !manager.fileExists(atPath: output.path), manager.fileExists(atPath: retired.path) {
                try? manager.moveItem(at: retired, to: output)
            }
            throw .io("cannot write the site to '\(outputDirectory)': \((error as? WriteError)?.description ?? error.localizedDescription)")
        }
    }

    /// A build killed while writing (SIGTERM, SIGKILL, a crash) leaves its staging folder
    /// behind, and one killed between the two renames leaves the previous site under its
    /// retired name with no output folder. Before writing, the previous site is put back and
    /// what dead builds left is removed; folders of a build still running are left alone.
    static func recoverFromInterruptedWrites(parent: URL, name: String) {
        let manager = FileManager.default
        guard let siblings = try? manager.contentsOfDirectory(atPath: parent.path) else { return }
        let output = parent.appendingPathComponent(name)
        for sibling in siblings.sorted() {
            let kind: String
            if sibling.hasPrefix(".\(name).new-") { kind = "new" } else if sibling.hasPrefix(".\(name).old-") { kind = "old" } else { continue }
            guard let pid = Int32(sibling.dropFirst(name.count + 6)), pid > 0 else { continue }
            // kill(pid, 0) fails with ESRCH only when no such process exists.
            if kill(pid, 0) == 0 || errno != ESRCH { continue }
            let path = parent.appendingPathComponent(sibling)
            if kind == "old", !manager.fileExists(atPath: output.path) {
                try? manager.moveItem(at: path, to: output)
            } else {
                try? manager.removeItem(at: path)
            }
        }
    }
}
