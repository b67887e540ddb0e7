#!/usr/bin/env bash
# Load on the web server (`diligence serve`), measured with wrk over loopback
# in one run, in two parts.
#
# 1. Requests per second and the 50th, 90th and 99th percentile latencies of
#    `POST /api/v1/assess` (one definite scenario as JSON, then the same
#    scenario with three facts unknown) and `GET /api/v1/profiles`, against
#    the named baseline `GET /api/v1/health` (the same server answering
#    without touching the knowledge base), at 32 connections; prints each
#    endpoint's throughput as a ratio to the baseline's, and the uncertain
#    scenario's mean latency as a ratio to the definite one's.
# 2. `POST /api/v1/assess` (the definite scenario against every profile)
#    against nginx serving the same bytes, at 64 connections, for identity,
#    gzip and brotli (`Accept-Encoding: gzip` or `br`). nginx serves the
#    answer fetched from the server first, written to a file with the gzip
#    and brotli bodies the server sent beside it, pre-compressed
#    (`gzip_static`, `brotli_static`): both servers send exactly the same
#    bytes. A POST on a static file is 405 in nginx; `error_page 405 =200`
#    answers it with the file. Before the load, each server is checked to
#    answer a POST with 200, the coding asked for and those bytes. Prints
#    each run and the ratios diligence / nginx of requests per second and of
#    the 99th percentile latency. Without Debian's brotli module for nginx,
#    brotli is left out of the comparison (said in the output).
#
# Fails if any response is not 200, or on any socket error or timeout.
#
#   bench/web-load.sh [SECONDS]      seconds of load per run (default 10)
#
# It builds the release binary, starts it on a free loopback port with a
# fresh data directory and stops it on exit; likewise nginx, with its own
# configuration in a temporary folder (nginx and its brotli module are
# installed from Debian's packages when missing, like wrk). With four or
# more cores the servers are pinned to cores 0-1 and wrk to cores 2-3;
# otherwise they share the machine's cores. WEB_LOAD_BASE_URL=
# http://127.0.0.1:PORT measures a server that is already running there
# instead (nothing is built).
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

have_brotli() {
  [ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]
}
if ! command -v nginx >/dev/null 2>&1 || ! have_brotli; then
  echo "installing nginx and its brotli module (Debian packages)" >&2
  packages=(nginx libnginx-mod-http-brotli-static)
  (apt-get install -y -q "${packages[@]}" >/dev/null 2>&1) ||
    (apt-get update -q >/dev/null && apt-get install -y -q "${packages[@]}" >/dev/null 2>&1) ||
    (apt-get install -y -q nginx >/dev/null 2>&1) ||
    true
fi
if ! command -v nginx >/dev/null 2>&1; then
  echo "nginx is needed and could not be installed" >&2
  exit 1
fi

work=$(mktemp -d)
data=""
server_pid=""
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$nginx_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
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

# The definite scenario: serious, ongoing cyber harm by a non-state actor
# from the state's territory, the state notified, able to act and taking no
# measures.
definite='{"domain":"cyber","conduct_by":"non_state_actor","territorial_link":"originates","contrary_to_rights":true,"harm":"serious","knowledge":"notified","timing":"ongoing","capacity":"feasible","measures":"none"}'
uncertain='{"domain":"cyber","conduct_by":"non_state_actor","territorial_link":"originates","contrary_to_rights":true,"harm":"serious","knowledge":"unknown","timing":"ongoing","capacity":"feasible","measures":"unknown","continuing":"unknown"}'

post_script() { # body, Accept-Encoding (or empty): a wrk script on stdout
  echo 'wrk.method = "POST"'
  echo 'wrk.headers["Content-Type"] = "application/json"'
  [ -z "$2" ] || echo "wrk.headers[\"Accept-Encoding\"] = \"$2\""
  echo "wrk.body = '$1'"
  cat "$work/count.lua"
}
post_script "$definite" "" >"$work/assess.lua"
post_script "$uncertain" "" >"$work/assess-uncertain.lua"
{
  echo 'wrk.method = "GET"'
  cat "$work/count.lua"
} >"$work/get.lua"

# The parser of wrk's output and the two reports.
cat >"$work/report.py" <<'PY'
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


def report_problems(rows):
    failed = False
    for label, r in rows:
        for problem in r["problems"]:
            print(f"FAIL {label}: {problem}", file=sys.stderr)
            failed = True
    return failed


def endpoints(args):
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
    return report_problems(rows)


def against_nginx(args):
    # coding, body size in bytes, diligence's output, nginx's output
    runs = [args[i : i + 4] for i in range(0, len(args), 4)]
    rows = []
    print(f"{'POST /api/v1/assess':<34} {'requests/s':>11} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8}")
    for coding, size, ours, theirs in runs:
        pair = []
        for server, path in (("diligence", ours), ("nginx", theirs)):
            label = f"{coding} ({int(size):,} B), {server}"
            r = parse(path)
            rows.append((label, r))
            pair.append(r)
            print(f"{label:<34} {r['rps']:11.0f} {r['p50']:8.3f} {r['p90']:8.3f} {r['p99']:8.3f}")
        d, n = pair
        rps = d["rps"] / n["rps"] if n["rps"] else float("nan")
        p99 = d["p99"] / n["p99"] if n["p99"] else float("nan")
        print(f"{'':<4}diligence / nginx: requests/s {rps:.2f} (aim: at least 1), p99 {p99:.2f} (aim: at most 1.5)")
    return report_problems(rows)


mode, *rest = sys.argv[1:]
failed = {"endpoints": endpoints, "nginx": against_nginx}[mode](rest)
sys.exit(1 if failed else 0)
PY

# name, method and path, script
endpoints=(
  "health|GET /api/v1/health|get.lua"
  "assess|POST /api/v1/assess|assess.lua"
  "assess-uncertain|POST /api/v1/assess (3 unknown)|assess-uncertain.lua"
  "profiles|GET /api/v1/profiles|get.lua"
)

load() { # connections, seconds, script, URL, output file
  timeout $(($2 + 30)) "${wrk_cpus[@]}" wrk -t2 -c"$1" -d"$2s" --latency -s "$work/$3" "$4" >"$5"
}

status=0

# Part 1: the endpoints against the health baseline.
echo "wrk -t2 -c32 -d${seconds}s over loopback; $placement" >&2
load 32 1 assess.lua "$base/api/v1/assess" "$work/warmup.txt" # warm-up, not reported
results=()
for entry in "${endpoints[@]}"; do
  IFS='|' read -r name label script <<<"$entry"
  echo "loading $label for ${seconds}s" >&2
  path=${label#* }
  load 32 "$seconds" "$script" "$base${path%% *}" "$work/$name.txt"
  results+=("$label" "$work/$name.txt")
done
python3 "$work/report.py" endpoints "${results[@]}" || status=1

# Part 2: the assess answer against nginx serving the same bytes. The files
# are the bodies the server sends for each coding, fetched raw.
codings=(identity gzip br)
if ! have_brotli; then
  codings=(identity gzip)
  echo "note: Debian's brotli module for nginx is not installed; brotli is left out of the comparison"
fi
suffix() { # coding: the suffix of its file
  case $1 in identity) echo "" ;; gzip) echo ".gz" ;; br) echo ".br" ;; esac
}
www="$work/www"
mkdir -p "$www/api/v1" "$work/nginx"
answer="$www/api/v1/assess"
fetch() { # URL, coding, output file: fails unless 200 with that coding
  local code encoding
  code=$(curl -sS -o "$3" -D "$work/headers.txt" -w '%{http_code}' -X POST \
    -H 'Content-Type: application/json' -H "Accept-Encoding: $2" --data "$definite" "$1")
  encoding=$(tr -d '\r' <"$work/headers.txt" | awk -F': *' 'tolower($1) == "content-encoding" { print $2 }')
  if [ "$code" != 200 ] || [ "$encoding" != "$([ "$2" = identity ] || echo "$2")" ]; then
    echo "$1 answered $code with Content-Encoding '${encoding}' for Accept-Encoding $2" >&2
    return 1
  fi
}
for coding in "${codings[@]}"; do
  fetch "$base/api/v1/assess" "$coding" "$answer$(suffix "$coding")"
done
# The workers of nginx run as an unprivileged user: let them read.
chmod 755 "$work" "$www" "$www/api" "$www/api/v1"
chmod 644 "$answer"*

nginx_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
{
  if have_brotli; then
    echo "load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;"
  fi
  cat <<NGINX
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events {
  worker_connections 1024;
}
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type application/json;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  gzip_static on;
  gzip_vary on;
$(have_brotli && echo "  brotli_static on;")
  server {
    listen 127.0.0.1:$nginx_port;
    root $www;
    location = /api/v1/assess {
      # A POST on a static file is 405: answer it with the file instead.
      error_page 405 =200 \$uri;
    }
  }
}
NGINX
} >"$work/nginx/nginx.conf"
"${server_cpus[@]}" nginx -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
nginx_base="http://127.0.0.1:$nginx_port"
for _ in $(seq 50); do
  curl -s -o /dev/null --max-time 0.2 "$nginx_base/api/v1/assess" && break
  sleep 0.1
done

# Both servers answer a POST with 200, the coding asked for and the same
# bytes.
for coding in "${codings[@]}"; do
  for url in "$base" "$nginx_base"; do
    fetch "$url/api/v1/assess" "$coding" "$work/check.out"
    if ! cmp -s "$work/check.out" "$answer$(suffix "$coding")"; then
      echo "$url/api/v1/assess did not send the same bytes for $coding" >&2
      exit 1
    fi
  done
  post_script "$definite" "$coding" >"$work/assess-$coding.lua"
done

echo "wrk -t2 -c64 -d${seconds}s over loopback; $placement, and nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') the same" >&2
load 64 1 assess-identity.lua "$nginx_base/api/v1/assess" "$work/warmup.txt" # warm-up, not reported
compared=()
for coding in "${codings[@]}"; do
  echo "loading POST /api/v1/assess ($coding) for ${seconds}s on each server" >&2
  load 64 "$seconds" "assess-$coding.lua" "$base/api/v1/assess" "$work/diligence-$coding.txt"
  load 64 "$seconds" "assess-$coding.lua" "$nginx_base/api/v1/assess" "$work/nginx-$coding.txt"
  compared+=("$coding" "$(wc -c <"$answer$(suffix "$coding")")" "$work/diligence-$coding.txt" "$work/nginx-$coding.txt")
done
echo
echo "POST /api/v1/assess, every profile, against nginx serving the same bytes pre-compressed (gzip_static$(have_brotli && echo ", brotli_static")); wrk -t2 -c64"
python3 "$work/report.py" nginx "${compared[@]}" || status=1
exit "$status"
