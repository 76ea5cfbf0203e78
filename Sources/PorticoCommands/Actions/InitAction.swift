import Foundation

/// `portico init DIR`: writes a starter project, never over an existing one. With
/// `--from TEMPLATE` the project is the template's: Content/ holds a `portico.yml` that names
/// it (`templates: [template.yaml]`) and a home note to write beside the generated reference.
public struct InitAction: Sendable {
    public var directory: String
    /// The SAM or CloudFormation template to start from, as the user named it.
    public var template: String?

    public init(directory: String, template: String? = nil) {
        self.directory = directory
        self.template = template
    }

    /// The files of a project made from `template` (its path from the project folder).
    static func templateProject(template: String, title: String) -> [(path: String, contents: String)] {
        [("Content/portico.yml", """
          site:
            title: \(title)
          # The APIs, stages, functions, user pools and usage plans the template declares; paths are
          # relative to the project folder. `{path: \(template), parameters: {Name: value}}` sets parameters.
          templates: [\(template)]

          """),
         ("Content/index.md", """
          # \(title)

          The [API reference](reference/index.html) is read from `\(template)`. Write notes beside this
          page in Markdown; an ```` ```http example api=NAME stage=STAGE ```` block runs against the template's
          APIs when the site is built.

          """)]
    }

    public func run(console: Console) -> ExitStatus {
        let manager = FileManager.default
        let content = (directory as NSString).appendingPathComponent("Content")
        if manager.fileExists(atPath: content) {
            console.err("error: '\(content)' already exists; portico init does not overwrite a project\n")
            return .inputProblems
        }
        var files = StarterProject.files
        if let template {
            let relative = Self.relativePath(of: template, from: directory)
            guard manager.fileExists(atPath: (directory as NSString).appendingPathComponent(relative)) else {
                console.err("error: template '\(template)' does not exist\n")
                return .inputProblems
            }
            let title = URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
            files = Self.templateProject(template: relative, title: title)
        }
        do {
            for file in files {
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

    /// `template` (a path from the current folder) as a path from the project folder.
    static func relativePath(of template: String, from directory: String) -> String {
        let base = URL(fileURLWithPath: directory).standardizedFileURL.path
        let file = URL(fileURLWithPath: template).standardizedFileURL.path
        return file.hasPrefix(base + "/") ? String(file.dropFirst(base.count + 1)) : file
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
