/// The default theme, compiled into the binary so a copied `portico` needs no resource
/// bundle. A project overrides either file with `Content/theme/page.mustache` or
/// `Content/theme/style.css`.
enum DefaultTheme {
    static let page = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{documentTitle}}</title>
{{#description}}<meta name="description" content="{{description}}">
{{/description}}<meta name="generator" content="Portico">
<link rel="stylesheet" href="{{root}}assets/portico.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
<a class="site-title" href="{{root}}index.html">{{siteTitle}}</a>
</header>
<div class="layout">
<nav class="sidebar" aria-label="Pages">
<ul>
{{#navigation}}<li><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{title}}</a></li>
{{/navigation}}</ul>
</nav>
<main id="main" tabindex="-1">
{{{content}}}
</main>
</div>
</body>
</html>

"""#

    static let stylesheet = #"""
:root {
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --border: #d1d9e0; --accent: #0b5cad;
  --code-bg: #f6f8fa; --ok: #116329; --warn: #7a4d00; --err: #b3261e;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --border: #3d444d; --accent: #58a6ff;
          --code-bg: #161b22; --ok: #3fb950; --warn: #d29922; --err: #f85149; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
       font: 16px/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; }
a { color: var(--accent); }
.skip-link { position: absolute; left: -999px; top: 0; background: var(--bg); padding: .5rem 1rem; }
.skip-link:focus { left: 0; z-index: 10; }
.site-header { border-bottom: 1px solid var(--border); padding: .75rem 1.5rem; }
.site-title { font-weight: 600; text-decoration: none; color: var(--fg); }
.layout { display: flex; gap: 2rem; max-width: 80rem; margin: 0 auto; padding: 1.5rem; }
.sidebar { flex: 0 0 14rem; }
.sidebar ul { list-style: none; padding: 0; margin: 0; }
.sidebar a { display: block; padding: .25rem .5rem; border-radius: 4px; text-decoration: none; }
.sidebar a[aria-current="page"] { background: var(--code-bg); font-weight: 600; }
main { flex: 1; min-width: 0; }
pre { background: var(--code-bg); border: 1px solid var(--border); border-radius: 6px; padding: .75rem 1rem; overflow-x: auto; }
code { font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid var(--border); padding: .35rem .75rem; text-align: left; vertical-align: top; }
.diagram svg { max-width: 100%; height: auto; }
.example { border: 1px solid var(--border); border-radius: 8px; margin: 1.5rem 0; padding: 0 1rem 1rem; }
.example figcaption { font-size: .85rem; color: var(--muted); padding: .5rem 0; }
.example-label { font-weight: 600; text-transform: uppercase; letter-spacing: .05em; }
.exchange h4 { margin: .75rem 0 .25rem; font-size: .9rem; }
.status { font-family: ui-monospace, monospace; padding: 0 .4rem; border-radius: 4px; }
.status-2xx { color: var(--ok); } .status-4xx { color: var(--warn); } .status-5xx { color: var(--err); }
.trace table { width: 100%; font-size: .85rem; }
.trace .outcome-fail td, .trace .outcome-answer td:nth-child(2) { font-weight: 600; }
.trace .outcome-bypassed, .trace .outcome-skip { color: var(--muted); }
details summary { cursor: pointer; margin: .5rem 0; }
@media (max-width: 48rem) { .layout { flex-direction: column; } .sidebar { flex: none; } }
@media print { .sidebar, .site-header, .skip-link { display: none; } details { display: block; } }

"""#
}
