"""Hostile content: script-injection vectors (the usual filter-evasion forms) placed everywhere a
project or a caller can put text — the site title, front matter, notes' Markdown and raw HTML,
API, operation, parameter and schema descriptions, schema examples, example request bodies and
headers, the bodies and headers a MOCK integration and a real HTTP backend answer, search
queries and try-it's answers — built by the real `portico serve` and opened in Chromium.

No vector may run: every one that would execute calls `window.__pwned.push(...)` or one of the
dialog functions, which a hook installed before any page script replaces with recorders, and a
dialog left open fails the page load. No vector may make a request: the ones that would load
something point at a sink server on another loopback port, which must see no request, and the
browser's own network log must name no host but the served one."""
import http.server
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from urllib.parse import urlparse

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, UnexpectedAlertPresentException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Each vector takes a marker (what it would push) and the sink's address (what it would load).
VECTORS = [
    "<script>window.__pwned.push('{m}')</script>",
    "\"><script>window.__pwned.push('{m}')</script>",
    "'><img src=x onerror=window.__pwned.push('{m}')>",
    "<img src=x onerror=\"window.__pwned.push('{m}')\">",
    "<svg onload=window.__pwned.push('{m}')>",
    "<svg><script>window.__pwned.push('{m}')</script></svg>",
    "<ScRiPt>window.__pwned.push('{m}')</sCrIpT>",
    "<scr<script>ipt>window.__pwned.push('{m}')</scr</script>ipt>",
    "<a href=\"javascript:window.__pwned.push('{m}')\">link</a>",
    "<a href=\"jav&#x09;ascript:window.__pwned.push('{m}')\">tab</a>",
    "<iframe src=\"javascript:window.__pwned.push('{m}')\"></iframe>",
    "<iframe srcdoc=\"<script>parent.__pwned.push('{m}')</script>\"></iframe>",
    "<object data=\"javascript:window.__pwned.push('{m}')\"></object>",
    "<embed src=\"{sink}/embed-{m}\">",
    "<body onload=window.__pwned.push('{m}')>",
    "<details open ontoggle=window.__pwned.push('{m}')>",
    "<input autofocus onfocus=window.__pwned.push('{m}')>",
    "<img src=x onerror=\"&#119;indow.__pwned.push('{m}')\">",
    "<img src=x onerror=\"\\u0077indow.__pwned.push('{m}')\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned.push('{m}')>",
    "<!--<img src=\"--><img src=x onerror=window.__pwned.push('{m}')//\">",
    "</title><script>window.__pwned.push('{m}')</script>",
    "</textarea><script>window.__pwned.push('{m}')</script>",
    "</script><script>window.__pwned.push('{m}')</script>",
    "\u2028\u2029</script><script>window.__pwned.push('{m}')</script>",
    "{{{{constructor.constructor('window.__pwned.push(\"{m}\")')()}}}}",
    "${{window.__pwned.push('{m}')}}",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:window.__pwned.push('{m}')\">",
    "<base href=\"{sink}/base-{m}/\">",
    "<img src=\"{sink}/img-{m}\">",
    "<link rel=stylesheet href=\"{sink}/css-{m}\">",
    "<style>@import '{sink}/import-{m}';</style>",
    "<div style=\"background:url({sink}/bg-{m})\">bg</div>",
    "<form action=\"{sink}/form-{m}\"><button>go</button></form>",
    "\" onmouseover=\"window.__pwned.push('{m}')\" x=\"",
    "javascript:window.__pwned.push('{m}')",
]

HOOK = """
window.__pwned = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = function () { window.__pwned.push(name + ':' + Array.from(arguments).join(',')); };
}
"""


def vectors(place, sink):
    return [v.format(m=f"{place}-{i}", sink=sink) for i, v in enumerate(VECTORS)]


class Sink(http.server.BaseHTTPRequestHandler):
    """Counts every request a vector managed to make."""
    hits = []

    def do_GET(self):
        Sink.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):
        pass


BACKEND = r'''
import json, sys
from http.server import BaseHTTPRequestHandler, HTTPServer
VECTORS = json.loads(sys.argv[2])
class Backend(BaseHTTPRequestHandler):
    def do_GET(self):
        data = json.dumps({"path": self.path, "comments": VECTORS}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        # Header values cannot hold line breaks; each vector gets its own header.
        for i, vector in enumerate(VECTORS):
            self.send_header(f"X-Comment-{i}", vector.replace("\u2028", "").replace("\u2029", ""))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def log_message(self, *args):
        pass
HTTPServer(("127.0.0.1", int(sys.argv[1])), Backend).serve_forever()
'''


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_project(folder, sink):
    content = os.path.join(folder, "Content")
    os.makedirs(os.path.join(content, "apis"))
    os.makedirs(os.path.join(content, "backends"))
    os.makedirs(os.path.join(content, "notes"))
    backend_port = free_port()
    with open(os.path.join(content, "backends", "comments.py"), "w") as f:
        f.write(BACKEND)
    project = {
        "site": {"title": "Hostile " + vectors("site-title", sink)[0],
                 "description": " ".join(vectors("site-description", sink))},
        "apis": [{"name": "hostile", "definition": "apis/hostile.openapi.json", "stages": [{"stageName": "prod"}]}],
        "backends": [{"name": "comments", "command": ["python3", "backends/comments.py", str(backend_port),
                                                        json.dumps(vectors("backend", sink))],
                      "url": f"http://127.0.0.1:{backend_port}"}],
    }
    with open(os.path.join(content, "portico.yml"), "w") as f:
        json.dump(project, f, indent=1)  # JSON is YAML

    mock_body = json.dumps({"comments": vectors("mock-body", sink)})
    header_vector = vectors("mock-header", sink)[2]
    definition = {
        "openapi": "3.0.1",
        "info": {"title": "Hostile " + vectors("api-title", sink)[1], "version": "1",
                 "description": "\n\n".join(vectors("api-description", sink))},
        "paths": {
            "/comments/{id}": {
                "get": {
                    "operationId": "getComment",
                    "summary": "Reads " + vectors("summary", sink)[3],
                    "description": "\n\n".join(vectors("operation-description", sink)),
                    "parameters": [{"name": "id", "in": "path", "required": True,
                                    "description": " ".join(vectors("parameter", sink)),
                                    "schema": {"type": "string", "example": vectors("parameter-example", sink)[0]}}],
                    "responses": {"200": {"description": " ".join(vectors("response", sink)),
                                          "headers": {"X-Comment": {"schema": {"type": "string"}}},
                                          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Comment"}}}}},
                    "x-amazon-apigateway-integration": {
                        "type": "mock",
                        "requestTemplates": {"application/json": "{\"statusCode\": 200}"},
                        "responses": {"default": {
                            "statusCode": "200",
                            "responseParameters": {"method.response.header.X-Comment": "'" + header_vector.replace("'", "") + "'"},
                            # A template's text is Velocity: `#` and `$` must not start a directive here.
                            "responseTemplates": {"application/json": "#[[" + mock_body + "]]#"},
                        }},
                    },
                },
            },
            "/backend": {
                "get": {
                    "operationId": "getBackend",
                    "responses": {"200": {"description": "What the backend says"}},
                    "x-amazon-apigateway-integration": {"type": "http_proxy", "httpMethod": "GET",
                                                        "uri": f"http://127.0.0.1:{backend_port}/comments"},
                },
            },
        },
        "components": {"schemas": {"Comment": {
            "type": "object",
            "description": " ".join(vectors("schema", sink)),
            "properties": {"text": {"type": "string", "description": vectors("property", sink)[4],
                                    "example": " ".join(vectors("schema-example", sink))}},
        }}},
    }
    with open(os.path.join(content, "apis", "hostile.openapi.json"), "w") as f:
        json.dump(definition, f, indent=1)

    body = json.dumps({"text": " ".join(vectors("example-body", sink))})
    note = "\n".join([
        "---",
        "title: " + json.dumps("Note " + vectors("front-title", sink)[0]),
        "description: " + json.dumps(" ".join(vectors("front-description", sink))),
        "---",
        "",
        "# Vectors in Markdown",
        "",
        *[f"- {v}" for v in vectors("markdown", sink)],
        "",
        *vectors("raw-html", sink),
        "",
        "[a link](javascript:window.__pwned.push('md-link'))",
        # An author's own `![](https://…)` image is loaded as written (a feature, not a vector);
        # raw HTML that would load one is dropped.
        f"<img src=\"{sink}/raw-image\">",
        f"<{sink}/autolink>",
        "",
        "```http example api=hostile stage=prod",
        "GET /comments/1",
        "X-Note: " + vectors("example-header", sink)[2],
        "",
        "###",
        "POST /comments/1",
        "Content-Type: application/json",
        "",
        body,
        "```",
        "",
        "```http example api=hostile stage=prod",
        "GET /backend",
        "```",
        "",
    ])
    with open(os.path.join(content, "notes", "hostile.md"), "w") as f:
        f.write(note)
    with open(os.path.join(content, "index.md"), "w") as f:
        f.write("# Hostile\n\nSee the notes.\n")


@pytest.fixture(scope="module")
def sink():
    Sink.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def hostile(sink):
    """The hostile project served by `portico serve`; stopped by PID at the end."""
    folder = tempfile.mkdtemp(prefix="portico-hostile-")
    write_project(folder, sink)
    binary = os.environ.get("PORTICO_BIN", os.path.join(REPO, ".build", "debug", "portico"))
    log = open(os.path.join(folder, "serve.log"), "w+")
    process = subprocess.Popen([binary, "serve", folder, "--port", "0"], stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL)
    base = None
    deadline = time.time() + 90
    while time.time() < deadline and base is None and process.poll() is None:
        log.seek(0)
        match = re.search(r"Serving .* at (http://127\.0\.0\.1:\d+)/", log.read())
        if match:
            base = match.group(1)
        else:
            time.sleep(0.1)
    if base is None:
        process.kill()
        log.seek(0)
        pytest.fail("portico serve did not start:\n" + log.read()[-4000:])
    yield base, folder
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def guarded_browser():
    """Chromium with the recorder hook installed before every document's own scripts."""
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000"]:
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
    yield driver
    driver.quit()


def requests_elsewhere(browser, base):
    """The addresses the browser asked for that are not the served site's, with the page."""
    elsewhere = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith(("data:", "blob:", "about:")) and urlparse(url).netloc != urlparse(base).netloc:
                elsewhere.append((url, message["params"].get("documentURL")))
    return elsewhere


def executed(browser):
    try:
        return browser.execute_script("return window.__pwned || ['hook missing']")
    except UnexpectedAlertPresentException as alert:
        return ["a dialog was opened: " + str(alert)]


def served_pages(folder):
    site = os.path.join(folder, "Site")
    pages = []
    for root, _, files in os.walk(site):
        for name in files:
            if name.endswith(".html"):
                pages.append(os.path.relpath(os.path.join(root, name), site).replace(os.sep, "/"))
    return sorted(pages)


def test_no_vector_runs_or_loads_anything_on_any_page(hostile, guarded_browser, sink):
    base, folder = hostile
    pages = served_pages(folder)
    assert "notes/hostile.html" in pages and any(p.startswith("reference/") for p in pages), pages
    guarded_browser.get_log("performance")
    for page in pages:
        guarded_browser.get(f"{base}/{page}")
        # onerror, onload and ontoggle handlers fire after the load event; give them a moment.
        time.sleep(0.3)
        assert executed(guarded_browser) == [], page
    assert requests_elsewhere(guarded_browser, base) == []
    assert Sink.hits == []


def test_the_vectors_reach_the_pages_as_text(hostile, guarded_browser, sink):
    """The test proves something only if the vectors are on the pages: shown, escaped."""
    base, _ = hostile
    guarded_browser.get(f"{base}/notes/hostile.html")
    text = guarded_browser.find_element(By.TAG_NAME, "main").text
    # Raw HTML is dropped (a lone `<script>` element with it); what Markdown keeps is text.
    assert "'><img src=x onerror=window.__pwned.push('markdown-2')>" in text
    # The executed examples' transcripts: the MOCK body and header, the backend's body and header.
    assert "window.__pwned.push('mock-body-1')" in text
    assert "X-Comment: " in text and "mock-header-2" in text
    assert "window.__pwned.push('backend-3')" in text


def test_search_queries_and_tryit_answers_do_not_run(hostile, guarded_browser, sink):
    base, _ = hostile
    guarded_browser.get(f"{base}/notes/hostile.html")
    box = WebDriverWait(guarded_browser, 10).until(lambda b: b.find_element(By.ID, "search-input"))
    for vector in vectors("search", sink)[:12]:
        box.clear()
        box.send_keys(vector.replace("\u2028", "").replace("\u2029", ""))
        time.sleep(0.2)
        assert executed(guarded_browser) == [], vector
    # Try-it runs the backend example again in serve: its answer comes from the network, not the build.
    figures = guarded_browser.find_elements(By.CSS_SELECTOR, "figure.example[data-request]")
    backend = [f for f in figures if "/backend" in f.text]
    assert backend, "no try-it for the backend example"
    backend[0].find_element(By.CSS_SELECTOR, "button.tryit-toggle").click()
    path = backend[0].find_element(By.CSS_SELECTOR, ".tryit-form label:nth-of-type(2) input")
    path.clear()
    path.send_keys("/backend?run=tryit")
    backend[0].find_element(By.CSS_SELECTOR, ".tryit-form button[type=submit]").click()
    # Try-it replaces the transcript inside the figure; look it up again until the answer shows.
    WebDriverWait(guarded_browser, 15, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda b: any("/comments?run=tryit" in f.text and "backend-5" in f.text
                      for f in b.find_elements(By.CSS_SELECTOR, "figure.example .exchange")))
    time.sleep(0.3)
    assert executed(guarded_browser) == []
    assert requests_elsewhere(guarded_browser, base) == []
    assert Sink.hits == []


def test_the_hook_sees_a_vector_that_runs(guarded_browser):
    """The detector itself: a page where two vectors do run is caught, dialog and push alike."""
    page = "<!doctype html><script>alert('dialog')</script><img src=x onerror=\"window.__pwned.push('img')\">"
    guarded_browser.get("data:text/html," + page)
    time.sleep(0.3)
    assert sorted(executed(guarded_browser)) == ["alert:dialog", "img"]
