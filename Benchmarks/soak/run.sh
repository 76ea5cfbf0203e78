#!/usr/bin/env bash
# The soak: `portico serve` (release build) for DURATION seconds (default 600) under wrk with
# mixed traffic (soak.lua: MOCK, Lambda, HTTP backend, validation failures, 1 MB bodies),
# misbehaving clients beside it (slow-clients.py: heads trickled a byte at a time, bodies cut
# short, clients gone before the answer), and an edit to Content/ every 15 s so serve rebuilds
# while it answers. Resident memory and open descriptors of serve are sampled every 2 s.
#   Benchmarks/soak/run.sh                          (from the repository root)
#   DURATION=60 PORTICO_BIN=.build/debug/portico Benchmarks/soak/run.sh
# Writes results/soak.csv and results/soak.svg (the curves) and prints the verdict: zero
# unexpected answers, every misbehaving client answered or closed, memory and descriptors
# flat after warm-up (the first fifth of the run). All traffic stays on 127.0.0.1.
set -euo pipefail
[ -n "${SOAK_TRACE:-}" ] && set -x
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
if [ -z "${PORTICO_BIN:-}" ]; then
  swift build -c release --product portico >/dev/null
  PORTICO_BIN=.build/release/portico
fi
duration="${DURATION:-600}"
port=18290
results=Benchmarks/soak/results
mkdir -p "$results"

work="$(mktemp -d)"
portico_pid="" sampler_pid="" editor_pid=""
cleanup() {
  for pid in $sampler_pid $editor_pid; do kill "$pid" 2>/dev/null || true; done
  [ -n "$portico_pid" ] && kill -INT "$portico_pid" 2>/dev/null && wait "$portico_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/project"
cp -r Benchmarks/soak/Content "$work/project/Content"
"$PORTICO_BIN" serve "$work/project" --port "$port" > "$work/serve.log" 2>&1 & portico_pid=$!
url="http://127.0.0.1:$port/_gateway/soak/prod"
for _ in $(seq 1 300); do curl -sf "$url/mock" >/dev/null && break; sleep 0.2; done
curl -sf "$url/mock" >/dev/null || { cat "$work/serve.log"; exit 1; }
# Warm the function and the backend before the clock starts.
curl -sf -X POST -H 'Content-Type: application/json' -d '{}' "$url/lambda" >/dev/null
curl -sf "$url/backend/1" >/dev/null

start=$(date +%s)
( echo "seconds,rss_kib,fds"
  while kill -0 "$portico_pid" 2>/dev/null; do
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$portico_pid/status" 2>/dev/null || echo 0)
    fds=$(ls "/proc/$portico_pid/fd" 2>/dev/null | wc -l)
    echo "$(( $(date +%s) - start )),$rss,$fds"
    sleep 2
  done ) > "$results/soak.csv" & sampler_pid=$!
( n=0
  while true; do
    sleep 15; n=$((n + 1))
    echo "Edit $n at $(date -u +%H:%M:%S)." >> "$work/project/Content/index.md"
  done ) & editor_pid=$!

python3 Benchmarks/soak/slow-clients.py 127.0.0.1 "$port" "$duration" > "$work/slow.json" & slow_pid=$!
wrk -t 2 -c 32 -d "${duration}s" --timeout 30s -s Benchmarks/soak/soak.lua "http://127.0.0.1:$port" > "$work/wrk.txt" 2> "$work/wrk-errors.txt" \
  || { echo "wrk failed:"; cat "$work/wrk.txt" "$work/wrk-errors.txt"; exit 1; }
wait "$slow_pid"
kill "$editor_pid" "$sampler_pid" 2>/dev/null || true
editor_pid="" sampler_pid=""

rebuilds=$(grep -c "Rebuilt\|rebuilt" "$work/serve.log" || true)
cat "$work/wrk.txt"
if [ -s "$work/wrk-errors.txt" ]; then head -5 "$work/wrk-errors.txt"; fi
echo "misbehaving clients: $(cat "$work/slow.json")"
echo "rebuilds seen in serve's log: $rebuilds"
alive=yes; kill -0 "$portico_pid" 2>/dev/null || alive=no
echo "serve still running: $alive"
python3 Benchmarks/soak/chart.py "$results/soak.csv" "$results/soak.svg" "$work/wrk.txt" "$work/slow.json" "$alive"
