#!/usr/bin/env bash
# The editor's desk at 10,000 documents and 10,000 units: starts `bantin serve --port 0` on a
# generated corpus (its units.yaml grown to 10,000 units), then measures
#   - check: POST /kiem-tra of a new document (load of the site is cached; resolve with all),
#   - save → preview: POST /luu of a new document until its page answers 200 from serve,
#   - edit → preview: POST /luu of a changed title until the page shows it,
#   - data: GET /du-lieu (every unit, campaign and document for the pickers), size and time,
#   - picker: the desk's own search over the 10,000 units in headless Chromium
#     (`dong van`, `xa 9999`), through chromedriver, per keystroke.
#
#     bash bench/desk.sh                 # N=10000 UNITS=10000 RUNS=10
#     BINS="old/bantin new/bantin" bash bench/desk.sh   # several binaries, one after another,
#                                        # each on a fresh copy of the same corpus
#
# The corpus comes from ../shared/bench/gen_corpus.py, outside this repository (SHARED=...);
# it is made once on /dev/shm (WORK=...). Needs python3 (standard library), and for the
# picker Debian's chromium and chromedriver (skipped with a note when missing).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SHARED=${SHARED:-../shared}
WORK=${WORK:-/dev/shm/bantin-desk-bench}
N=${N:-10000}
UNITS=${UNITS:-10000}
RUNS=${RUNS:-10}

if [[ -z ${BINS:-} ]]; then
    cargo build --release --quiet
    BINS=$PWD/target/release/bantin
fi
mkdir -p "$WORK"
base=$WORK/corpus-$N
if [[ ! -d $base/content ]]; then
    python3 "$SHARED/bench/gen_corpus.py" "$base" "$N" >/dev/null
fi
site=$WORK/site
for BIN in $BINS; do
echo "== $BIN"
rm -rf "$site"
cp -r "$base" "$site"
python3 - "$site/content/units.yaml" "$UNITS" <<'PY'
import sys
path, want = sys.argv[1], int(sys.argv[2])
text = open(path, encoding="utf-8").read()
have = text.count("\n- name:") + text.startswith("- name:")
with open(path, "a", encoding="utf-8") as f:
    for i in range(want - have):
        f.write(f"- name: Ủy ban nhân dân xã Thử Nghiệm {i}\n  level: commune\n")
PY

python3 - "$BIN" "$site" "$RUNS" <<'PY'
import json, os, re, shutil, socket, statistics, subprocess, sys, threading, time, urllib.request

binary, site, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
DESK = "/__bantin/soan-thao"
proc = subprocess.Popen(
    [binary, "serve", "--root", site, "--port", "0", "--today", "2026-11-23"],
    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    env=dict(os.environ, BANTIN_LANG="en"))
address = []
ready = threading.Event()

def read():
    for line in proc.stderr:
        m = re.match(r"bantin serve: http://([^/]+)/", line)
        if m:
            address.append(m.group(1)); ready.set()
    ready.set()

threading.Thread(target=read, daemon=True).start()
ready.wait(600)
addr = address[0]
base = f"http://{addr}"
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

def get(path):
    try:
        with opener.open(base + path, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()

page = get(DESK + "/")[1].decode()
token = re.search(r'bantin-token" content="([0-9a-f]+)', page).group(1)

def post(route, value):
    req = urllib.request.Request(base + DESK + route, data=json.dumps(value).encode(), method="POST",
        headers={"Content-Type": "application/json", "Origin": base, "X-Bantin-Token": token})
    try:
        with opener.open(req, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())

def ms(t):
    return f"{statistics.median(t) * 1000:.0f} ms (min {min(t) * 1000:.0f}, max {max(t) * 1000:.0f})"

fields = lambda i: {"title": f"Kế hoạch đo thời gian số {i}", "kind": "plan", "date": "23/9/2025",
                    "unit": "Ủy ban nhân dân xã Thử Nghiệm 1", "number": f"{900 + i}/KH-DO"}
post("/kiem-tra", {"fields": fields(0), "body": "x"})  # the desk reads the site once
checks, saves, edits = [], [], []
for i in range(runs):
    t = time.perf_counter(); post("/kiem-tra", {"fields": fields(i), "body": "Nội dung."})
    checks.append(time.perf_counter() - t)
for i in range(runs):
    t = time.perf_counter()
    status, saved = post("/luu", {"fields": fields(i), "body": "Nội dung.\n"})
    assert status == 200, saved
    while get(saved["url"])[0] != 200:
        time.sleep(0.002)
    saves.append(time.perf_counter() - t)
    time.sleep(0.3)
    opened = json.loads(get(DESK + "/van-ban?duong-dan=" + urllib.parse.quote(saved["path"]))[1])
    f = opened["fields"]; f["title"] = f"Kế hoạch đã sửa số {i}"
    t = time.perf_counter()
    status, _ = post("/luu", {"path": opened["path"], "version": opened["version"], "fields": f, "body": opened["body"]})
    assert status == 200
    while f["title"].encode() not in get(saved["url"])[1]:
        time.sleep(0.002)
    edits.append(time.perf_counter() - t)
    time.sleep(0.3)
datas = []
for _ in range(5):
    t = time.perf_counter(); status, body = get(DESK + "/du-lieu"); datas.append(time.perf_counter() - t)
units = len(json.loads(body)["units"])
print(f"documents: {len(json.loads(body)['documents'])}, units: {units}")
print(f"check (POST /kiem-tra):        {ms(checks)}")
print(f"save → page served:           {ms(saves)}")
print(f"edit → changed page served:   {ms(edits)}")
print(f"picker data (GET /du-lieu):   {ms(datas)}, {len(body) / 1024:.0f} KiB")

# The picker's search, in Chromium, over every unit.
driver = shutil.which("chromedriver")
if not driver or not os.path.exists("/usr/bin/chromium"):
    print("picker search: skipped (chromium/chromedriver not found)")
else:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    drv = subprocess.Popen([driver, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wd = f"http://127.0.0.1:{port}"
    def call(method, path, body=None):
        req = urllib.request.Request(wd + path, method=method,
            data=None if body is None else json.dumps(body).encode(), headers={"Content-Type": "application/json"})
        with opener.open(req, timeout=120) as r:
            return json.loads(r.read())["value"]
    for _ in range(100):
        try:
            call("GET", "/status"); break
        except Exception:
            time.sleep(0.1)
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
    sid = call("POST", "/session", {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}}}})["sessionId"]
    call("POST", f"/session/{sid}/url", {"url": base + DESK + "/"})
    for _ in range(200):
        if call("POST", f"/session/{sid}/execute/sync", {"script": "return document.documentElement.dataset.ready || ''", "args": []}) == "1":
            break
        time.sleep(0.05)
    script = """
        const q = arguments[0], times = [];
        let found = 0;
        for (let i = 0; i < 50; i++) {
          const t = performance.now();
          for (let k = 1; k <= q.length; k++) found = window.__desk.search('unit', q.slice(0, k)).length;
          times.push((performance.now() - t) / q.length);
        }
        times.sort((a, b) => a - b);
        return [times[25], times[49], found];"""
    for q in ["dong van", "xa thu nghiem 9999", "khong co"]:
        med, worst, found = call("POST", f"/session/{sid}/execute/sync", {"script": script, "args": [q]})
        print(f"picker search {q!r:22} per keystroke: median {med:.2f} ms, max {worst:.2f} ms, {found} shown")
    call("DELETE", f"/session/{sid}")
    drv.kill()
proc.terminate()
PY
done
