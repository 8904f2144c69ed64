#!/usr/bin/env bash
# Fuzzes each target for SECONDS (default 300) with cargo fuzz on the stable toolchain
# (RUSTC_BOOTSTRAP=1 lets it use the sanitizer flags it needs). New corpus entries land in
# fuzz/corpus/<target>; a crash is written to fuzz/artifacts/<target>: copy it into
# fuzz/regressions/<target>, where `cargo test` replays it for good.
#   bash fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
seconds="${1:-300}"; shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
    targets=(front_matter document_pipeline registries serve_request)
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t"
    cp -n "seeds/$t"/* "corpus/$t"/ 2>/dev/null || true
    RUSTC_BOOTSTRAP=1 cargo fuzz run "$t" "corpus/$t" -- \
        -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 -print_final_stats=1
done
