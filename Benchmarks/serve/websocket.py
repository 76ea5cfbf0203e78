"""WebSocket load on `portico serve` (issue 19's speed figures): messages per second through a
MOCK route on 1 and on 100 connections, and the round trip of a message through a warm Lambda
function. A raw asyncio client (RFC 6455 framing by hand, masked as a client must), so the
client costs little beside the server.

    python3 websocket.py PORT [SECONDS] [SERVER_PID]

With the server's pid, each figure also gives the server's CPU time per message (user +
system, from /proc): on a shared machine the rate says how much CPU the server got, the CPU
time what a message costs.
"""
import asyncio
import base64
import os
import statistics
import struct
import sys
import time

HOST = "127.0.0.1"
PATH = "/_gateway/bench/prod"


class Client:
    """One WebSocket connection: upgrade, send text frames, read the server's frames."""

    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port):
        reader, writer = await asyncio.open_connection(HOST, port)
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write((f"GET {PATH} HTTP/1.1\r\nHost: {HOST}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = await reader.readuntil(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 101"):
            raise RuntimeError("upgrade refused: " + head.decode(errors="replace").splitlines()[0])
        return cls(reader, writer)

    def send(self, text):
        payload = text.encode()
        mask = os.urandom(4)
        header = bytes([0x81])
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        else:
            header += bytes([0x80 | 126]) + struct.pack("!H", len(payload))
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.writer.write(header + mask + masked)

    async def receive(self):
        first, second = await self.reader.readexactly(2)
        length = second & 0x7F
        if length == 126:
            length = struct.unpack("!H", await self.reader.readexactly(2))[0]
        elif length == 127:
            length = struct.unpack("!Q", await self.reader.readexactly(8))[0]
        payload = await self.reader.readexactly(length)
        if first & 0x0F == 0x8:
            raise RuntimeError("closed by the server: " + repr(payload))
        return payload

    async def close(self):
        self.writer.write(bytes([0x88, 0x82]) + b"\0\0\0\0" + struct.pack("!H", 1000))
        await self.writer.drain()
        self.writer.close()


async def pump(client, deadline, window, counts):
    """Keeps `window` messages in flight on one connection until the deadline."""
    message = '{"action": "echo", "text": "hello"}'
    in_flight = 0
    while True:
        while in_flight < window and time.monotonic() < deadline:
            client.send(message)
            in_flight += 1
        await client.writer.drain()
        if in_flight == 0:
            return
        await client.receive()
        in_flight -= 1
        counts[0] += 1


def cpu_seconds(pid):
    """User + system CPU time of a process so far, from /proc/PID/stat."""
    if pid is None:
        return 0.0
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def mock_rate(port, connections, seconds, window, pid=None):
    clients = [await Client.open(port) for _ in range(connections)]
    # Warm-up: one message each.
    for client in clients:
        client.send('{"action": "echo"}')
    for client in clients:
        await client.receive()
    counts = [0]
    cpu = cpu_seconds(pid)
    started = time.monotonic()
    await asyncio.gather(*(pump(c, started + seconds, window, counts) for c in clients))
    elapsed = time.monotonic() - started
    cpu = cpu_seconds(pid) - cpu
    for client in clients:
        await client.close()
    return counts[0] / elapsed, cpu / max(counts[0], 1) * 1e6


async def lambda_round_trips(port, count, pid=None):
    client = await Client.open(port)
    for _ in range(5):   # the first starts the process; then it is warm
        client.send('{"action": "lambda", "n": 0}')
        await client.receive()
    times = []
    cpu = cpu_seconds(pid)
    for n in range(count):
        started = time.perf_counter()
        client.send('{"action": "lambda", "n": %d}' % n)
        await client.receive()
        times.append((time.perf_counter() - started) * 1000)
    cpu = cpu_seconds(pid) - cpu
    await client.close()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1], cpu / count * 1e6


async def main():
    port = int(sys.argv[1])
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 5
    pid = int(sys.argv[3]) if len(sys.argv) > 3 else None
    one, one_cpu = await mock_rate(port, 1, seconds, 16, pid)
    hundred, hundred_cpu = await mock_rate(port, 100, seconds, 4, pid)
    median, p99, lambda_cpu = await lambda_round_trips(port, 300, pid)
    print(f"MOCK route, 1 connection (16 in flight):        {one:8,.0f} messages/s, {one_cpu:6.1f} µs server CPU each")
    print(f"MOCK route, 100 connections (4 in flight each): {hundred:8,.0f} messages/s, {hundred_cpu:6.1f} µs server CPU each")
    print(f"warm Lambda round trip (300, one at a time): median {median:.2f} ms, p99 {p99:.2f} ms, "
          f"{lambda_cpu:.0f} µs server CPU each (the function's own process not counted)")


asyncio.run(main())
