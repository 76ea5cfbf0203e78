#!/usr/bin/env bash
# Issue 7's edit figure: the time from saving a note of a 10,000-page site to the browser
# showing the new text, with `portico serve` (release build) and headless Chromium.
#
#   Benchmarks/serve/edit-latency.sh                  # 10,000 pages, 10 edits (+ 1 warm-up)
#   PAGES=1000 EDITS=20 TITLE_EDITS=3 Benchmarks/serve/edit-latency.sh
#
# PORTICO: the binary (default .build/release/portico; `swift build -c release --product portico`).
# PYTHON: a Python with selenium (default .build/test-venv/bin/python, made by `make test-deps`).
# Needs Debian's chromium and chromium-driver. Work files go to a temporary folder, removed
# at the end (KEEP=1 keeps it).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
gen="${GEN_CORPUS:-$repo/Benchmarks/corpus/gen-corpus.py}"
portico="${PORTICO:-$repo/.build/release/portico}"
python="${PYTHON:-$repo/.build/test-venv/bin/python}"
pages="${PAGES:-10000}"
edits="${EDITS:-10}"
title_edits="${TITLE_EDITS:-3}"
work="$(mktemp -d /tmp/portico-edit.XXXXXX)"
pid=""

[ -x "$portico" ] || { echo "no Portico binary at $portico (swift build -c release --product portico, or set PORTICO)" >&2; exit 2; }
[ -x "$python" ] || { echo "no Python with selenium at $python (make test-deps, or set PYTHON)" >&2; exit 2; }
[ -f "$gen" ] || { echo "no corpus generator at $gen (set GEN_CORPUS)" >&2; exit 2; }
cleanup() {
  if [ -n "$pid" ]; then kill -INT "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

python3 "$gen" --portico "$work/project" "$pages" 200 > /dev/null
echo "Machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Corpus:  $pages pages + a 200-operation API ($work/project)"
"$portico" serve "$work/project" --port 0 > "$work/serve.log" 2>&1 & pid=$!
url=""
for _ in $(seq 1 3000); do
  url="$(sed -n 's|^Serving .* at \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$work/serve.log" | head -1)"
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.2
done
[ -n "$url" ] || { echo "portico serve did not start within 10 minutes" >&2; cat "$work/serve.log" >&2; exit 1; }
grep -E "^(Built|Watching)" "$work/serve.log" || true

"$python" "$here/edit-latency.py" --url "$url" --project "$work/project" --note sec-00/grp-00/page-00000.md \
  --edits "$edits" --title-edits "$title_edits" --log "$work/serve.log"
echo "serve's resident memory with the site's state kept: $(( $(ps -o rss= -p "$pid") / 1024 )) MiB"
