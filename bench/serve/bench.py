#!/usr/bin/env python3
"""Edit-to-reload latency of `archkb serve` beside `hugo server`, on the same content.

For each server and site it edits one article's body ITERATIONS times and measures
  reload: from the write (file closed) to the live-reload message naming the change
          (archkb: its Server-Sent Events stream; Hugo: its livereload WebSocket), and
  content: from the write to the first HTTP GET of the page that returns the new text
          (polled in a tight loop, a fresh connection each time).
The two are measured in separate passes so the polling does not slow the server while
the reload latency is timed. Traffic goes to 127.0.0.1 only; every wait is bounded.

usage: bench.py ARCHKB_BINARY SITES_DIR [ITERATIONS]
  SITES_DIR holds bundled/{archkb,hugo} and 1000/{archkb,hugo} from gen_site.py.
"""
import base64
import json
import os
import socket
import statistics
import subprocess
import sys
import time

TIMEOUT = 20.0


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port, proc):
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def http_get(port, path):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    chunks = []
    while True:
        b = s.recv(65536)
        if not b:
            break
        chunks.append(b)
    s.close()
    return b"".join(chunks)


class Sse:
    """archkb's event stream."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        self.sock.sendall(b"GET /__archkb/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        self.buf = b""

    def wait(self, key):
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            while b"\n\n" in self.buf:
                msg, self.buf = self.buf.split(b"\n\n", 1)
                lines = msg.decode().splitlines()
                if "event: reload" in lines:
                    data = json.loads(next(l[6:] for l in lines if l.startswith("data: ")))
                    if key in data["changed"]:
                        return data
            self.buf += self.sock.recv(65536)
        raise TimeoutError("no reload event")


class LiveReloadWs:
    """Hugo's livereload WebSocket (a minimal RFC 6455 client: text frames only)."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /livereload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                           "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            self.buf += self.sock.recv(4096)
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        assert b" 101 " in head.split(b"\r\n")[0], head
        self.send(json.dumps({"command": "hello",
                              "protocols": ["http://livereload.com/protocols/official-7"]}))

    def send(self, text):
        payload = text.encode()
        mask = os.urandom(4)
        header = bytes([0x81, 0x80 | len(payload)]) if len(payload) < 126 else \
            bytes([0x81, 0x80 | 126]) + len(payload).to_bytes(2, "big")
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def frame(self):
        def need(n):
            while len(self.buf) < n:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise EOFError
                self.buf += chunk
        need(2)
        length = self.buf[1] & 0x7F
        offset = 2
        if length == 126:
            need(4)
            length, offset = int.from_bytes(self.buf[2:4], "big"), 4
        elif length == 127:
            need(10)
            length, offset = int.from_bytes(self.buf[2:10], "big"), 10
        need(offset + length)
        payload, self.buf = self.buf[offset:offset + length], self.buf[offset + length:]
        return payload.decode(errors="replace")

    def wait(self, _key):
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            text = self.frame()
            if '"reload"' in text:
                return text
        raise TimeoutError("no livereload message")


def edit(path, original, marker):
    with open(path, "w") as f:
        f.write(original.rstrip("\n") + f"\n\nBench marker {marker}.\n")
    return time.perf_counter()


def run(kind, binary, site, article, url, key, iterations, gap):
    port = free_port()
    if kind == "archkb":
        cmd = [binary, "--root", site, "serve", "--port", str(port)]
    else:
        cmd = ["hugo", "server", "--source", site, "--port", str(port), "--bind", "127.0.0.1",
               "--baseURL", f"http://127.0.0.1:{port}/", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    path = os.path.join(site, article)
    original = open(path).read()
    reload_ms, content_ms = [], []
    try:
        wait_port(port, proc)
        time.sleep(2)
        events = Sse(port) if kind == "archkb" else LiveReloadWs(port)
        # One warm-up edit, not counted.
        edit(path, original, "warmup")
        events.wait(key)
        time.sleep(gap)
        for i in range(iterations):
            t0 = edit(path, original, f"r{i}")
            events.wait(key)
            reload_ms.append((time.perf_counter() - t0) * 1000)
            time.sleep(gap)
        for i in range(iterations):
            marker = f"Bench marker c{i}.".encode()
            t0 = edit(path, original, f"c{i}")
            deadline = time.time() + TIMEOUT
            while marker not in http_get(port, url):
                if time.time() > deadline:
                    raise TimeoutError("new content never served")
            content_ms.append((time.perf_counter() - t0) * 1000)
            time.sleep(gap)
    finally:
        with open(path, "w") as f:
            f.write(original)
        proc.terminate()
        proc.wait(timeout=20)
    return reload_ms, content_ms


def summary(values):
    values = sorted(values)
    p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
    return f"{statistics.median(values):.1f} / {p90:.1f} / {values[-1]:.1f}"


def main():
    binary, sites = sys.argv[1], sys.argv[2]
    iterations = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    guide = "guides/choosing-an-architecture"
    cases = [
        ("bundled", f"content/en/{guide}.md", f"content/{guide}.md", f"/{guide}/", 1.0),
        ("1000", "content/en/guides/gen-0500.md", "content/guides/gen-0500.md",
         "/guides/gen-0500/", 5.0),
    ]
    rows = []
    for name, kb_article, hugo_article, url, gap in cases:
        for kind, article in (("archkb", kb_article), ("hugo", hugo_article)):
            site = os.path.join(sites, name, kind)
            key = url.lstrip("/") + "index.html"
            reload_ms, content_ms = run(kind, binary, site, article, url, key, iterations, gap)
            row = (name, kind, summary(reload_ms), summary(content_ms))
            print("| " + " | ".join(row) + " |", flush=True)
            rows.append(row)


if __name__ == "__main__":
    main()
