import Foundation
@testable import PorticoSite
import PorticoModel
import TestSupport
import Testing

/// The shortcuts a large site takes must write the same bytes as the long way round.
@Suite("Rendering shortcuts")
struct RenderingShortcutTests {
    @Test("the default page drawn by hand is what Mustache writes", arguments: [
        (description: String?.none, title: "Welcome", root: ""),
        (description: "It's <b>bold</b> & \"quoted\"", title: "A <page>", root: "../../"),
        (description: "", title: "Site", root: "../"),
    ])
    func defaultPage(description: String?, title: String, root: String) throws {
        let theme = try Theme.load(contentDirectory: "/nonexistent")
        #expect(theme.usesDefaultPage)
        var context = PageContext(title: title, description: description, siteTitle: "Site", root: root,
                                  content: "<p>body</p>", navigation: [("Home", "index.html", true)])
        context.navigationHTML = "<ul class=\"nav-list\">\n<li><a href=\"index.html\">Home</a></li>\n</ul>\n"
        #expect(DefaultTheme.render(context) == theme.renderWithMustache(context))
    }

    @Test("a sidebar drawn once per folder marks each page as drawing it per page does")
    func sidebars() {
        let notes = ["index.md", "a/index.md", "a/one.md", "a/two.md", "a/b/three.md", "c/four.md"].map {
            Note(relativePath: $0, displayPath: $0, frontMatter: FrontMatter(), body: "", bodyLine: 1)
        }
        let navigation = Navigation(roots: Navigation.notes(notes, titles: ["Home", "A", "One", "Two", "Three", "Four"]))
        let sidebars = navigation.sidebars(folders: Set(notes.map(\.folder)))
        for note in notes {
            let root = String(repeating: "../", count: note.depth)
            let direct = navigation.html(current: note.outputPath, root: root)
            #expect(navigation.html(current: note.outputPath, root: root, sidebar: sidebars[note.folder]!) == direct, "\(note.relativePath)")
            #expect(direct.contains("aria-current=\"page\""), "\(note.relativePath)")
        }
    }
}
