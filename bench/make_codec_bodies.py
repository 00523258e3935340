"""Request bodies for the serve-codec benchmark, made with Python's cryptography and zlib (not HistoryLens): N
payloads each, every one a ~300-byte JSON value compressed with zlib and encrypted with AES-256-GCM in the samples-go
format (key id `bench`), as a Go SDK worker with the samples' codecs writes them.

  python3 make_codec_bodies.py DIR N...     writes DIR/body-N.json and DIR/keys.txt
"""
import base64
import json
import os
import sys
import zlib

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY = b"historylens-bench-key-32-bytes!!"


def serialize(encoding, data):
    """temporal.api.common.v1.Payload {metadata: {"encoding": ...}, data} in protobuf wire format."""
    def field(number, payload):
        size, length = bytearray(), len(payload)
        while True:
            byte, length = length & 0x7F, length >> 7
            size.append(byte | (0x80 if length else 0))
            if not length:
                break
        return bytes([number << 3 | 2]) + bytes(size) + payload
    return field(1, field(1, b"encoding") + field(2, encoding)) + field(2, data)


def payload(i):
    value = json.dumps({"orderId": f"ORD-{i:06d}", "customer": "customer-%d@example.com" % i, "lines": [
        {"sku": f"SKU-{j}", "quantity": j + 1, "price": 9.99 * (j + 1)} for j in range(4)], "note": "x" * 80}).encode()
    zipped = serialize(b"binary/zlib", zlib.compress(serialize(b"json/plain", value)))
    nonce = os.urandom(12)
    sealed = nonce + AESGCM(KEY).encrypt(nonce, zipped, None)
    return {"metadata": {"encoding": base64.b64encode(b"binary/encrypted").decode(),
                         "encryption-key-id": base64.b64encode(b"bench").decode()},
            "data": base64.b64encode(sealed).decode()}


def main():
    out = sys.argv[1]
    for n in map(int, sys.argv[2:]):
        with open(os.path.join(out, f"body-{n}.json"), "w") as f:
            json.dump({"payloads": [payload(i) for i in range(n)]}, f)
    with open(os.path.join(out, "keys.txt"), "w") as f:
        f.write(f"bench=text:{KEY.decode()}\n")


if __name__ == "__main__":
    main()
