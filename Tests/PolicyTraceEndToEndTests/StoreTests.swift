import Foundation
import PolicyTrace
import PolicyTraceTag
import XCTest

@testable import PolicyTraceStore

/// The resumable store: an interrupted run, resumed, writes what a clean run
/// writes, with no duplicate rows; finished files are not redone; new files
/// and a changed lexicon redo only what they must.
final class StoreTests: XCTestCase {
    var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }
    var work: URL!
    var out: URL { work.appendingPathComponent("out") }

    override func setUpWithError() throws {
        useTestLexiconCache()
        work = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: work)
    }

    func options(corpus: URL? = nil) -> RunOptions {
        var o = RunOptions()
        o.corpus = (corpus ?? fixtures.appendingPathComponent("corpus")).path
        o.lexicons = [fixtures.appendingPathComponent("lexicon").path]
        o.out = out.path
        o.jobs = 2
        o.commandLine = ["policytrace", "run"]
        return o
    }

    /// Runs `body` into `out`, then moves the result aside as `name`.
    func clean(_ name: String, _ options: RunOptions, batch: BatchOptions = BatchOptions()) throws -> URL {
        _ = try Pipeline.run(options, batch: batch)
        let kept = work.appendingPathComponent(name)
        try FileManager.default.moveItem(at: out, to: kept)
        return kept
    }

    var store: Store { get throws { try Store(path: out.appendingPathComponent(Store.fileName).path) } }

    func testInterruptedRunResumesToTheCleanOutputsWithoutDuplicates() throws {
        let reference = try clean("clean", options())
        var partial = BatchOptions()
        partial.stopAfter = 1
        XCTAssertThrowsError(try Pipeline.run(options(), batch: partial)) { XCTAssertTrue($0 is BatchInterrupted) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("timeline.csv").path))
        XCTAssertEqual(try store.integer("SELECT COUNT(*) FROM files"), 1)
        XCTAssertEqual(try store.integer("SELECT COUNT(*) FROM runs WHERE finished IS NULL"), 1)

        _ = try Pipeline.run(options())
        try OutputComparison.assertSame(reference, out)
        let s = try store
        XCTAssertEqual(try s.integer("SELECT COUNT(*) FROM files"), 2)
        XCTAssertEqual(try s.integer("SELECT COUNT(*) FROM documents"), 10)
        XCTAssertEqual(try s.integer("SELECT COUNT(DISTINCT id) FROM documents"), 10)
        XCTAssertEqual(try s.integer("SELECT COUNT(*) FROM mentions"), 25)
        XCTAssertEqual(try s.integer("SELECT COUNT(*) FROM (SELECT DISTINCT doc, start, \"end\" FROM mentions)"), 25)
        XCTAssertEqual(try s.integer("SELECT COUNT(DISTINCT run) FROM files"), 2, "the resumed run redid only the unfinished file")
    }

    func testFinishedRunIsNotRedone() throws {
        _ = try Pipeline.run(options())
        let first = try OutputComparison.files(out)
        _ = try Pipeline.run(options())
        XCTAssertEqual(try OutputComparison.files(out), first)
        XCTAssertEqual(try store.integer("SELECT COUNT(*) FROM runs WHERE finished IS NOT NULL"), 2)
        XCTAssertEqual(try store.integer("SELECT MAX(run) FROM files"), 1)
    }

    func testChangedLexiconOptionsRetag() throws {
        var all = options()
        all.overlaps = .all
        let reference = try clean("all", all)
        _ = try Pipeline.run(options())
        _ = try Pipeline.run(all)
        try OutputComparison.assertSame(reference, out)
        XCTAssertEqual(try store.integer("SELECT MIN(run) FROM files"), 2)
    }

    func testAddedFileIsTheOnlyOneRead() throws {
        let corpus = work.appendingPathComponent("corpus")
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("corpus"), to: corpus)
        _ = try Pipeline.run(options(corpus: corpus))
        try "2014年政府工作报告：推进户籍制度改革。".write(to: corpus.appendingPathComponent("added.txt"), atomically: true, encoding: .utf8)
        let s = try Pipeline.run(options(corpus: corpus))
        XCTAssertEqual(s.documents, 4)
        XCTAssertEqual(try store.integer("SELECT COUNT(*) FROM files WHERE run = 2"), 1)
        XCTAssertEqual(try store.integer("SELECT COUNT(*) FROM files WHERE run = 2 AND path = 'added.txt'"), 1)
        try FileManager.default.removeItem(at: corpus.appendingPathComponent("added.txt"))
        _ = try Pipeline.run(options(corpus: corpus))
        XCTAssertEqual(try store.integer("SELECT COUNT(*) FROM files"), 2, "a file gone from the corpus leaves the store")
    }

    func testLargeJSONLinesFileReadInChunksGivesTheSameOutputs() throws {
        let reference = try clean("whole", options())
        var chunked = BatchOptions()
        chunked.streamAbove = 100
        chunked.chunkBytes = 150
        let s = try Pipeline.run(options(), batch: chunked)
        XCTAssertEqual(s.files, 2)
        XCTAssertGreaterThan(try store.integer("SELECT MAX(part) FROM files"), 0)
        try OutputComparison.assertSame(reference, out)
    }

    /// A document's figures are stored as JSON written by hand, read back by
    /// the decoder; a term the fast path cannot write goes through the encoder.
    /// The rows of the `mentions` view, in order, as text.
    func mentionRows(_ s: Store) throws -> [String] {
        try s.pool.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT json_array(path, part, ordinal, n, doc, concepts, term, lang, text, start, "end", utf8_start, utf8_end, page)
                    FROM mentions ORDER BY path, part, ordinal, n
                    """)
        }
    }

    func testDocumentOfManyMentionsIsStoredInListsAndReadAsRows() throws {
        let corpus = work.appendingPathComponent("many")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        let text = String(repeating: "农民工的居住证。", count: 1_300)
        try text.write(to: corpus.appendingPathComponent("many.txt"), atomically: true, encoding: .utf8)
        _ = try Pipeline.run(options(corpus: corpus))
        let s = try store
        XCTAssertEqual(try s.integer("SELECT COUNT(*) FROM mentions"), 2_600)
        XCTAssertEqual(try s.integer("SELECT COUNT(*) FROM mention_lists"), 3, "1,024 mentions to a row")
        XCTAssertEqual(try s.integer("SELECT COUNT(DISTINCT n) FROM mentions"), 2_600)
        XCTAssertEqual(try s.integer("SELECT MAX(n) FROM mentions"), 2_599)
        XCTAssertEqual(try s.integer("SELECT start FROM mentions WHERE n = 2599"), 1_299 * 8 + 4)
        XCTAssertEqual(try s.integer("SELECT COUNT(*) FROM mentions WHERE term = '居住证' AND concepts = '[\"hukou.residence_permit\"]'"), 1_300)
    }

    func testMentionListsReadBackWhatTheyWrite() throws {
        let mentions = [
            Mention(
                concepts: ["exclusion.political", "migrants.workers"], term: "农民工权益", language: .zh, text: "农民工权益",
                start: 3, end: 8, utf8Start: 9, utf8End: 24),
            Mention(
                concepts: ["migrants"], term: "\"floating\" people", language: .en, text: "\"Floating\"\\\npeople\u{2028}\u{1F600}\u{1}",
                start: 100, end: 120, utf8Start: 300, utf8End: 331),
            Mention(concepts: [], term: "x", language: .en, text: "x", start: 0, end: 1, utf8Start: 0, utf8End: 1),
        ]
        var list = MentionLists.Writer()
        for (i, m) in mentions.enumerated() { list.append(m, page: i == 1 ? 7 : nil) }
        try list.take { XCTAssertEqual(try MentionLists.mentions(String(decoding: $0, as: UTF8.self)), mentions) }
        try list.take { XCTAssertEqual(try MentionLists.mentions(String(decoding: $0, as: UTF8.self)), []) }
        // As SQLite's json_group_array writes a store made before lists: spaces, `null` pages, \u escapes.
        let sqlite = #"[[["hukou"],"户籍","zh","户\u7c4d",1,3,3,9,null]]"#
        XCTAssertEqual(
            try MentionLists.mentions(sqlite),
            [Mention(concepts: ["hukou"], term: "户籍", language: .zh, text: "户籍", start: 1, end: 3, utf8Start: 3, utf8End: 9)])
        XCTAssertThrowsError(try MentionLists.mentions(#"[[["hukou"],"户籍","zh"]]"#))
    }

    func testStoreWithARowPerMentionIsMigratedToLists() throws {
        let reference = try clean("clean", options())
        _ = try Pipeline.run(options())
        let rows = try mentionRows(store)
        XCTAssertEqual(rows.count, 25)
        // Turn it into a store as earlier versions wrote it: a `mentions` table.
        try store.pool.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE old AS SELECT * FROM mentions;
                    DROP VIEW mentions; DROP TABLE mention_lists;
                    ALTER TABLE old RENAME TO mentions;
                    """)
        }
        XCTAssertEqual(try store.integer("SELECT COUNT(*) FROM sqlite_master WHERE name = 'mentions' AND type = 'view'"), 1)
        XCTAssertEqual(try mentionRows(store), rows)
        // A run from the migrated store writes the same outputs.
        for name in ["mentions.jsonl", "kwic.csv"] { try FileManager.default.removeItem(at: out.appendingPathComponent(name)) }
        _ = try Pipeline.run(options())
        try OutputComparison.assertSame(reference, out)
    }

    func testStoredTaggingFiguresReadBackAsTagged() throws {
        var stats = TagStats()
        stats.rejectedWordEdge = ["户口": 3, "农民工": 1]
        stats.suppressedNested = ["migrant worker": 2]
        stats.ruledOut = ["低保": 4]
        XCTAssertEqual(
            Store.statsJSON(stats),
            #"{"excluded":{},"nestedOtherFamily":{},"rejectedWordEdge":{"农民工":1,"户口":3},"ruledOut":{"低保":4},"#
                + #""suppressedNested":{"migrant worker":2}}"#)
        XCTAssertEqual(try Store.decode(TagStats.self, Store.statsJSON(stats)), stats)
        stats.excluded = ["the \"floating\" population\n": 1]
        XCTAssertEqual(try Store.decode(TagStats.self, Store.statsJSON(stats)), stats)

        // And through a run: the store holds what the documents' tagging counted.
        _ = try Pipeline.run(options(), batch: BatchOptions())
        let rows = try store.pool.read { db in try String.fetchAll(db, sql: "SELECT stats FROM documents WHERE stats IS NOT NULL") }
        XCTAssertFalse(rows.isEmpty)
        for row in rows { XCTAssertEqual(try Store.decode(TagStats.self, row).map(Store.statsJSON), row) }
    }
}
