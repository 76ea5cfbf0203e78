// swift-tools-version: 6.1
// The Lambda round-trip benchmark: a warm Python invocation through PorticoRuntime, its
// overhead beyond the handler's own time. Run from this folder:
//   swift run -c release LambdaBenchmark
// A separate package, so `make test` never builds it.
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which differs between clones.
let portico = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "LambdaBenchmark",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "../..")],
    targets: [
        .executableTarget(
            name: "LambdaBenchmark",
            dependencies: [
                .product(name: "PorticoRuntime", package: portico),
                .product(name: "PorticoGateway", package: portico),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
