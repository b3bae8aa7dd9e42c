import Foundation
import PolicyTraceLexicon
import XCTest

@testable import PolicyTraceTag

/// A tagger read back from the compiled-lexicon cache must be the tagger a
/// fresh compile gives, and the cache must never be trusted when it is stale
/// or damaged, nor needed when it cannot be written.
final class CompiledLexiconCacheTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var work: URL!
    var lexicons: URL { work.appendingPathComponent("lexicons") }
    var cache: CompiledLexiconCache { CompiledLexiconCache(directory: work.appendingPathComponent("cache").path, version: "test") }

    override func setUpWithError() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Lexicons"), to: lexicons)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: work)
    }

    func load(
        _ overlaps: OverlapPolicy = .longest, cache: CompiledLexiconCache? = nil
    ) throws
        -> (tagger: Tagger, lexicon: Lexicon, diagnostics: [LexiconDiagnostic], fromCache: Bool)
    {
        try Tagger.load(lexiconPaths: [lexicons.path], overlaps: overlaps, cache: cache ?? self.cache)
    }

    /// A third of the default corpus's work reports, the Table 1 chronology
    /// (English) and sentences that exercise folding, wildcards and rules.
    func texts() throws -> [String] {
        let lines = try String(contentsOf: Self.root.appendingPathComponent("Corpus/government_work_reports.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        var texts = try lines.enumerated().filter { $0.offset % 3 == 0 }.map { line in
            let record = try JSONSerialization.jsonObject(with: Data(line.element.utf8)) as! [String: Any]
            return record["content"] as! String
        }
        texts.append(try String(contentsOf: Self.root.appendingPathComponent("Corpus/table1_chronology.txt"), encoding: .utf8))
        texts += [
            "推进戶籍制度改革，保障农民工权益。", "Rural-to-urban migrants face social exclusion; the ＨＵＫＯＵ system excluded them.",
            "the community service centre", "取消农业户籍", "門户口岸開放，办理户口本",
        ]
        return texts
    }

    func assertSameTagging(_ a: Tagger, _ b: Tagger, file: StaticString = #filePath, line: UInt = #line) throws {
        var mentions = 0
        for text in try texts() {
            let x = a.tag(text), y = b.tag(text)
            XCTAssertEqual(x.mentions, y.mentions, file: file, line: line)
            XCTAssertEqual(x.stats, y.stats, file: file, line: line)
            XCTAssertEqual(x.tokens, y.tokens, file: file, line: line)
            mentions += x.mentions.count
        }
        XCTAssertGreaterThan(mentions, 1000, file: file, line: line)
    }

    func testCacheHitGivesTheTaggerAFreshCompileGives() throws {
        let (lexicon, diagnostics) = try LexiconReader.load(paths: [lexicons.path])
        for overlaps in OverlapPolicy.allCases {
            let fresh = Tagger(lexicon: lexicon, overlaps: overlaps)
            let first = try load(overlaps)
            XCTAssertFalse(first.fromCache)
            let hit = try load(overlaps)
            XCTAssertTrue(hit.fromCache)
            XCTAssertEqual(hit.lexicon, lexicon)
            XCTAssertEqual(hit.diagnostics, diagnostics, "warnings and information are reported as without the cache")
            XCTAssertFalse(diagnostics.isEmpty)
            XCTAssertEqual(hit.tagger.overlaps, overlaps)
            let (t, f) = (hit.tagger, fresh)
            XCTAssertEqual(t.patterns.map(\.symbols), f.patterns.map(\.symbols))
            XCTAssertEqual(t.patterns.map(\.concepts), f.patterns.map(\.concepts))
            XCTAssertEqual(t.classes.bmp, f.classes.bmp)
            XCTAssertEqual(t.classes.astral, f.classes.astral)
            XCTAssertEqual(t.classes.expansions, f.classes.expansions)
            XCTAssertEqual(t.automaton.dense, f.automaton.dense)
            XCTAssertEqual(t.automaton.links.children, f.automaton.links.children)
            XCTAssertEqual(t.automaton.outputList, f.automaton.outputList)
            XCTAssertEqual(t.rules.map { $0.map(\.2) }, f.rules.map { $0.map(\.2) })
            XCTAssertEqual(t.dictionaryPairs.pairs, f.dictionaryPairs.pairs)
            XCTAssertEqual(t.automatonDescription, f.automatonDescription)
            try assertSameTagging(t, f)
        }
    }

    func testChangedOrAddedLexiconFileInvalidates() throws {
        _ = try load()
        let hukou = lexicons.appendingPathComponent("hukou.yaml")
        try (try String(contentsOf: hukou, encoding: .utf8) + "  - id: hukou.test\n    terms:\n      zh: [测试新词]\n")
            .write(to: hukou, atomically: true, encoding: .utf8)
        let changed = try load()
        XCTAssertFalse(changed.fromCache)
        XCTAssertEqual(changed.tagger.tag("推进测试新词").mentions.map(\.concepts), [["hukou.test"]])
        XCTAssertTrue(try load().fromCache)

        try "concepts:\n  - id: extra\n    terms:\n      en: [brand new term]\n"
            .write(to: lexicons.appendingPathComponent("extra.yaml"), atomically: true, encoding: .utf8)
        let added = try load()
        XCTAssertFalse(added.fromCache)
        XCTAssertEqual(added.tagger.tag("a brand new term").mentions.map(\.concepts), [["extra"]])
        XCTAssertEqual(added.lexicon.files.count, changed.lexicon.files.count + 1)

        var otherVersion = cache
        otherVersion.version = "another"
        XCTAssertFalse(try load(cache: otherVersion).fromCache, "a new program version recompiles")
    }

    func testDamagedCacheFileIsRebuilt() throws {
        _ = try load()
        let file = try XCTUnwrap(cache.file(for: [lexicons.path], overlaps: .longest))
        let intact = try Data(contentsOf: URL(fileURLWithPath: file))
        var flipped = intact
        flipped[intact.count / 2] ^= 0x40
        for damaged in [flipped, intact.prefix(intact.count / 2), Data("not a cache".utf8), Data()] {
            try damaged.write(to: URL(fileURLWithPath: file))
            let rebuilt = try load()
            XCTAssertFalse(rebuilt.fromCache)
            XCTAssertEqual(rebuilt.tagger.tag("推进户籍制度改革").mentions.map(\.term), ["户籍制度改革"])
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: file)), intact, "rewritten as before")
            XCTAssertTrue(try load().fromCache)
        }
    }

    func testUnwritableOrDisabledCacheStillWorks() throws {
        // A file where the folder should be: nothing can be made under it, even by root.
        let blocker = work.appendingPathComponent("blocker")
        try Data().write(to: blocker)
        for cache in [
            CompiledLexiconCache(directory: blocker.appendingPathComponent("policytrace").path, version: "test"),
            CompiledLexiconCache(directory: nil, version: "test"),
        ] {
            for _ in 0..<2 {
                let loaded = try load(cache: cache)
                XCTAssertFalse(loaded.fromCache)
                XCTAssertEqual(loaded.tagger.tag("推进户籍制度改革").mentions.map(\.term), ["户籍制度改革"])
            }
        }
        XCTAssertNil(CompiledLexiconCache.standard(version: "v", environment: ["POLICYTRACE_CACHE": "off", "HOME": "/h"]).directory)
        XCTAssertEqual(CompiledLexiconCache.standard(version: "v", environment: ["POLICYTRACE_CACHE": "/c", "HOME": "/h"]).directory, "/c")
        XCTAssertEqual(CompiledLexiconCache.standard(version: "v", environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]).directory, "/x/policytrace")
        XCTAssertEqual(CompiledLexiconCache.standard(version: "v", environment: ["HOME": "/h"]).directory, "/h/.cache/policytrace")
    }

    func testLexiconErrorsThrowAndAreNotCached() throws {
        try "concepts:\n  - id: broken\n".write(to: lexicons.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        for _ in 0..<2 {
            XCTAssertThrowsError(try load()) { XCTAssertTrue($0 is LexiconError) }
        }
        XCTAssertThrowsError(try Tagger.load(lexiconPaths: [work.appendingPathComponent("missing").path], cache: cache)) {
            XCTAssertTrue($0 is LexiconError)
        }
    }

    func testFolderKeepsAtMostTheLimitOfCompiledLexicons() throws {
        for i in 0..<(CompiledLexiconCache.limit + 3) {
            let file = work.appendingPathComponent("lexicon\(i).yaml")
            try "concepts:\n  - id: c\(i)\n    terms:\n      en: [term\(i)]\n".write(to: file, atomically: true, encoding: .utf8)
            _ = try Tagger.load(lexiconPaths: [file.path], cache: cache)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: try XCTUnwrap(cache.directory))
        XCTAssertEqual(names.filter { $0.hasSuffix(".bin") }.count, CompiledLexiconCache.limit)
        XCTAssertEqual(names.filter { $0.hasSuffix(".tmp") }, [])
    }
}
