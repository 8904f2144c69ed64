#!/usr/bin/env python3
"""Request latency and throughput of `bantin serve`, for one or more binaries in the same run
(e.g. the previous release beside this one), on the repository's basic test site.

    cargo build --release
    python3 bench/serve_requests.py target/release/bantin [OTHER_BINARY ...]

For each binary: serve on a free port, then (1) sequential GETs of a document's page on one
keep-alive connection, (2) the same with a new connection each time, (3) 304 answers to
If-None-Match, (4) 16 clients at once on keep-alive connections. Prints the median and 99th
percentile per request in microseconds, and requests per second for (4). Python standard
library only; the client's own time is included and the same for every binary.
"""
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROUNDS = int(os.environ.get("ROUNDS", "2000"))
PAGE = "/2022/ke-hoach-138/"


def start(binary, root):
    proc = subprocess.Popen(
        [binary, "serve", "--root", root, "--port", "0", "--today", "2026-11-23"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        m = re.match(r"bantin serve: http://([^/]+)/", line)
        if m:
            threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
            host, port = m.group(1).rsplit(":", 1)
            return proc, host, int(port)
    sys.exit(f"{binary}: serve did not start")


def timed(n, request):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        request()
        times.append((time.perf_counter() - t) * 1e6)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1]


def measure(binary, root):
    proc, host, port = start(binary, root)
    try:
        conn = http.client.HTTPConnection(host, port)

        def get(c=conn, headers=None):
            c.request("GET", PAGE, headers=headers or {})
            r = c.getresponse()
            body = r.read()
            return r, body

        r, _ = get()
        assert r.status == 200, r.status
        etag = r.getheader("ETag")
        for _ in range(200):
            get()
        results = {"keep-alive GET": timed(ROUNDS, get)}

        def fresh():
            c = http.client.HTTPConnection(host, port)
            get(c)
            c.close()

        results["new connection GET"] = timed(ROUNDS, fresh)

        def not_modified():
            r, _ = get(headers={"If-None-Match": etag})
            assert r.status == 304, r.status

        results["304"] = timed(ROUNDS, not_modified)

        def client(n):
            c = http.client.HTTPConnection(host, port)
            for _ in range(n):
                get(c)

        per = max(ROUNDS // 16, 1)
        threads = [threading.Thread(target=client, args=(per,)) for _ in range(16)]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        rate = 16 * per / (time.perf_counter() - t)
        return results, rate
    finally:
        proc.terminate()
        proc.wait()


def main():
    binaries = sys.argv[1:] or ["target/release/bantin"]
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "site")
        shutil.copytree(os.path.join(here, "..", "tests", "sites", "basic"), root)
        for binary in binaries:
            results, rate = measure(binary, root)
            print(binary)
            for name, (median, p99) in results.items():
                print(f"  {name:20} median {median:7.0f} µs   p99 {p99:7.0f} µs")
            print(f"  {'16 clients':20} {rate:7.0f} requests/s")


if __name__ == "__main__":
    main()
