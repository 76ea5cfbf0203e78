"""Signs requests with botocore's SigV4Auth / SigV4QueryAuth, an implementation independent
of Portico's, at a fixed date; optionally tampers with them after signing and sends them
over HTTP. Used by the Swift tests (IAMAuthorizationTests, IAMOverHTTPTests).

Reads JSON from stdin: {"requests": [{
    "method", "url", "headers": [[name, value]], "body": text,
    "accessKey", "secret", "token" (optional), "region", "service",
    "date": "20260101T120000Z", "presign": bool, "expires": seconds,
    "tamper": {"body": text, "url": text, "headers": [[name, value]]}  (optional, applied after signing),
    "send": bool, "connect": "127.0.0.1:8080" (optional: where to connect, when the URL's
    host is a name only the gateway knows, like {apiId}.execute-api.localhost) }]}
Writes a JSON list, one object per request: {"method", "url", "headers": [[name, value]], "body"}
as sent (Host included), plus {"status", "responseHeaders", "responseBody"} when sent.
"""
import datetime
import http.client
import json
import sys
from unittest import mock
from urllib.parse import urlsplit

import botocore.auth
import botocore.awsrequest
import botocore.credentials


def sign(spec):
    credentials = botocore.credentials.Credentials(spec["accessKey"], spec["secret"], spec.get("token"))
    request = botocore.awsrequest.AWSRequest(
        method=spec["method"], url=spec["url"], headers=dict(spec.get("headers", [])),
        data=spec.get("body", "").encode("utf-8"))
    if spec.get("presign"):
        signer = botocore.auth.SigV4QueryAuth(credentials, spec["service"], spec["region"], expires=spec.get("expires", 300))
    else:
        signer = botocore.auth.SigV4Auth(credentials, spec["service"], spec["region"])
    when = datetime.datetime.strptime(spec["date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when):
        signer.add_auth(request)
    headers = [["Host", urlsplit(request.url).netloc]] + [[k, v] for k, v in request.headers.items()]
    body = request.body.decode("utf-8") if isinstance(request.body, bytes) else (request.body or "")
    signed = {"method": request.method, "url": request.url, "headers": headers, "body": body}
    tamper = spec.get("tamper") or {}
    if "body" in tamper:
        signed["body"] = tamper["body"]
    if "url" in tamper:
        signed["url"] = tamper["url"]
    for name, value in tamper.get("headers", []):
        signed["headers"] = [h for h in signed["headers"] if h[0].lower() != name.lower()] + [[name, value]]
    return signed


def send(signed, connect=None):
    parts = urlsplit(signed["url"])
    address = urlsplit("//" + connect) if connect else parts
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    target = parts.path + ("?" + parts.query if parts.query else "")
    body = signed["body"].encode("utf-8")
    headers = {name: value for name, value in signed["headers"]}
    if body:
        headers["Content-Length"] = str(len(body))
    connection.request(signed["method"], target, body=body or None, headers=headers)
    response = connection.getresponse()
    signed["status"] = response.status
    signed["responseHeaders"] = [[k, v] for k, v in response.getheaders()]
    signed["responseBody"] = response.read().decode("utf-8")
    connection.close()
    return signed


def main():
    specs = json.load(sys.stdin)["requests"]
    out = []
    for spec in specs:
        signed = sign(spec)
        out.append(send(signed, spec.get("connect")) if spec.get("send") else signed)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
