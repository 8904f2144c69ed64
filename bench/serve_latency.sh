#!/usr/bin/env bash
# Save-to-reload latency of `bantin serve` on generated corpora (1,000 and 10,000
# documents by default): starts `bantin serve --port 0`, listens to its live-reload
# stream like a browser tab, edits one document again and again (a paragraph in the middle
# of its body; its first paragraph, which lists and feeds show; its title, which lists, the
# documents citing it and the search index show), and prints, per corpus and
# kind of edit, the rebuild time serve reports and the time from the write to the `reload`
# event (which includes serve's 40 ms wait for the editor's save to finish).
#
#     bash bench/serve_latency.sh              # SIZES="1000 10000" EDITS=20
#     SIZES=10000 EDITS=50 bash bench/serve_latency.sh
#     BINS="old/bantin target/release/bantin" bash bench/serve_latency.sh   # side by side
#
# The corpora come from ../shared/bench/gen_corpus.py, which lives outside this
# repository (SHARED=... to point elsewhere); they are made once on /dev/shm (WORK=...)
# and reused. Needs python3 (standard library only).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SHARED=${SHARED:-../shared}
WORK=${WORK:-/dev/shm/bantin-serve-bench}
SIZES=${SIZES:-"1000 10000"}
EDITS=${EDITS:-20}

if [[ -z ${BINS:-} ]]; then
    cargo build --release --quiet
    BINS=$PWD/target/release/bantin
fi
mkdir -p "$WORK"

for n in $SIZES; do
    corpus=$WORK/corpus-$n
    if [[ ! -d $corpus/content ]]; then
        python3 "$SHARED/bench/gen_corpus.py" "$corpus" "$n" >/dev/null
    fi
done

python3 - "$BINS" "$WORK" "$EDITS" $SIZES <<'PY'
import json, os, re, signal, socket, statistics, subprocess, sys, threading, time

binaries, work, edits, sizes = sys.argv[1].split(), sys.argv[2], int(sys.argv[3]), sys.argv[4:]


def serve(binary, root):
    proc = subprocess.Popen(
        [binary, "serve", "--root", root, "--port", "0", "--today", "2026-11-23"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        # The terminal lines this script reads are matched in English.
        env=dict(os.environ, BANTIN_SERVE_TIMINGS="1", BANTIN_LANG="en"))
    lines, address, ready = [], [], threading.Event()

    def read():
        for line in proc.stderr:
            lines.append(line)
            m = re.match(r"bantin serve: http://([^/]+)/", line)
            if m:
                address.append(m.group(1))
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    ready.wait(600)
    if not address:
        proc.kill()
        sys.exit("serve did not start:\n" + "".join(lines))
    return proc, address[0], lines


class Events:
    """The live-reload stream, read as a browser tab would."""

    def __init__(self, address):
        host, port = address.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)))
        self.sock.sendall(f"GET /__bantin/events HTTP/1.1\r\nHost: {address}\r\n\r\n".encode())
        self.buf = b""
        self.next()  # the stream's head

    def next(self):
        """The next block (an event, or the head), as text."""
        while b"\n\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("stream closed")
            self.buf += chunk.replace(b"\r\n", b"\n")
        block, self.buf = self.buf.split(b"\n\n", 1)
        return block.decode()

    def until(self, name, timeout=60):
        self.sock.settimeout(timeout)
        while True:
            if f"event: {name}" in self.next():
                return


def pick(root):
    """A document with a body of several paragraphs, the same one each run."""
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(root, "content"))
                   for f in fs if f.endswith(".md") and not f.startswith("."))
    for path in files[len(files) // 2:]:
        if open(path, encoding="utf-8").read().count("\n\n") > 6:
            return path
    return files[len(files) // 2]


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


rows = []
for binary, n in [(b, n) for n in sizes for b in binaries]:
    root = os.path.join(work, f"corpus-{n}")
    started = time.perf_counter()
    proc, address, lines = serve(binary, root)
    first = time.perf_counter() - started
    built = next((l for l in lines if "built" in l), "")
    docs = re.search(r"built (\d+) documents", built)
    events = Events(address)
    path = pick(root)
    original = open(path, encoding="utf-8").read()
    end = original.index("\n---\n", 4) + 5
    head, paragraphs = original[:end], original[end:].split("\n\n")
    # Two kinds of edit: a paragraph in the middle of the body (its page changes, lists
    # keep their summaries), and the first paragraph (the summary lists and feeds show).
    first_text = next(i for i, p in enumerate(paragraphs) if p.strip() and not p.startswith("#"))
    targets = {"middle": len(paragraphs) // 2 + 1, "first": first_text, "title": None}
    results = {kind: ([], [], []) for kind in targets}
    try:
        for i in range(edits):
            for kind, at in targets.items():
                rebuild_ms, latency_ms, search_ms = results[kind]
                edited, front = paragraphs[:], head
                if at is None:
                    front = re.sub(r"(?m)^title: *(.*)$", lambda m: "title: " + json.dumps(
                        m.group(1).strip().strip("\"'") + f" (sửa lần {i + 1})", ensure_ascii=False), head, count=1)
                else:
                    edited[at] = edited[at] + f" (sửa lần {i + 1})"
                seen = len(lines)
                t0 = time.perf_counter()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(front + "\n\n".join(edited))
                # Each save changes one thing: the next starts from this one.
                head, paragraphs = front, edited
                events.until("reload")
                latency_ms.append((time.perf_counter() - t0) * 1000)
                # The page reloads first; the search index catches up after it. Wait for
                # both before the next save, so each save is measured alone.
                deadline = time.time() + 120
                while time.time() < deadline:
                    found = [m for l in lines[seen:] for m in re.findall(r"rebuilt in (\d+) ms", l)]
                    search = [m for l in lines[seen:]
                              for m in re.findall(r"search index updated in (\d+) ms", l)]
                    if found and search:
                        rebuild_ms.append(int(found[-1]))
                        search_ms.append(float(search[-1]))
                        break
                    time.sleep(0.01)
                time.sleep(0.3)
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        proc.wait(30)
    for kind in targets:
        rows.append((os.path.relpath(binary), docs.group(1) if docs else n, kind, first, *results[kind]))

print()
print(f"bantin serve, one document's body edited {edits} times per corpus and paragraph "
      f"({os.cpu_count()} CPUs, corpora on {work})")
print()
print("| binary | documents | edit | first build | rebuild median | rebuild p90 | rebuild max "
      "| search index after the reload (median) | save→reload median | save→reload p90 | save→reload max |")
print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for binary, docs, kind, first, rebuild, latency, search in rows:
    print(f"| {binary} | {docs} | {kind} | {first:.1f} s | {statistics.median(rebuild):.0f} ms | {pct(rebuild, 90):.0f} ms "
          f"| {max(rebuild):.0f} ms | {statistics.median(search):.0f} ms "
          f"| {statistics.median(latency):.0f} ms | {pct(latency, 90):.0f} ms | {max(latency):.0f} ms |")
PY
