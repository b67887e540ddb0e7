#!/usr/bin/env bash
# Load on the web server (`diligence serve`), measured with wrk over loopback
# in one run: requests per second and the 50th, 90th and 99th percentile
# latencies of `POST /api/v1/assess` (one definite scenario as JSON, then the
# same scenario with three facts unknown) and `GET /api/v1/profiles`, against
# the named baseline `GET /api/v1/health` (the same server answering without
# touching the knowledge base); prints each endpoint's throughput as a ratio
# to the baseline's, and the uncertain scenario's mean latency as a ratio to
# the definite one's. Fails if any response is not 200, or on any socket
# error or timeout.
#
#   bench/web-load.sh [SECONDS]      seconds of load per endpoint (default 10)
#
# It builds the release binary, starts it on a free loopback port with a
# fresh data directory and stops it on exit. With four or more cores the
# server is pinned to cores 0-1 and wrk to cores 2-3; otherwise they share
# the machine's cores. WEB_LOAD_BASE_URL=http://127.0.0.1:PORT measures a
# server that is already running there instead (nothing is built).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-10}
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bench/web-load.sh [SECONDS]" >&2
  exit 2
fi

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian package)" >&2
  (apt-get install -y -q wrk >/dev/null 2>&1) || (apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null)
fi

work=$(mktemp -d)
data=""
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  [ -z "$data" ] || rm -rf "$data"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

server_cpus=()
wrk_cpus=()
if [ "$(nproc)" -ge 4 ] && command -v taskset >/dev/null 2>&1; then
  server_cpus=(taskset -c "0,1")
  wrk_cpus=(taskset -c "2,3")
  placement="server on cores 0-1, wrk on cores 2-3"
else
  placement="server and wrk share $(nproc) core(s)"
fi

if [ -n "${WEB_LOAD_BASE_URL:-}" ]; then
  base=${WEB_LOAD_BASE_URL%/}
  placement="server already running at $base"
else
  cargo build --release --locked -q
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:$port"
  data=$(mktemp -d)
  "${server_cpus[@]}" target/release/diligence serve --addr "127.0.0.1:$port" --data-dir "$data" \
    >"$work/server.log" 2>&1 &
  server_pid=$!
fi

# Wait (at most about 30 s) until the health endpoint answers 200.
ready=""
for _ in $(seq 100); do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 0.2 "$base/api/v1/health" || true)
  if [ "$code" = 200 ]; then
    ready=1
    break
  fi
  if [ -n "$server_pid" ] && ! kill -0 "$server_pid" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
if [ -z "$ready" ]; then
  echo "the server did not answer 200 on $base/api/v1/health" >&2
  [ ! -s "$work/server.log" ] || tail -n 20 "$work/server.log" >&2
  exit 1
fi

# The part of every wrk script that counts the responses other than 200, per
# status, over all threads, and prints them when the run is done.
cat >"$work/count.lua" <<'LUA'
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

statuses = {}

function response(status, headers, body)
  if status ~= 200 then
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local total, by_status = 0, {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      total = total + n
      by_status[status] = (by_status[status] or 0) + n
    end
  end
  io.write(string.format("responses other than 200: %d\n", total))
  for status, n in pairs(by_status) do
    io.write(string.format("  status %d: %d\n", status, n))
  end
end
LUA

{
  echo 'wrk.method = "POST"'
  echo 'wrk.headers["Content-Type"] = "application/json"'
  echo "wrk.body = '{\"domain\":\"cyber\",\"conduct_by\":\"non_state_actor\",\"territorial_link\":\"originates\",\"contrary_to_rights\":true,\"harm\":\"serious\",\"knowledge\":\"notified\",\"timing\":\"ongoing\",\"capacity\":\"feasible\",\"measures\":\"none\"}'"
  cat "$work/count.lua"
} >"$work/assess.lua"
{
  echo 'wrk.method = "POST"'
  echo 'wrk.headers["Content-Type"] = "application/json"'
  echo "wrk.body = '{\"domain\":\"cyber\",\"conduct_by\":\"non_state_actor\",\"territorial_link\":\"originates\",\"contrary_to_rights\":true,\"harm\":\"serious\",\"knowledge\":\"unknown\",\"timing\":\"ongoing\",\"capacity\":\"feasible\",\"measures\":\"unknown\",\"continuing\":\"unknown\"}'"
  cat "$work/count.lua"
} >"$work/assess-uncertain.lua"
{
  echo 'wrk.method = "GET"'
  cat "$work/count.lua"
} >"$work/get.lua"

# name, method and path, script
endpoints=(
  "health|GET /api/v1/health|get.lua"
  "assess|POST /api/v1/assess|assess.lua"
  "assess-uncertain|POST /api/v1/assess (3 unknown)|assess-uncertain.lua"
  "profiles|GET /api/v1/profiles|get.lua"
)

load() { # seconds, script, path, output file
  timeout $(($1 + 30)) "${wrk_cpus[@]}" wrk -t2 -c32 -d"$1s" --latency -s "$work/$2" "$base$3" >"$4"
}

echo "wrk -t2 -c32 -d${seconds}s over loopback; $placement" >&2
load 1 assess.lua /api/v1/assess "$work/warmup.txt" # warm-up, not reported
results=()
for entry in "${endpoints[@]}"; do
  IFS='|' read -r name label script <<<"$entry"
  echo "loading $label for ${seconds}s" >&2
  path=${label#* }
  load "$seconds" "$script" "${path%% *}" "$work/$name.txt"
  results+=("$label" "$work/$name.txt")
done

python3 - "${results[@]}" <<'PY'
import re
import sys

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def millis(text):
    number, unit = re.fullmatch(r"([0-9.]+)([a-z]+)", text).groups()
    return float(number) * UNITS[unit]


def parse(path):
    out = open(path).read()
    rps = re.search(r"^Requests/sec:\s+([0-9.]+)", out, re.M)
    pct = dict(re.findall(r"^\s+(50|90|99)%\s+([0-9.]+[a-z]+)\s*$", out, re.M))
    if rps is None or set(pct) != {"50", "90", "99"}:
        sys.exit(f"could not read wrk's output:\n{out}")
    problems = []
    non2xx = re.search(r"^\s+Non-2xx or 3xx responses:\s+(\d+)", out, re.M)
    if non2xx:
        problems.append(f"{non2xx.group(1)} non-2xx or 3xx responses")
    other = re.search(r"^responses other than 200:\s+(\d+)((?:\n  status .*)*)", out, re.M)
    if other is None:
        problems.append("no count of the statuses from the wrk script")
    elif int(other.group(1)):
        statuses = ", ".join(s.strip() for s in other.group(2).strip().splitlines())
        problems.append(f"{other.group(1)} responses other than 200 ({statuses})")
    sockets = re.search(r"^\s+Socket errors:\s+(.*)$", out, re.M)
    if sockets:
        problems.append(f"socket errors: {sockets.group(1)}")
    requests = re.search(r"^\s+(\d+) requests in", out, re.M)
    return {
        "rps": float(rps.group(1)),
        "p50": millis(pct["50"]),
        "p90": millis(pct["90"]),
        "p99": millis(pct["99"]),
        "requests": int(requests.group(1)) if requests else 0,
        "problems": problems,
    }


args = sys.argv[1:]
rows = [(label, parse(path)) for label, path in zip(args[::2], args[1::2])]
base = rows[0][1]["rps"]
print(f"{'endpoint':<34} {'requests/s':>11} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'x health':>9}")
for label, r in rows:
    ratio = r["rps"] / base if base else float("nan")
    print(f"{label:<34} {r['rps']:11.0f} {r['p50']:8.3f} {r['p90']:8.3f} {r['p99']:8.3f} {ratio:9.2f}")
print(f"baseline: {rows[0][0]} at {base:.0f} requests/s")
by_label = dict(rows)
definite = by_label.get("POST /api/v1/assess")
uncertain = by_label.get("POST /api/v1/assess (3 unknown)")
if definite and uncertain and uncertain["rps"]:
    # With a fixed number of connections, the mean time per request is the
    # inverse of the throughput.
    print(f"3 facts unknown against the definite scenario: {definite['rps'] / uncertain['rps']:.2f}x the time per request (aim: within 2x)")
failed = False
for label, r in rows:
    for problem in r["problems"]:
        print(f"FAIL {label}: {problem}", file=sys.stderr)
        failed = True
sys.exit(1 if failed else 0)
PY
