import Foundation
import Mustache

/// The page template and stylesheet a build uses: the default theme, with any file the
/// project puts in `Content/theme/` taking its place.
public struct Theme: Sendable {
    let page: MustacheTemplate
    /// Whether `page` is the default template, which ``DefaultTheme/render(_:)`` writes
    /// directly: the same bytes, several times faster on a 10,000-page site.
    var usesDefaultPage = false
    public let stylesheet: String
    /// `assets/portico.js`: search, theme toggle, copy buttons; pages read fine without it.
    public let script: String

    public enum LoadError: Error, CustomStringConvertible {
        case template(path: String, message: String)
        public var description: String {
            switch self {
            case let .template(path, message): "\(path): \(message)"
            }
        }
    }

    public static func load(contentDirectory: String) throws(LoadError) -> Theme {
        let themeDirectory = (contentDirectory as NSString).appendingPathComponent("theme")
        let pagePath = (themeDirectory as NSString).appendingPathComponent("page.mustache")
        let cssPath = (themeDirectory as NSString).appendingPathComponent("style.css")
        let pageSource = (try? String(contentsOfFile: pagePath, encoding: .utf8)) ?? DefaultTheme.page
        let css = (try? String(contentsOfFile: cssPath, encoding: .utf8)) ?? DefaultTheme.stylesheet
        let scriptPath = (themeDirectory as NSString).appendingPathComponent("portico.js")
        let script = (try? String(contentsOfFile: scriptPath, encoding: .utf8)) ?? DefaultScript.source
        do {
            var theme = Theme(page: try MustacheTemplate(string: pageSource), stylesheet: css, script: script)
            theme.usesDefaultPage = pageSource == DefaultTheme.page
            return theme
        } catch {
            throw .template(path: pagePath, message: "\(error)")
        }
    }

    /// Renders one page; Mustache escapes every `{{value}}`, and only `{{{content}}}` (HTML
    /// Portico made) is inserted raw.
    func render(_ page: PageContext) -> String {
        usesDefaultPage ? DefaultTheme.render(page) : renderWithMustache(page)
    }

    func renderWithMustache(_ page: PageContext) -> String {
        self.page.render(page.mustacheObject)
    }
}

/// The values a page template sees.
struct PageContext {
    var title: String
    var description: String?
    var siteTitle: String
    var root: String
    var content: String
    var navigation: [(title: String, href: String, current: Bool)]
    /// The sidebar tree, as HTML Portico made (`{{{navigationHTML}}}`).
    var navigationHTML: String = ""

    var documentTitle: String { title == siteTitle ? siteTitle : "\(title) · \(siteTitle)" }

    var mustacheObject: [String: Any] {
        var object: [String: Any] = [
            "title": title, "siteTitle": siteTitle,
            "documentTitle": title == siteTitle ? siteTitle : "\(title) · \(siteTitle)", "root": root, "content": content,
            "navigationHTML": navigationHTML,
            "navigation": navigation.map { ["title": $0.title, "href": $0.href, "current": $0.current] as [String: Any] },
        ]
        if let description { object["description"] = description }
        return object
    }
}
