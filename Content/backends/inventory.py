"""A small HTTP backend for the HTTP integration examples: stock levels by item."""
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

STOCK = {"42": 7, "7": 0}


class Inventory(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            status, body = 200, {"status": "ok"}
        elif self.path.startswith("/stock/"):
            item = self.path.split("/")[2]
            if item in STOCK:
                status, body = 200, {"item": item, "inStock": STOCK[item], "seenUserAgent": self.headers.get("User-Agent")}
            else:
                status, body = 404, {"error": "no such item"}
        else:
            status, body = 404, {"error": "not found"}
        data = json.dumps(body).encode()
        # No Date or Server header (send_response would add both): the execution log on
        # guide/advanced/logging-and-metrics.md shows this answer's headers, and a page must be
        # the same bytes on every build.
        self.send_response_only(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


HTTPServer(("127.0.0.1", int(sys.argv[1])), Inventory).serve_forever()
