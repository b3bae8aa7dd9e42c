import Crypto
import Foundation
import PolicyTrace
import XCTest

@testable import PolicyTraceRun
@testable import PolicyTraceStore

/// Large CSV files go through the pipeline in chunks like JSON Lines files:
/// the same outputs as a whole-file read, stored per chunk, resumable; and
/// files are hashed in blocks, in parallel.
final class StreamingTests: BatchTestCase {
    /// The work reports as one CSV file (title, year, content; multi-line
    /// quoted fields), with one malformed row in the middle.
    func writeCSV() throws {
        let jsonl = corpus.appendingPathComponent("government_work_reports.jsonl")
        var csv = "title,year,content\n"
        for (i, line) in try String(contentsOf: jsonl, encoding: .utf8).split(separator: "\n").enumerated() {
            let r = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let cells = [r["title"] as! String, "\(r["year"]!)", r["content"] as! String]
            csv += cells.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\n"
            if i == 40 { csv += "broken \"row\",1999,x\n" }
        }
        try FileManager.default.removeItem(at: jsonl)
        try csv.write(to: corpus.appendingPathComponent("reports.csv"), atomically: true, encoding: .utf8)
    }

    func testLargeCSVIsReadInChunksWithTheSameOutputs() throws {
        try writeCSV()
        let whole = try cleanRun(options())
        var batch = BatchOptions()
        batch.streamAbove = 1 << 16
        batch.chunkBytes = 1 << 17
        let summary = try Pipeline.run(options(), batch: batch)
        XCTAssertEqual(summary.documentsByFormat[.csv], 72)
        XCTAssertEqual(summary.skipped.map(\.source), ["reports.csv"])
        XCTAssertEqual(summary.skipped.first?.reason, "malformed row: stray double quote inside an unquoted field")
        XCTAssertGreaterThan(try store.integer("SELECT COUNT(*) FROM files WHERE path = 'reports.csv'"), 10)
        var mine = try outputs(out)
        mine["report.html"] = nil
        XCTAssertEqual(mine, whole)
    }

    func testInterruptedChunkedCSVResumesWithoutDuplicates() throws {
        try writeCSV()
        var batch = BatchOptions()
        batch.streamAbove = 1 << 16
        batch.chunkBytes = 1 << 17
        batch.stopAfter = 5
        XCTAssertThrowsError(try Pipeline.run(options(), batch: batch)) { XCTAssertTrue($0 is BatchInterrupted) }
        XCTAssertEqual(try store.integer("SELECT COUNT(*) FROM files"), 5)
        batch.stopAfter = nil
        _ = try Pipeline.run(options(), batch: batch)
        XCTAssertEqual(try store.integer("SELECT COUNT(DISTINCT run) FROM files"), 2)
        XCTAssertEqual(try store.integer("SELECT COUNT(*) FROM documents"), try store.integer("SELECT COUNT(DISTINCT id) FROM documents"))
        XCTAssertEqual(try store.integer("SELECT COUNT(*) FROM documents WHERE path = 'reports.csv'"), 72)
        try assertSameAsClean(options())
    }

    func testFilesAreHashedInBlocksAndInParallel() throws {
        let big = work.appendingPathComponent("big.bin")
        var bytes = [UInt8](repeating: 0, count: 3 << 20 + 12345)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 2654435761 >> 13) }
        try Data(bytes).write(to: big)
        let paths = [
            big.path, corpus.appendingPathComponent("government_work_reports.jsonl").path,
            corpus.appendingPathComponent("table1_chronology.txt").path,
        ]
        let expected = try paths.map { Store.hex(SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: $0)))) }
        XCTAssertEqual(FileHashing.sha256(big.path), expected[0])
        var seen = [String?](repeating: nil, count: paths.count)
        XCTAssertTrue(
            FileHashing.hashAll(paths, sizes: paths.map { FileHashing.size($0)! }, jobs: 2) { i, sha in
                seen[i] = sha
                return true
            })
        XCTAssertEqual(seen, expected)
        XCTAssertFalse(FileHashing.hashAll(paths, sizes: [3, 2, 1], jobs: 1) { _, _ in false })
        XCTAssertNil(FileHashing.sha256(work.appendingPathComponent("missing").path))
    }
}
