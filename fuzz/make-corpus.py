#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, made from the tests' fixtures (nothing here is committed but the few hand
written seeds of fuzz/seeds/ and the dictionary):

  make-corpus.py OUT --fixtures DIR --codec DIR --tokens DIR --demo FILE [--real DIR]

OUT/<target>/ gets one file per seed, named by content hash; OUT/data/ gets what the targets read at start (the
access-token fixture's jwks.json and rules.toml, through HL_FUZZ_DATA_DIR).
"""
import argparse
import base64
import hashlib
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_SEED = 256 * 1024  # libFuzzer mutates large inputs slowly; every dialect has a small example


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | 0x80 if n else byte)
        if not n:
            return bytes(out)


def field(number, data):
    return varint(number << 3 | 2) + varint(len(data)) + data


def serialize_payload(payload):
    """Proto3 JSON Payload (base64 metadata values and data) as temporal.api.common.v1.Payload bytes."""
    out = b""
    for key, value in sorted(payload.get("metadata", {}).items()):
        out += field(1, field(1, key.encode()) + field(2, base64.b64decode(value)))
    if payload.get("data"):
        out += field(2, base64.b64decode(payload["data"]))
    return out


def payloads_in(node):
    """Every Payload object of a proto3 JSON history."""
    if isinstance(node, dict):
        if "metadata" in node and isinstance(node["metadata"], dict) and "encoding" in node["metadata"]:
            yield node
        for value in node.values():
            yield from payloads_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from payloads_in(value)


class Corpus:
    def __init__(self, out):
        self.out = out

    def add(self, target, data):
        if isinstance(data, str):
            data = data.encode()
        if len(data) > MAX_SEED:
            return
        folder = os.path.join(self.out, target)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
            f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--codec", required=True)
    parser.add_argument("--tokens", required=True)
    parser.add_argument("--demo", required=True)
    parser.add_argument("--real")
    args = parser.parse_args()

    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    corpus = Corpus(args.out)

    # Whole history files: every dialect the generator writes, the real ones, the codec vectors, the demo.
    histories = [os.path.join(args.fixtures, name) for name in sorted(os.listdir(args.fixtures))]
    if args.real and os.path.isdir(args.real):
        histories += [os.path.join(args.real, name) for name in sorted(os.listdir(args.real)) if name != "SOURCES.md"]
    histories += [os.path.join(args.codec, "codec-history.json"), args.demo]
    for path in histories:
        corpus.add("history_reader", read(path))

    # Payloads, as binary Payload messages (codec chain) and as Codec Server bodies (answers and requests).
    codec_history = json.loads(read(os.path.join(args.codec, "codec-history.json")))
    payloads = list(payloads_in(codec_history))
    for payload in payloads:
        corpus.add("codec_chain", serialize_payload(payload))
        body = json.dumps({"payloads": [payload]})
        corpus.add("codec_answer", body)
        corpus.add("serve_codec", "POST /default/decode\nContent-Type: application/json\n\n" + body)
    corpus.add("codec_answer", json.dumps({"payloads": payloads}))
    corpus.add("codec_answer", '{"payloads":[]}')
    corpus.add("codec_answer", '{"payloads":[{"metadata":{"encoding":"anNvbi9wbGFpbg"},"data":"IjEi",'
                               '"external_payloads":[{"size_bytes":"12"}]}]}')
    plain = [p for p in payloads if base64.b64decode(p["metadata"]["encoding"]).startswith(b"json/")]
    for payload in plain[:4]:
        corpus.add("serve_codec", "POST /encode\nX-Namespace: default\nOrigin: http://localhost:8233\n"
                                  "Content-Type: application/json\n\n" + json.dumps({"payloads": [payload]}))
    corpus.add("serve_codec", "OPTIONS /decode\nOrigin: http://localhost:8233\n\n")
    corpus.add("serve_codec", "GET /decode\n\n")
    corpus.add("serve_codec", "POST /decode\nContent-Type: application/json\n\n" + json.dumps({"payloads": payloads}))

    # Access tokens, each against the rules and alone; the key sets.
    tokens = json.loads(read(os.path.join(args.tokens, "tokens.json")))
    body = json.dumps({"payloads": payloads[:2]})
    for name, token in sorted(tokens.items()):
        corpus.add("access_token", b"\x00Bearer " + token.encode())
        corpus.add("serve_codec", f"POST /default/decode\nService: tokens\nAuthorization: Bearer {token}\n"
                                  f"X-Namespace: default\nContent-Type: application/json\n\n{body}")
    for name in ("jwks.json", "jwks-rotated.json"):
        corpus.add("access_token", b"\x01" + read(os.path.join(args.tokens, name)))
    for name in ("rules.toml", "rules-encoded.toml"):
        corpus.add("profile_toml", read(os.path.join(args.tokens, name)))

    # History pages: the binary History as `history`, and as raw_history blobs (one and two), with a page token.
    history = read(os.path.join(args.fixtures, "history.binpb"))
    corpus.add("history_page", field(1, history) + field(3, b"token-1"))
    blob = varint(1 << 3) + varint(1) + field(2, history)
    corpus.add("history_page", field(2, blob))
    corpus.add("history_page", field(2, blob) + field(2, blob) + varint(4 << 3) + varint(1))

    # binary/protobuf: built-in types (even first byte; the second picks the type) and a user's descriptor set.
    corpus.add("protobuf_payload", b"\x00\x00" + history)
    for payload in payloads:
        corpus.add("protobuf_payload", b"\x00\x01" + field(1, serialize_payload(payload)))
    corpus.add("protobuf_payload", b"\x00\x04" + field(1, b"type.googleapis.com/temporal.api.common.v1.Payload")
               + field(2, serialize_payload(payloads[0])))
    corpus.add("protobuf_payload", b"\x01" + read(os.path.join(args.codec, "ordertypes.pb")))

    # Hand-written seeds: TOML profiles and the legacy env YAML as the temporal CLI writes them.
    seeds = os.path.join(HERE, "seeds")
    for target in sorted(os.listdir(seeds)):
        for name in sorted(os.listdir(os.path.join(seeds, target))):
            corpus.add(target, read(os.path.join(seeds, target, name)))

    data = os.path.join(args.out, "data")
    os.makedirs(data, exist_ok=True)
    for name in ("jwks.json", "rules.toml"):
        shutil.copy(os.path.join(args.tokens, name), data)

    for target in sorted(os.listdir(args.out)):
        if target != "data":
            print(f"{target}: {len(os.listdir(os.path.join(args.out, target)))} seeds")


if __name__ == "__main__":
    main()
