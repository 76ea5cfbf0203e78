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

        /// The page a collapsed section links to: its own, or its first descendant's.
        var firstHref: String? { href ?? children.lazy.compactMap(\.firstHref).first }
    }

    static let expandAllLimit = 150

    var roots: [Node]
    var entryCount: Int

    init(roots: [Node]) {
        self.roots = roots
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
                result.children.sort(by: Navigation.precedes)
                return result
            }
        }
        let root = Builder(Node(title: "", folder: ""))
        func folderBuilder(_ folder: String) -> Builder {
            var current = root
            var prefix = ""
            for part in folder.split(separator: "/") {
                prefix += part + "/"
                if let next = current.subfolders[String(part)] { current = next; continue }
                let next = Builder(Node(title: sectionTitle(String(part)), folder: prefix))
                current.subfolders[String(part)] = next
                current = next
            }
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

    static func precedes(_ a: Node, _ b: Node) -> Bool {
        let ao = a.order ?? Int.max, bo = b.order ?? Int.max
        if ao != bo { return ao < bo }
        let at = a.title.lowercased(), bt = b.title.lowercased()
        if at != bt { return at < bt }
        return (a.href ?? a.folder ?? "") < (b.href ?? b.folder ?? "")
    }

    static func sectionTitle(_ folder: String) -> String {
        let words = folder.replacing("-", with: " ").replacing("_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// The sidebar HTML for the page at `current`, with links relative to it.
    func html(current: String, root: String) -> String {
        var out = "<ul class=\"nav-list\">\n"
        let expandAll = entryCount <= Self.expandAllLimit
        for node in roots { render(node, current: current, root: root, expandAll: expandAll, into: &out) }
        out += "</ul>\n"
        return out
    }

    private func render(_ node: Node, current: String, root: String, expandAll: Bool, into out: inout String) {
        if let folder = node.folder {
            let open = expandAll || current.hasPrefix(folder)
            out += open ? "<li class=\"nav-section open\">" : "<li class=\"nav-section\">"
            if let href = open ? node.href : node.firstHref {
                let here = href == current ? " aria-current=\"page\"" : ""
                out += "<a class=\"nav-section-title\" href=\"\((root + href).htmlEscaped)\"\(here)>\(node.title.htmlEscaped)</a>"
            } else {
                out += "<span class=\"nav-section-title\">\(node.title.htmlEscaped)</span>"
            }
            if open, !node.children.isEmpty {
                out += "\n<ul>\n"
                for child in node.children { render(child, current: current, root: root, expandAll: expandAll, into: &out) }
                out += "</ul>"
            }
            out += "</li>\n"
        } else if let href = node.href {
            let here = href == current ? " aria-current=\"page\"" : ""
            out += "<li><a href=\"\((root + href).htmlEscaped)\"\(here)>\(node.title.htmlEscaped)</a></li>\n"
        }
    }

    /// The top-level entries, for themes that draw a flat list (`{{#navigation}}`).
    func flat(current: String, root: String) -> [(title: String, href: String, current: Bool)] {
        roots.compactMap { node in
            guard let href = node.firstHref else { return nil }
            return (node.title, root + href, href == current || (node.folder.map { current.hasPrefix($0) } ?? false))
        }
    }
}
