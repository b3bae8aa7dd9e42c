import Foundation
import PolicyTrace
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
