// swift-tools-version: 6.2
// Parley: real-time messaging and meeting minutes for global teams.
//
// Dependencies point one way (see README "Architecture"):
//   ParleyDomain  <- ParleyText, ParleyTranslation, ParleyMinutes, ParleyStore (the store's contract), ParleyHub
//   ParleyStoreSQLite, ParleyStorePostgres implement ParleyStore (the only modules with SQL)
//   ParleyMeetings, ParleySearch, ParleyCluster (features) over ParleyMinutes, ParleyStore and ParleyHub;
//   ParleyCorrections (suggested translations, each tenant's memory) over ParleyTranslation, ParleyStore and ParleyHub
//   ParleyWeb     (the browser client's files and how they are served) <- ParleyHub
//   ParleyFollowUps, ParleyWebhooks (features on the feature contract) over ParleyStore and ParleyHub
//   ParleyIdentity (OpenID Connect sign-in, sessions, the user directory) over ParleyStore and ParleyHub
//   ParleyDaemon  wires them together; parleyd / parley only parse arguments.
// C lives in two rooms: CWebSockets (libwebsockets and its libev loop, system libraries) and CICU (ICU shim).
import PackageDescription

let package = Package(
    name: "parley",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "parleyd", targets: ["parleyd"]),
        .executable(name: "parley", targets: ["parley"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", from: "1.6.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"6.0.0"),
    ],
    targets: [
        // C rooms
        .systemLibrary(name: "CWebSockets", pkgConfig: "libwebsockets",
                       providers: [.apt(["libwebsockets-dev", "libev-dev"])]),
        .target(name: "CICU", linkerSettings: [
            .linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("icudata"),
        ]),

        // Pure core
        .target(name: "ParleyDomain"),

        // Layers over the domain
        .target(name: "ParleyText", dependencies: ["ParleyDomain", "CICU"]),
        .target(name: "ParleyTranslation", dependencies: ["ParleyDomain"]),
        .target(name: "ParleyMinutes", dependencies: ["ParleyDomain"]),
        // The store: one contract (ParleyStore), two implementations; SQL lives only in these two.
        .target(name: "ParleyStore", dependencies: ["ParleyDomain"]),
        .target(name: "ParleyStoreSQLite", dependencies: [
            "ParleyDomain", "ParleyStore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        .target(name: "ParleyStorePostgres", dependencies: [
            "ParleyDomain", "ParleyStore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        .target(name: "ParleyHub", dependencies: [
            "ParleyDomain", "CWebSockets",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),

        // The web client (ES modules in Client/, served by parleyd; the folder travels as resources)
        .target(name: "ParleyWeb", dependencies: ["ParleyHub"], exclude: ["package.json"], resources: [.copy("Client")]),

        // Features over the layers
        .target(name: "ParleyMeetings", dependencies: [
            "ParleyDomain", "ParleyMinutes", "ParleyStore", "ParleyHub",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),

        // Follow-ups: action items tracked until done and accepted (a Feature: its own frames and routes).
        .target(name: "ParleyFollowUps", dependencies: [
            "ParleyDomain", "ParleyMinutes", "ParleyStore", "ParleyHub",
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Webhooks: events out by the Standard Webhooks specification, from an outbox in the store.
        .target(name: "ParleyWebhooks", dependencies: [
            "ParleyDomain", "ParleyMinutes", "ParleyStore", "ParleyHub",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // API keys: machines' credentials, made, listed and revoked by tenant admins.
        .target(name: "ParleyAPIKeys", dependencies: [
            "ParleyDomain", "ParleyStore", "ParleyHub",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Files in conversations: uploads, checked downloads, signed links, the sweep (a Feature).
        .target(name: "ParleyAttachments", dependencies: [
            "ParleyDomain", "ParleyStore", "ParleyHub",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Edits, deletions, reactions: the versions kept of edited messages (a Feature); the actions
        // themselves are events committed through the hub.
        .target(name: "ParleyMessageActions", dependencies: [
            "ParleyDomain", "ParleyStore", "ParleyHub",
            .product(name: "Logging", package: "swift-log"),
        ]),

        .target(name: "ParleySearch", dependencies: [
            "ParleyDomain", "ParleyStore", "ParleyHub", "ParleyMinutes",
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Corrections: suggested translations, admins' decisions, each tenant's translation memory
        .target(name: "ParleyCorrections", dependencies: [
            "ParleyDomain", "ParleyStore", "ParleyHub", "ParleyTranslation",
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Cluster mode: other nodes' commits (store hints) delivered through this node's hub
        .target(name: "ParleyCluster", dependencies: [
            "ParleyDomain", "ParleyStore", "ParleyHub",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),

        // Identity: OpenID Connect sign-in, sessions with rotating refresh credentials, the user directory
        .target(name: "ParleyIdentity", dependencies: [
            "ParleyDomain", "ParleyStore", "ParleyHub",
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),

        // Wiring
        .target(name: "ParleyDaemon", dependencies: [
            "ParleyDomain", "ParleyText", "ParleyTranslation", "ParleyMinutes", "ParleyStore", "ParleyStoreSQLite", "ParleyStorePostgres",
            "ParleyHub", "ParleyMeetings", "ParleySearch", "ParleyCorrections", "ParleyFollowUps", "ParleyWebhooks", "ParleyAPIKeys", "ParleyMessageActions", "ParleyAttachments", "ParleyCluster", "ParleyWeb", "ParleyIdentity",
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .target(name: "ParleyClient", dependencies: [
            "ParleyDomain",
            .product(name: "WSClient", package: "swift-websocket"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Executables: argument parsing only
        .executableTarget(name: "parleyd", dependencies: [
            "ParleyDaemon",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "parley", dependencies: [
            "ParleyDaemon", "ParleyClient", "ParleyText", "ParleyTranslation", "ParleyMinutes",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Benchmarks (docs/benchmarks.md)
        .executableTarget(name: "parley-bench-search", dependencies: [
            "ParleyDomain", "ParleyStore", "ParleyStoreSQLite", "ParleySearch", "ParleyHub", "ParleyText", "ParleyTranslation",
            .product(name: "Logging", package: "swift-log"),
        ], path: "Benchmarks/search"),
        .executableTarget(name: "parley-bench-cluster", dependencies: [
            "ParleyClient", "ParleyDaemon", "ParleyDomain",
        ], path: "Benchmarks/cluster"),

        // Tests
        .testTarget(name: "ParleyDomainTests", dependencies: ["ParleyDomain"]),
        .testTarget(name: "ParleyTextTests", dependencies: ["ParleyText"]),
        .testTarget(name: "ParleyTranslationTests", dependencies: ["ParleyTranslation", "ParleyText"]),
        .testTarget(name: "ParleyMinutesTests", dependencies: ["ParleyMinutes", "ParleyText"]),
        .testTarget(name: "ParleyStoreSQLiteTests", dependencies: [
            "ParleyStore", "ParleyStoreSQLite", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "ParleyStorePostgresTests", dependencies: [
            "ParleyStore", "ParleyStorePostgres", .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "ParleyCorrectionsTests", dependencies: [
            "ParleyCorrections", "ParleyStore", "ParleyStoreSQLite", "ParleyText", "ParleyTranslation", "ParleyHub",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "ParleyWebhooksTests", dependencies: ["ParleyWebhooks", "ParleyDomain", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "ParleyWebTests", dependencies: ["ParleyWeb", "ParleyHub"]),
        .testTarget(name: "ParleyIdentityTests", dependencies: [
            "ParleyIdentity", "ParleyDomain", "ParleyStore", "ParleyStoreSQLite",
            .product(name: "JWTKit", package: "jwt-kit"),
        ]),
        .testTarget(name: "ParleyEndToEndTests", dependencies: [
            "ParleyDaemon", "ParleyClient", "ParleyDomain", "ParleyText", "ParleyTranslation", "ParleyMinutes", "ParleyStore", "ParleyWebhooks", "ParleyFollowUps",
            "ParleyAttachments",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
        ]),
    ]
)
