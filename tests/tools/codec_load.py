"""Load on a Codec Server for HistoryLens's tests: CLIENTS concurrent clients (each its own aiohttp session, so its
own connections) send REQUESTS POSTs of BODYFILE each to URL and check every answer: HTTP 200 and EXPECT payloads.

  python codec_load.py URL BODYFILE CLIENTS REQUESTS EXPECT

Prints {"ok": N, "failed": N, "wrongCount": N, "seconds": S, "firstProblem": "..."} as JSON.
"""
import asyncio
import json
import sys
import time

import aiohttp


async def client(url, body, requests, expect, totals):
    async with aiohttp.ClientSession(headers={"Content-Type": "application/json", "X-Namespace": "default"}) as session:
        for _ in range(requests):
            try:
                async with session.post(url, data=body) as response:
                    text = await response.read()
                    if response.status != 200:
                        totals["failed"] += 1
                        totals.setdefault("firstProblem", f"HTTP {response.status}: {text[:200]!r}")
                        continue
                    count = len(json.loads(text).get("payloads", []))
                    if count != expect:
                        totals["wrongCount"] += 1
                        totals.setdefault("firstProblem", f"{count} payloads instead of {expect}")
                        continue
                    totals["ok"] += 1
            except Exception as error:  # a dropped connection counts as a failure, with its reason
                totals["failed"] += 1
                totals.setdefault("firstProblem", repr(error))


async def main():
    url, body_file, clients, requests, expect = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    with open(body_file, "rb") as f:
        body = f.read()
    totals = {"ok": 0, "failed": 0, "wrongCount": 0}
    started = time.monotonic()
    await asyncio.gather(*(client(url, body, requests, expect, totals) for _ in range(clients)))
    totals["seconds"] = round(time.monotonic() - started, 3)
    print(json.dumps(totals))


if __name__ == "__main__":
    asyncio.run(main())
