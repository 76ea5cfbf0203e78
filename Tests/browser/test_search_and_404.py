"""Search ranking, through the site's own script in Chromium from file://: a page whose title
has the query's words comes before pages that only mention them; an exact word before a word
it begins; ties keep the site's page order. Also the 404 page served for a missing address
deep in the site: its stylesheet and links load from the root."""
import os
import shutil
import subprocess
import tempfile

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

NOTES = {
    # Page order is path order: a, b, c, d.
    "a.md": "# Alpha\n\nA zebra, another zebra and a zebu walk by.\n",
    "b.md": "# Zebra facts\n\nStripes.\n",
    "c.md": "# Zebus\n\nCattle, not a zebra.\n",
    "d.md": "# Delta\n\nNothing striped here; zebrafish are fish.\n",
}

QUERY = """
var done = arguments[arguments.length - 1];
window.PorticoSearch.query(arguments[0], function (hits) {
  window.PorticoSearch.describe(hits, function (entries) { done(entries.map(function (e) { return e[1]; })); });
});
"""


@pytest.fixture(scope="module")
def ranking_site():
    folder = tempfile.mkdtemp(prefix="portico-ranking-")
    content = os.path.join(folder, "Content")
    os.makedirs(content)
    with open(os.path.join(content, "portico.yml"), "w") as f:
        f.write("site: {title: Ranking}\n")
    for name, text in NOTES.items():
        with open(os.path.join(content, name), "w") as f:
            f.write(text)
    binary = os.environ.get("PORTICO_BIN", os.path.join(REPO, ".build", "debug", "portico"))
    subprocess.run([binary, "build", folder], check=True, capture_output=True)
    yield os.path.join(folder, "Site")
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def drained_logs(browser):
    """The browser is shared: leave no file:// request in its log for the served-site test."""
    yield
    browser.get_log("performance")
    browser.get_log("browser")


def search(browser, site, query):
    browser.get("file://" + os.path.join(site, "a.html"))
    return browser.execute_async_script(QUERY, query)


def test_title_matches_rank_before_body_matches(ranking_site, browser):
    # "zebra": in b's title; in a's and c's bodies (a first: page order); d has only "zebrafish",
    # which the last word of a query matches as a prefix, below every exact match.
    assert search(browser, ranking_site, "zebra") == ["b.html", "a.html", "c.html", "d.html"]
    # "zebu": c's title begins with it (Zebus) → above a, whose body has the exact word.
    assert search(browser, ranking_site, "zebu") == ["c.html", "a.html"]
    # Every word must match; the title match still leads.
    assert search(browser, ranking_site, "zebra stripes") == ["b.html"]
    assert search(browser, ranking_site, "nothing here at all") == []


def test_the_404_page_works_at_any_depth(server, browser):
    # `portico serve` answers a missing address with 404.html; its links start at the root.
    browser.get(server + "/a/b/missing")
    assert "Page not found" in browser.title
    rules = browser.execute_script("return document.styleSheets.length && document.styleSheets[0].cssRules.length")
    assert rules > 0, "the 404 page's stylesheet did not load"
    home = browser.execute_script("return document.querySelector('main a').href")
    assert home == server + "/index.html"
    assert browser.execute_script("return typeof window.PorticoSearch") == "object", "the 404 page's script did not load"
