import Foundation
import PolicyTrace
import XCTest

@testable import PolicyTraceLexicon
@testable import PolicyTraceRun

/// Mistakes in what `run` is asked to do are errors that name the problem and
/// leave earlier outputs alone, never a silent success.
final class RunMistakeTests: BatchTestCase {
    func run(_ options: RunOptions) throws {
        var batch = BatchOptions()
        batch.noStore = true
        _ = try Pipeline.run(options, batch: batch)
    }

    func error(_ options: RunOptions) -> String? {
        do {
            try run(options)
            return nil
        } catch let e as RunError {
            return e.description
        } catch {
            return "unexpected \(error)"
        }
    }

    func testMistypedGroupFieldIsAnErrorWithASuggestion() throws {
        var o = options()
        o.groupBy = ["year", "isuer"]
        let message = try XCTUnwrap(error(o))
        XCTAssertTrue(message.contains("--by isuer"), message)
        XCTAssertTrue(message.contains("did you mean issuer?"), message)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("timeline.csv").path))
    }

    func testMetadataFieldOfTheRecordsIsAccepted() throws {
        // The default corpus's records carry a `url` field.
        var o = options()
        o.groupBy = ["url"]
        XCTAssertNil(error(o))
        let timeline = try String(contentsOf: out.appendingPathComponent("timeline.csv"), encoding: .utf8)
        XCTAssertTrue(timeline.hasPrefix("url,concept,"))
    }

    func testNonPositivePeriodIsRefused() {
        var o = options()
        o.period = 0
        XCTAssertEqual(error(o).map { $0.hasPrefix("--period must be a positive number") }, true)
        o.period = -5
        XCTAssertNotNil(error(o))
    }

    func testEmptyCorpusIsAnErrorAndKeepsEarlierOutputs() throws {
        try run(options())
        let before = try Data(contentsOf: out.appendingPathComponent("timeline.csv"))
        let empty = work.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try "notes".write(to: empty.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        var o = options()
        o.corpus = empty.path
        XCTAssertEqual(error(o).map { $0.contains("holds no files") }, true)
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("timeline.csv")), before)
    }

    func testCorpusWhoseFilesAllFailIsAnError() throws {
        let bad = work.appendingPathComponent("binary")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        try Data([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0x00]).write(to: bad.appendingPathComponent("scan.txt"))
        var o = options()
        o.corpus = bad.path
        let message = try XCTUnwrap(error(o))
        XCTAssertTrue(message.contains("no documents were read from 1 file(s)"), message)
        XCTAssertTrue(message.contains("scan.txt"), message)
    }

    func testSuggestionsAreOnlyNearNames() {
        XCTAssertNil(RunError.unknownGroupFields(["issuer", "year"], seen: []))
        let far = RunError.unknownGroupFields(["province"], seen: ["url"])
        XCTAssertEqual(far.map { $0.description.contains("did you mean") }, false)
        XCTAssertEqual(NearestName.to("hukuo.reform", among: ["hukou", "hukou.reform", "hukou.status"]), "hukou.reform")
        XCTAssertNil(NearestName.to("城镇化", among: ["户籍", "hukou.reform"]))
        XCTAssertEqual(NearestName.editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(NearestName.editDistance("yaer", "year"), 1)
        XCTAssertEqual(NearestName.to("yaer", among: ["year", "issuer", "lang"]), "year")
    }
}
