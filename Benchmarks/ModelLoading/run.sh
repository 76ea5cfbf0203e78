#!/bin/sh
# Builds the model-loading benchmark in release mode against this checkout's Diagnostics and
# PorticoModel sources (symlinked into a throwaway package, so the main package needs no
# library product) and runs it on a generated 1,000-operation OpenAPI definition.
#   Benchmarks/ModelLoading/run.sh [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${TMPDIR:-/tmp}/portico-model-bench
corpus=$work/corpus
mkdir -p "$work/Sources/ModelLoadingBenchmark"
[ -f "$corpus/Content/apis/corpus.yaml" ] || python3 "$repo/Benchmarks/corpus/gen-corpus.py" --portico "$corpus" 1 1000 >/dev/null
ln -sfn "$repo/Sources/Diagnostics" "$work/Sources/Diagnostics"
ln -sfn "$repo/Sources/PorticoModel" "$work/Sources/PorticoModel"
ln -sf "$here/main.swift" "$work/Sources/ModelLoadingBenchmark/main.swift"
cat > "$work/Package.swift" <<'SWIFT'
// swift-tools-version: 6.1
import PackageDescription
let package = Package(
    name: "ModelLoadingBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [.package(url: "https://github.com/jpsim/Yams", from: "6.2.2")],
    targets: [
        .target(name: "Diagnostics"),
        .target(name: "PorticoModel", dependencies: ["Diagnostics", .product(name: "Yams", package: "Yams")]),
        .executableTarget(name: "ModelLoadingBenchmark", dependencies: ["PorticoModel", "Diagnostics"]),
    ],
    swiftLanguageModes: [.v6]
)
SWIFT
cd "$work"
swift build -c release --product ModelLoadingBenchmark >/dev/null
".build/release/ModelLoadingBenchmark" "$corpus/Content/apis/corpus.yaml" "${1:-20}"
