#!/usr/bin/env python3
"""Search latency of a built site in headless Chromium, Portico's index against Pagefind's.

Generates a corpus with Benchmarks/corpus/gen-corpus.py (10,000 pages by default), builds
it with Portico (timing each build step through a pseudo-terminal, so the search index step
is timed on its own), indexes the built HTML with Pagefind, then opens a page of the site in
Chromium again and again (cache disabled, so every load starts cold) and times:

- first query: the first query after a fresh page load, which loads the index files it needs
  (Portico: from file:// and from a loopback HTTP server; Pagefind: HTTP only, it needs fetch);
- repeated query: the same query again on the loaded page (median of REPEAT runs).

A query counts as answered when the titles and addresses of its first 20 results are known:
Portico's `PorticoSearch.query` + `describe`, Pagefind's `search()` + `data()` of 20 results.
Every figure is the median (and worst) over LOADS fresh page loads per query.

    /work/main/.build/test-venv/bin/python Benchmarks/site/search-latency.py
    ... search-latency.py --portico .build/release/portico --pages 10000 --loads 7
    ... search-latency.py --site /tmp/built-site       # an already built site: search only

Needs Debian `chromium` and `chromium-driver`, selenium (PyPI) in the running Python, and
for the comparison `pagefind-bin` (PyPI) in a virtual environment:
    python3 -m venv /tmp/pagefind-venv && /tmp/pagefind-venv/bin/pip install pagefind-bin
Network: a loopback HTTP server only, stopped at the end.
"""
import argparse
import functools
import http.server
import json
import os
import pty
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
QUERIES = ["gateway", "mapping template", "throttl", "widget", "regional endpoint"]
PAGE = "sec-03/grp-07/page-00037.html"  # a page three folders deep, as a reader would land on

PORTICO_QUERY = """
var q = arguments[0], done = arguments[arguments.length - 1], S = window.PorticoSearch;
var t0 = performance.now();
S.query(q, function (hits) {
  S.describe(hits.slice(0, 20), function (entries) {
    done({ms: performance.now() - t0, hits: hits.total, top: entries.slice(0, 3).map(function (e) { return e[0]; })});
  });
});
"""

PAGEFIND_QUERY = """
var q = arguments[0], done = arguments[arguments.length - 1];
var t0 = performance.now();
(window.__pagefind || (window.__pagefind = import(new URL("/_pagefind/pagefind.js", location.href).href)))
  .then(function (pagefind) { return pagefind.search(q); })
  .then(function (search) {
    return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }))
      .then(function (data) { done({ms: performance.now() - t0, hits: search.results.length, top: data.slice(0, 3).map(function (d) { return d.meta.title; })}); });
  })
  .catch(function (e) { done({error: String(e)}); });
"""


def timed_build(portico, project, output):
    """Runs `portico build` on a pseudo-terminal (so it prints its `[i/n] step` lines) and
    returns (total seconds, {step: seconds})."""
    master, slave = pty.openpty()
    started = time.monotonic()
    process = subprocess.Popen([portico, "build", project, "--output", output], stdin=subprocess.DEVNULL,
                               stdout=slave, stderr=slave)
    os.close(slave)
    marks, buffer = [], b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                chunk = b""
            if not chunk and process.poll() is not None:
                break
            now = time.monotonic()
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                step = re.match(r"\[(\d+)/(\d+)\] (.*)", line.decode(errors="replace").strip())
                if step:
                    marks.append((step.group(3), now))
        elif process.poll() is not None:
            break
    os.close(master)
    end = time.monotonic()
    if process.wait() != 0:
        sys.exit(f"portico build failed for {project}")
    steps = {}
    for (name, at), following in zip(marks, marks[1:] + [("end", end)]):
        steps[name] = following[1] - at
    return end - started, steps


def folder_size(path):
    total, count = 0, 0
    for folder, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(folder, name))
            count += 1
    return total, count


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder):
    handler = functools.partial(QuietHandler, directory=folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--allow-file-access-from-files", "--window-size=1280,1000"]:
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(60)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    return driver


def measure(driver, url, script, queries, loads, repeat):
    """{query: {"first": [ms per load], "again": [median ms per load], "hits", "top"}}."""
    rows = {}
    for query in queries:
        row = rows[query] = {"first": [], "again": []}
        for _ in range(loads):
            driver.execute_cdp_cmd("Network.clearBrowserCache", {})
            driver.get("about:blank")
            driver.get(url)
            first = driver.execute_async_script(script, query)
            if "error" in first:
                sys.exit(f"{url}: {first['error']}")
            row["first"].append(first["ms"])
            row["hits"], row["top"] = first["hits"], first["top"]
            again = [driver.execute_async_script(script, query)["ms"] for _ in range(repeat)]
            row["again"].append(statistics.median(again))
    return rows


def report(name, rows):
    print(f"\n{name}")
    print(f"  {'query':22} {'first median':>12} {'first worst':>12} {'again median':>13} {'hits':>6}  top results")
    for query, row in rows.items():
        print(f"  {query!r:22} {statistics.median(row['first']):10.1f}ms {max(row['first']):10.1f}ms "
              f"{statistics.median(row['again']):11.2f}ms {row['hits']:6}  {' | '.join(row['top'])}")
    firsts = [ms for row in rows.values() for ms in row["first"]]
    agains = [ms for row in rows.values() for ms in row["again"]]
    print(f"  all queries: first query median {statistics.median(firsts):.1f} ms (worst {max(firsts):.1f} ms), "
          f"repeated median {statistics.median(agains):.2f} ms (worst {max(agains):.2f} ms)")
    return statistics.median(firsts)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--portico", default=None, help="portico binary (default: .build/release, else .build/debug)")
    parser.add_argument("--pagefind", default=None, help="pagefind binary (default: `pagefind` on PATH or in /tmp/pagefind-venv)")
    parser.add_argument("--no-pagefind", action="store_true", help="time Portico only")
    parser.add_argument("--site", default=None, help="an already built Portico site: skip the corpus and the build")
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--loads", type=int, default=7, help="fresh page loads per query")
    parser.add_argument("--repeat", type=int, default=7, help="repeated runs of a query on a loaded page")
    parser.add_argument("--queries", default=",".join(QUERIES))
    parser.add_argument("--work", default=None, help="work folder (default: a temporary one, removed at the end)")
    args = parser.parse_args()
    queries = args.queries.split(",")

    work = args.work or tempfile.mkdtemp(prefix="portico-search-")
    os.makedirs(work, exist_ok=True)
    server = None
    driver = None
    try:
        site = args.site
        if site is None:
            portico = args.portico or next((p for p in (os.path.join(REPO, ".build", c, "portico") for c in ("release", "debug"))
                                           if os.path.exists(p)), None)
            if not portico:
                sys.exit("no portico binary: build one or pass --portico")
            generator = os.environ.get("GEN_CORPUS", os.path.join(REPO, "Benchmarks", "corpus", "gen-corpus.py"))
            corpus = os.path.join(work, f"corpus-{args.pages}")
            if not os.path.exists(corpus):
                subprocess.run([sys.executable, generator, "--portico", corpus, str(args.pages), "200"], check=True,
                               stdout=subprocess.DEVNULL)
            site = os.path.join(work, "site")
            shutil.rmtree(site, ignore_errors=True)
            total, steps = timed_build(portico, corpus, site)
            print(f"Portico: built {args.pages} pages in {total:.2f} s; search index step "
                  f"{steps.get('Build search index', float('nan')):.2f} s")
        size, count = folder_size(os.path.join(site, "search"))
        print(f"Portico index: {count} files, {size / 1024:.0f} KiB")

        pagefind = None if args.no_pagefind else args.pagefind or shutil.which("pagefind")
        if pagefind is None and not args.no_pagefind and os.path.exists("/tmp/pagefind-venv/bin/python"):
            pagefind = "/tmp/pagefind-venv/bin/python -m pagefind_bin"
        if pagefind:
            shutil.rmtree(os.path.join(site, "_pagefind"), ignore_errors=True)
            started = time.monotonic()
            subprocess.run(pagefind.split() + ["--site", site, "--output-subdir", "_pagefind", "--silent"], check=True)
            elapsed = time.monotonic() - started
            size, count = folder_size(os.path.join(site, "_pagefind"))
            print(f"Pagefind: indexed the built HTML in {elapsed:.2f} s; index: {count} files, {size / 1024:.0f} KiB")
        else:
            print("Pagefind: not found (pip install pagefind-bin into a venv, or pass --pagefind); skipped")

        server = serve(site)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        driver = browser()
        print(f"Chromium {driver.capabilities.get('browserVersion', '?')}, {args.loads} fresh loads of {PAGE} per query, "
              f"machine load {open('/proc/loadavg').read().split()[0]}")
        results = {}
        results["portico-file"] = report("Portico, file://", measure(driver, "file://" + os.path.abspath(os.path.join(site, PAGE)),
                                                                     PORTICO_QUERY, queries, args.loads, args.repeat))
        results["portico-http"] = report("Portico, http://127.0.0.1", measure(driver, base + PAGE, PORTICO_QUERY, queries,
                                                                              args.loads, args.repeat))
        if pagefind:
            results["pagefind-http"] = report("Pagefind, http://127.0.0.1", measure(driver, base + PAGE, PAGEFIND_QUERY, queries,
                                                                                    args.loads, args.repeat))
        print("\n" + json.dumps({k: round(v, 1) for k, v in results.items()}))
    finally:
        if driver:
            driver.quit()
        if server:
            server.shutdown()
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
