#!/usr/bin/env bash
# `diligence argue` against the independent ICCMA solver crustabri (from
# crates.io, installed into target/bench-tools, not a dependency of the
# project) on the shared competition instances, in one run: disagreements
# and the median time ratio per task.
#
#   bench/iccma-compare.sh [SECONDS]     time limit per solver run (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
tools=target/bench-tools
if [ ! -x "$tools/bin/crustabri_iccma23" ]; then
  echo "installing crustabri into $tools" >&2
  cargo install -q crustabri --root "$tools"
fi
shared=${DILIGENCE_SHARED:-../shared}
cargo build --release -q -p diligence-cli
exec python3 bench/iccma_compare.py target/release/diligence "$tools/bin/crustabri_iccma23" "$shared/iccma" "${1:-10}"
