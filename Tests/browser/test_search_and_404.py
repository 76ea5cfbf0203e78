"""Search ranking, through the site's own script in Chromium from file://: a page whose title
has the query's words comes before pages that only mention them; an exact word before a word
it begins; ties keep the site's page order. Also the 404 page served for a missing address
deep in the site: its stylesheet and links load from the root. The ranking is the same for
words most pages hold, which the index keeps as bitmaps."""
import os
import re
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

# The addresses of the results, best first, and how many pages match.
QUERY = """
var done = arguments[arguments.length - 1];
window.PorticoSearch.query(arguments[0], function (hits) {
  window.PorticoSearch.describe(hits, function (entries) {
    done({total: hits.total, pages: entries.map(function (e) { return e[1]; })});
  });
});
"""


def build_site(notes, prefix):
    folder = tempfile.mkdtemp(prefix=prefix)
    content = os.path.join(folder, "Content")
    os.makedirs(content)
    with open(os.path.join(content, "portico.yml"), "w") as f:
        f.write("site: {title: Ranking}\n")
    for name, text in notes.items():
        with open(os.path.join(content, name), "w") as f:
            f.write(text)
    binary = os.environ.get("PORTICO_BIN", os.path.join(REPO, ".build", "debug", "portico"))
    subprocess.run([binary, "build", folder], check=True, capture_output=True)
    return folder


@pytest.fixture(scope="module")
def ranking_site():
    folder = build_site(NOTES, "portico-ranking-")
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
    return browser.execute_async_script(QUERY, query)["pages"]


def test_title_matches_rank_before_body_matches(ranking_site, browser):
    # "zebra": in b's title; in a's and c's bodies (a first: page order); d has only "zebrafish",
    # which the last word of a query matches as a prefix, below every exact match.
    assert search(browser, ranking_site, "zebra") == ["b.html", "a.html", "c.html", "d.html"]
    # "zebu": c's title begins with it (Zebus) → above a, whose body has the exact word.
    assert search(browser, ranking_site, "zebu") == ["c.html", "a.html"]
    # Every word must match; the title match still leads.
    assert search(browser, ranking_site, "zebra stripes") == ["b.html"]
    assert search(browser, ranking_site, "nothing here at all") == []


# 40 pages in page order p00 … p39: "gateway" is in most bodies, so the index holds it as a
# bitmap (SearchIndex.entry), not a list of postings; the ranking must not change.
DENSE = {"p%02d.md" % i: "# Page %02d\n\nThe gateway.\n" % i for i in range(40)}
DENSE.update({
    "p03.md": "# Page 03\n\nThe gateway and its stage.\n",
    "p05.md": "# Gateway keys\n\nA gateway stage.\n",
    "p07.md": "# Page 07\n\nNothing here.\n",
    "p12.md": "# Page 12\n\nGateways only.\n",
    "p20.md": "# Gateways\n\nThe gateway.\n",
})


@pytest.fixture(scope="module")
def dense_site():
    folder = build_site(DENSE, "portico-dense-")
    yield os.path.join(folder, "Site")
    shutil.rmtree(folder, ignore_errors=True)


def test_ranking_is_the_same_for_terms_held_as_bitmaps(dense_site, browser):
    with open(os.path.join(dense_site, "search", "t-all.js")) as f:
        gateway = re.search(r'"gateway":"([^"]*)"', f.read()).group(1)
    assert "!" in gateway, "gateway is not held as a bitmap: " + gateway
    browser.get("file://" + os.path.join(dense_site, "p00.html"))

    def search(query):
        found = browser.execute_async_script(QUERY, query)
        return found["total"], [page[:-len(".html")] for page in found["pages"]]

    body = ["p%02d" % i for i in range(40) if i not in (5, 7, 12, 20)]
    # Title (p05), title begun (p20: Gateways), body in page order, body begun (p12) last.
    assert search("gateway") == (39, ["p05", "p20"] + body + ["p12"])
    # Both words: the title match first.
    assert search("gateway stage") == (2, ["p05", "p03"])
    # A word begun: both titles begin with it (60 each, page order), then every body (2 each).
    everyone = ["p%02d" % i for i in range(40) if i not in (5, 7, 20)]
    assert search("gatew") == (39, ["p05", "p20"] + everyone)
    assert search("gateway nothing") == (0, [])


def test_the_404_page_works_at_any_depth(server, browser):
    # `portico serve` answers a missing address with 404.html; its links start at the root.
    browser.get(server + "/a/b/missing")
    assert "Page not found" in browser.title
    rules = browser.execute_script("return document.styleSheets.length && document.styleSheets[0].cssRules.length")
    assert rules > 0, "the 404 page's stylesheet did not load"
    home = browser.execute_script("return document.querySelector('main a').href")
    assert home == server + "/index.html"
    assert browser.execute_script("return typeof window.PorticoSearch") == "object", "the 404 page's script did not load"
    # The 404 status is this test's point: leave the page (a live-reload event would load it
    # again) and drop its console entry, so that later tests, which share the browser and fail
    # on any console error, see only their own.
    browser.get("about:blank")
    browser.get_log("browser")
    browser.get_log("performance")
