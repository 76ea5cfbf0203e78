/// The sidebar as a tree: folders of Content/ are sections (a folder's `index.md` gives the
/// section its title, order and page), then the generated "API reference" section. Siblings
/// are ordered by front-matter `order`, then title; the site's `index.md` comes first.
///
/// Large sites stay small per page: a section is expanded only on the path to the current
/// page (as Material for MkDocs does), unless the whole site has at most
/// ``expandAllLimit`` entries.
struct Navigation: Sendable {
    struct Node: Sendable {
        var title: String
        /// The page, as a path inside the site.
        var href: String?
        /// For sections: the folder prefix (`guide/`) of the pages inside.
        var folder: String?
        var order: Int?
        var children: [Node] = []
        /// Filled by ``Navigation/init(roots:)``: the escaped title, page and first page, so
        /// drawing the sidebar of each of 10,000 pages escapes nothing.
        var titleHTML = ""
        var hrefHTML: String?
        var firstHrefHTML: String?
        /// The folder of `href` (`guide/`) and its file name, escaped: a page in the same
        /// folder links with the name alone, which keeps each sidebar short.
        var hrefFolder = ""
        var hrefNameHTML = ""

        /// The page a collapsed section links to: its own, or its first descendant's.
        var firstHref: String? { href ?? children.lazy.compactMap(\.firstHref).first }
    }

    static let expandAllLimit = 150

    var roots: [Node]
    var entryCount: Int

    init(roots: [Node]) {
        func prepare(_ node: Node) -> Node {
            var node = node
            node.children = node.children.map(prepare)
            node.titleHTML = node.title.htmlEscaped
            node.hrefHTML = node.href?.htmlEscaped
            node.firstHrefHTML = node.firstHref?.htmlEscaped
            if let href = node.href {
                let slash = href.utf8.lastIndex(of: UInt8(ascii: "/"))
                node.hrefFolder = slash.map { String(href[...$0]) } ?? ""
                node.hrefNameHTML = String(slash.map { href[href.index(after: $0)...] } ?? href[...]).htmlEscaped
            }
            return node
        }
        self.roots = roots.map(prepare)
        func count(_ nodes: [Node]) -> Int { nodes.reduce(0) { $0 + 1 + count($1.children) } }
        entryCount = count(roots)
    }

    /// The tree of notes; `titles` is indexed like `notes`.
    static func notes(_ notes: [Note], titles: [String]) -> [Node] {
        final class Builder {
            var node: Node
            var subfolders: [String: Builder] = [:]
            init(_ node: Node) { self.node = node }
            func finish() -> Node {
                var result = node
                result.children += subfolders.values.map { $0.finish() }
                result.children = Navigation.sorted(result.children)
                return result
            }
        }
        let root = Builder(Node(title: "", folder: ""))
        // Notes come folder by folder: each folder's path is walked once.
        var builders: [String: Builder] = [:]
        func folderBuilder(_ folder: String) -> Builder {
            if let known = builders[folder] { return known }
            var current = root
            var prefix = ""
            for part in folder.split(separator: "/") {
                prefix += part + "/"
                if let next = current.subfolders[String(part)] { current = next; continue }
                let next = Builder(Node(title: sectionTitle(String(part)), folder: prefix))
                current.subfolders[String(part)] = next
                current = next
            }
            builders[folder] = current
            return current
        }
        var home: Node?
        for (note, title) in zip(notes, titles) {
            let isIndex = note.relativePath == "index.md" || note.relativePath.hasSuffix("/index.md")
            if note.relativePath == "index.md" {
                home = Node(title: title, href: note.outputPath, order: Int.min)
            } else if isIndex {
                let builder = folderBuilder(note.folder)
                builder.node.title = title
                builder.node.href = note.outputPath
                builder.node.order = note.frontMatter.order
            } else {
                folderBuilder(note.folder).node.children.append(Node(title: title, href: note.outputPath, order: note.frontMatter.order))
            }
        }
        var nodes = root.finish().children
        if let home { nodes.insert(home, at: 0) }
        return nodes
    }

    /// Siblings in sidebar order: front-matter `order`, then title ignoring case, then path.
    /// Each title is lower-cased once, not once per comparison.
    static func sorted(_ nodes: [Node]) -> [Node] {
        nodes.map { (order: $0.order ?? Int.max, title: $0.title.lowercased(), path: $0.href ?? $0.folder ?? "", node: $0) }
            .sorted { a, b in
                if a.order != b.order { return a.order < b.order }
                if a.title != b.title { return a.title < b.title }
                return a.path < b.path
            }
            .map(\.node)
    }

    static func sectionTitle(_ folder: String) -> String {
        let words = folder.replacing("-", with: " ").replacing("_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// The sidebar HTML for the page at `current`, with links relative to it.
    func html(current: String, root: String) -> String {
        var out = "<ul class=\"nav-list\">\n"
        out.reserveCapacity(8192)
        let expandAll = entryCount <= Self.expandAllLimit
        for node in roots { render(node, current: current, root: root, expandAll: expandAll, into: &out) }
        out += "</ul>\n"
        return out
    }

    private func render(_ node: Node, current: String, root: String, expandAll: Bool, into out: inout String) {
        let slash = current.utf8.lastIndex(of: UInt8(ascii: "/"))
        render(node, current: current, currentFolder: slash.map { String(current[...$0]) } ?? "", root: root, expandAll: expandAll, into: &out)
    }

    private func render(_ node: Node, current: String, currentFolder: String, root: String, expandAll: Bool, into out: inout String) {
        if let folder = node.folder {
            let open = expandAll || current.hasPrefix(folder)
            out += open ? "<li class=\"nav-section open\">" : "<li class=\"nav-section\">"
            if let href = open ? node.hrefHTML : node.firstHrefHTML {
                out += "<a class=\"nav-section-title\" href=\""
                out += root
                out += href
                out += node.href == current && open ? "\" aria-current=\"page\">" : "\">"
                out += node.titleHTML
                out += "</a>"
            } else {
                out += "<span class=\"nav-section-title\">"
                out += node.titleHTML
                out += "</span>"
            }
            if open, !node.children.isEmpty {
                out += "\n<ul>\n"
                for child in node.children { render(child, current: current, currentFolder: currentFolder, root: root, expandAll: expandAll, into: &out) }
                out += "</ul>"
            }
            out += "</li>\n"
        } else if let href = node.hrefHTML {
            out += "<li><a href=\""
            // A root-absolute page (404.html, served at any depth) links from the root only.
            if node.hrefFolder == currentFolder, !root.hasPrefix("/") {
                out += node.hrefNameHTML
            } else {
                out += root
                out += href
            }
            out += node.href == current ? "\" aria-current=\"page\">" : "\">"
            out += node.titleHTML
            out += "</a></li>\n"
        }
    }

    /// The sidebar of each folder with no page marked current: every page of a folder has
    /// the same sidebar but for that mark, so a 10,000-page site draws about a hundred.
    func sidebars(folders: Set<String>) -> [String: String] {
        let list = folders.sorted()
        let drawn = ParallelMap.map(list, chunk: 1) { folder in
            html(current: folder + "\u{1}", root: String(repeating: "../", count: folder.split(separator: "/").count))
        }
        return Dictionary(uniqueKeysWithValues: zip(list, drawn))
    }

    /// The sidebar for `current` from its folder's drawing: `aria-current` added to the
    /// page's own link. The same bytes as ``html(current:root:)``.
    func html(current: String, root: String, sidebar: String) -> String {
        let slash = current.utf8.lastIndex(of: UInt8(ascii: "/"))
        let name = String(slash.map { current[current.index(after: $0)...] } ?? current[...]).htmlEscaped
        var bytes = Array(sidebar.utf8)
        for (prefix, link) in [("<li><a href=\"", name), ("<a class=\"nav-section-title\" href=\"", (root + current).htmlEscaped)] {
            let needle = Array((prefix + link + "\">").utf8)
            if let at = Self.find(needle, in: bytes) {
                bytes.insert(contentsOf: " aria-current=\"page\"".utf8, at: at + needle.count - 1)
                return String(decoding: bytes, as: UTF8.self)
            }
        }
        return sidebar
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var index = 0
        while index <= bytes.count - needle.count {
            if bytes[index] == first {
                var matched = 1
                while matched < needle.count, bytes[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return index }
            }
            index += 1
        }
        return nil
    }

    /// The top-level entries, for themes that draw a flat list (`{{#navigation}}`).
    func flat(current: String, root: String) -> [(title: String, href: String, current: Bool)] {
        roots.compactMap { node in
            guard let href = node.firstHref else { return nil }
            return (node.title, root + href, href == current || (node.folder.map { current.hasPrefix($0) } ?? false))
        }
    }
}
