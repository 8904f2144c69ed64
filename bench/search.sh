#!/usr/bin/env bash
# bench/search.sh — bantin's search beside Pagefind's, on the same built sites, in one run.
#
#   bash bench/search.sh                 # the relevance site, then 1,000, 10,000 and 100,000 documents
#   RUNS=1 bash bench/search.sh 1000     # the relevance site and one size, one build each
#
# Needs the bench kit beside the repository (../shared/bench/gen_corpus.py; set BENCH_KIT to point
# elsewhere), node + npm (Pagefind comes from the npm registry, its binary inside the package,
# installed under the work folder, never into the repository), Chromium and chromedriver (Debian:
# chromium chromium-driver) and GNU time. Everything it writes goes under $SEARCH_BENCH_DIR
# (default /dev/shm/bantin-search-bench, tmpfs); corpora are reused from $CORPORA/corpus-N
# (default /dev/shm/bb, made with --peer-safe) or generated under the work folder when missing.
#
# For each site: `bantin build` (RUNS times, fresh output each; at 100,000 BIG_RUNS times), then
# Pagefind on that output (same counts): `pagefind --site OUT --output-subdir pagefind
# --root-selector main --glob '[0-9][0-9][0-9][0-9]/**/*.html'`, i.e. the document pages only
# (what bantin indexes; not the year/unit/campaign listings), from each page's <main> (no
# data-pagefind-body in bantin's theme), language from <html lang="vi">, everything else Pagefind's
# defaults. Then bench/search_measure.js measures both in headless Chromium over HTTP (its own
# static server, which counts the bytes it sends, Pagefind's web worker included): first load, per
# query (a new page each: cold; then the same query again in that page: warm), and on the
# relevance site (bundled content/ + tests/search/corpus) recall@3 and MRR against
# tests/search/relevance.json. At 100,000 documents the browser runs BIG_LIMIT queries (default 10).
#
# bantin has no separate index step: its build time is the whole site (pages, feeds, listings and
# the search index) while Pagefind's is the index alone, on top of a site already built.
set -euo pipefail
# The summaries these scripts read are matched in English.
export BANTIN_LANG=en

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
KIT=${BENCH_KIT:-$REPO/../shared/bench}
WORK=${SEARCH_BENCH_DIR:-/dev/shm/bantin-search-bench}
CORPORA=${CORPORA:-/dev/shm/bb}
RUNS=${RUNS:-3}
BIG_RUNS=${BIG_RUNS:-1}
BIG_LIMIT=${BIG_LIMIT:-10}
PAGEFIND_VERSION=${PAGEFIND_VERSION:-1.6.0}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000 100000)

[ -f "$KIT/gen_corpus.py" ] || { echo "bench: no bench kit at $KIT (set BENCH_KIT)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: GNU time is needed: apt-get install time" >&2; exit 2; }
command -v node >/dev/null && command -v npm >/dev/null || { echo "bench: node and npm are needed" >&2; exit 2; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] && [ -x "${CHROMEDRIVER:-/usr/bin/chromedriver}" ] ||
  { echo "bench: Chromium and chromedriver are needed: apt-get install chromium chromium-driver" >&2; exit 2; }
mkdir -p "$WORK"

echo "== building bantin (release)"
(cd "$REPO" && cargo build --release --quiet)
BANTIN=$REPO/target/release/bantin

PAGEFIND_SHIM=$WORK/node/node_modules/.bin/pagefind
if [ ! -x "$PAGEFIND_SHIM" ] || [ "$("$PAGEFIND_SHIM" --version | awk '{ print $2 }')" != "$PAGEFIND_VERSION" ]; then
  echo "== installing pagefind@$PAGEFIND_VERSION from npm into $WORK/node"
  mkdir -p "$WORK/node"
  [ -f "$WORK/node/package.json" ] || echo '{"private": true}' > "$WORK/node/package.json"
  npm install --prefix "$WORK/node" --no-audit --no-fund --silent "pagefind@$PAGEFIND_VERSION"
fi
# The binary itself, not the npm package's node launcher (so time and memory are Pagefind's own).
PAGEFIND=$(ls "$WORK"/node/node_modules/@pagefind/*/bin/pagefind_extended "$WORK"/node/node_modules/@pagefind/*/bin/pagefind 2>/dev/null | head -n1 || true)
[ -n "$PAGEFIND" ] || PAGEFIND=$PAGEFIND_SHIM

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB RAM, $(df -h "$WORK" | awk 'NR==2 { print $1 }') at $WORK"
echo "bantin:   $("$BANTIN" --version)"
echo "pagefind: $("$PAGEFIND" --version) ($PAGEFIND)"
echo "chromium: $("${CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null | head -n1)"

RES=$WORK/results
rm -rf "$RES"; mkdir -p "$RES"

# build_and_index LABEL SITE_ROOT RUNS: times `bantin build` and Pagefind on its output, RUNS times
# each; leaves the last output in $WORK/out-LABEL and writes $RES/build-LABEL.json.
build_and_index() {
  local label=$1 root=$2 runs=$3 out=$WORK/out-$1 i
  local times=$RES/times-$label.tsv
  : > "$times"
  echo "== $label: bantin build, $runs run(s)"
  for i in $(seq 1 "$runs"); do
    rm -rf "$out"
    /usr/bin/time -f "%e %M" -o "$RES/time" "$BANTIN" build --root "$root" --output "$out" > "$RES/bantin-$label.log" 2>&1 ||
      { tail -5 "$RES/bantin-$label.log" >&2; exit 1; }
    printf 'bantin\t%s\n' "$(cat "$RES/time")" >> "$times"
    echo "   $(tail -n1 "$RES/bantin-$label.log")"
  done
  # Pagefind holds the whole index in memory (~0.4 GB per 1,000 of these documents here): it runs
  # under an address-space cap (PAGEFIND_MEM_GB, by default what the machine has free less 3 GiB,
  # at most 16), so that running out fails Pagefind alone rather than waking the OOM killer.
  local cap=${PAGEFIND_MEM_GB:-$(awk '/MemAvailable/ { g = int($2 / 1048576) - 3; print (g > 16 ? 16 : (g < 2 ? 2 : g)) }' /proc/meminfo)}
  echo "== $label: Pagefind on that output, $runs run(s), under a $cap GiB cap"
  rm -f "$RES/pagefind-$label.failed"
  for i in $(seq 1 "$runs"); do
    rm -rf "$out/pagefind"
    if ! (ulimit -v $((cap * 1024 * 1024)); /usr/bin/time -f "%e %M" -o "$RES/time" "$PAGEFIND" --site "$out" --output-subdir pagefind \
        --root-selector main --glob '[0-9][0-9][0-9][0-9]/**/*.html') > "$RES/pagefind-$label.log" 2>&1; then
      local why
      why=$(grep -m1 -E 'memory allocation|rror' "$RES/pagefind-$label.log" || tail -n1 "$RES/pagefind-$label.log")
      echo "$why under a $cap GiB cap, after $(tail -n1 "$RES/time" | awk '{ printf "%s s, peak RSS %d MB", $(NF-1), $NF / 1024 }')" > "$RES/pagefind-$label.failed"
      echo "   pagefind failed: $(cat "$RES/pagefind-$label.failed")"
      rm -rf "$out/pagefind"
      break
    fi
    printf 'pagefind\t%s\n' "$(cat "$RES/time")" >> "$times"
    echo "   pagefind: $(grep -E 'Indexed [0-9]+ pages' "$RES/pagefind-$label.log" | tr -s ' ') in $(cut -d' ' -f1 "$RES/time") s"
  done
  python3 - "$label" "$out" "$times" "$RES/bantin-$label.log" "$RES/pagefind-$label.log" "$("$PAGEFIND" --version | awk '{ print $2 }')" "$RES/build-$label.json" "$RES/pagefind-$label.failed" <<'PY'
import json, os, re, statistics, sys
label, out, times, blog, plog, version, dest, failed = sys.argv[1:]
t = {"bantin": [], "pagefind": []}
for line in open(times):
    tool, wall, kb = line.split()
    t[tool].append((float(wall), int(kb)))
def files(top, keep=lambda rel: True):
    n = size = 0
    for d, _, fs in os.walk(top):
        for f in fs:
            rel = os.path.relpath(os.path.join(d, f), top)
            if keep(rel):
                n += 1; size += os.path.getsize(os.path.join(d, f))
    return n, size
# bantin: search/ (static/search.js is the code, counted in the first load).
bn, bs = files(os.path.join(out, "search"))
# Pagefind: its index data (index/, fragment/, filter/, pf_meta, entry); not its code (pagefind.js,
# the worker, the WASM: counted in the first load) nor its UI bundles (unused here).
data = lambda rel: rel.startswith(("index/", "fragment/", "filter/")) or rel.endswith((".pf_meta", "pagefind-entry.json"))
pn, ps = files(os.path.join(out, "pagefind"), data)
an, asz = files(os.path.join(out, "pagefind"))
summary = open(blog).read().strip().splitlines()[-1]
docs = int(re.search(r"bantin: (\d+) documents", summary).group(1))
med = lambda xs: statistics.median(xs)
res = {
    "docs": docs,
    "bantin": {"seconds": med([w for w, _ in t["bantin"]]), "rss_mb": round(med([k for _, k in t["bantin"]]) / 1024),
               "runs": len(t["bantin"]), "index_files": bn, "index_bytes": bs,
               "note": f"build, median of {len(t['bantin'])}: \"{summary.split(' in ')[0]}\""},
}
if os.path.exists(failed):
    res["pagefind"] = {"version": version, "failed": open(failed).read().strip()}
else:
    plogt = open(plog).read()
    pages = re.search(r"Indexed (\d+) pages", plogt).group(1)
    words = re.search(r"Indexed (\d+) words", plogt).group(1)
    res["pagefind"] = {"seconds": med([w for w, _ in t["pagefind"]]), "rss_mb": round(med([k for _, k in t["pagefind"]]) / 1024),
                 "runs": len(t["pagefind"]), "version": version, "index_files": pn, "index_bytes": ps,
                 "note": f"indexed {pages} pages, {words} words; median of {len(t['pagefind'])}; pagefind/ holds {an} files, {asz / 1e6:.2f} MB with its code and UI bundles"}
json.dump(res, open(dest, "w"), indent=1)
PY
}

measure() { # LABEL [extra args]
  local label=$1; shift
  echo "== $label: measuring in headless Chromium"
  [ ! -f "$RES/pagefind-$label.failed" ] || set -- "$@" --tools bantin
  node "$HERE/search_measure.js" measure --site "$WORK/out-$label" --label "$label" --json "$RES/measure-$label.json" "$@"
}

# The relevance site: the bundled plans plus the search fixture corpus, as tests/suite/search.rs builds it.
rm -rf "$WORK/relevance-site"; mkdir -p "$WORK/relevance-site"
cp -r "$REPO/content" "$WORK/relevance-site/content"
cp -r "$REPO/tests/search/corpus/." "$WORK/relevance-site/content/"
build_and_index relevance "$WORK/relevance-site" "$RUNS"
measure relevance --relevance "$REPO/tests/search/relevance.json"

for n in "${SIZES[@]}"; do
  corpus=$CORPORA/corpus-$n
  if [ ! -d "$corpus/content" ]; then
    corpus=$WORK/corpus-$n
    if [ ! -d "$corpus/content" ]; then
      echo "== generating $n documents (--peer-safe) into $corpus"
      python3 "$KIT/gen_corpus.py" "$corpus" "$n" --peer-safe
    fi
  fi
  if [ "$n" -ge 100000 ]; then
    build_and_index "$n" "$corpus" "$BIG_RUNS"
    measure "$n" --limit "$BIG_LIMIT"
  else
    build_and_index "$n" "$corpus" "$RUNS"
    measure "$n"
  fi
  [ -n "${KEEP:-}" ] || rm -rf "$WORK/out-$n"
done

echo
node "$HERE/search_measure.js" table "$RES" | tee "$RES/table.md"
