#!/usr/bin/env python3
"""Renders template.vtl for the request in body.json with airspeed (PyPI `airspeed-ext`, the
engine LocalStack uses for API Gateway mapping templates), the way LocalStack does: the
template is compiled once, and every rendering parses the body's JSON and merges a context
holding $input, $util, $context and $stageVariables objects.

$input.path here is a minimal dotted-path evaluator (LocalStack uses jsonpath-ng, which is
slower), so the airspeed figure is, if anything, flattering to airspeed.

Prints the output once, then `renders/s: N` per second of this process's CPU time.
Usage: airspeed.py [seconds]   (needs airspeed-ext: see run.sh)
"""
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# This file is named airspeed.py: import the engine, not this script.
sys.path = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]
import airspeed  # noqa: E402


def json_path(document, path):
    value = document
    for key in path.lstrip("$").strip(".").split(".") if path.strip() not in ("$", "") else []:
        if isinstance(value, dict) and key in value:
            value = value[key]
        else:
            return None
    return value


class Input:
    def __init__(self, body, params):
        self.body = body
        self._params = params
        self._document = None

    def _json(self):
        if self._document is None:
            self._document = json.loads(self.body) if self.body.strip() else {}
        return self._document

    def path(self, path):
        return json_path(self._json(), path)

    def json(self, path):
        return json.dumps(json_path(self._json(), path))

    def params(self, name=None):
        if name is None:
            return self._params
        for kind in ("path", "querystring", "header"):
            if name in self._params[kind]:
                return self._params[kind][name]
        return ""


class Util:
    def escapeJavaScript(self, text):
        # As LocalStack does: JSON string escaping, plus ' → \'.
        return json.dumps(str(text))[1:-1].replace("'", "\\'")


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    with open(os.path.join(HERE, "template.vtl"), encoding="utf-8") as f:
        template = airspeed.Template(f.read())
    with open(os.path.join(HERE, "body.json"), encoding="utf-8") as f:
        body = f.read()
    params = {"path": {"id": "o-1001"}, "querystring": {"source": "web"}, "header": {"Content-Type": "application/json"}}

    def render():
        namespace = {
            "input": Input(body, params),
            "util": Util(),
            "context": {"requestId": "r-1", "stage": "prod"},
            "stageVariables": {},
        }
        return template.merge(namespace)

    print(render())
    for _ in range(200):
        render()
    renders = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        for _ in range(100):
            render()
        renders += 100
    elapsed = time.process_time() - start
    print("renders/s: %d" % (renders / elapsed))


if __name__ == "__main__":
    main()
