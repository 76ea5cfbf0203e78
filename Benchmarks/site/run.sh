#!/usr/bin/env bash
# Builds the same synthetic corpora with Portico and with Hugo, in one run, and prints wall
# time, peak memory and the ratios; then times site search in headless Chromium.
#
#   Benchmarks/site/run.sh                    # 1,000 and 10,000 pages, 200 operations
#   SIZES="1000" RUNS=3 Benchmarks/site/run.sh
#   PORTICO=/path/to/portico Benchmarks/site/run.sh
#
# PORTICO is any binary that takes `build PROJECT --output DIR` (default: the repo's release
# build, .build/release/portico). HUGO defaults to Debian's `hugo` (apt-get install -y hugo).
# Work files go to WORK (default: a fresh temporary folder, removed at the end).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
gen="${GEN_CORPUS:-$repo/Benchmarks/corpus/gen-corpus.py}"
portico="${PORTICO:-$repo/.build/release/portico}"
hugo="${HUGO:-hugo}"
sizes="${SIZES:-1000 10000}"
operations="${OPERATIONS:-200}"
runs="${RUNS:-1}"
work="${WORK:-$(mktemp -d /tmp/portico-bench.XXXXXX)}"
keep="${KEEP:-}"

[ -x "$portico" ] || { echo "no Portico binary at $portico (make release, or set PORTICO)" >&2; exit 2; }
command -v "$hugo" >/dev/null || { echo "no hugo (apt-get install -y hugo, or set HUGO)" >&2; exit 2; }
[ -f "$gen" ] || { echo "no corpus generator at $gen (set GEN_CORPUS)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install -y time)" >&2; exit 2; }
cleanup() { [ -n "$keep" ] || rm -rf "$work"; }
trap cleanup EXIT

# The minimal Hugo layout: one template for pages, one for lists, no theme.
hugo_site() {
  local dir="$1"
  mkdir -p "$dir/layouts/_default"
  cat > "$dir/hugo.toml" <<'TOML'
baseURL = "http://localhost/"
title = "Benchmark corpus"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
TOML
  cat > "$dir/layouts/_default/single.html" <<'HTML'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ .Content }}</main></body></html>
HTML
  cat > "$dir/layouts/_default/list.html" <<'HTML'
<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>
HTML
}

# Runs a command under GNU time; prints "seconds kilobytes".
measure() {
  local log="$work/time.log"
  if ! /usr/bin/time -v -o "$log" "$@" > "$work/out.log" 2>&1; then
    echo "failed: $*" >&2; tail -20 "$work/out.log" >&2; exit 1
  fi
  local elapsed kb
  elapsed=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log")
  kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
  python3 -c 'import sys
parts = [float(p) for p in sys.argv[1].split(":")]
s = 0.0
for p in parts: s = s * 60 + p
print(f"{s:.2f} {sys.argv[2]}")' "$elapsed" "$kb"
}

echo "Portico: $portico"
echo "Hugo:    $("$hugo" version | head -1)"
echo "Machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-8s %-8s %10s %12s\n' pages tool seconds "peak MiB"
for pages in $sizes; do
  python3 "$gen" --portico "$work/portico-$pages" "$pages" "$operations" > /dev/null
  python3 "$gen" "$work/hugo-$pages" "$pages" "$operations" > /dev/null
  hugo_site "$work/hugo-$pages"
  best_p=""; best_h=""
  for run in $(seq "$runs"); do
    # Fresh output folders, deleted only at the end: ext4 slows down creating files right
    # after deleting many, which would penalise whichever tool ran second.
    read -r hs hk < <(measure "$hugo" --source "$work/hugo-$pages" --destination "$work/hugo-$pages/public-$run" --quiet)
    read -r ps pk < <(measure "$portico" build "$work/portico-$pages" --output "$work/site-$pages-$run")
    ln -sfn "site-$pages-$run" "$work/site-$pages"
    printf '%-8s %-8s %10s %12s\n' "$pages" hugo "$hs" "$((hk / 1024))"
    printf '%-8s %-8s %10s %12s\n' "$pages" portico "$ps" "$((pk / 1024))"
    if [ -z "$best_p" ] || python3 -c "import sys; sys.exit(0 if $ps < ${best_p% *} else 1)"; then best_p="$ps $pk"; fi
    if [ -z "$best_h" ] || python3 -c "import sys; sys.exit(0 if $hs < ${best_h% *} else 1)"; then best_h="$hs $hk"; fi
  done
  python3 - "$pages" $best_p $best_h <<'PY'
import sys
pages, ps, pk, hs, hk = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
print(f"{pages:<8} ratio    time portico/hugo = {ps / hs:.2f} (goal <= 0.50)   memory portico/hugo = {pk / hk:.2f} (goal < 0.50)")
PY
done

# Search: first and repeated query latency in headless Chromium, Portico's index against
# Pagefind's on the same built site (search-latency.py; needs selenium, and pagefind-bin in
# /tmp/pagefind-venv or PAGEFIND for the comparison).
python="${PYTHON:-$repo/.build/test-venv/bin/python}"
largest="${sizes##* }"
if [ -x "$python" ] && "$python" -c "import selenium" 2>/dev/null && [ -d "$work/site-$largest" ]; then
  echo
  "$python" "$here/search-latency.py" --site "$work/site-$largest/" ${PAGEFIND:+--pagefind "$PAGEFIND"}
else
  echo "search latency skipped: no selenium in $python (make test-deps, or set PYTHON)"
fi
