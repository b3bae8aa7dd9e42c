import Foundation
import PolicyTrace
import XCTest

@testable import PolicyTraceRun
@testable import PolicyTraceStore

/// Running a finished job again costs a hash of its inputs and outputs and
/// rewrites nothing; any change that matters (an input file changed, added
/// or removed, the lexicon or corpus configuration, an output option, an
/// output file deleted or edited) makes the run do real work, and what it
/// writes is what a clean run writes.
final class UpToDateTests: BatchTestCase {
    func testFinishedRunIsUpToDateAndRewritesNothing() throws {
        let first = try Pipeline.run(options())
        XCTAssertFalse(first.upToDate)
        XCTAssertEqual(first.documents, 72)
        let before = try outputs(out)
        let dates = try modificationDates(out)

        let again = try Pipeline.run(options())
        XCTAssertTrue(again.upToDate)
        XCTAssertEqual(try outputs(out), before)
        XCTAssertEqual(try modificationDates(out), dates, "no output file was rewritten")
        let printed = Report.summary(again, options: options())
        XCTAssertTrue(printed.contains("\(first.documents) documents"), printed)
        XCTAssertTrue(printed.contains("Up to date"), printed)
        XCTAssertEqual(try store.integer("SELECT COUNT(*) FROM runs WHERE finished IS NOT NULL"), 2)
        XCTAssertEqual(try store.integer("SELECT MAX(run) FROM files"), 1)
        XCTAssertEqual(try store.integer("SELECT COUNT(*) FROM outputs"), before.count)

        let manifest = try JSONSerialization.jsonObject(with: before["manifest.json"]!) as! [String: Any]
        let listed = (manifest["output_files"] as! [[String: String]]).map { $0["path"]! }
        XCTAssertEqual(Set(listed), Set(before.keys).subtracting(["manifest.json", "report.html"]))
    }

    func testForceRewritesTheOutputs() throws {
        _ = try Pipeline.run(options())
        let before = try outputs(out)
        var batch = BatchOptions()
        batch.force = true
        let forced = try Pipeline.run(options(), batch: batch)
        XCTAssertFalse(forced.upToDate)
        XCTAssertEqual(try outputs(out), before)
        XCTAssertEqual(try store.integer("SELECT MAX(run) FROM files"), 1, "the store still serves every file")
    }

    func testChangedFileIsTheOnlyOneRedone() throws {
        _ = try Pipeline.run(options())
        let table = corpus.appendingPathComponent("table1_chronology.txt")
        var text = try String(contentsOf: table, encoding: .utf8)
        text = text.replacingOccurrences(of: "\t1989\t", with: "\t1988\t")
        try text.write(to: table, atomically: true, encoding: .utf8)

        let second = try Pipeline.run(options())
        XCTAssertFalse(second.upToDate)
        XCTAssertEqual(try store.integer("SELECT COUNT(*) FROM files WHERE run = 2"), 1)
        XCTAssertEqual(try store.integer("SELECT COUNT(*) FROM files WHERE run = 2 AND path = 'table1_chronology.txt'"), 1)
        try assertSameAsClean(options())
        XCTAssertTrue(try Pipeline.run(options()).upToDate)
    }

    /// Issue 18: an edit in place that keeps a corpus file's size,
    /// modification time and inode is noticed (corpus files are always hashed).
    func testInPlaceEditKeepingSizeTimeAndInodeIsNoticed() throws {
        _ = try Pipeline.run(options())
        let table = corpus.appendingPathComponent("table1_chronology.txt")
        var before = stat()
        XCTAssertEqual(stat(table.path, &before), 0)
        var bytes = [UInt8](try Data(contentsOf: table))
        let year = Array("\t1989\t".utf8)
        let at = try XCTUnwrap((0...(bytes.count - year.count)).first { bytes[$0..<($0 + year.count)].elementsEqual(year) })
        bytes[at + 4] = UInt8(ascii: "8")
        // Written into the same file (same inode), then its time put back to the nanosecond.
        let handle = try FileHandle(forWritingTo: table)
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
        var times = [before.st_atim, before.st_mtim]
        XCTAssertEqual(utimensat(AT_FDCWD, table.path, &times, 0), 0)
        var after = stat()
        XCTAssertEqual(stat(table.path, &after), 0)
        XCTAssertEqual(after.st_size, before.st_size)
        XCTAssertEqual(after.st_ino, before.st_ino)
        XCTAssertEqual(after.st_mtim.tv_sec, before.st_mtim.tv_sec)
        XCTAssertEqual(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec)

        let second = try Pipeline.run(options())
        XCTAssertFalse(second.upToDate)
        XCTAssertEqual(try store.integer("SELECT COUNT(*) FROM files WHERE run = 2 AND path = 'table1_chronology.txt'"), 1)
        try assertSameAsClean(options())
    }

    func testAddedAndRemovedFilesAreNoticed() throws {
        _ = try Pipeline.run(options())
        try "2014年政府工作报告\n推进户籍制度改革，有序推进农业转移人口市民化。".write(to: corpus.appendingPathComponent("added.txt"), atomically: true, encoding: .utf8)
        let added = try Pipeline.run(options())
        XCTAssertFalse(added.upToDate)
        XCTAssertEqual(added.documents, 73)
        XCTAssertEqual(try store.integer("SELECT COUNT(*) FROM files WHERE run = 2"), 1)
        try assertSameAsClean(options())

        try FileManager.default.removeItem(at: corpus.appendingPathComponent("added.txt"))
        let removed = try Pipeline.run(options())
        XCTAssertFalse(removed.upToDate)
        XCTAssertEqual(removed.documents, 72)
        XCTAssertEqual(try store.integer("SELECT COUNT(*) FROM files WHERE path = 'added.txt'"), 0)
        try assertSameAsClean(options())
    }

    func testChangedLexiconRetagsEverything() throws {
        _ = try Pipeline.run(options())
        let file = try XCTUnwrap(
            FileManager.default.enumerator(atPath: lexicons.path)?.allObjects.compactMap { $0 as? String }
                .first { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") })
        let url = lexicons.appendingPathComponent(file)
        try (try String(contentsOf: url, encoding: .utf8) + "\n# edited\n").write(to: url, atomically: true, encoding: .utf8)
        let second = try Pipeline.run(options())
        XCTAssertFalse(second.upToDate)
        XCTAssertEqual(try store.integer("SELECT MIN(run) FROM files"), 2)
    }

    func testChangedCorpusConfigurationRereadsTheFiles() throws {
        _ = try Pipeline.run(options())
        let config = corpus.appendingPathComponent("policytrace.yaml")
        let text = try String(contentsOf: config, encoding: .utf8)
        // Without its strip rule, the Wikisource licence notice stays in each report's text.
        let stripped = text.components(separatedBy: "\n").filter { !$0.contains("本作品") }.joined(separator: "\n")
        XCTAssertNotEqual(stripped, text)
        try stripped.write(to: config, atomically: true, encoding: .utf8)
        let second = try Pipeline.run(options())
        XCTAssertFalse(second.upToDate)
        XCTAssertEqual(try store.integer("SELECT MIN(run) FROM files"), 2)
        try assertSameAsClean(options())
    }

    func testChangedOutputOptionRewritesTheOutputsOnly() throws {
        _ = try Pipeline.run(options())
        var excel = options()
        excel.excel = true
        let second = try Pipeline.run(excel)
        XCTAssertFalse(second.upToDate)
        XCTAssertEqual(try store.integer("SELECT MAX(run) FROM files"), 1)
        XCTAssertTrue(try Data(contentsOf: out.appendingPathComponent("timeline.csv")).starts(with: [0xEF, 0xBB, 0xBF]))
        XCTAssertTrue(try Pipeline.run(excel).upToDate)
        XCTAssertFalse(try Pipeline.run(options()).upToDate)
    }

    func testDeletedOrEditedOutputIsWrittenAgain() throws {
        _ = try Pipeline.run(options())
        let before = try outputs(out)
        try FileManager.default.removeItem(at: out.appendingPathComponent("timeline.csv"))
        XCTAssertFalse(try Pipeline.run(options()).upToDate)
        XCTAssertEqual(try outputs(out), before)

        let kwic = try FileHandle(forWritingTo: out.appendingPathComponent("kwic.csv"))
        try kwic.seekToEnd()
        try kwic.write(contentsOf: Data("edited,by,hand\n".utf8))
        try kwic.close()
        XCTAssertFalse(try Pipeline.run(options()).upToDate)
        XCTAssertEqual(try outputs(out), before)
        XCTAssertEqual(try store.integer("SELECT MAX(run) FROM files"), 1, "outputs are rewritten from the store, nothing re-tagged")
    }

    func testTouchedButUnchangedOutputIsHashedAndAccepted() throws {
        _ = try Pipeline.run(options())
        let timeline = out.appendingPathComponent("timeline.csv")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: timeline.path)
        XCTAssertTrue(try Pipeline.run(options()).upToDate)
        // The same bytes in a new file (another inode): still the outputs the store recorded.
        let copy = work.appendingPathComponent("copy.csv")
        try FileManager.default.copyItem(at: timeline, to: copy)
        try FileManager.default.removeItem(at: timeline)
        try FileManager.default.moveItem(at: copy, to: timeline)
        XCTAssertTrue(try Pipeline.run(options()).upToDate)
        // Other bytes of the same size (and a new modification time): hashed, and found changed.
        var bytes = [UInt8](try Data(contentsOf: timeline))
        bytes[bytes.count - 2] = bytes[bytes.count - 2] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
        try Data(bytes).write(to: timeline)
        XCTAssertFalse(try Pipeline.run(options()).upToDate)
        try assertSameAsClean(options())
    }

    func testInterruptedRunAfterAChangeIsNotTakenForUpToDate() throws {
        _ = try Pipeline.run(options())
        let jsonl = corpus.appendingPathComponent("government_work_reports.jsonl")
        let lines = try String(contentsOf: jsonl, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        try lines.dropFirst().joined(separator: "\n").write(to: jsonl, atomically: true, encoding: .utf8)
        var partial = BatchOptions()
        partial.stopAfter = 1
        XCTAssertThrowsError(try Pipeline.run(options(), batch: partial)) { XCTAssertTrue($0 is BatchInterrupted) }
        // Every changed file is stored now, but the outputs are the old run's.
        let resumed = try Pipeline.run(options())
        XCTAssertFalse(resumed.upToDate)
        XCTAssertEqual(resumed.documents, 71)
        try assertSameAsClean(options())
    }

    func testNoStoreNeverClaimsUpToDate() throws {
        var batch = BatchOptions()
        batch.noStore = true
        _ = try Pipeline.run(options(), batch: batch)
        XCTAssertFalse(try Pipeline.run(options(), batch: batch).upToDate)
    }
}
