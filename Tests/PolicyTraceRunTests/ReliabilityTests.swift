import Foundation
@testable import PolicyTraceRun
import PolicyTrace
import XCTest

/// Issue 18: no input and no slip of the hand silently corrupts a result.
/// Each test is a mistake or a damaged input made from the real corpus.
final class ReliabilityTests: BatchTestCase {
    /// Record `n` (1-based line) of the corpus's JSON Lines file.
    func record(_ n: Int) throws -> [String: Any] {
        let text = try String(contentsOf: corpus.appendingPathComponent("government_work_reports.jsonl"), encoding: .utf8)
        let line = text.split(separator: "\n")[n - 1]
        return try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    }

    /// The text of record `n` as a plain-text file: title line, then content.
    func plainText(_ n: Int) throws -> String {
        let r = try record(n)
        return (r["title"] as! String) + "\n" + (r["content"] as! String)
    }

    /// `text`'s UTF-8 bytes with `byte` inserted after the first line break
    /// past the middle (so it splits no term).
    func withStrayByte(_ text: String, _ byte: UInt8 = 0xFF) -> [UInt8] {
        var bytes = Array(text.utf8)
        var mid = bytes.count / 2
        while mid < bytes.count, bytes[mid] != 0x0A { mid += 1 }
        bytes.insert(byte, at: mid + 1)
        return bytes
    }

    func folder(_ name: String, files: [String: [UInt8]]) throws -> URL {
        let dir = work.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (file, bytes) in files { try Data(bytes).write(to: dir.appendingPathComponent(file)) }
        return dir
    }

    func run(_ options: RunOptions, store: Bool = false) throws -> RunSummary {
        var batch = BatchOptions()
        batch.noStore = !store
        return try Pipeline.run(options, batch: batch)
    }

    // MARK: 1. The output folder inside the corpus

    func testOutputFolderInsideTheCorpusIsLeftOutOfTheWalk() throws {
        let reference = try run(options())
        var o = options()
        o.out = corpus.appendingPathComponent("Output").path
        // Three runs, with and without the store: the earlier outputs (and
        // any staging folder) are never read back as documents.
        let first = try run(o, store: true)
        XCTAssertEqual(first.documents, reference.documents)
        XCTAssertEqual(first.mentions, reference.mentions)
        XCTAssertEqual(first.files, reference.files)
        XCTAssertTrue(try run(o, store: true).upToDate, "the outputs written into the corpus are not new corpus files")
        let third = try run(o)
        XCTAssertEqual(third.documents, reference.documents)
        XCTAssertEqual(third.mentions, reference.mentions)
        XCTAssertEqual(third.files, reference.files)
        XCTAssertEqual(try Data(contentsOf: corpus.appendingPathComponent("Output/timeline.csv")),
                       try Data(contentsOf: out.appendingPathComponent("timeline.csv")))
    }

    func testOutputFolderThatIsTheCorpusIsRefused() throws {
        var o = options()
        o.out = corpus.path + "/."
        XCTAssertThrowsError(try run(o)) { error in
            let message = (error as? RunError)?.description ?? "\(error)"
            XCTAssertTrue(message.contains("is the corpus folder itself"), message)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: corpus.appendingPathComponent("timeline.csv").path))
    }
}
