#!/bin/sh
# Measures the mapping-template benchmark in Portico (Swift, release build) and in airspeed
# (PyPI airspeed-ext, installed into a virtual environment under /tmp, not system-wide), and
# prints both figures and their ratio. Figures are renders per second of one thread's CPU time.
# Usage: Benchmarks/velocity/run.sh [seconds per engine, default 3]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-3}
venv=${AIRSPEED_VENV:-/tmp/portico-airspeed-venv}

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import airspeed" 2>/dev/null; then
    echo "Installing airspeed-ext into $venv ..." >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet airspeed-ext
fi

echo "Building the Swift benchmark (release)..." >&2
swift build --package-path "$here" -c release --product VelocityBenchmark >&2

portico=$("$here/.build/release/VelocityBenchmark" "$seconds" | sed -n 's/^renders\/s: //p')
airspeed=$("$venv/bin/python" "$here/airspeed.py" "$seconds" | sed -n 's/^renders\/s: //p')

echo "template: Benchmarks/velocity/template.vtl ($(wc -l < "$here/template.vtl") lines), body: body.json"
echo "Portico (Swift):  $portico renders/s"
echo "airspeed-ext:     $airspeed renders/s"
awk -v p="$portico" -v a="$airspeed" 'BEGIN { printf "ratio:            %.1fx\n", p / a }'
