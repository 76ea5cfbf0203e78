/// The frame every page shares: the theme, the site title and the sidebar. The full build and
/// `serve`'s incremental rebuilds both draw pages through it, so a page redrawn after a change
/// has the bytes a full build would give it.
///
/// The sidebar is drawn once per folder (``Navigation/sidebars(folders:)``); a page's own
/// sidebar is its folder's with `aria-current` added. So two layouts whose drawing of a
/// folder is the same give every page of that folder the same sidebar.
struct PageLayout: Sendable {
    let theme: Theme
    let siteTitle: String
    let navigation: Navigation
    /// Folder of notes (`guide/`, `` for the top) → its sidebar, no page marked current.
    let sidebars: [String: String]
    /// Folder prefix → the breadcrumb of section titles down to it, for search results.
    let sections: [String: String]

    /// - Parameters:
    ///   - titles: indexed like `notes`.
    ///   - reference: the "API reference" section of the sidebar, if the project has APIs.
    init(theme: Theme, siteTitle: String, notes: [Note], titles: [String], reference: Navigation.Node?) {
        var roots = Navigation.notes(notes, titles: titles)
        if let reference { roots.append(reference) }
        self.theme = theme
        self.siteTitle = siteTitle
        navigation = Navigation(roots: roots)
        sidebars = navigation.sidebars(folders: Set(notes.map(\.folder)))
        sections = SiteBuilder.sectionTitles(roots)
    }

    /// The page of a note, around its rendered body.
    func notePage(_ note: Note, title: String, content: String) -> [UInt8] {
        let root = String(repeating: "../", count: note.depth)
        var context = PageContext(
            title: title, description: note.frontMatter.description, siteTitle: siteTitle,
            root: root, content: content, navigation: navigation.flat(current: note.outputPath, root: root))
        context.navigationHTML = navigation.html(current: note.outputPath, root: root, sidebar: sidebars[note.folder] ?? "")
        return Array(theme.render(context).utf8)
    }

    func noteSearch(_ note: Note, title: String) -> SearchIndex.Document {
        SearchIndex.document(title: title, path: note.outputPath, section: SiteBuilder.section(of: note.outputPath, in: sections),
                             text: (note.frontMatter.description ?? "") + "\n" + note.body)
    }

    /// A reference page, around its body.
    func generatedPage(_ page: GeneratedPage) -> String {
        let root = String(repeating: "../", count: page.path.split(separator: "/").count - 1)
        var context = PageContext(title: page.title, description: page.description, siteTitle: siteTitle, root: root,
                                  content: page.html, navigation: navigation.flat(current: page.path, root: root))
        context.navigationHTML = navigation.html(current: page.path, root: root)
        return theme.render(context)
    }

    func generatedSearch(_ page: GeneratedPage) -> SearchIndex.Document {
        SearchIndex.document(title: page.title, path: page.path, section: SiteBuilder.section(of: page.path, in: sections),
                             text: page.searchText)
    }

    /// `404.html`, which the server answers for any path the site does not have.
    /// Servers send 404.html for a missing address at any depth (/a/b/missing), so its links
    /// and stylesheet start at the site's root; only servers show it, never file://.
    func notFoundPage() -> String {
        var notFound = PageContext(title: "Page not found", description: nil, siteTitle: siteTitle, root: "/",
                                   content: "<h1 id=\"page-not-found\">Page not found</h1>\n<p>There is no page at this address. Start again from the <a href=\"/index.html\">home page</a>, or use the search box.</p>\n",
                                   navigation: navigation.flat(current: "404.html", root: "/"))
        notFound.navigationHTML = navigation.html(current: "404.html", root: "/")
        return theme.render(notFound)
    }

    /// The sidebar as a page outside every folder of notes sees it (the reference pages, the
    /// 404 page): all notes' sections closed, unless the site is small enough to open them
    /// all. When it is the same in two layouts, so are those pages' sidebars, whose other
    /// part (the reference section) only a full build changes.
    var outsideNotes: String {
        navigation.html(current: "\u{1}", root: "")
    }

    /// The top-level entries as themes that draw a flat list see them; when they are the
    /// same in two layouts, no page's `{{#navigation}}` differs between them.
    var topLevel: [String] {
        navigation.roots.map { "\($0.title)\u{1}\($0.firstHref ?? "")\u{1}\($0.folder ?? "\u{2}")" }
    }
}
