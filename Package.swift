// swift-tools-version: 6.1
//
// Targets are split where dependencies change: the C wrappers,
// Yams, Hummingbird and ArgumentParser each sit behind their own module, so most tests link
// none of them.
import PackageDescription

let package = Package(
    name: "Portico",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "portico", targets: ["portico"]),
        // Libraries for the benchmark package in Benchmarks/ (and for embedding Portico).
        .library(name: "PorticoModel", targets: ["PorticoModel"]),
        .library(name: "Velocity", targets: ["Velocity"]),
        .library(name: "PorticoGateway", targets: ["PorticoGateway"]),
        .library(name: "PorticoSite", targets: ["PorticoSite"]),
        .library(name: "PorticoRuntime", targets: ["PorticoRuntime"]),
        // For the fuzz targets in Fuzz/ (the mermaid parsers, the served gateway's head parser).
        .library(name: "PorticoDiagrams", targets: ["PorticoDiagrams"]),
        .library(name: "PorticoServer", targets: ["PorticoServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        // SigV4 (HMAC-SHA256, SHA-256) and the RS256 tokens of Cognito user pools. Already in
        // the graph through async-http-client, so it adds no download and little build time.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // Custom domains over HTTPS in `serve --tls`: TLS (BoringSSL) and the project's local
        // certificate authority. Both are already in the graph through async-http-client.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        // CloudWatch's metrics, counted by the gateway through swift-metrics' CoreMetrics API
        // with a factory it is given (no global bootstrap); `serve` and `invoke --metrics` give
        // it a Prometheus registry and print that registry's text exposition.
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // C libraries, one wrapper each.
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CGraphviz", pkgConfig: "libgvc",
                       providers: [.apt(["libgraphviz-dev"])]),

        // Leaf: diagnostics shared by every other module.
        .target(name: "Diagnostics"),

        // The API definitions and the project around them.
        .target(name: "PorticoModel", dependencies: [
            "Diagnostics",
            .product(name: "Yams", package: "Yams"),
        ]),

        // The Velocity Template Language, with API Gateway's $input, $util and $context.
        .target(name: "Velocity", dependencies: ["Diagnostics"]),

        // The simulator: a pipeline of stages over an exchange.
        .target(name: "PorticoGateway", dependencies: [
            "Diagnostics", "PorticoModel", "Velocity",
            // Authorization: SigV4 signatures, RS256 JSON Web Tokens (RSA is in _CryptoExtras).
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            // The metrics API only: the library never bootstraps a backend.
            .product(name: "CoreMetrics", package: "swift-metrics"),
        ]),

        // Markdown (cmark-gfm) and diagrams (mermaid subset laid out by Graphviz).
        .target(name: "PorticoMarkdown", dependencies: ["CCmarkGFM"]),
        .target(name: "PorticoDiagrams", dependencies: ["Diagnostics", "CGraphviz"]),

        // The static site generator.
        .target(name: "PorticoSite", dependencies: [
            "Diagnostics", "PorticoModel", "PorticoGateway", "PorticoMarkdown", "PorticoDiagrams",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),

        // The network: static files, try-it and the gateway over HTTP.
        .target(name: "PorticoServer", dependencies: [
            "PorticoGateway", "PorticoModel",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            // Gateway requests are answered right after NIO's HTTP/1 decoder (GatewayChannel.swift).
            .product(name: "NIOHTTP1", package: "swift-nio"),
            // WebSocket APIs: frames after the upgrade (GatewayWebSocketHandler.swift).
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            // GET /_portico/metrics: the served gateway's metrics in Prometheus's text format.
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),

        // Custom domains over HTTPS: the project's certificate authority, a certificate per
        // domain, and the TLS listener in front of the gateway's channel. Its own target, so
        // only it and its tests link BoringSSL and swift-certificates.
        .target(name: "PorticoTLS", dependencies: [
            "PorticoModel", "PorticoServer",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOTLS", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),

        // The commands as actions tests can call.
        .target(name: "PorticoCommands", dependencies: [
            "Diagnostics", "PorticoModel", "PorticoGateway", "PorticoSite", "PorticoServer", "PorticoRuntime", "PorticoTLS",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        .executableTarget(name: "portico", dependencies: ["PorticoCommands"]),

        .target(name: "TestSupport", dependencies: ["Diagnostics"]),

        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "TestSupport"]),
        .testTarget(name: "PorticoModelTests", dependencies: ["PorticoModel", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "VelocityTests", dependencies: ["Velocity", "TestSupport"]),
        .testTarget(name: "PorticoGatewayTests", dependencies: ["PorticoGateway", "PorticoModel", "TestSupport",
                                                                .product(name: "MetricsTestKit", package: "swift-metrics")],
                    exclude: ["Fixtures", "Snapshots"]),
        .testTarget(name: "PorticoMarkdownTests", dependencies: ["PorticoMarkdown", "TestSupport"]),
        .testTarget(name: "PorticoDiagramsTests", dependencies: ["PorticoDiagrams", "TestSupport"]),
        .testTarget(name: "PorticoSiteTests", dependencies: ["PorticoSite", "PorticoModel", "TestSupport"],
                    exclude: ["Fixtures", "Snapshots"]),
        .testTarget(name: "PorticoServerTests", dependencies: [
            "PorticoServer", "PorticoModel", "PorticoRuntime", "TestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
            // Raw connections: bytes written as given (GatewayConnectionTests); the gateway
            // handler in a test channel (GatewayHTTPHandlerTests).
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "PorticoTLSTests", dependencies: [
            "Diagnostics", "PorticoTLS", "PorticoServer", "PorticoGateway", "PorticoModel", "TestSupport",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOTLS", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "X509", package: "swift-certificates"),
        ]),
        .testTarget(name: "PorticoCommandsTests", dependencies: ["PorticoCommands", "TestSupport"],
                    exclude: ["Fixtures", "Snapshots"]),

        // Lambda functions as real local processes (the Runtime API), HTTP backends and their
        // supervisor: the services the gateway calls out to.
        .target(name: "PorticoRuntime", dependencies: [
            "PorticoGateway",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .testTarget(name: "PorticoRuntimeTests", dependencies: ["PorticoRuntime", "PorticoGateway", "PorticoModel", "TestSupport"],
                    exclude: ["Snapshots"]),
    ],
    swiftLanguageModes: [.v6]
)
