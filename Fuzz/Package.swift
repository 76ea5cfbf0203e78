// swift-tools-version: 6.1
//
// libFuzzer targets for Portico's parsers, one executable each. Built apart from the main
// package because every module they reach is compiled with the fuzzer's coverage and
// AddressSanitizer (scripts/fuzz.sh passes `-sanitize=fuzzer,address -parse-as-library`).
// Debug builds keep `-enable-testing`, so targets reach internal parsers with @testable.
import Foundation
import PackageDescription

// A path dependency's identity is its folder's name, which differs between clones.
let portico = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "PorticoFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        .target(name: "CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver"]),
        .executableTarget(name: "FuzzVelocity", dependencies: [
            "FuzzSupport", .product(name: "Velocity", package: portico),
        ]),
        .executableTarget(name: "FuzzJSON", dependencies: [
            "FuzzSupport", .product(name: "Velocity", package: portico),
            .product(name: "PorticoGateway", package: portico),
        ]),
        .executableTarget(name: "FuzzJSONSchema", dependencies: [
            "FuzzSupport", .product(name: "PorticoGateway", package: portico),
            .product(name: "PorticoModel", package: portico),
        ]),
        .executableTarget(name: "FuzzDefinition", dependencies: [
            "FuzzSupport", .product(name: "PorticoModel", package: portico),
        ]),
        .executableTarget(name: "FuzzProjectFile", dependencies: [
            "FuzzSupport", .product(name: "PorticoModel", package: portico),
        ]),
        .executableTarget(name: "FuzzMermaid", dependencies: [
            "FuzzSupport", .product(name: "PorticoDiagrams", package: portico),
        ]),
        .executableTarget(name: "FuzzExamples", dependencies: [
            "FuzzSupport", .product(name: "PorticoSite", package: portico),
            .product(name: "PorticoGateway", package: portico),
        ]),
        .executableTarget(name: "FuzzRequestHead", dependencies: [
            "FuzzSupport", .product(name: "PorticoServer", package: portico),
        ]),
        .executableTarget(name: "FuzzTokens", dependencies: [
            "FuzzSupport", .product(name: "PorticoGateway", package: portico),
            .product(name: "PorticoModel", package: portico),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
