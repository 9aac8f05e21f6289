// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Bagalau",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "bagalau", targets: ["bagalau"]),
        .library(name: "LedgerCore", targets: ["LedgerCore"]),
        .library(name: "Evaluation", targets: ["Evaluation"]),
        .library(name: "SQLiteStore", targets: ["SQLiteStore"]),
        .library(name: "PostgresStore", targets: ["PostgresStore"]),
        .library(name: "BagalauServer", targets: ["BagalauServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Envelope, canonical JSON, hash chain, store protocol, projections: no database, no HTTP.
        .target(
            name: "LedgerCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // The domain: event types, working-day calendar, rulebooks. No database, no HTTP.
        .target(
            name: "Evaluation",
            dependencies: ["LedgerCore"],
            resources: [
                .copy("Calendar/kz-calendar.json"), .copy("Methodology/annual-evaluation-2018.json"), .copy("Methodology/annual-evaluation-2018-kazygurt.json"),
                .copy("Quarterly2023/quarterly-evaluation-2023.json"), .copy("Attestation/attestation-culture-2016.json"),
                .copy("Attestation/attestation-civil-service-2017.json"),
            ],
            swiftSettings: strict
        ),
        // GRDB adapter: the SQLite event store, read models, verification.
        .target(
            name: "SQLiteStore",
            dependencies: [
                "LedgerCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        // postgres-nio adapter (design.md §3): the same store protocol, the same conformance tests.
        .target(
            name: "PostgresStore",
            dependencies: [
                "LedgerCore", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The HTTP server (Hummingbird 2): sign-in, powers derived from the ledger, the acts and reads.
        .target(
            name: "BagalauServer",
            dependencies: [
                "LedgerCore", "Evaluation", "SQLiteStore",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"), .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"), .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Console/Templates"), .copy("Console/Catalogues"), .copy("Console/Assets")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "bagalau",
            dependencies: [
                "LedgerCore", "Evaluation", "SQLiteStore", "PostgresStore", "BagalauServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "LedgerBenchmark",
            dependencies: [
                "LedgerCore", "Evaluation", "SQLiteStore",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "tools/LedgerBenchmark",
            swiftSettings: strict
        ),
        // The two stores side by side (issue 12 §5): batch and single appends, replay and verify.
        .executableTarget(
            name: "StoreBenchmark",
            dependencies: [
                "LedgerCore", "SQLiteStore", "PostgresStore", "LedgerTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "tools/StoreBenchmark",
            swiftSettings: strict
        ),
        // Helpers shared by the test targets: temporary ledgers whose events are kept for CI's schema check.
        .target(
            name: "LedgerTestSupport",
            dependencies: ["LedgerCore", "SQLiteStore", "PostgresStore", .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Tests/LedgerTestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "LedgerCoreTests", dependencies: ["LedgerCore", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .testTarget(
            name: "EvaluationTests",
            dependencies: ["Evaluation", "LedgerCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SQLiteStoreTests",
            dependencies: [
                "SQLiteStore", "Evaluation", "LedgerTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        // One suite, two stores (design.md §3): every test runs against a SQLite file and a PostgreSQL database.
        .testTarget(
            name: "StoreConformanceTests",
            dependencies: [
                "LedgerCore", "SQLiteStore", "PostgresStore", "LedgerTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "BagalauServerTests", dependencies: ["BagalauServer", "LedgerCore", "Evaluation"], swiftSettings: strict),
        .testTarget(
            name: "BagalauCLITests",
            dependencies: [
                "bagalau", "SQLiteStore", "LedgerCore", "Evaluation", "LedgerTestSupport",
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
            ],
            swiftSettings: strict
        ),
    ]
)
