// swift-tools-version: 6.1
//
// Portico's micro-benchmarks (ordo-one/benchmark). Run from this folder:
//   swift package --allow-writing-to-package-directory benchmark --target GatewayBenchmarks
// A separate package, so `make test` never builds the benchmark framework.
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which differs between clones.
let portico = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "PorticoBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "GatewayBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PorticoGateway", package: portico),
                .product(name: "PorticoModel", package: portico),
            ],
            path: "Benchmarks/GatewayBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // A plain loop over the same MOCK request, for profilers (valgrind --tool=callgrind).
        .executableTarget(
            name: "GatewayProfile",
            dependencies: [
                .product(name: "PorticoGateway", package: portico),
                .product(name: "PorticoModel", package: portico),
            ],
            path: "Benchmarks/GatewayProfile"
        ),
    ]
)
