import Diagnostics
import Foundation
import PorticoMarkdown
import PorticoModel

/// Checks and rewrites the links of notes. A relative link to a `.md` file must name a note,
/// and its `#anchor` one of that note's headings; `#anchor` alone must be a heading of the
/// same note; any other relative link must name a file the site will hold (an asset copied
/// from Content/ or a generated page). Each broken one is an error at the link's
/// `path:line:column`. Links with a scheme (`https:`, `mailto:`) are left alone.
struct LinkChecker: Sendable {
    /// Note path inside Content/ → its heading anchors.
    let anchors: [String: Set<String>]
    /// Every other file of the site (assets, generated pages), by path inside the site.
    let files: Set<String>

    struct Target {
        var path: String
        var fragment: String?
    }

    /// Where a destination points inside Content/, or nil for external links.
    static func resolve(_ destination: String, from folder: String) -> Target? {
        if destination.isEmpty || destination.hasPrefix("//") { return nil }
        if let colon = destination.firstIndex(of: ":"),
           destination[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "." || $0 == "-" }),
           destination[..<colon].first?.isLetter == true { return nil }
        var rest = Substring(destination)
        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            fragment = decoded(String(rest[rest.index(after: hash)...]))
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") { rest = rest[..<question] }
        let decoded = decoded(String(rest))
        if decoded.isEmpty { return Target(path: "", fragment: fragment) }
        var parts: [Substring] = decoded.hasPrefix("/") ? [] : folder.split(separator: "/")
        for part in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if parts.isEmpty { return Target(path: "../" + decoded, fragment: fragment) }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        var path = parts.joined(separator: "/")
        if decoded.hasSuffix("/") { path += path.isEmpty ? "index.md" : "/index.md" }
        return Target(path: path, fragment: fragment)
    }

    static func decoded(_ text: String) -> String {
        text.contains("%") ? (text.removingPercentEncoding ?? text) : text
    }

    /// The diagnostics for one note's links.
    func check(_ note: Note, links: [Link], headings: Set<String>) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for link in links {
            guard let target = Self.resolve(link.destination, from: note.folder) else { continue }
            let location = SourceLocation(file: note.displayPath, line: note.bodyLine + link.line - 1, column: link.column)
            let what = link.isImage ? "image" : "link"
            if target.path.isEmpty {
                if let fragment = target.fragment, !fragment.isEmpty, !headings.contains(fragment) {
                    problems.append(.error(.linkAnchor, "broken \(what) '\(link.destination)': this page has no heading with the anchor '#\(fragment)'" + suggestion(fragment, in: headings), at: location))
                }
                continue
            }
            if target.path.hasSuffix(".md") {
                guard let targetAnchors = anchors[target.path] else {
                    problems.append(.error(.linkBroken, "broken \(what) '\(link.destination)': there is no note Content/\(target.path)", at: location))
                    continue
                }
                if let fragment = target.fragment, !fragment.isEmpty, !targetAnchors.contains(fragment) {
                    problems.append(.error(.linkAnchor, "broken \(what) '\(link.destination)': Content/\(target.path) has no heading with the anchor '#\(fragment)'" + suggestion(fragment, in: targetAnchors), at: location))
                }
            } else if !files.contains(target.path) && anchors[String(target.path.dropLast(5)) + ".md"] == nil {
                problems.append(.error(.linkBroken, "broken \(what) '\(link.destination)': the site has no file '\(target.path)'", at: location))
            }
        }
        return problems
    }

    private func suggestion(_ fragment: String, in anchors: Set<String>) -> String {
        let sorted = anchors.sorted()
        let close = closestMatch(to: fragment, in: sorted) ?? sorted.first { $0.hasPrefix(fragment) || fragment.hasPrefix($0) }
        return close.map { "; did you mean '#\($0)'?" } ?? ""
    }

    /// `other.md#x` → `other.html#x`; a folder link `guide/` → `guide/index.html`.
    static func rewrite(_ destination: String) -> String {
        if destination.hasPrefix("#") || destination.hasPrefix("//") { return destination }
        if let colon = destination.firstIndex(of: ":"), destination[..<colon].allSatisfy({ $0.isLetter }) { return destination }
        var path = Substring(destination)
        var suffix = Substring("")
        if let cut = destination.firstIndex(where: { $0 == "#" || $0 == "?" }) {
            path = destination[..<cut]
            suffix = destination[cut...]
        }
        if path.hasSuffix(".md") { return path.dropLast(3) + ".html" + suffix }
        if path.hasSuffix("/") { return path + "index.html" + suffix }
        return destination
    }
}
