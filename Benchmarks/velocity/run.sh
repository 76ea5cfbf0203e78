#!/bin/sh
# Measures the mapping-template benchmark in Portico (Swift, release build) and in airspeed
# (PyPI airspeed-ext, installed into a virtual environment under /tmp, not system-wide), and
# prints both figures and their ratio. Figures are renders per second of one thread's CPU time;
# each engine runs RUNS times (default 5), one after the other, and the medians are compared,
# so that a shared, busy machine disturbs the figures less. The load average is printed too.
# Usage: [RUNS=n] Benchmarks/velocity/run.sh [seconds per run, default 3]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-3}
runs=${RUNS:-5}
venv=${AIRSPEED_VENV:-/tmp/portico-airspeed-venv}

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import airspeed" 2>/dev/null; then
    echo "Installing airspeed-ext into $venv ..." >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet airspeed-ext
fi

echo "Building the Swift benchmark (release)..." >&2
swift build --package-path "$here" -c release --product VelocityBenchmark >&2

# The median of the numbers on standard input, one per line.
median() {
    sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 == 1) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

portico_runs=""
airspeed_runs=""
i=0
while [ "$i" -lt "$runs" ]; do
    p=$("$here/.build/release/VelocityBenchmark" "$seconds" | sed -n 's/^renders\/s: //p')
    a=$("$venv/bin/python" "$here/airspeed.py" "$seconds" | sed -n 's/^renders\/s: //p')
    portico_runs="$portico_runs $p"
    airspeed_runs="$airspeed_runs $a"
    i=$((i + 1))
done
portico=$(echo "$portico_runs" | tr ' ' '\n' | grep . | median)
airspeed=$(echo "$airspeed_runs" | tr ' ' '\n' | grep . | median)

echo "template: Benchmarks/velocity/template.vtl ($(wc -l < "$here/template.vtl") lines), body: body.json"
echo "load:            $(uptime | sed 's/.*load average: //')"
echo "Portico runs:   $portico_runs"
echo "airspeed runs:  $airspeed_runs"
echo "Portico (Swift):  $portico renders/s (median of $runs)"
echo "airspeed-ext:     $airspeed renders/s (median of $runs)"
awk -v p="$portico" -v a="$airspeed" 'BEGIN { printf "ratio:            %.1fx\n", p / a }'
