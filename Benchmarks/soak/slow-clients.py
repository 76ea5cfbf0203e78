#!/usr/bin/env python3
"""Clients that misbehave beside the soak's load, for DURATION seconds, against HOST:PORT:

- trickle: sends a whole request one byte every 20 ms, then must get an HTTP answer (or a
  408 / a closed connection if serve gives up on slow heads; either is what HTTP allows);
- vanish: sends a head that announces a 1000-byte body, 10 bytes of it, and closes;
- drop-after-head: sends a complete request and closes before reading the answer.

Prints counts per kind and outcome as JSON. Bounded: at most WORKERS connections at a time,
each with a 30 s socket timeout, all to 127.0.0.1."""
import json
import socket
import sys
import threading
import time

host, port, duration = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
WORKERS = 8
PATH = "/_gateway/soak/prod/mock"
deadline = time.time() + duration
counts = {}
lock = threading.Lock()


def count(kind, outcome):
    with lock:
        counts.setdefault(kind, {}).setdefault(outcome, 0)
        counts[kind][outcome] += 1


def connect():
    sock = socket.create_connection((host, port), timeout=30)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def read_status(sock):
    data = b""
    while b"\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            return "closed"
        data += chunk
    return data.split(b" ", 2)[1].decode()


def trickle():
    request = f"GET {PATH} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode()
    with connect() as sock:
        try:
            for byte in request:
                sock.sendall(bytes([byte]))
                time.sleep(0.02)
            count("trickle", read_status(sock))
        except (BrokenPipeError, ConnectionResetError):
            count("trickle", "reset")
        except socket.timeout:
            count("trickle", "no answer within 30 s")


def vanish():
    head = f"POST {PATH} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Length: 1000\r\n\r\n".encode()
    with connect() as sock:
        sock.sendall(head + b"0123456789")
    count("vanish", "sent")


def drop_after_head():
    with connect() as sock:
        sock.sendall(f"GET {PATH} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
    count("drop-after-head", "sent")


def worker(index):
    kinds = [trickle, vanish, drop_after_head, vanish]
    n = index
    while time.time() < deadline:
        try:
            kinds[n % len(kinds)]()
        except OSError as error:
            count(kinds[n % len(kinds)].__name__, type(error).__name__)
        n += 1


threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps(counts, sort_keys=True))
