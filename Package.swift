// swift-tools-version:6.0
import PackageDescription

/// PolicyTrace: one library target per pipeline stage, two thin C shims, one CLI.
/// Arrows point one way: Text ← Ingest, Text ← Lexicon ← Tag ← Aggregate ← Export ← Batch ← CLI.
let package = Package(
    name: "PolicyTrace",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "policytrace", targets: ["policytrace"]),
        .library(name: "PolicyTrace", targets: ["PolicyTraceBatch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C shim over ICU: only plain C types cross into Swift (ICU's own headers clash
        // with Foundation's bundled ICU, and its symbols carry a version suffix).
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        // C shim over libxml2 (whose headers pull in ICU's): HTML/XML to plain C strings.
        .target(
            name: "CXML",
            cSettings: [.unsafeFlags(["-I/usr/include/libxml2"])],
            linkerSettings: [.linkedLibrary("xml2")]
        ),
        .target(name: "PolicyTraceText", dependencies: ["CICU"]),
        .target(name: "PolicyTraceIngest", dependencies: ["PolicyTraceText", "CXML", "Yams"]),
        .target(name: "PolicyTraceLexicon", dependencies: ["PolicyTraceText", "Yams"]),
        .target(name: "PolicyTraceTag", dependencies: [
            "PolicyTraceText", "PolicyTraceLexicon", .product(name: "Crypto", package: "swift-crypto"),
        ], exclude: ["MATCHING.md"]),
        .target(name: "PolicyTraceAggregate", dependencies: ["PolicyTraceTag"]),
        .target(name: "PolicyTraceExport", dependencies: ["PolicyTraceAggregate", "PolicyTraceIngest"]),
        .target(name: "PolicyTraceBatch", dependencies: [
            "PolicyTraceIngest", "PolicyTraceLexicon", "PolicyTraceTag", "PolicyTraceAggregate", "PolicyTraceExport",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .executableTarget(name: "policytrace", dependencies: [
            "PolicyTraceBatch",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "policytrace-bench", dependencies: ["PolicyTraceBatch"], path: "Benchmarks/policytrace-bench"),
        .testTarget(name: "PolicyTraceTextTests", dependencies: ["PolicyTraceText"]),
        .testTarget(name: "PolicyTraceIngestTests", dependencies: ["PolicyTraceIngest"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PolicyTraceLexiconTests", dependencies: ["PolicyTraceLexicon"]),
        .testTarget(name: "PolicyTraceTagTests", dependencies: ["PolicyTraceTag"]),
        .testTarget(name: "PolicyTraceAggregateTests", dependencies: ["PolicyTraceAggregate"]),
        .testTarget(name: "PolicyTraceExportTests", dependencies: ["PolicyTraceExport"]),
        .testTarget(name: "PolicyTraceBatchTests", dependencies: ["PolicyTraceBatch"]),
        .testTarget(name: "PolicyTraceEndToEndTests", dependencies: ["PolicyTraceBatch"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v5]
)
