#!/usr/bin/env bash
# bench/million.sh — one build of 1,000,000 documents on disk (not tmpfs), for time and
# peak memory at national scale. Needs ~11 GB for the corpus and ~30 GB for the output.
#
#   bash bench/million.sh [WORK_DIR]        # default /var/tmp/bantin-million
#
# Like bench/run.sh, it needs the bench kit beside the repository (../shared/bench).
set -euo pipefail
# The summaries these scripts read are matched in English.
export BANTIN_LANG=en
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
KIT=${BENCH_KIT:-$REPO/../shared/bench}
WORK=${1:-/var/tmp/bantin-million}
mkdir -p "$WORK"
(cd "$REPO" && cargo build --release --quiet)
if [ ! -d "$WORK/corpus/content" ]; then
  echo "== generating 1,000,000 documents into $WORK/corpus (a few minutes)"
  python3 "$KIT/gen_corpus.py" "$WORK/corpus" 1000000
fi
rm -rf "$WORK/out"
echo "== building (on $(df -h "$WORK" | awk 'NR==2 { print $1 }'))"
/usr/bin/time -f "wall %e s, cpu %U+%S s, peak %M KB" \
  "$REPO/target/release/bantin" build --root "$WORK/corpus" --output "$WORK/out" 2>&1 | tail -n 2
echo "output: $(find "$WORK/out" -type f | wc -l) files, $(du -sh "$WORK/out" | cut -f1)"
