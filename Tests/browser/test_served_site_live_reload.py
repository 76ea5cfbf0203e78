"""Live reload in a real browser: an edit reloads only the pages it changed, and a change that
breaks the build shows its located errors over the page, which is not reloaded."""
import os
import time
import urllib.request

from selenium.webdriver.common.by import By

from test_served_site import severe_console_messages, wait


def fetch(url):
    with urllib.request.urlopen(url) as response:
        return response.read().decode("utf-8")


def test_only_changed_pages_reload_and_failures_show_over_the_page(server, browser, project):
    content = os.path.join(project, "Content")
    here_note = os.path.join(content, "guide", "mapping-templates.md")
    other_note = os.path.join(content, "guide", "errors.md")
    with open(here_note, encoding="utf-8") as note:
        here_original = note.read()
    with open(other_note, encoding="utf-8") as note:
        other_original = note.read()
    browser.get(server + "/guide/mapping-templates.html")
    browser.execute_script("window.__porticoStayed = true;")
    time.sleep(0.5)   # the event stream is connected

    try:
        # Another note's text changes: its page is rewritten, this one is not reloaded.
        marker = "Edited elsewhere %d." % int(time.time())
        with open(other_note, "a", encoding="utf-8") as note:
            note.write("\n\n" + marker + "\n")
        deadline = time.time() + 20
        while marker not in fetch(server + "/guide/errors.html") and time.time() < deadline:
            time.sleep(0.05)
        assert marker in fetch(server + "/guide/errors.html")
        time.sleep(0.5)
        assert browser.execute_script("return window.__porticoStayed === true;"), "an unrelated edit reloaded the page"

        # A broken link in this page's note: the located error shows over the last good page.
        with open(here_note, "a", encoding="utf-8") as note:
            note.write("\n\nSee [nowhere](missing-note.md).\n")
        overlay = wait(browser, 20).until(lambda b: b.find_element(By.ID, "portico-overlay"))
        wait(browser).until(lambda b: "missing-note.md" in overlay.text)
        assert "guide/mapping-templates.md:" in overlay.text and "error: broken link" in overlay.text, overlay.text
        assert browser.execute_script("return window.__porticoStayed === true;"), "a failed build reloaded the page"

        # Fixed: the overlay goes.
        with open(here_note, "w", encoding="utf-8") as note:
            note.write(here_original)
        wait(browser, 20).until(lambda b: not b.find_elements(By.ID, "portico-overlay"))
    finally:
        for path, text in ((here_note, here_original), (other_note, other_original)):
            with open(path, "w", encoding="utf-8") as note:
                note.write(text)
    assert severe_console_messages(browser) == []


def test_pages_left_close_their_event_stream(server, browser):
    # A page kept in the back/forward cache must not hold its live-reload stream open: six
    # such streams take every connection Chromium allows to one server, and the next page
    # then never loads (it did, on the 9th of these loads, before serve.js closed the
    # stream on pagehide).
    pages = ["/guide/mapping-templates.html", "/guide/errors.html", "/no/such/page"]
    for round in range(4):
        for page in pages:
            started = time.time()
            browser.get(server + page)
            assert time.time() - started < 10, "%s took %.1f s to load (round %d)" % (page, time.time() - started, round)
