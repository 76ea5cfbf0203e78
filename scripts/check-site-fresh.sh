#!/usr/bin/env bash
# Fails, showing the difference, when the committed Site/ is not what building Content/ now
# produces. Site/ is committed output; CI rebuilds it and this check keeps the two equal.
set -euo pipefail
portico="${1:?usage: check-site-fresh.sh PATH-TO-PORTICO}"
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
"$portico" build . --output "$fresh/Site" >/dev/null
if ! diff -r -u Site "$fresh/Site" > "$fresh.diff" 2>&1; then
  echo "Site/ is stale: rebuild it with 'portico build' and commit it. Differences:" >&2
  head -n 200 "$fresh.diff" >&2
  rm -f "$fresh.diff"
  exit 1
fi
rm -f "$fresh.diff"
echo "Site/ is fresh."
