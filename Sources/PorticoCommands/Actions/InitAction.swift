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
}
