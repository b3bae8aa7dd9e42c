import Foundation
import XCTest

@testable import PolicyTraceIngest
@testable import PolicyTraceText

/// Replays every input the fuzzers found a crash with (`Fuzz/crashers/<target>/`)
/// and the seed corpus (`Fuzz/corpus/<target>/`) through the parser that the
/// target of the same name (`Fuzz/<target>.swift`) fuzzes, so a fixed crash
/// stays fixed in an ordinary `swift test`.
final class FuzzRegressionTests: XCTestCase {
    static let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")
    static let targets = ["decode", "html", "xml", "jsonl", "csv", "chronology", "config", "years", "pdf", "docx", "odt", "ofd", "zip", "targz"]

    private static let scratch: String = {
        let dir = NSTemporaryDirectory() + "policytrace-fuzz-replay-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    /// What `Fuzz/<target>.swift` does with one input.
    static func replay(_ target: String, _ bytes: [UInt8]) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        switch target {
        case "decode":
            _ = try? TextDecoding.decode(bytes)
            _ = try? TextDecoding.decode(bytes, encoding: ["GB18030", "Big5", "UTF-16LE", "UTF-16BE", "UTF-8"][bytes.count % 5])
        case "html":
            _ = try? HTMLReader.read(bytes)
        case "xml":
            _ = try? XMLReader.read(bytes)
            _ = try? XMLReader.read(
                bytes,
                options: XMLOptions(
                    textXPath: "//p | //t:body//text()", titleXPath: "//title", yearXPath: "//meta/@year",
                    dateXPath: "string(//date)", namespaces: ["t": "urn:x"]))
        case "jsonl", "csv":
            _ = DelimitedReader.records(text, delimiter: ",")
            _ = DelimitedReader.records(text, delimiter: "\t")
            let name = target == "jsonl" ? "in.jsonl" : bytes.count % 2 == 0 ? "in.csv" : "in.tsv"
            _ = FileManager.default.createFile(atPath: scratch + "/" + name, contents: Data(bytes))
            _ = try CorpusReader(path: scratch).read(name)
        case "chronology":
            _ = ChronologyReader.readTable(text, source: "fuzz.txt")
            _ = ChronologyReader.extractFromProse(text, source: "fuzz.txt")
        case "config":
            _ = try? CorpusConfig.parse(text, file: "policytrace.yaml")
        case "years":
            let lines = text.split(separator: "\n", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
            func line(_ i: Int) -> String? { i < lines.count ? lines[i] : nil }
            _ = YearResolver.resolve(
                metadataYear: line(0), metadataDate: line(1), title: line(2), docNumber: line(3),
                text: text, filename: line(4))
            _ = YearResolver.resolve(metadataYear: nil, metadataDate: nil, title: nil, docNumber: nil, text: text, filename: nil)
        case "pdf", "docx", "odt", "ofd", "zip":
            _ = try CorpusReader(path: scratch).read("fuzz.\(target)", contents: Data(bytes))
        case "targz":
            _ = try CorpusReader(path: scratch).read("fuzz.tar.gz", contents: Data(bytes))
            _ = try? TarArchive.members(tar: bytes)
        default:
            XCTFail("no parser for fuzz target \(target)")
        }
    }

    private func inputs(_ kind: String, _ target: String) throws -> [URL] {
        let dir = Self.fuzz.appendingPathComponent(kind).appendingPathComponent(target)
        guard FileManager.default.fileExists(atPath: dir.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.path < $1.path }
    }

    func testEveryTargetHasASourceAndSeeds() throws {
        for target in Self.targets {
            XCTAssertTrue(FileManager.default.fileExists(atPath: Self.fuzz.appendingPathComponent("\(target).swift").path), target)
            XCTAssertFalse(try inputs("corpus", target).isEmpty, "no seeds for \(target)")
        }
    }

    /// Issue 18: `scripts/fuzz.sh` starts html from pages nested over a
    /// thousand elements deep, decode from real reports with stray bytes
    /// (UTF-8 nearly everywhere), zip and targz from archives with GBK names.
    func testSeedsIncludeDeepHTMLNearUTF8AndGBKNames() throws {
        func depth(_ bytes: [UInt8]) -> Int {
            var depth = 0, deepest = 0
            for i in bytes.indices.dropLast() where bytes[i] == UInt8(ascii: "<") {
                if bytes[i + 1] == UInt8(ascii: "/") { depth -= 1 } else if bytes[i + 1] != UInt8(ascii: "!") { depth += 1 }
                deepest = max(deepest, depth)
            }
            return deepest
        }
        let html = try inputs("corpus", "html").map { depth(Array(try Data(contentsOf: $0))) }
        XCTAssertGreaterThanOrEqual(html.filter { $0 >= 300 }.count, 3, "\(html)")
        XCTAssertGreaterThanOrEqual(html.max() ?? 0, 2000)
        let nearUTF8 = try inputs("corpus", "decode").filter { url in
            let bytes = Array(try Data(contentsOf: url))
            let census = bytes.withUnsafeBufferPointer { TextDecoding.utf8Census($0) }
            return census.invalid > 0 && census.multibyte >= 20 * census.invalid
        }
        XCTAssertGreaterThanOrEqual(nearUTF8.count, 2, "near-UTF-8 seeds")
        for (target, name) in [("zip", "gbk-names.zip"), ("targz", "gbk-names.tar.gz")] {
            XCTAssertTrue(try inputs("corpus", target).contains { $0.lastPathComponent == name }, name)
        }
    }

    func testCrashersNoLongerCrash() throws {
        for target in Self.targets {
            for url in try inputs("crashers", target) {
                try Self.replay(target, Array(Data(contentsOf: url)))
            }
        }
    }

    func testSeedCorpusReplays() throws {
        for target in Self.targets {
            for url in try inputs("corpus", target) {
                try Self.replay(target, Array(Data(contentsOf: url)))
            }
        }
    }
}
