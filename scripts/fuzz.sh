#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (AddressSanitizer on) and runs each for a while.
#
#   scripts/fuzz.sh --ci                 what `make fuzz` and CI run: each target 20,000 inputs
#                                        from a fixed seed (the same inputs every run)
#   scripts/fuzz.sh                      every target for 20 s
#   scripts/fuzz.sh --seconds 3600       every target for an hour
#   scripts/fuzz.sh --runs 10000000 FuzzVelocity
#
# Corpora grow in .build/fuzz/corpus/<Target> (seeded from the repository by
# scripts/fuzz/seeds.py); findings (crash-*, timeout-*, oom-*, leak-*) land in
# .build/fuzz/findings/ and make the script fail, with the command that replays each.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=20
runs=""
seed=""
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --ci) runs=20000; seed=1; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) targets+=("$1"); shift ;;
    esac
done
if [ ${#targets[@]} -eq 0 ]; then
    targets=(FuzzVelocity FuzzJSON FuzzJSONSchema FuzzDefinition FuzzProjectFile FuzzMermaid FuzzExamples FuzzRequestHead FuzzTokens)
fi

swift build --package-path Fuzz -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld
bin="$(swift build --package-path Fuzz -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld --show-bin-path)"

work=.build/fuzz
rm -rf "$work/seeds"
mkdir -p "$work/corpus" "$work/findings"
python3 scripts/fuzz/seeds.py . "$work/seeds"

# Leaks are not looked for: Swift's runtime keeps metadata caches for the life of the process.
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=0"
# Swift's own crash backtracer reads the stack in a way AddressSanitizer reports; libFuzzer
# prints the stack itself.
export SWIFT_BACKTRACE=enable=no
status=0
report=()
for target in "${targets[@]}"; do
    mkdir -p "$work/corpus/$target" "$work/seeds/$target"
    limit=(-max_total_time="$seconds")
    [ -n "$runs" ] && limit=(-runs="$runs")
    [ -n "$seed" ] && limit+=(-seed="$seed")
    log="$work/$target.log"
    echo "== $target"
    # -timeout: an input that takes 10 s is a hang; -rss_limit_mb: 2 GiB is an out-of-memory.
    if ! "$bin/$target" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
            -artifact_prefix="$work/findings/$target-" "$work/corpus/$target" "$work/seeds/$target" >"$log" 2>&1; then
        status=1
        tail -40 "$log"
        echo "finding: replay with $bin/$target $work/findings/$target-*"
    fi
    executed=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    report+=("$(printf '%-16s %12s runs  %s  corpus %s' "$target" "${executed:-?}" "${coverage:-}" "$(ls "$work/corpus/$target" | wc -l)")")
done
printf '%s\n' "${report[@]}"
exit $status
