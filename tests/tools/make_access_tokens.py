"""Access-token material for the serve-codec tests, made by independent implementations (PyJWT and cryptography
from Debian; Python's hmac for the forged tokens PyJWT refuses to make):

  python3 make_access_tokens.py DIR

DIR/jwks.json        the identity provider's public keys: an RSA key (kid rsa-1) and a P-256 key (kid ec-1)
DIR/jwks-rotated.json  the same after a key rotation: a third key (kid rsa-2) beside them
DIR/tokens.json      {name: compact JWT}, each named by what it tests
DIR/rules.toml       issuer, audience, example.com emails, roles per namespace, denials rejected
DIR/rules-encoded.toml  the same, denied decodes answered with the payloads still encoded
"""
import base64
import hashlib
import hmac
import json
import os
import sys
import time

import jwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

ISSUER = "https://idp.historylens.test/"
AUDIENCE = "historylens-codec"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rotated = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def jwk(key, kid, alg):
        public = json.loads((RSAAlgorithm if alg.startswith("RS") else ECAlgorithm).to_jwk(key.public_key()))
        public.update({"kid": kid, "use": "sig", "alg": alg})
        return public

    with open(os.path.join(out, "jwks.json"), "w") as f:
        json.dump({"keys": [jwk(rsa_key, "rsa-1", "RS256"), jwk(ec_key, "ec-1", "ES256")]}, f, indent=2)
    # The provider after a key rotation: a new key beside the old ones.
    with open(os.path.join(out, "jwks-rotated.json"), "w") as f:
        json.dump({"keys": [jwk(rsa_key, "rsa-1", "RS256"), jwk(ec_key, "ec-1", "ES256"), jwk(rotated, "rsa-2", "RS256")]}, f, indent=2)

    now = int(time.time())

    def claims(**changes):
        base = {"iss": ISSUER, "aud": AUDIENCE, "sub": "user-alice", "email": "alice@example.com",
                "iat": now, "exp": now + 86400, "permissions": ["default:read"]}
        base.update(changes)
        return {k: v for k, v in base.items() if v is not None}

    def rs(payload, kid="rsa-1", key=rsa_key):
        return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})

    def forged(header, payload, sign):
        head = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(payload).encode())
        return head + "." + sign(head.encode())

    public_pem = rsa_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    tokens = {
        "reader-rs256": rs(claims()),
        "writer-es256": jwt.encode(claims(sub="user-bob", email="bob@example.com", permissions=["default:write"]), ec_key,
                                   algorithm="ES256", headers={"kid": "ec-1"}),
        "system-admin": rs(claims(sub="user-root", email="root@example.com", permissions=["temporal-system:admin"])),
        "audience-list": rs(claims(aud=["someone-else", AUDIENCE])),
        "expired": rs(claims(iat=now - 7200, exp=now - 3600)),
        "not-yet-valid": rs(claims(nbf=now + 3600)),
        "no-expiry": rs(claims(exp=None)),
        "wrong-issuer": rs(claims(iss="https://evil.test/")),
        "wrong-audience": rs(claims(aud="another-service")),
        "other-key": rs(claims(), key=stranger),
        "unknown-kid": rs(claims(), kid="rsa-9"),
        "rotated-key": rs(claims(), kid="rsa-2", key=rotated),
        "alg-none": forged({"alg": "none", "typ": "JWT", "kid": "rsa-1"}, claims(), lambda head: ""),
        # Algorithm confusion: an HMAC keyed with the RSA public key a server publishes.
        "hs256-public-key": forged({"alg": "HS256", "typ": "JWT", "kid": "rsa-1"}, claims(),
                                   lambda head: b64url(hmac.new(public_pem, head, hashlib.sha256).digest())),
        # A valid signature with the EC key, but the header claims RS256 (the key's type does not fit).
        # An RS256 signature by the provider's RSA key, with the header naming its EC key: the type does not fit.
        "es-key-as-rs256": forged({"alg": "RS256", "typ": "JWT", "kid": "ec-1"}, claims(),
                                  lambda head: b64url(rsa_key.sign(head, padding.PKCS1v15(), hashes.SHA256()))),
        "other-namespace": rs(claims(permissions=["finance:read"])),
        "worker-only": rs(claims(permissions=["default:worker"])),
        "other-domain": rs(claims(sub="user-eve", email="eve@evil.test")),
        "unverified-email": rs(claims(email_verified=False)),
        # Only the JSON boolean true verifies an address (a string "false" is not a verification).
        "email-verified-as-string": rs(claims(email_verified="false")),
        # RFC 7515 §4.1.11: an extension the server does not understand, marked critical, refuses the token; PyJWT
        # signs whatever header it is given.
        "unknown-critical-header": jwt.encode(claims(), rsa_key, algorithm="RS256",
                                              headers={"kid": "rsa-1", "crit": ["exp-policy"], "exp-policy": "strict"}),
        "tampered": None,
    }
    head, body, signature = tokens["reader-rs256"].split(".")
    evil = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    evil["permissions"] = ["default:admin"]
    tokens["tampered"] = head + "." + b64url(json.dumps(evil).encode()) + "." + signature
    with open(os.path.join(out, "tokens.json"), "w") as f:
        json.dump(tokens, f, indent=2)

    rules = f'''[token]
issuer = "{ISSUER}"
audience = "{AUDIENCE}"

[access]
email_domains = ["example.com"]
check_roles = true
on_denied = "%s"
'''
    with open(os.path.join(out, "rules.toml"), "w") as f:
        f.write(rules % "reject")
    with open(os.path.join(out, "rules-encoded.toml"), "w") as f:
        f.write(rules % "return-encoded")


if __name__ == "__main__":
    main()
