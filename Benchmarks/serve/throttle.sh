#!/usr/bin/env bash
# Issue 16's load test: does the served gateway really throttle? wrk for 10 s on loopback against
# a stage limited to 500 requests per second with a burst of 100 (Benchmarks/serve/keyed, stage
# `limited`), with the usage plan's key. A token bucket that starts full admits the burst plus
# the rate for the test's duration: 100 + 500 × 10 = 5,100 requests; the rest must be 429.
# Passes when the admitted count is within 5 % of 100 + 500 × (wrk's measured duration).
#   Benchmarks/serve/throttle.sh       (from the repository root; builds portico in release mode)
#   PORTICO_BIN=/path/to/portico Benchmarks/serve/throttle.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
if [ -z "${PORTICO_BIN:-}" ]; then
  swift build -c release --product portico >/dev/null
  PORTICO_BIN=.build/release/portico
fi
key="load-test-key-0123456789abcdef"   # Benchmarks/serve/keyed/Content/portico.yml
rate=500 burst=100

work="$(mktemp -d)"
portico_pid=""
cleanup() {
  [ -n "$portico_pid" ] && kill -INT "$portico_pid" 2>/dev/null && wait "$portico_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/project"
cp -r Benchmarks/serve/keyed/Content "$work/project/Content"
"$PORTICO_BIN" serve "$work/project" --port 18183 --no-watch > "$work/serve.log" 2>&1 & portico_pid=$!
# Wait on the other stage, so the limited stage's bucket is still full when wrk starts.
for _ in $(seq 1 100); do curl -sf -H "X-API-Key: $key" http://127.0.0.1:18183/_gateway/orders/prod/items/1 >/dev/null && break; sleep 0.2; done

# Count answers by status (wrk's own summary only says "Non-2xx").
cat > "$work/statuses.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} end
function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do total[status] = (total[status] or 0) + n end
  end
  for status, n in pairs(total) do io.write(string.format("status %d: %d\n", status, n)) end
end
LUA
wrk -t2 -c16 -d10s -s "$work/statuses.lua" -H "X-API-Key: $key" http://127.0.0.1:18183/_gateway/orders/limited/items/42 > "$work/wrk.txt"
cat "$work/wrk.txt"
python3 - "$work/wrk.txt" "$rate" "$burst" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rate, burst = float(sys.argv[2]), int(sys.argv[3])
m = re.search(r"(\d+) requests in ([\d.]+)(m?s)", text)
total, duration = int(m.group(1)), float(m.group(2)) / (1000 if m.group(3) == "ms" else 1)
statuses = {int(s): int(n) for s, n in re.findall(r"status (\d+): (\d+)", text)}
admitted, refused = statuses.pop(200, 0), statuses.pop(429, 0)
if statuses:
    print(f"unexpected statuses: {statuses}")
    sys.exit(1)
expected = burst + rate * duration
error = (admitted - expected) / expected
print(f"admitted {admitted} of {total} requests in {duration:.2f} s; expected {burst} + {rate:.0f} x {duration:.2f} = {expected:.0f}; "
      f"off by {error * 100:+.2f} %; refused (429) {refused}")
sys.exit(0 if abs(error) <= 0.05 else 1)
PY
