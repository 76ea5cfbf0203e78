"""Edit-to-visible latency of `portico serve` in headless Chromium (run by edit-latency.sh).

Opens one page of the served site, then, for each edit, rewrites that page's Markdown on
disk and waits until the browser shows the new text. Two figures per edit:

- visible: from just before the file is written (Python's wall clock) to the first
  contentful paint of the reloaded page (Chromium's wall clock: performance.timeOrigin plus
  the paint entry's time), i.e. until the new text is on screen;
- observed: until a WebDriver poll (every 25 ms) found the text in the page, which adds the
  polling and WebDriver round trips, an upper bound.

Text edits change a paragraph (the page's own file is rewritten, only it reloads); title
edits change the front-matter title (the sidebar of every page in its folder is redrawn).
"""
import argparse
import os
import re
import shutil
import statistics
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

TIMING = """
var nav = performance.getEntriesByType('navigation')[0];
var paint = performance.getEntriesByName('first-contentful-paint')[0];
return {origin: performance.timeOrigin, paint: paint ? paint.startTime : null,
        loaded: nav ? nav.domContentLoadedEventEnd : null, response: nav ? nav.responseEnd : null};
"""
SHOWS = "return document.body !== null && document.body.innerText.indexOf(arguments[0]) >= 0;"


def browser():
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    return driver


def measure(driver, path, text, marker):
    """Writes `text` to `path`, waits for `marker` in the page; returns (visible, observed,
    reload started, page received) in ms after the write."""
    driver.execute_script("window.__porticoOld = true;")   # gone once the page has reloaded
    started = time.time()
    with open(path, "w", encoding="utf-8") as note:
        note.write(text)
    WebDriverWait(driver, 30, poll_frequency=0.025).until(lambda d: d.execute_script(SHOWS, marker))
    observed = (time.time() - started) * 1000
    timing = driver.execute_script(TIMING)
    if driver.execute_script("return window.__porticoOld === true;"):
        raise SystemExit("the text changed without a reload: the measurement would be wrong")
    shown = timing["paint"] if timing["paint"] is not None else timing["loaded"]
    origin = timing["origin"] - started * 1000
    return origin + shown, observed, origin, origin + timing["response"]


def log_lines(log, prefix, since=0):
    with open(log, encoding="utf-8") as handle:
        lines = [line.strip() for line in handle if line.startswith(prefix)]
    return lines[since:]


def times(lines):
    return [int(m.group(1)) for m in (re.search(r" in (\d+) ms", line) for line in lines) if m]


def report(name, figures):
    if not figures:
        return
    visible, observed, reloading, received = (list(column) for column in zip(*figures))
    print(f"{name} ({len(figures)}): visible median {statistics.median(visible):.0f} ms, max {max(visible):.0f} ms"
          f"   | observed by polling: median {statistics.median(observed):.0f} ms, max {max(observed):.0f} ms")
    print("  each (visible ms): " + " ".join(f"{v:.0f}" for v in visible))
    print(f"  median breakdown: reload began {statistics.median(reloading):.0f} ms after the write, page received at"
          f" {statistics.median(received):.0f} ms, painted at {statistics.median(visible):.0f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--project", required=True)
    parser.add_argument("--note", required=True, help="path inside Content/")
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--title-edits", type=int, default=3)
    parser.add_argument("--log", help="serve's log, for its own rebuild times")
    args = parser.parse_args()

    path = os.path.join(args.project, "Content", args.note)
    page = args.note[:-3] + ".html"
    with open(path, encoding="utf-8") as note:
        original = note.read()
    title = re.search(r'^title: "(.*)"$', original, re.M).group(1)
    seen = {prefix: len(log_lines(args.log, prefix)) for prefix in ("Rebuilt", "Search")} if args.log else {}

    driver = browser()
    try:
        driver.get(f"{args.url}/{page}")
        assert title in driver.title, driver.title
        text_figures, title_figures = [], []
        for index in range(args.edits + 1):
            time.sleep(1.0)   # the event stream is connected, the previous search update done
            marker = f"Edited paragraph {index} at {time.time():.6f}."
            figure = measure(driver, path, original.replace("## Overview", marker + "\n\n## Overview", 1), marker)
            if index > 0:     # the first edit warms up the server and the browser
                text_figures.append(figure)
        for index in range(args.title_edits):
            time.sleep(1.0)
            marker = f"Retitled {index} {int(time.time() * 1000)}"
            text = original.replace(f'title: "{title}"', f'title: "{marker}"', 1)
            title_figures.append(measure(driver, path, text, marker))
    finally:
        with open(path, "w", encoding="utf-8") as note:
            note.write(original)
        driver.quit()

    report("Text edits", text_figures)
    report("Title edits", title_figures)
    if args.log:
        time.sleep(1.0)
        rebuilt = log_lines(args.log, "Rebuilt", seen["Rebuilt"])
        print(f"serve's own rebuild times (ms, changed paths to pages written): {' '.join(map(str, times(rebuilt)))}")
        for line in rebuilt[-2:]:
            print("  " + line)
        search = times(log_lines(args.log, "Search", seen["Search"]))
        if search:
            print(f"search index updates afterwards (ms): {' '.join(map(str, search))}")


if __name__ == "__main__":
    main()
