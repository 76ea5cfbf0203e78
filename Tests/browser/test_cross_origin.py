"""A page on a second origin calls the served gateway with fetch(), and Chromium lets it read
the answer or blocks it exactly as it would against API Gateway with the same configuration
(DG: how-to-cors, supported-gateway-response-types):

- `storefront` maps Access-Control-Allow-Origin on its methods and answers the preflight with an
  OPTIONS MOCK method, but API Gateway's own 403 carries no CORS header;
- `storefront-v2` also adds the header to the DEFAULT_4XX and DEFAULT_5XX gateway responses;
- `orders` has no CORS at all.

The page comes from a tiny static server on another loopback port: another origin."""
import http.server
import threading
from urllib.parse import urlparse

import pytest

PAGE = b"<!doctype html><meta charset=utf-8><title>Shop</title><p>A shop on another origin.</p>"

# Resolves with what the page can read (a cross-origin answer shows the page its status and
# body, never its Access-Control-* headers), or with the error fetch() rejected with.
FETCH = """
const [url, init, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
fetch(url, init).then(
  async (r) => done({read: true, status: r.status, body: await r.text()}),
  (e) => done({read: false, error: e.name + ': ' + e.message}));
"""


@pytest.fixture(scope="module")
def shop(browser):
    """A static page on 127.0.0.1 at a port of its own, loaded in the browser."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    browser.get(origin + "/")
    browser.set_script_timeout(20)
    yield origin
    httpd.shutdown()
    httpd.server_close()


def call(browser, url, init=None):
    return browser.execute_async_script(FETCH, url, init or {})


def test_the_page_and_the_gateway_are_different_origins(server, shop):
    assert urlparse(server).netloc != urlparse(shop).netloc


def test_a_configured_method_is_read_after_its_preflight(server, browser, shop):
    got = call(browser, server + "/_gateway/storefront/prod/products")
    assert got == {"read": True, "status": 200,
                   "body": '[{"sku": "TEA-01", "name": "Green tea", "price": 4.5}, {"sku": "CUP-02", "name": "Cup", "price": 12}]'}
    # A JSON body is not a "simple" request: Chromium sends the preflight OPTIONS first, which the
    # OPTIONS MOCK method allows, then the POST.
    posted = call(browser, server + "/_gateway/storefront/prod/products",
                  {"method": "POST", "headers": {"Content-Type": "application/json"}, "body": '{"name": "Teapot"}'})
    assert posted == {"read": True, "status": 201, "body": '{"sku": "NEW-03"}'}


def test_api_gateways_403_without_cors_headers_is_a_cors_error(server, browser, shop):
    got = call(browser, server + "/_gateway/storefront/prod/product")
    assert got == {"read": False, "error": "TypeError: Failed to fetch"}


def test_with_cors_gateway_responses_the_403_is_read(server, browser, shop):
    got = call(browser, server + "/_gateway/storefront-v2/prod/product")
    assert got == {"read": True, "status": 403, "body": '{"message":"Missing Authentication Token"}'}
    # A preflight must answer 2XX: the DEFAULT_4XX headers do not make a 403 preflight pass.
    posted = call(browser, server + "/_gateway/storefront-v2/prod/product",
                  {"method": "POST", "headers": {"Content-Type": "application/json"}, "body": "{}"})
    assert posted == {"read": False, "error": "TypeError: Failed to fetch"}


def test_an_api_without_cors_is_blocked_even_when_it_answers_200(server, browser, shop):
    got = call(browser, server + "/_gateway/orders/prod/items/42")
    assert got == {"read": False, "error": "TypeError: Failed to fetch"}


def test_a_page_elsewhere_cannot_drive_serves_own_endpoints(server, browser, shop):
    """A text/plain POST needs no preflight, so a page on another origin can send one to
    `/_portico/invoke` (its answer stays opaque, but the request would run). serve refuses it:
    the usage plan's count is unchanged; the same request from a client that is not a browser
    page (no Origin) runs and is counted."""
    import json
    import urllib.request

    def usage():
        with urllib.request.urlopen(server + "/_portico/usage?plan=trial", timeout=10) as r:
            return json.loads(r.read())

    request = json.dumps({"api": "orders", "stage": "prod", "method": "GET", "path": "/partner/orders", "apiKey": "trial-user"})
    before = usage()
    got = call(browser, server + "/_portico/invoke",
               {"method": "POST", "mode": "no-cors", "headers": {"Content-Type": "text/plain"}, "body": request})
    assert got == {"read": True, "status": 0, "body": ""}   # opaque: the page learns nothing
    assert usage() == before
    local = urllib.request.Request(server + "/_portico/invoke", data=request.encode(), method="POST",
                                   headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(local, timeout=10) as r:
        assert r.status == 200
    assert usage() != before
