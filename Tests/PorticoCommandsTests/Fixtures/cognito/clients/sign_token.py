"""Makes an RSA key, publishes it as a JWKS document and signs a token with it, all with the
`cryptography` package: a token from an issuer Portico did not make. Prints
{"jwks": …, "token": …, "tampered": …}.
"""
import base64
import json

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def encode(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def number(value):
    return encode(value.to_bytes((value.bit_length() + 7) // 8, "big"))


key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
public = key.public_key().public_numbers()
jwks = {"keys": [{"kty": "RSA", "kid": "python-key-1", "use": "sig", "alg": "RS256", "n": number(public.n), "e": number(public.e)}]}
header = encode(json.dumps({"alg": "RS256", "kid": "python-key-1", "typ": "JWT"}).encode())
claims = encode(json.dumps({"iss": "https://issuer.example", "aud": "api", "sub": "user-1", "exp": 4102444800,
                            "scope": "read write"}).encode())
signature = encode(key.sign(f"{header}.{claims}".encode(), padding.PKCS1v15(), hashes.SHA256()))
other = encode(json.dumps({"iss": "https://issuer.example", "aud": "api", "sub": "user-2", "exp": 4102444800}).encode())
print(json.dumps({"jwks": json.dumps(jwks), "token": f"{header}.{claims}.{signature}", "tampered": f"{header}.{other}.{signature}"}))
