"""A small HTTP backend: a stock level per item, answered at once."""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Stock(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = json.dumps({"item": self.path.rsplit("/", 1)[-1], "inStock": 7}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Stock).serve_forever()
