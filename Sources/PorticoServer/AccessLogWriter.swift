import Foundation
import PorticoGateway
import Synchronization

/// Where `serve` puts the access-log lines of the stages that keep one
/// (`accessLogSettings.format`): one file per stage, `{directory}/{api}/{stage}.log` (AWS
/// writes each stage to the log group its settings name), or standard output for
/// `--access-log -`.
///
/// The request path only appends the line the gateway already made to a list under a lock;
/// a task of its own (``run()``) writes what gathered every ``interval``, so no request waits on
/// a disk.
public final class AccessLogWriter: ServedRequestObserver {
    public enum Destination: Sendable, Equatable {
        case directory(String)
        case standardOutput
    }

    public let destination: Destination
    /// How long lines wait before they are written.
    public static let interval: Duration = .milliseconds(100)
    private let pending = Mutex<[(file: String, line: String)]>([])
    private let output: @Sendable (String) -> Void

    /// - Parameter output: where standard output's lines go (a test's console).
    public init(destination: Destination, output: @escaping @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }) {
        self.destination = destination
        self.output = output
    }

    public func served(_ transcript: Transcript) {
        guard let line = transcript.accessLog else { return }
        let file = transcript.api + "/" + transcript.stage
        pending.withLock { $0.append((file, line)) }
    }

    /// Writes what gathered every ``interval`` until cancelled, then once more.
    public func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: Self.interval)
            flush()
        }
        flush()
    }

    /// Writes the lines gathered so far, each stage's in the order they were served.
    public func flush() {
        let lines = pending.withLock { lines in
            defer { lines.removeAll(keepingCapacity: true) }
            return lines
        }
        guard !lines.isEmpty else { return }
        switch destination {
        case .standardOutput:
            output(lines.map { $0.line + "\n" }.joined())
        case .directory(let directory):
            var byFile: [String: String] = [:]
            var order: [String] = []
            for (file, line) in lines {
                if byFile[file] == nil { order.append(file) }
                byFile[file, default: ""] += line + "\n"
            }
            for file in order {
                let path = (directory as NSString).appendingPathComponent(Self.safe(file) + ".log")
                Self.append(byFile[file]!, to: path)
            }
        }
    }

    /// `api/stage` with anything that could leave the directory replaced (`$default` stays).
    static func safe(_ file: String) -> String {
        String(file.map { $0.isLetter || $0.isNumber || "/-_$.".contains($0) ? $0 : "_" }).replacingOccurrences(of: "..", with: "__")
    }

    private static func append(_ text: String, to path: String) {
        let manager = FileManager.default
        try? manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if !manager.fileExists(atPath: path) { manager.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data(text.utf8))
    }
}

/// Told of every request the served gateway answered, with its transcript: the access log,
/// and whatever else watches the gateway. Called on the thread that finished the request, so
/// it must only hand the transcript on.
public protocol ServedRequestObserver: Sendable {
    func served(_ transcript: Transcript)
}
