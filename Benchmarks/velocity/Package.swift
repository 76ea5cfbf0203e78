// swift-tools-version: 6.1
// The mapping-template benchmark: renders template.vtl with body.json through Portico's
// Velocity engine on one core. Run ./run.sh to compare with airspeed (airspeed.py).
import PackageDescription

let package = Package(
    name: "VelocityBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Portico", path: "../..")],
    targets: [
        .executableTarget(
            name: "VelocityBenchmark",
            dependencies: [.product(name: "Velocity", package: "Portico")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
