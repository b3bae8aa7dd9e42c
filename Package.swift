// swift-tools-version:6.0
import PackageDescription

/// PolicyTrace: one library target per job, four thin C shims, a facade, one CLI.
/// Arrows point one way: Text ← Ingest, Text ← Lexicon ← Tag ← Aggregate ← Export ← Run ← PolicyTrace ← CLI;
/// Store (Ingest, Tag) ← Run; Evaluate (Ingest, Tag) ← PolicyTrace.
let package = Package(
    name: "PolicyTrace",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "policytrace", targets: ["policytrace"]),
        .library(name: "PolicyTrace", targets: ["PolicyTrace"]),
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
        // poppler's GLib API and libzip, found by pkg-config; only the C shims
        // below see their headers.
        .systemLibrary(name: "PopplerGLib", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev", "poppler-data"])]),
        .systemLibrary(name: "LibZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"])]),
        // C shim over poppler: PDF bytes in, page lines with their boxes and metadata out.
        .target(name: "CPoppler", dependencies: ["PopplerGLib"]),
        // C shim over libzip and zlib: members of an in-memory zip archive, read with a
        // size cap, and gzip for .tar.gz.
        .target(name: "CZip", dependencies: ["LibZip"], linkerSettings: [.linkedLibrary("z")]),
        .target(name: "PolicyTraceText", dependencies: ["CICU"]),
        .target(name: "PolicyTraceIngest", dependencies: ["PolicyTraceText", "CXML", "CPoppler", "CZip", "Yams"]),
        .target(name: "PolicyTraceLexicon", dependencies: ["PolicyTraceText", "Yams"]),
        .target(
            name: "PolicyTraceTag",
            dependencies: [
                "PolicyTraceText", "PolicyTraceLexicon", .product(name: "Crypto", package: "swift-crypto"),
            ], exclude: ["MATCHING.md"]),
        .target(name: "PolicyTraceAggregate", dependencies: ["PolicyTraceTag", "PolicyTraceIngest"]),
        .target(name: "PolicyTraceExport", dependencies: ["PolicyTraceAggregate", "PolicyTraceIngest"]),
        .target(
            name: "PolicyTraceStore",
            dependencies: [
                "PolicyTraceExport", "PolicyTraceIngest", "PolicyTraceLexicon", "PolicyTraceTag",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        .target(
            name: "PolicyTraceRun",
            dependencies: [
                "PolicyTraceIngest", "PolicyTraceLexicon", "PolicyTraceTag", "PolicyTraceAggregate", "PolicyTraceExport", "PolicyTraceStore",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "PolicyTraceLexiconTools",
            dependencies: [
                "PolicyTraceIngest", "PolicyTraceLexicon", "PolicyTraceTag", "PolicyTraceText", "PolicyTraceExport", "PolicyTraceRun",
            ]),
        .target(name: "PolicyTraceEvaluate", dependencies: ["PolicyTraceIngest", "PolicyTraceLexicon", "PolicyTraceTag", "PolicyTraceExport"]),
        .target(
            name: "PolicyTrace",
            dependencies: [
                "PolicyTraceText", "PolicyTraceIngest", "PolicyTraceLexicon", "PolicyTraceTag", "PolicyTraceAggregate",
                "PolicyTraceExport", "PolicyTraceStore", "PolicyTraceRun", "PolicyTraceEvaluate", "PolicyTraceLexiconTools",
            ]),
        .executableTarget(
            name: "policytrace",
            dependencies: [
                "PolicyTrace",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "policytrace-bench", dependencies: ["PolicyTrace"], path: "Benchmarks/policytrace-bench"),
        .testTarget(name: "PolicyTraceTextTests", dependencies: ["PolicyTraceText"]),
        .testTarget(name: "PolicyTraceIngestTests", dependencies: ["PolicyTraceIngest"], resources: [.copy("Fixtures")]),
        .testTarget(name: "PolicyTraceLexiconTests", dependencies: ["PolicyTraceLexicon"]),
        .testTarget(name: "PolicyTraceTagTests", dependencies: ["PolicyTraceTag"]),
        .testTarget(name: "PolicyTraceAggregateTests", dependencies: ["PolicyTraceAggregate", "PolicyTraceIngest"]),
        .testTarget(name: "PolicyTraceExportTests", dependencies: ["PolicyTraceExport"]),
        .testTarget(name: "PolicyTraceRunTests", dependencies: ["PolicyTraceRun", "PolicyTrace"]),
        .testTarget(name: "PolicyTraceEvaluateTests", dependencies: ["PolicyTraceEvaluate", "PolicyTrace"]),
        .testTarget(name: "PolicyTraceLexiconToolsTests", dependencies: ["PolicyTraceLexiconTools", "PolicyTrace"]),
        .testTarget(name: "PolicyTraceEndToEndTests", dependencies: ["PolicyTrace"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v5]
)
