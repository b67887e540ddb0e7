#!/usr/bin/env bash
# Whole-process time and CPU of `diligence assess` on uncertain scenarios,
# against the named baseline of the same command on the definite scenario
# it starts from (the ransomware example), measured in one run with
# hyperfine: the scenario with three facts unknown, and with every fact
# unknown (the whole fact space of 207,360 situations), both with
# `--decisive` and the JSON output. Prints the mean wall time, the mean CPU
# (user + system) and the ratio to the baseline.
#
#   bench/uncertain-process.sh          # builds the release binary first
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v hyperfine >/dev/null 2>&1; then
  echo "installing hyperfine (Debian package)" >&2
  (apt-get install -y -q hyperfine >/dev/null 2>&1) || (apt-get update -q >/dev/null && apt-get install -y -q hyperfine >/dev/null)
fi
cargo build --release --locked -q -p diligence-cli
bin=target/release/diligence
definite=data/scenarios/ransomware-hospitals-notified.toml
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
sed -e 's/^knowledge = .*/knowledge = "unknown"/' -e 's/^measures = .*/measures = "unknown"/' \
  -e 's/^\[facts\]/[facts]\ncontinuing = "unknown"/' "$definite" >"$out/three.toml"
{
  echo 'title = "Every fact unknown"'
  echo '[facts]'
  for fact in domain conduct_by territorial_link contrary_to_rights harm knowledge timing capacity measures continuing; do
    echo "$fact = \"unknown\""
  done
} >"$out/all.toml"
for f in "$out/three.toml" "$out/all.toml"; do
  "$bin" assess "$f" --decisive --format json >/dev/null
done

hyperfine -N --warmup 10 --runs 200 --export-json "$out/runs.json" \
  -n baseline-definite "$bin assess $definite --decisive --format json" \
  -n three-unknown "$bin assess $out/three.toml --decisive --format json" \
  -n every-fact-unknown "$bin assess $out/all.toml --decisive --format json" >/dev/null

python3 - "$out/runs.json" <<'PY'
import json, sys
runs = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
base = runs["baseline-definite"]["mean"]
print(f"{'command':<20} {'mean ms':>8} {'p95 ms':>8} {'CPU ms':>8} {'x baseline':>11}")
for name, r in runs.items():
    times = sorted(r["times"])
    p95 = times[int(len(times) * 0.95) - 1]
    cpu = (r["user"] + r["system"]) * 1e3
    print(f"{name:<20} {r['mean']*1e3:8.2f} {p95*1e3:8.2f} {cpu:8.2f} {r['mean']/base:11.2f}")
PY
