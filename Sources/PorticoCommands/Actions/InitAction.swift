import Foundation

/// `portico init DIR`: writes a starter project, never over an existing one.
public struct InitAction: Sendable {
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public func run(console: Console) -> ExitStatus {
        let manager = FileManager.default
        let content = (directory as NSString).appendingPathComponent("Content")
        if manager.fileExists(atPath: content) {
            console.err("error: '\(content)' already exists; portico init does not overwrite a project\n")
            return .inputProblems
        }
        do {
            for file in StarterProject.files {
                let path = (directory as NSString).appendingPathComponent(file.path)
                try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
            }
            try ignorePorticoFolder()
        } catch {
            console.err("error: cannot write the project into '\(directory)': \(error.localizedDescription)\n")
            return .inputProblems
        }
        console.out("""
        Created a Portico project in \(directory).
          portico build \(directory)    # Content/ → Site/
          portico serve \(directory)    # http://127.0.0.1:8080

        """)
        return .success
    }

    /// Writes `.gitignore`, or adds `.portico/` to the one the folder already has.
    private func ignorePorticoFolder() throws {
        let path = (directory as NSString).appendingPathComponent(StarterProject.gitignore.path)
        guard let existing = FileManager.default.contents(atPath: path) else {
            try Data(StarterProject.gitignore.contents.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
            return
        }
        let text = String(decoding: existing, as: UTF8.self)
        guard !text.split(whereSeparator: \.isNewline).contains(where: { $0 == StarterProject.ignoredLine || $0 == "/" + StarterProject.ignoredLine })
        else { return }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(((text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + StarterProject.gitignore.contents).utf8))
    }
}
