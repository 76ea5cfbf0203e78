#!/usr/bin/env bash
# Issue 19's WebSocket figures: messages per second through a MOCK route on 1 and on 100
# connections, and the round trip of a message through a warm Lambda function, against
# `portico serve` of Benchmarks/serve/websocket on loopback.
#   Benchmarks/serve/websocket.sh            (from the repository root; builds portico in release mode)
#   PORTICO_BIN=/path/to/portico Benchmarks/serve/websocket.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${PORTICO_BIN:-}" ]; then
  swift build -c release --product portico >/dev/null
  PORTICO_BIN=.build/release/portico
fi
work="$(mktemp -d)"
portico_pid=""
cleanup() {
  [ -n "$portico_pid" ] && kill -INT "$portico_pid" 2>/dev/null && wait "$portico_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/project"
cp -r Benchmarks/serve/websocket/Content "$work/project/Content"
"$PORTICO_BIN" serve "$work/project" --port 18183 --no-watch > "$work/serve.log" 2>&1 & portico_pid=$!
for _ in $(seq 1 150); do grep -q "^Serving" "$work/serve.log" && break; sleep 0.2; done
python3 Benchmarks/serve/websocket.py 18183 "${SECONDS_EACH:-5}" "$portico_pid"
