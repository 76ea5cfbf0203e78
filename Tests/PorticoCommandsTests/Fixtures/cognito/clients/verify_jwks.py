"""Verifies a token with the key set the server publishes, with the `cryptography` package
alone: an implementation of RS256 independent of Portico's. Prints one JSON object.

usage: verify_jwks.py JWKS_URL TOKEN
"""
import base64
import json
import sys
import urllib.request

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def decode(part):
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def verify(keys, token):
    header_part, claims_part, signature_part = token.split(".")
    header = json.loads(decode(header_part))
    key = next(k for k in keys if k["kid"] == header["kid"])
    public = rsa.RSAPublicNumbers(int.from_bytes(decode(key["e"]), "big"), int.from_bytes(decode(key["n"]), "big")).public_key()
    try:
        public.verify(decode(signature_part), f"{header_part}.{claims_part}".encode(), padding.PKCS1v15(), hashes.SHA256())
        return True
    except InvalidSignature:
        return False


url, token = sys.argv[1:3]
with urllib.request.urlopen(url) as response:
    content_type = response.headers["Content-Type"]
    keys = json.load(response)["keys"]
header_part, claims_part, signature_part = token.split(".")
claims = json.loads(decode(claims_part))
tampered_claims = dict(claims, **{"cognito:username": "mallory"})
tampered = ".".join([header_part, base64.urlsafe_b64encode(json.dumps(tampered_claims).encode()).decode().rstrip("="), signature_part])
print(json.dumps({
    "contentType": content_type,
    "keys": [{name: key[name] for name in ("alg", "kty", "use", "e")} for key in keys],
    "bits": [len(decode(key["n"])) * 8 for key in keys],
    "verified": verify(keys, token), "tamperedVerified": verify(keys, tampered),
    "header": json.loads(decode(header_part)), "claims": claims,
}))
