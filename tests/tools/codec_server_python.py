"""A Codec Server in Python, for HistoryLens's tests: the temporalio SDK's PayloadCodec interface with the samples'
AES-GCM format (nonce || ciphertext || tag over a serialized Payload), served by aiohttp as samples-python's
codec_server.py serves it (its default 1 MiB body limit included), plus routes that misbehave on purpose.

  python codec_server_python.py KEYFILE PORTFILE [CERT KEY TLSPORTFILE]

Routes (any prefix before the last segment is accepted, as the contract asks):
  POST .../decode                  the real codec; 400 with the reason when a payload cannot be decoded
  POST /bad/<mode>/decode          misbehaving: flaky-N (N x 500, then decodes), status-S (always S),
                                   limit-K (413 above K payloads), garbage, wrong-count, hang, slow, huge,
                                   redirect (307 to http://localhost:PORT/...), redirect-same (307 to itself)
  GET  /log                        what each request carried: path, payload count, the headers that matter
  GET  /stats                      {"requests": N, "payloads": M} for the decode requests served
  POST /reset                      forget the log, the counters and the flaky state
"""
import asyncio
import base64
import os
import ssl
import sys

from aiohttp import web
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from google.protobuf import json_format
from temporalio.api.common.v1 import Payload, Payloads
from temporalio.converter import PayloadCodec

JAVA_CIPHER = b"AES/GCM/NoPadding"


def read_keys(path):
    keys = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key_id, spec = line.split("=", 1)
            scheme, value = spec.split(":", 1)
            if scheme == "hex":
                keys[key_id.strip()] = bytes.fromhex(value)
            elif scheme == "base64":
                keys[key_id.strip()] = base64.b64decode(value)
            elif scheme == "text":
                keys[key_id.strip()] = value.encode()
    return keys


class EncryptionCodec(PayloadCodec):
    def __init__(self, keys):
        self.keys = keys

    async def encode(self, payloads):
        raise NotImplementedError("this test server only decodes")

    async def decode(self, payloads):
        out = []
        for payload in payloads:
            if payload.metadata.get("encoding", b"") != b"binary/encrypted":
                out.append(payload)  # pass through what this codec did not encode
                continue
            key_id = payload.metadata.get("encryption-key-id", b"").decode()
            key = self.keys.get(key_id)
            if key is None and payload.metadata.get("encryption-cipher", b"") == JAVA_CIPHER:
                key = key_id.encode()  # the Java sample's convention: its key id is its key
            if key is None:
                raise ValueError(f"no key for encryption-key-id {key_id!r}")
            plain = AESGCM(key).decrypt(payload.data[:12], payload.data[12:], None)
            out.append(Payload.FromString(plain))
        return out


def main():
    keys = read_keys(sys.argv[1])
    port_file = sys.argv[2]
    codec = EncryptionCodec(keys)
    state = {"log": [], "requests": 0, "payloads": 0, "flaky": {}}
    port_box = {}

    async def decode_body(request):
        payloads = json_format.Parse(await request.read(), Payloads())
        return list(payloads.payloads)

    def answer(payloads):
        return web.Response(text=json_format.MessageToJson(Payloads(payloads=payloads)), content_type="application/json")

    async def real_decode(request, payloads=None):
        try:
            if payloads is None:
                payloads = await decode_body(request)
            return answer(await codec.decode(payloads))
        except web.HTTPException:
            raise
        except Exception as error:  # the contract: decoder errors are 400
            return web.Response(status=400, text=f"cannot decode: {error}")

    def record(request, count):
        state["requests"] += 1
        state["payloads"] += count
        state["log"].append({
            "path": request.path,
            "host": request.host,
            "payloads": count,
            "authorization": request.headers.get("Authorization"),
            "x-namespace": request.headers.get("X-Namespace"),
            "content-type": request.headers.get("Content-Type"),
            "x-extra": request.headers.get("X-Extra"),
        })

    async def decode(request):
        if not request.path.endswith("/decode"):
            raise web.HTTPNotFound()
        if request.content_type != "application/json":
            return web.Response(status=415, text="Content-Type must be application/json")
        body = await request.read()  # 413 past aiohttp's client_max_size, as the samples' server does
        try:
            payloads = list(json_format.Parse(body, Payloads()).payloads)
        except json_format.ParseError as error:
            return web.Response(status=400, text=f"not a Payloads body: {error}")
        record(request, len(payloads))
        parts = request.path.split("/")
        if len(parts) >= 4 and parts[1] == "bad":
            return await misbehave(request, parts[2], payloads)
        return await real_decode(request, payloads)

    async def misbehave(request, mode, payloads):
        if mode.startswith("flaky-"):
            seen = state["flaky"].get(mode, 0)
            state["flaky"][mode] = seen + 1
            if seen < int(mode.split("-", 1)[1]):
                return web.Response(status=500, text="temporarily broken")
            return await real_decode(request, payloads)
        if mode.startswith("status-"):
            return web.Response(status=int(mode.split("-", 1)[1]), text=f"told to answer {mode}")
        if mode.startswith("limit-"):
            if len(payloads) > int(mode.split("-", 1)[1]):
                return web.Response(status=413, text="too many payloads")
            return await real_decode(request, payloads)
        if mode == "garbage":
            return web.Response(text="<html>not json", content_type="application/json")
        if mode == "wrong-count":
            decoded = await codec.decode(payloads)
            return answer(decoded[:-1])
        if mode == "hang":
            await asyncio.sleep(3600)
        if mode == "slow":
            await asyncio.sleep(1.5)
            return await real_decode(request, payloads)
        if mode == "huge":
            response = web.StreamResponse(headers={"Content-Type": "application/json"})
            await response.prepare(request)
            await response.write(b'{"payloads":[{"data":"')
            chunk = b"A" * (1 << 20)
            try:
                for _ in range(64):  # 64 MiB: far past any bound a test sets
                    await response.write(chunk)
            except (ConnectionResetError, asyncio.CancelledError):
                pass
            return response
        if mode in ("endless", "endless-declared"):
            # A chunked answer that never ends, or one declaring 16 GiB up front: the client must stop at its bound.
            headers = {"Content-Type": "application/json"}
            response = web.StreamResponse(headers=headers)
            if mode == "endless-declared":
                response.content_length = 16 << 30
            await response.prepare(request)
            chunk = b"A" * (1 << 16)
            try:
                await response.write(b'{"payloads":[{"data":"')
                while True:
                    await response.write(chunk)
                    await asyncio.sleep(0)  # other requests are served meanwhile, whatever the socket's state
            except (ConnectionError, asyncio.CancelledError, RuntimeError):
                pass
            return response
        if mode == "redirect":
            raise web.HTTPTemporaryRedirect(f"http://localhost:{port_box['port']}/moved/decode")
        if mode == "redirect-same":
            raise web.HTTPTemporaryRedirect(f"http://127.0.0.1:{port_box['port']}/moved/decode")
        return web.Response(status=404, text=f"unknown mode {mode}")

    async def log(request):
        return web.json_response(state["log"])

    async def stats(request):
        return web.json_response({"requests": state["requests"], "payloads": state["payloads"]})

    async def reset(request):
        state.update({"log": [], "requests": 0, "payloads": 0, "flaky": {}})
        return web.json_response({})

    app = web.Application()
    app.router.add_get("/log", log)
    app.router.add_get("/stats", stats)
    app.router.add_post("/reset", reset)
    app.router.add_post("/{tail:.*}", decode)

    async def start():
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port_box["port"] = site._server.sockets[0].getsockname()[1]
        if len(sys.argv) >= 6:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(sys.argv[3], sys.argv[4])
            tls_site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
            await tls_site.start()
            write_port(sys.argv[5], tls_site._server.sockets[0].getsockname()[1])
        write_port(port_file, port_box["port"])
        await asyncio.Event().wait()

    def write_port(path, port):
        with open(path + ".tmp", "w") as f:
            f.write(str(port))
        os.replace(path + ".tmp", path)

    asyncio.run(start())


if __name__ == "__main__":
    main()
