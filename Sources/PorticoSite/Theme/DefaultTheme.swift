/// The default theme, compiled into the binary so a copied `portico` needs no resource
/// bundle. A project overrides any file with `Content/theme/page.mustache`,
/// `Content/theme/style.css` or `Content/theme/portico.js`.
///
/// The page works without its script: the search box and the theme toggle are `hidden` until
/// `portico.js` shows them; the light and dark palettes follow the system preference, and
/// `data-theme` on `<html>` (set by the toggle) overrides it. Colours meet WCAG AA (4.5:1 for
/// text) in both palettes, placeholders included: Tests/browser/test_contrast.py measures
/// every text element of representative pages in Chromium.
enum DefaultTheme {
    static let page = #"""
<!doctype html>
<html lang="en" data-root="{{root}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{documentTitle}}</title>
{{#description}}<meta name="description" content="{{description}}">
{{/description}}<meta name="generator" content="Portico">
<link rel="stylesheet" href="{{root}}assets/portico.css">
<script defer src="{{root}}assets/portico.js"></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
<a class="site-title" href="{{root}}index.html">{{siteTitle}}</a>
<form class="search" role="search" hidden>
<label class="visually-hidden" for="search-input">Search the site</label>
<input id="search-input" type="search" placeholder="Search (press /)" autocomplete="off" aria-describedby="search-status" aria-controls="search-results">
<span id="search-status" class="search-status visually-hidden" role="status" aria-live="polite"></span>
<ul id="search-results" class="search-results" hidden></ul>
</form>
<button type="button" class="theme-toggle" aria-pressed="false" hidden>Dark theme</button>
</header>
<div class="layout">
<nav class="sidebar" aria-label="Site">
{{{navigationHTML}}}</nav>
<main id="main" tabindex="-1">
{{{content}}}
</main>
</div>
<footer class="site-footer"><p>Built by Portico. Every example on this site was executed by its API Gateway simulator.</p></footer>
</body>
</html>

"""#

    /// ``page`` rendered by hand for a context: what Mustache writes, without interpreting
    /// the template for every page.
    static func render(_ page: PageContext) -> String {
        var out = ""
        out.reserveCapacity(page.content.utf8.count + page.navigationHTML.utf8.count + 2048)
        let root = page.root.htmlEscaped
        out += "<!doctype html>\n<html lang=\"en\" data-root=\"\(root)\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
        out += page.documentTitle.htmlEscaped
        out += "</title>\n"
        if let description = page.description {
            out += "<meta name=\"description\" content=\"\(description.htmlEscaped)\">\n"
        }
        out += "<meta name=\"generator\" content=\"Portico\">\n"
        out += "<link rel=\"stylesheet\" href=\"\(root)assets/portico.css\">\n<script defer src=\"\(root)assets/portico.js\"></script>\n</head>\n<body>\n"
        out += "<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n<header class=\"site-header\">\n"
        out += "<a class=\"site-title\" href=\"\(root)index.html\">\(page.siteTitle.htmlEscaped)</a>\n"
        out += Self.headerTools
        out += "<div class=\"layout\">\n<nav class=\"sidebar\" aria-label=\"Site\">\n"
        out += page.navigationHTML
        out += "</nav>\n<main id=\"main\" tabindex=\"-1\">\n"
        out += page.content
        out += "\n</main>\n</div>\n"
        out += Self.footer
        return out
    }

    static let headerTools = """
        <form class="search" role="search" hidden>
        <label class="visually-hidden" for="search-input">Search the site</label>
        <input id="search-input" type="search" placeholder="Search (press /)" autocomplete="off" aria-describedby="search-status" aria-controls="search-results">
        <span id="search-status" class="search-status visually-hidden" role="status" aria-live="polite"></span>
        <ul id="search-results" class="search-results" hidden></ul>
        </form>
        <button type="button" class="theme-toggle" aria-pressed="false" hidden>Dark theme</button>
        </header>

        """

    static let footer = """
        <footer class="site-footer"><p>Built by Portico. Every example on this site was executed by its API Gateway simulator.</p></footer>
        </body>
        </html>

        """

    static let stylesheet = #"""
:root {
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --accent: #0b5cad;
  --code-bg: #f6f8fa; --note-bg: #fff8c5; --ok: #116329; --warn: #7a4d00; --err: #b3261e;
  --tok-key: #0550ae; --tok-str: #0a3069; --tok-num: #953800; --tok-kw: #a40e26; --tok-var: #6639ba;
  --tok-com: #59636e; --tok-opt: #116329;
  color-scheme: light;
}
@media (prefers-color-scheme: dark) {
  :root:not([data-theme="light"]) {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --accent: #58a6ff;
    --code-bg: #161b22; --note-bg: #2d2a12; --ok: #3fb950; --warn: #d29922; --err: #f85149;
    --tok-key: #79c0ff; --tok-str: #a5d6ff; --tok-num: #ffa657; --tok-kw: #ff7b72; --tok-var: #d2a8ff;
    --tok-com: #9198a1; --tok-opt: #7ee787;
    color-scheme: dark;
  }
}
:root[data-theme="dark"] {
  --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --accent: #58a6ff;
  --code-bg: #161b22; --note-bg: #2d2a12; --ok: #3fb950; --warn: #d29922; --err: #f85149;
  --tok-key: #79c0ff; --tok-str: #a5d6ff; --tok-num: #ffa657; --tok-kw: #ff7b72; --tok-var: #d2a8ff;
  --tok-com: #9198a1; --tok-opt: #7ee787;
  color-scheme: dark;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
       font: 16px/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip-link { position: absolute; left: -999px; top: 0; background: var(--bg); padding: .5rem 1rem; }
.skip-link:focus { left: 0; z-index: 10; }
.site-header { border-bottom: 1px solid var(--border); padding: .75rem 1.5rem; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
.site-title { font-weight: 600; text-decoration: none; color: var(--fg); margin-right: auto; }
.search { position: relative; }
.search input { font: inherit; padding: .3rem .6rem; width: 18rem; max-width: 60vw; border: 1px solid var(--border); border-radius: 6px; background: var(--bg); color: var(--fg); }
.search input::placeholder { color: var(--muted); opacity: 1; }
.search-results { position: absolute; right: 0; z-index: 20; list-style: none; margin: .25rem 0 0; padding: .25rem; width: 26rem; max-width: 90vw; max-height: 70vh; overflow-y: auto;
                  background: var(--bg); border: 1px solid var(--border); border-radius: 6px; box-shadow: 0 4px 16px rgba(0,0,0,.2); }
.search-results a { display: block; padding: .35rem .5rem; border-radius: 4px; text-decoration: none; }
.search-results a:hover, .search-results a:focus { background: var(--code-bg); }
.result-title { display: block; }
.result-section { display: block; font-size: .8rem; color: var(--muted); }
.theme-toggle { font: inherit; font-size: .85rem; padding: .3rem .6rem; border: 1px solid var(--border); border-radius: 6px; background: var(--bg); color: var(--fg); cursor: pointer; }
.layout { display: flex; gap: 2rem; max-width: 84rem; margin: 0 auto; padding: 1.5rem; }
.sidebar { flex: 0 0 16rem; font-size: .95rem; }
.sidebar ul { list-style: none; padding: 0; margin: 0; }
.sidebar ul ul { padding-left: .9rem; border-left: 1px solid var(--border); margin-left: .5rem; }
.sidebar a, .nav-section-title { display: block; padding: .2rem .5rem; border-radius: 4px; text-decoration: none; }
.nav-section > .nav-section-title { font-weight: 600; color: var(--fg); }
.sidebar a[aria-current="page"] { background: var(--code-bg); font-weight: 600; }
main { flex: 1; min-width: 0; }
main:focus { outline: none; }
pre { background: var(--code-bg); border: 1px solid var(--border); border-radius: 6px; padding: .75rem 1rem; overflow-x: auto; }
code { font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; }
.tok-key { color: var(--tok-key); } .tok-str { color: var(--tok-str); } .tok-num { color: var(--tok-num); }
.tok-kw { color: var(--tok-kw); font-weight: 600; } .tok-var { color: var(--tok-var); } .tok-com { color: var(--tok-com); font-style: italic; }
.tok-opt { color: var(--tok-opt); }
table { border-collapse: collapse; margin: 1rem 0; display: block; overflow-x: auto; }
th, td { border: 1px solid var(--border); padding: .35rem .75rem; text-align: left; vertical-align: top; }
table.facts th { font-weight: 600; white-space: nowrap; }
.method { font: 600 13px/1 ui-monospace, monospace; padding: .15rem .4rem; border-radius: 4px; border: 1px solid currentColor; }
.method-get { color: var(--ok); } .method-post, .method-put, .method-patch { color: var(--tok-key); } .method-delete { color: var(--err); }
.breadcrumb { font-size: .9rem; margin: 0; }
ul.schema, ul.schema ul { list-style: none; margin: .25rem 0; padding-left: 1.1rem; border-left: 1px solid var(--border); }
ul.schema ol.schema-branches { list-style: decimal; margin: .25rem 0; padding-left: 2rem; border-left: 1px dashed var(--border); }
ul.schema { padding-left: .6rem; }
ul.schema li { margin: .2rem 0; }
.schema-type, .schema-format, .schema-combinator { font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; color: var(--tok-key); }
.schema-format::before { content: "("; } .schema-format::after { content: ")"; }
.schema-required { font-size: .8rem; font-weight: 600; color: var(--err); }
.schema-enum, .schema-constraints, .schema-default, .schema-note { font-size: .85rem; color: var(--muted); }
.schema-description { display: block; color: var(--muted); font-size: .9rem; }
.schema-content-type { margin: .75rem 0 .25rem; }
.diagram { margin: 1rem 0; overflow-x: auto; }
.diagram svg { max-width: 100%; height: auto; }
:root[data-theme="dark"] figure.diagram:not(.sequence-diagram) > svg { background: #ffffff; border-radius: 6px; }
@media (prefers-color-scheme: dark) { :root:not([data-theme="light"]) figure.diagram:not(.sequence-diagram) > svg { background: #ffffff; border-radius: 6px; } }
svg.sequence { color: var(--fg); }
.seq-box { fill: var(--code-bg); stroke: var(--accent); }
.seq-note { fill: var(--note-bg); stroke: var(--muted); }
.seq-number { fill: var(--accent); } .seq-number-text { fill: var(--bg); }
.seq-lifeline { stroke: var(--muted); }
.example { border: 1px solid var(--border); border-radius: 8px; margin: 1.5rem 0; padding: 0 1rem 1rem; }
.example figcaption { font-size: .85rem; color: var(--muted); padding: .5rem 0; }
.example-label { font-weight: 600; text-transform: uppercase; letter-spacing: .05em; }
.example-wait { font-size: .85rem; color: var(--muted); margin: .5rem 0; font-style: italic; }
.exchange h4 { margin: .75rem 0 .25rem; font-size: .9rem; }
.authorizer h5 { margin: .5rem 0 .25rem; font-size: .85rem; }
.authorizer-heading { font-size: .85rem; color: var(--muted); margin: .25rem 0; }
.copy-curl { font: inherit; font-size: .8rem; padding: .2rem .5rem; border: 1px solid var(--border); border-radius: 4px; background: var(--bg); color: var(--fg); cursor: pointer; }
.status { font-family: ui-monospace, monospace; padding: 0 .4rem; border-radius: 4px; }
.status-2xx { color: var(--ok); } .status-4xx { color: var(--warn); } .status-5xx { color: var(--err); }
.trace table { width: 100%; font-size: .85rem; display: table; }
.trace .outcome-fail td, .trace .outcome-answer td:nth-child(2) { font-weight: 600; }
.trace .outcome-bypassed, .trace .outcome-skip { color: var(--muted); }
details summary { cursor: pointer; margin: .5rem 0; }
.example-note, .burst-sent, .burst-summary { font-size: .9rem; margin: .5rem 0; }
.example-note { color: var(--muted); }
.burst-outcomes { font-size: .85rem; }
.side-by-side { display: grid; grid-template-columns: 1fr 1fr; gap: .75rem; margin: .5rem 0 1rem; }
.side-by-side figure { margin: 0; min-width: 0; }
.side-by-side figcaption { font-size: .85rem; font-weight: 600; margin-bottom: .25rem; }
.release-changes li.added > strong { color: #1a7f37; }
.release-changes li.removed > strong { color: #cf222e; }
.release-changes li.changed > strong { color: #9a6700; }
.burst-outcomes td { padding: .2rem .6rem; }
.ws-transcript { list-style: none; padding: 0; margin: .5rem 0; font-size: .9rem; }
.ws-transcript > li { padding: .3rem .5rem; border-left: 3px solid var(--border); margin: .15rem 0; overflow-wrap: anywhere; }
.ws-transcript .ws-send, .ws-transcript .ws-connect, .ws-transcript .ws-disconnect { border-left-color: var(--accent); }
.ws-transcript .ws-receive { border-left-color: var(--ok); background: var(--code-bg); }
.ws-transcript .ws-close, .ws-transcript .ws-expired { border-left-color: var(--err); }
.ws-transcript .ws-manage { border-left-color: var(--warn); }
.ws-transcript .ws-wait { border-left-style: dashed; color: var(--muted); font-style: italic; }
.ws-client { display: inline-block; min-width: 1.6rem; font: 600 12px/1.6 ui-monospace, monospace; text-align: center; border: 1px solid currentColor; border-radius: 4px; padding: 0 .3rem; }
.ws-arrow { font-weight: 600; padding: 0 .25rem; }
.ws-route { font-size: .8rem; color: var(--muted); }
.ws-details summary { margin: .2rem 0; font-size: .8rem; color: var(--muted); }
.ws-details table.trace { display: table; width: 100%; font-size: .8rem; }
.ws-details h5 { margin: .5rem 0 .25rem; font-size: .8rem; }
.ws-live { font-size: .85rem; }
.ws-live .ws-transcript { max-height: 24rem; overflow-y: auto; }
.burst-marks { font: 14px/1.2 ui-monospace, SFMono-Regular, Menlo, monospace; letter-spacing: .05em; white-space: nowrap; }
.burst-legend { list-style: none; padding: 0; margin: .5rem 0; font-size: .85rem; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
.burst-mark { font-family: ui-monospace, monospace; }
.burst-shown { font-size: .9rem; margin: 1rem 0 .25rem; }
.bucket-diagram figcaption { font-size: .85rem; color: var(--muted); }
svg.bucket-chart { color: var(--fg); }
.bucket-line { stroke: var(--accent); } circle.bucket-line { fill: var(--accent); }
.bucket-refused { stroke: var(--err); }
.bucket-burst, .bucket-axis { stroke: var(--muted); }
.bucket-label { fill: var(--muted); }
.site-footer { border-top: 1px solid var(--border); color: var(--muted); font-size: .85rem; padding: .5rem 1.5rem; text-align: center; }
@media (max-width: 48rem) { .layout { flex-direction: column; } .sidebar { flex: none; } .search input { width: 100%; } }
@media print {
  .sidebar, .site-header, .skip-link, .site-footer, .copy-curl { display: none; }
  details > * { display: block; }
  pre { white-space: pre-wrap; }
  a { color: inherit; }
}

"""#
}
