// swift-tools-version: 6.1
import PackageDescription

/// Upcoming-feature flags shared by every Swift target (see STYLE.md §1).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "canton-status",
    // macOS 15: grpc-swift-2 and grpc-swift-nio-transport are available from macOS 15 on.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "canton-status", targets: ["canton-status"]),
        .executable(name: "canton-sim", targets: ["canton-sim"]),
        .library(name: "CantonStatus", targets: ["Model", "Content", "Validation", "Status", "Site", "Probing", "Notify", "Jobs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // The core, one target per layer: each may import only the layers below it, so a wrong
        // import does not compile (README.md, "Layout", draws the graph). None of them touches the
        // file system, the network or git; the I/O they need comes in through protocols.
        // Values: incidents, windows, components.yml's configuration, timestamps, diagnostics.
        .target(name: "Model", swiftSettings: strictSettings),
        // Where content comes from and how it is read: the file-system and git protocols, YAML and
        // front matter with positions, Markdown parsed once.
        .target(
            name: "Content",
            dependencies: ["Model", .product(name: "Yams", package: "Yams"), "CCmarkGFM"],
            swiftSettings: strictSettings
        ),
        // Every rule on content, with path:line:col diagnostics, ending in a validated StatusContent.
        .target(
            name: "Validation",
            dependencies: ["Content", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        // What the page says: declared timelines, probe history records and the measured status
        // read from them, fault budgets, the snapshot the site and notifications render.
        .target(name: "Status", dependencies: ["Validation"], swiftSettings: strictSettings),
        // The site as files in memory: pages, feeds, iCalendar, the Statuspage API, badges, metrics.
        .target(
            name: "Site",
            dependencies: ["Status", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strictSettings
        ),
        // Checks to results through a transport protocol: discovery by quorum, evaluation, history
        // records, automated incidents.
        .target(name: "Probing", dependencies: ["Status"], swiftSettings: strictSettings),
        // A revision diff to events to deliveries, with the ledger; messages reuse the site's
        // Statuspage shapes, links and time wording, hence Site below it.
        .target(
            name: "Notify",
            dependencies: ["Site", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // The use cases as library calls (probe, notify: plan, then run), their I/O passed in:
        // the repository's files, a transport, a clock. The command line only parses and prints.
        .target(name: "Jobs", dependencies: ["Probing", "Notify"], swiftSettings: strictSettings),
        // The two grpc.health.v1 messages, their hand-written protobuf codec and the Check method,
        // shared by the live client and the simulator's server (no swift-protobuf, no generated code).
        .target(
            name: "GRPCHealth",
            dependencies: [.product(name: "GRPCCore", package: "grpc-swift-2")],
            swiftSettings: strictSettings
        ),
        // Edges: the local file system, libgit2, HTTP (AsyncHTTPClient), gRPC health (grpc-swift over
        // NIO Posix), SMTP (SwiftNIO), the preview server (FlyingFox).
        .target(
            name: "CantonStatusLive",
            dependencies: [
                "Probing", "Notify",
                "CGit2",
                "GRPCHealth",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                // The Posix transport alone: the umbrella GRPCNIOTransportHTTP2 also builds NIOTransportServices.
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "FlyingFox", package: "FlyingFox"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "canton-status",
            dependencies: [
                "Jobs",
                "CantonStatusLive",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // A simulated Canton Network on loopback, for tests and for trying `probe` offline.
        .target(
            name: "CantonSimulator",
            dependencies: [
                "GRPCHealth",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "canton-sim",
            dependencies: [
                "CantonSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CantonStatusTestSupport",
            dependencies: ["Probing", "Notify", "Site", "CantonSimulator"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CantonStatusTests",
            dependencies: ["Model", "Content", "Validation", "Status", "Site", "Probing", "Notify", "CantonStatusTestSupport"],
            resources: [.copy("Corpus")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CantonStatusLiveTests",
            dependencies: ["Jobs", "CantonStatusLive", "CantonStatusTestSupport", "CantonSimulator"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GRPCHealthTests",
            dependencies: ["GRPCHealth", .product(name: "GRPCCore", package: "grpc-swift-2")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CantonSimulatorTests",
            dependencies: [
                "CantonSimulator", "GRPCHealth",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["CantonStatusTestSupport", "CantonSimulator"],
            swiftSettings: strictSettings
        ),
    ]
)
