#!/usr/bin/env bash
# Whole-process time of `diligence assess` on an example scenario, against
# the named baseline `diligence --version` (the same binary starting and
# exiting without loading the knowledge base), measured in one run with
# hyperfine. Prints the mean times and the ratio.
#
#   bench/assess-process.sh            # builds the release binary first
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v hyperfine >/dev/null 2>&1; then
  echo "installing hyperfine (Debian package)" >&2
  (apt-get install -y -q hyperfine >/dev/null 2>&1) || (apt-get update -q >/dev/null && apt-get install -y -q hyperfine >/dev/null)
fi
cargo build --release -q -p diligence-cli
bin=target/release/diligence
scenario=data/scenarios/ransomware-hospitals-notified.toml
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

hyperfine -N --warmup 20 --runs 300 --export-json "$out/runs.json" \
  -n baseline "$bin --version" \
  -n assess-text "$bin assess $scenario" \
  -n assess-json "$bin assess $scenario --format json" \
  -n assess-explain "$bin assess $scenario --explain" >/dev/null

python3 - "$out/runs.json" <<'PY'
import json, sys
runs = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
base = runs["baseline"]["mean"]
print(f"{'command':<16} {'mean ms':>8} {'p95 ms':>8} {'x baseline':>11}")
for name, r in runs.items():
    times = sorted(r["times"])
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"{name:<16} {r['mean']*1e3:8.2f} {p95*1e3:8.2f} {r['mean']/base:11.2f}")
PY
