import Diagnostics
import Foundation
import PorticoModel

/// One Markdown file of Content/, read and split; rendering happens later.
public struct Note: Sendable {
    /// Path inside Content/, with `/` separators (`guide/caching.md`).
    public var relativePath: String
    /// What diagnostics call the file.
    public var displayPath: String
    public var frontMatter: FrontMatter
    public var body: String
    /// The file line on which `body` starts.
    public var bodyLine: Int

    /// The page the note becomes: `guide/caching.md` → `guide/caching.html`.
    public var outputPath: String {
        String(relativePath.dropLast(3)) + ".html"
    }

    /// How many folders deep the page is, for relative links that work from `file://`.
    public var depth: Int { relativePath.split(separator: "/").count - 1 }

    /// The folder the note is in, with a trailing `/` (`guide/`), empty at the top.
    public var folder: String {
        // The UTF-8 view: `lastIndex(of: Character)` walks back grapheme by grapheme, and
        // this runs for every note each time the sidebar is laid out.
        guard let slash = relativePath.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(relativePath[...slash])
    }
}

/// Finds and reads every `.md` file below Content/ (the theme folder excluded), sorted by path
/// so the build does not depend on directory order.
public struct NoteLoader: Sendable {
    public let contentDirectory: String
    public let displayPrefix: String

    public init(contentDirectory: String, displayPrefix: String) {
        self.contentDirectory = contentDirectory
        self.displayPrefix = displayPrefix
    }

    public func load(diagnostics: inout DiagnosticEngine) -> [Note] {
        load(scan().notes, diagnostics: &diagnostics)
    }

    /// The Markdown files and the other files (images, downloads) below Content/, sorted;
    /// hidden files, `theme/`, `apis/`, `portico.yml` and the project's own files (the code of
    /// functions and backends, the buckets' folders: ``ProjectFiles``) are left out.
    public func scan(excluding excluded: ProjectFiles = ProjectFiles(paths: [])) -> (notes: [String], assets: [String]) {
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: contentDirectory) else { return ([], []) }
        var notes: [String] = [], assets: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.hasPrefix("theme/") || path.hasPrefix("apis/") || path == "portico.yml"
                || excluded.contains(path)
                || path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            if path.hasSuffix(".md") {
                notes.append(path)
            } else {
                var isDirectory: ObjCBool = false
                let full = (contentDirectory as NSString).appendingPathComponent(path)
                if manager.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue { assets.append(path) }
            }
        }
        return (notes.sorted(), assets.sorted())
    }

    /// Reads the given notes (paths inside Content/) in parallel, keeping their order.
    public func load(_ paths: [String], diagnostics: inout DiagnosticEngine) -> [Note] {
        let results = ParallelMap.map(paths) { relative -> (Note?, DiagnosticEngine) in
            var local = DiagnosticEngine()
            let note = read(relative, manager: FileManager.default, diagnostics: &local)
            return (note, local)
        }
        var notes: [Note] = []
        notes.reserveCapacity(paths.count)
        for (note, local) in results {
            diagnostics.emit(contentsOf: local.diagnostics)
            if let note { notes.append(note) }
        }
        return notes
    }

    private func read(_ relative: String, manager: FileManager, diagnostics: inout DiagnosticEngine) -> Note? {
        do {
            let display = displayPrefix.isEmpty ? relative : "\(displayPrefix)/\(relative)"
            let full = (contentDirectory as NSString).appendingPathComponent(relative)
            guard let bytes = Self.readFile(full), let text = String(validating: bytes, as: UTF8.self) else {
                diagnostics.error(.noteUnreadable, "cannot read the note as UTF-8 text", at: SourceLocation(file: display, line: 1, column: 1))
                return nil
            }
            let parts = FrontMatter.split(text, path: display, diagnostics: &diagnostics)
            return Note(relativePath: relative, displayPath: display, frontMatter: parts.frontMatter,
                        body: parts.body, bodyLine: parts.bodyLine)
        }
    }

    /// The bytes of a file, read with POSIX calls (FileManager costs more than the read for
    /// the thousands of small notes of a large site).
    static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
        }
    }
}
