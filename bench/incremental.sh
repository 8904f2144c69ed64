#!/usr/bin/env bash
# bench/incremental.sh — incremental `bantin build` beside a full build, in one run.
#
#   bash bench/incremental.sh                        # 10,000 documents, 5 rounds
#   RUNS=3 bash bench/incremental.sh 1000            # another size, 3 rounds
#   MAIN_BIN=/path/to/bantin bash bench/incremental.sh   # main's binary already built
#   BANTIN_BIN=/path/to/bantin bash bench/incremental.sh # this binary already built
#
# Each round, on the same generated corpus:
#   main full      main's binary (built from the `main` branch unless MAIN_BIN is given),
#                  a full build into a fresh folder: the build as it is today;
#   full           this binary, `build --full` into a fresh folder;
#   unchanged      `build` again, nothing edited;
#   body edit      one document's body edited, `build`;
#   body (copies)  the same with kept files copied rather than hard-linked
#                  (BANTIN_BUILD_KEEP=copy, a measuring switch);
#   title edit     one document's title edited, `build`.
# The table gives medians of wall time, CPU time (user+sys) and peak memory, and each
# build's speed-up over `full`. With VERIFY=1, the last round's output is compared with a
# full build of the same content, byte for byte.
#
# Uses the bench kit beside the repository (../shared/bench: gen_corpus.py) for the corpus;
# set BENCH_KIT to point elsewhere. Corpus and outputs on tmpfs (BENCH_DIR).
set -euo pipefail
# The summaries these scripts read are matched in English.
export BANTIN_LANG=en

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
KIT=${BENCH_KIT:-$REPO/../shared/bench}
WORK=${BENCH_DIR:-/dev/shm/bantin-bench-incremental}
RUNS=${RUNS:-5}
N=${1:-10000}

[ -f "$KIT/gen_corpus.py" ] || { echo "bench: no bench kit at $KIT (set BENCH_KIT)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: GNU time is needed: apt-get install time" >&2; exit 2; }
mkdir -p "$WORK"

if [ -z "${BANTIN_BIN:-}" ]; then
  echo "== building bantin (release)"
  (cd "$REPO" && cargo build --release --quiet)
  BANTIN_BIN=$REPO/target/release/bantin
fi
BANTIN=$BANTIN_BIN

if [ -z "${MAIN_BIN:-}" ]; then
  echo "== building main's bantin (release) in $WORK/main"
  rm -rf "$WORK/main-src"; mkdir -p "$WORK/main-src"
  git -C "$REPO" archive main | tar -x -C "$WORK/main-src"
  (cd "$WORK/main-src" && CARGO_TARGET_DIR="$WORK/main-target" cargo build --release --quiet)
  MAIN_BIN=$WORK/main-target/release/bantin
fi

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB RAM, $(df -h "$WORK" | awk 'NR==2 { print $1 }') at $WORK"
echo "bantin: $("$BANTIN" --version) ($BANTIN)"
echo "main:   $("$MAIN_BIN" --version) ($MAIN_BIN)"

corpus="$WORK/corpus-$N"
if [ ! -d "$corpus/content" ]; then
  echo "== generating $N documents"
  python3 "$KIT/gen_corpus.py" "$corpus" "$N" > /dev/null
fi
# The document edited: the same one every round, its body or title changed each time.
doc=$(find "$corpus/content" -name '*.md' | sort | awk 'NR == 1')
echo "edited: ${doc#"$corpus/"}"

RESULTS="$WORK/results.tsv"
: > "$RESULTS"
out="$WORK/out"
time_build() { # name, binary, output, args…
  local name=$1 bin=$2 dir=$3; shift 3
  # Wall time to the microsecond (GNU time's is to 10 ms, 3% of an incremental build).
  local start=$EPOCHREALTIME
  /usr/bin/time -f "%U %S %M" -o "$WORK/time" \
    "$bin" build --root "$corpus" --output "$dir" "$@" > "$WORK/log" 2>&1 || { tail -5 "$WORK/log" >&2; exit 1; }
  local end=$EPOCHREALTIME
  wall=$(awk -v s="${start/,/.}" -v e="${end/,/.}" 'BEGIN { printf "%.3f", e - s }')
  read -r user sys kb < "$WORK/time"
  summary=$(grep '^bantin: ' "$WORK/log" | tail -n1)
  [ "$round" -gt 0 ] && printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$wall" "$user" "$sys" "$kb" "$summary" >> "$RESULTS"
  printf '   %-14s %6s s   %s\n' "$name" "$wall" "$summary"
}
edit() { # what, round
  python3 - "$doc" "$1" "$2" <<'PY'
import sys
path, what, n = sys.argv[1:]
text = open(path, encoding="utf-8").read()
head, sep, body = text.partition("\n---\n")
if what == "body":
    body = body.rstrip("\n") + f"\n\nĐoạn bổ sung lần {n}.\n"
else:
    lines = head.split("\n")
    lines = [l + f" (sửa lần {n})" if l.startswith("title:") else l for l in lines]
    head = "\n".join(lines)
open(path, "w", encoding="utf-8").write(head + sep + body)
PY
}

cp "$doc" "$WORK/original.md"
trap 'cp "$WORK/original.md" "$doc"' EXIT
for round in $(seq 0 "$RUNS"); do
  echo "== round $round$([ "$round" -eq 0 ] && echo ' (warm-up)' || true)"
  rm -rf "$out"; mkdir -p "$out"
  time_build "main full" "$MAIN_BIN" "$out/main"
  rm -rf "$out/main"
  time_build "full" "$BANTIN" "$out/site" --full
  time_build "unchanged" "$BANTIN" "$out/site"
  edit body "$round-a"
  time_build "body edit" "$BANTIN" "$out/site"
  edit body "$round-b"
  BANTIN_BUILD_KEEP=copy time_build "body (copies)" "$BANTIN" "$out/site"
  edit title "$round"
  time_build "title edit" "$BANTIN" "$out/site"
done

if [ "${VERIFY:-0}" = 1 ]; then
  echo "== comparing the last incremental output with a full build"
  "$BANTIN" build --root "$corpus" --output "$out/check" --full > /dev/null 2>&1
  diff -r -x .bantin "$out/site" "$out/check" > /dev/null && echo "   byte-identical" || { echo "   DIFFERENT" >&2; exit 1; }
fi
rm -rf "$out"

python3 - "$RESULTS" "$N" <<'PY'
import statistics, sys
from collections import defaultdict
rows = defaultdict(list)
order = []
for line in open(sys.argv[1], encoding="utf-8"):
    name, wall, user, sys_, kb, summary = line.rstrip("\n").split("\t")
    if name not in rows:
        order.append(name)
    rows[name].append(dict(wall=float(wall), cpu=float(user) + float(sys_), mem=int(kb) / 1024))
med = lambda xs: statistics.median(xs)
full = med([r["wall"] for r in rows["full"]])
print()
print(f"{int(sys.argv[2]):,} documents, medians of {len(rows['full'])} rounds")
print()
print("| build | wall | CPU | peak memory | full / this |")
print("|---|---:|---:|---:|---:|")
for name in order:
    r = rows[name]
    wall = med([x["wall"] for x in r])
    print(f"| {name} | {wall:.3f} s | {med([x['cpu'] for x in r]):.2f} s | {med([x['mem'] for x in r]):,.0f} MiB | {full / wall:.1f}× |")
PY
