#!/usr/bin/env bash
# The doctrine profiles' status counts over the whole fact space, computed by
# an answer-set program (clingo, from PyPI, in a virtual environment this
# script owns under target/bench-venv) and by `diligence divergence`: checks
# that they agree and prints the time ratio, in one run.
#   bench/asp-baseline.sh                     # spec v2: the counts must agree
#   bench/asp-baseline.sh --v1-conduct-rule   # spec v1's conduct rule: they must not
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/bench-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q clingo
fi
cargo build --release -q -p diligence-cli
exec "$venv/bin/python" bench/asp_baseline.py target/release/diligence "$@"
