#!/usr/bin/env bash
# Issue 7's load figure: wrk on loopback against the served gateway's MOCK integration (with a
# response template) and against nginx returning a fixed 200, in the same run. Since issue 16
# the served method requires an API key and every throttle level is on (Benchmarks/serve/keyed:
# the key's usage plan with a throttle and a quota, the stage's method throttle, the account's),
# with limits far above the load, so every bucket is checked and none refuses.
#   Benchmarks/serve/run.sh            (from the repository root; builds portico in release mode)
#   PORTICO_BIN=/path/to/portico Benchmarks/serve/run.sh    (another binary, e.g. an older build)
#   STAGE=cached Benchmarks/serve/run.sh   (the same method on a stage with the cache on: hits)
# Stage prod also keeps an access log (CLF) and every stage counts its CloudWatch metrics (issue 20).
# Installs wrk and nginx from Debian when missing. 64 connections, 10 s each, 2 threads.
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in wrk nginx; do
  command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx >/dev/null; }
done
if [ -z "${PORTICO_BIN:-}" ]; then
  swift build -c release --product portico >/dev/null
  PORTICO_BIN=.build/release/portico
fi
key="load-test-key-0123456789abcdef"   # Benchmarks/serve/keyed/Content/portico.yml
stage="${STAGE:-prod}"

work="$(mktemp -d)"
nginx_pid="" portico_pid=""
cleanup() {
  [ -n "$portico_pid" ] && kill -INT "$portico_pid" 2>/dev/null && wait "$portico_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cat > "$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:18181;
    location / { default_type application/json; return 200 '{"id": "42", "stage": "prod"}'; }
  }
}
CONF
nginx -c "$work/nginx.conf" -g 'daemon off;' & nginx_pid=$!

mkdir -p "$work/project"
cp -r Benchmarks/serve/keyed/Content "$work/project/Content"
"$PORTICO_BIN" serve "$work/project" --port 18182 --no-watch > "$work/serve.log" 2>&1 & portico_pid=$!
for _ in $(seq 1 100); do curl -sf -H "X-API-Key: $key" "http://127.0.0.1:18182/_gateway/orders/$stage/items/1" >/dev/null && break; sleep 0.2; done
curl -sf http://127.0.0.1:18181/ >/dev/null

# CPU time (user + system, clock ticks) of a process and its children so far.
ticks() { local total=0; for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done; echo "$total"; }
# run URL NAME PIDS...: wrk's figures, then the server's CPU time per request.
run() {
  local url=$1 name=$2 header=$3; shift 3
  local before; before=$(ticks "$@")
  wrk -t2 -c64 -d10s --latency -H "$header" "$url" | tee "$work/$name.txt" | grep -E "Requests/sec|Non-2xx|Socket errors|Latency|  (50|75|90|99)%"
  local after; after=$(ticks "$@")
  python3 -c "import os; r=float(open('$work/$name.txt').read().split('Requests/sec:')[1].split()[0]); print(f'  server CPU: {($after-$before)/os.sysconf(\"SC_CLK_TCK\")/(10*r)*1e6:.1f} µs per request')"
}
echo "nginx, fixed 200:"
run http://127.0.0.1:18181/ nginx "X-API-Key: $key" $(pgrep -P "$nginx_pid")
echo "portico serve, stage $stage, MOCK integration with a response template (GET /items/42), API key, every throttle level:"
run "http://127.0.0.1:18182/_gateway/orders/$stage/items/42" portico "X-API-Key: $key" "$portico_pid"
n=$(awk '/Requests\/sec/ {print $2}' "$work/nginx.txt")
p=$(awk '/Requests\/sec/ {print $2}' "$work/portico.txt")
python3 -c "print(f'portico/nginx: {float($p)/float($n):.3f} ({float($p):.0f} vs {float($n):.0f} requests/s)')"
