#!/usr/bin/python3
"""Writes codec test vectors with implementations independent of HistoryLens: Python's `cryptography` (AES-GCM),
`zlib`, `gzip`, `snappy` (python3-snappy) and `protoc --encode`, the Payload wire format written by hand.

Each case is one signal whose input is a payload in one sample's format. Output, in OUTDIR:
  codec-history.json   a history in canonical proto3 JSON
  codec-expected.json  per signal: the expected status, error kind, encoding chain and decoded payload
  codec-keys.txt       the keys, as a --key-file
  ordertypes.pb        a FileDescriptorSet for the binary/protobuf case
  codec-batch-history.json  2,000 distinct encrypted inputs (samples-python format, about 600 bytes each) and
                       500 repeats of them: for batching and caching through Codec Servers

usage: make_codec_vectors.py OUTDIR PROTOC PROTO_FILE
"""
import base64
import gzip
import json
import os
import subprocess
import sys
import zlib

import snappy
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SAMPLE_KEY = b"test-key-test-key-test-key-test!"  # every official sample's key
KEY_128 = bytes.fromhex("000102030405060708090a0b0c0d0e0f")
KEY_192 = bytes.fromhex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7")
WRONG_KEY = bytes(32)

KEYS_FILE = f"""# codec test keys
test=text:{SAMPLE_KEY.decode()}
test-key-id=hex:{SAMPLE_KEY.hex()}
k128=base64:{base64.b64encode(KEY_128).decode()}
k192=hex:{KEY_192.hex()}
wrong=hex:{WRONG_KEY.hex()}
"""


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field(number, data):
    return varint(number << 3 | 2) + varint(len(data)) + data


def serialize(payload):
    """temporal.api.common.v1.Payload: map<string, bytes> metadata = 1; bytes data = 2."""
    out = b""
    for key, value in sorted(payload["metadata"].items()):
        out += field(1, field(1, key.encode()) + field(2, value))
    if payload["data"]:
        out += field(2, payload["data"])
    return out


def plain(encoding, data, **extra):
    metadata = {"encoding": encoding.encode()}
    metadata.update({k: v.encode() for k, v in extra.items()})
    return {"metadata": metadata, "data": data}


def json_plain(value):
    return plain("json/plain", json.dumps(value, separators=(",", ":"), sort_keys=True).encode())


def encrypt(inner, key_id, key, nonce_seed, java=False):
    nonce = (nonce_seed * 12)[:12]
    data = nonce + AESGCM(key).encrypt(nonce, serialize(inner), None)
    metadata = {"encoding": b"binary/encrypted", "encryption-key-id": key_id.encode()}
    if java:
        metadata["encryption-cipher"] = b"AES/GCM/NoPadding"
    return {"metadata": metadata, "data": data}


def zlib_codec(inner):
    return {"metadata": {"encoding": b"binary/zlib"}, "data": zlib.compress(serialize(inner))}


def gzip_codec(inner):
    return {"metadata": {"encoding": b"binary/gzip"}, "data": gzip.compress(serialize(inner), mtime=0)}


def snappy_codec(inner):
    return {"metadata": {"encoding": b"binary/snappy"}, "data": snappy.compress(serialize(inner))}


def canonical(payload):
    out = {"metadata": {k: base64.b64encode(v).decode() for k, v in sorted(payload["metadata"].items())}}
    if payload["data"]:
        out["data"] = base64.b64encode(payload["data"]).decode()
    if payload.get("externalSizes"):
        out["externalPayloads"] = [{"sizeBytes": str(size)} for size in payload["externalSizes"]]
    return out


def main():
    outdir, protoc, proto_file = sys.argv[1:4]
    os.makedirs(outdir, exist_ok=True)
    proto_dir = os.path.dirname(os.path.abspath(proto_file))
    descriptor_set = os.path.join(outdir, "ordertypes.pb")
    subprocess.run([protoc, f"-I{proto_dir}", "--include_imports", f"--descriptor_set_out={descriptor_set}",
                    os.path.basename(proto_file)], check=True, cwd=proto_dir)
    order_bytes = subprocess.run([protoc, f"-I{proto_dir}", "--encode=historylens.test.Order",
                                  os.path.basename(proto_file)],
                                 input=b'order_id: "ORD-7" quantity: 3 tags: "gift" tags: "express"',
                                 check=True, cwd=proto_dir, capture_output=True).stdout

    order = json_plain({"orderId": "ORD-1", "items": [{"sku": "ENGINE-1", "qty": 1}]})
    text = plain("binary/plain", "Grüße, Ada".encode())
    not_utf8 = plain("binary/plain", b"\xff\xfe\x00binary")
    proto_payload = plain("binary/protobuf", order_bytes, messageType="historylens.test.Order")
    proto_json = plain("json/protobuf", b'{"orderId":"ORD-8","quantity":2}', messageType="historylens.test.Order")
    bomb = plain("binary/plain", bytes(96 * 1024 * 1024))
    # SDK external storage (sdk-go internal/extstore): a claim check in place of the value.
    external = dict(plain("json/protobuf", b'{"driverName":"s3","claimData":{"key":"payloads/7f3a"}}',
                          messageType="temporal.api.sdk.v1.ExternalStorageReference"), externalSizes=[12800])
    legacy_external = plain("json/external-storage-reference", b'{"driverName":"gcs","claimData":{"key":"x"}}')
    sealed = encrypt(order, "test", SAMPLE_KEY, b"\x07")
    tampered = dict(sealed, data=sealed["data"][:-1] + bytes([sealed["data"][-1] ^ 1]))
    zlib_data = zlib_codec(order)["data"]

    # (signal name, stored payload, expected status, expected error, expected chain, expected inner payload)
    cases = [
        ("go-encryption", encrypt(zlib_codec(order), "test", SAMPLE_KEY, b"\x01"), "decoded", None,
         "binary/encrypted(key test) > binary/zlib > json/plain", order),
        ("python-encryption", encrypt(order, "test-key-id", SAMPLE_KEY, b"\x02"), "decoded", None,
         "binary/encrypted(key test-key-id) > json/plain", order),
        ("java-encryption", encrypt(order, SAMPLE_KEY.decode(), SAMPLE_KEY, b"\x03", java=True), "decoded", None,
         f"binary/encrypted(key {SAMPLE_KEY.decode()}) > json/plain", order),
        ("aes-128", encrypt(text, "k128", KEY_128, b"\x04"), "decoded", None,
         "binary/encrypted(key k128) > binary/plain", text),
        ("aes-192", encrypt(not_utf8, "k192", KEY_192, b"\x05"), "decoded", None,
         "binary/encrypted(key k192) > binary/plain", not_utf8),
        ("zlib", zlib_codec(order), "decoded", None, "binary/zlib > json/plain", order),
        ("gzip", gzip_codec(order), "decoded", None, "binary/gzip > json/plain", order),
        ("snappy", snappy_codec(order), "decoded", None, "binary/snappy > json/plain", order),
        ("snappy-in-encryption", encrypt(snappy_codec(proto_payload), "test", SAMPLE_KEY, b"\x06"), "decoded", None,
         "binary/encrypted(key test) > binary/snappy > binary/protobuf", proto_payload),
        ("json-protobuf", proto_json, "notEncoded", None, "json/protobuf", proto_json),
        ("not-encoded", order, "notEncoded", None, "json/plain", order),
        ("external-storage", external, "notEncoded", None, "json/protobuf", external),
        ("legacy-external-storage", legacy_external, "notEncoded", None, "json/external-storage-reference",
         legacy_external),
        ("tampered-tag", tampered, "failed", "AuthenticationFailed", "binary/encrypted (failed)", tampered),
        ("wrong-key", encrypt(order, "wrong", SAMPLE_KEY, b"\x08"), "failed", "AuthenticationFailed",
         "binary/encrypted (failed)", None),
        ("unknown-key-id", encrypt(order, "nobody", SAMPLE_KEY, b"\x09"), "failed", "UnknownKey",
         "binary/encrypted (failed)", None),
        ("truncated-ciphertext", dict(sealed, data=sealed["data"][:20]), "failed", "Truncated",
         "binary/encrypted (failed)", None),
        ("corrupt-zlib", {"metadata": {"encoding": b"binary/zlib"}, "data": b"\x78\x9c" + bytes(range(40))},
         "failed", "CorruptCompressedData", "binary/zlib (failed)", None),
        ("truncated-zlib", {"metadata": {"encoding": b"binary/zlib"}, "data": zlib_data[: len(zlib_data) // 2]},
         "failed", "Truncated", "binary/zlib (failed)", None),
        ("zlib-bomb", encrypt(zlib_codec(bomb), "test", SAMPLE_KEY, b"\x0a"), "failed", "TooLarge",
         "binary/encrypted(key test) > binary/zlib (failed)", None),
        ("gzip-bomb", gzip_codec(bomb), "failed", "TooLarge", "binary/gzip (failed)", None),
        ("snappy-bomb", {"metadata": {"encoding": b"binary/snappy"}, "data": varint(1 << 30) + b"\x00" * 16},
         "failed", "TooLarge", "binary/snappy (failed)", None),
        ("unknown-encoding", plain("binary/rot13", b"uryyb"), "failed", "UnknownEncoding", "binary/rot13 (failed)", None),
        ("not-a-payload", encrypt({"metadata": {}, "data": b""}, "test", SAMPLE_KEY, b"\x0b") | {
            "data": (b"\x0c" * 12) + AESGCM(SAMPLE_KEY).encrypt(b"\x0c" * 12, b"\xff\xff\xff", None)},
         "failed", "InvalidStructure", "binary/encrypted (failed)", None),
    ]

    events = [{
        "eventId": "1", "eventTime": "2026-01-05T10:00:00Z", "eventType": "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED",
        "workflowExecutionStartedEventAttributes": {"workflowType": {"name": "CodecVectors"},
                                                    "taskQueue": {"name": "codecs"}},
    }]
    expected = []
    for name, stored, status, error, chain, inner in cases:
        events.append({
            "eventId": str(len(events) + 1), "eventTime": "2026-01-05T10:00:01Z",
            "eventType": "EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED",
            "workflowExecutionSignaledEventAttributes": {"signalName": name, "input": {"payloads": [canonical(stored)]}},
        })
        entry = {"signal": name, "status": status, "error": error, "chain": chain}
        if inner is not None and status != "failed":
            entry["payload"] = canonical(inner)
        expected.append(entry)

    # An activity failure whose message and stack trace (and its cause's) were moved into encoded attributes,
    # as SDK failure converters with encodeCommonAttributes write them, then encrypted like the Go sample.
    def encoded_failure(message, stack, nonce):
        return encrypt(zlib_codec(json_plain({"message": message, "stack_trace": stack})), "test", SAMPLE_KEY, nonce)

    events.append({
        "eventId": str(len(events) + 1), "eventTime": "2026-01-05T10:00:02Z",
        "eventType": "EVENT_TYPE_ACTIVITY_TASK_FAILED",
        "activityTaskFailedEventAttributes": {
            "scheduledEventId": "1", "startedEventId": "1",
            "failure": {
                "message": "Encoded failure", "source": "TypeScriptSDK",
                "encodedAttributes": canonical(encoded_failure("charge declined", "at charge (pay.ts:12)", b"\x0d")),
                "applicationFailureInfo": {"type": "CardDeclined", "details": {
                    "payloads": [canonical(encrypt(json_plain({"code": 51}), "test-key-id", SAMPLE_KEY, b"\x0e"))]}},
                "cause": {
                    "message": "Encoded failure", "source": "TypeScriptSDK",
                    "encodedAttributes": canonical(encoded_failure("issuer said no", "at issuer (bank.ts:3)", b"\x0f")),
                    "applicationFailureInfo": {"type": "IssuerDeclined"},
                },
            },
        },
    })

    with open(os.path.join(outdir, "codec-history.json"), "w") as f:
        json.dump({"events": events}, f, indent=1)
    with open(os.path.join(outdir, "codec-expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    # Private to its owner, as serve-codec wants a key file it serves from.
    keys_path = os.path.join(outdir, "codec-keys.txt")
    with open(keys_path, "w") as f:
        f.write(KEYS_FILE)
    os.chmod(keys_path, 0o600)

    batch_events = [events[0]]
    inputs = []
    for i in range(2000):
        value = json_plain({"line": i, "note": f"invoice line {i:05d} " + "x" * 400})
        inputs.append(encrypt(value, "test-key-id", SAMPLE_KEY, i.to_bytes(4, "big")))
    for i in range(2500):
        batch_events.append({
            "eventId": str(len(batch_events) + 1), "eventTime": "2026-01-05T10:00:01Z",
            "eventType": "EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED",
            "workflowExecutionSignaledEventAttributes": {"signalName": f"line-{i}",
                                                         "input": {"payloads": [canonical(inputs[i % 2000])]}},
        })
    with open(os.path.join(outdir, "codec-batch-history.json"), "w") as f:
        json.dump({"events": batch_events}, f)


if __name__ == "__main__":
    main()
