import Diagnostics
import Foundation
import Yams

/// One YAML or JSON file, read and composed into a node tree that keeps line and column marks.
///
/// JSON is read through the same YAML composer (JSON is, for the files users write, a subset
/// of YAML 1.2), so every diagnostic in either format points into the file the user wrote.
public struct YAMLSource: Sendable {
    /// Files larger than this are refused before parsing (AWS refuses imports over 6 MB;
    /// a little headroom keeps hand-written specs with comments loadable).
    public static let maximumSize = 16 * 1024 * 1024

    /// Collections nested deeper than this are refused while composing, so no input can
    /// exhaust the stack of the loaders that walk the tree. Real definitions stay under 30.
    public static let maximumDepth = 128

    /// Aliases may repeat at most this many nodes in total, so a small document cannot expand
    /// exponentially ("billion laughs") in the loaders that walk it.
    public static let maximumAliasExpansion = 100_000

    public let path: String
    public let text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// Reads a file; every failure becomes a located diagnostic, never a throw.
    public static func read(path: String, displayPath: String, diagnostics: inout DiagnosticEngine) -> YAMLSource? {
        let start = SourceLocation(file: displayPath, line: 1, column: 1)
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.error(.fileUnreadable, "cannot read file", at: start)
            return nil
        }
        guard data.count <= maximumSize else {
            diagnostics.error(.fileTooLarge, "file is \(data.count) bytes; the limit is \(maximumSize) bytes", at: start)
            return nil
        }
        guard let text = String(validatingUTF8Data: data) else {
            diagnostics.error(.fileEncoding, "file is not valid UTF-8 text", at: start)
            return nil
        }
        return YAMLSource(path: displayPath, text: text)
    }

    /// The document's root node, or nil with a diagnostic for an empty or malformed document.
    public func compose(diagnostics: inout DiagnosticEngine) -> Node? {
        return composeCollectingReferences(diagnostics: &diagnostics)?.root
    }

    /// The root node and every `$ref` value in the document (see ``YAMLComposer``).
    func composeCollectingReferences(diagnostics: inout DiagnosticEngine) -> (root: Node, references: [(String, Node)])? {
        if text.utf8.contains(0) {
            diagnostics.error(.fileEncoding, "file contains a NUL byte; it is not a text file", at: location(line: 1, column: 1))
            return nil
        }
        switch YAMLComposer.composeCollectingReferences(self) {
        case .success(let composed):
            guard let root = composed.root else {
                diagnostics.error(.yamlEmpty, "file is empty; expected a mapping", at: location(line: 1, column: 1))
                return nil
            }
            return (root, composed.references)
        case .failure(let problem):
            diagnostics.emit(problem)
            return nil
        }
    }

    public func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: path, line: line, column: column)
    }

    public func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return location(line: 1, column: 1) }
        return location(line: mark.line, column: mark.column)
    }
}

extension String {
    init?(validatingUTF8Data data: Data) {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        self = text
    }
}
