import Foundation
import PolicyTrace
import XCTest

/// `policytrace run` on the binary-format fixtures with the default
/// lexicons: every format yields exactly the mentions of the same text as a
/// `.txt` file, the paginated ones with their pages, and the files that
/// cannot be read are in skipped.csv.
final class BinaryFormatsRunTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    var out: URL!

    var options = RunOptions()

    override func setUpWithError() throws {
        useTestLexiconCache()
        out = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-formats-\(UUID().uuidString)")
        options.corpus = Self.repo.appendingPathComponent("Tests/PolicyTraceIngestTests/Fixtures/formats").path
        options.lexicons = [Self.repo.appendingPathComponent("Lexicons").path]
        options.out = out.path
        options.jobs = 2
        options.commandLine = ["policytrace", "run"]
        _ = try Pipeline.run(options)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: out)
    }

    struct Key: Hashable {
        var term, text: String
        var concepts: [String]
    }

    func testEveryFormatYieldsTheMentionsOfThePlainText() throws {
        let lines = try String(contentsOf: out.appendingPathComponent("mentions.jsonl"), encoding: .utf8).split(separator: "\n")
        var mentions: [String: [Key: Int]] = [:]
        var pages: [String: Set<Int?>] = [:]
        for line in lines {
            let m = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let doc = m["doc"] as! String
            mentions[doc, default: [:]][
                Key(term: m["term"] as! String, text: m["text"] as! String, concepts: m["concepts"] as! [String]), default: 0] += 1
            pages[doc, default: []].insert(m["page"] as? Int)
            if let page = m["page"] { XCTAssertTrue(line.hasSuffix(",\"page\":\(page)}"), "page is the last field: \(line)") }
        }
        let reference = try XCTUnwrap(mentions["report.txt"])
        XCTAssertEqual(reference.values.reduce(0, +), 31)  // 32 before lexicon round 16 dropped bare 职业技能
        let longName = "formats.tar.gz!notices/" + String(repeating: "国务院关于进一步推进户籍制度改革的意见", count: 3) + ".odt"
        for doc in [
            "report.pdf", "report.docx", "report.odt", "report.ofd", "formats.zip!notices/2014-report.docx",
            "formats.tar.gz!notices/2014-report.docx", longName,
        ] {
            XCTAssertEqual(mentions[doc], reference, doc)
        }
        XCTAssertEqual(pages["report.pdf"], [1, 2, 3])
        XCTAssertEqual(pages["report.ofd"], [1, 2])
        XCTAssertEqual(pages["formats.zip!notices/2014-notice.pdf"], [1])
        for doc in ["report.txt", "report.docx", "report.odt"] { XCTAssertEqual(pages[doc], [nil], doc) }

        let kwic = try String(contentsOf: out.appendingPathComponent("kwic.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(kwic[0].hasSuffix(",page"))
        XCTAssertTrue(kwic.contains { $0.hasPrefix("report.pdf,") && $0.hasSuffix(",3") })
        XCTAssertTrue(kwic.filter { $0.hasPrefix("report.txt,") }.allSatisfy { $0.hasSuffix(",") })
    }

    /// The store keeps page starts and pages: a second run that takes the
    /// documents from the store writes the same mentions.jsonl.
    func testPagesSurviveTheStore() throws {
        let first = try Data(contentsOf: out.appendingPathComponent("mentions.jsonl"))
        let store = try Store(path: out.appendingPathComponent(Store.fileName).path)
        let (stored, tags) = try XCTUnwrap(try store.load(Store.UnitKey(path: "report.pdf", part: 0)))
        let doc = try XCTUnwrap(stored.documents.first)
        XCTAssertEqual(doc.pageStarts?.count, 3)
        XCTAssertEqual(Set(try XCTUnwrap(tags[0]).mentions.map { doc.page(at: $0.start) }), [1, 2, 3])
        let (archive, _) = try XCTUnwrap(try store.load(Store.UnitKey(path: "formats.zip", part: 0)))
        XCTAssertEqual(archive.documents.map(\.source), ["formats.zip!notices/2014-notice.pdf", "formats.zip!notices/2014-report.docx"])
        var batch = BatchOptions()
        batch.force = true
        _ = try Pipeline.run(options, batch: batch)
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("mentions.jsonl")), first)
    }

    func testUnreadableFilesAreListedInSkippedCSV() throws {
        let skipped = try String(contentsOf: out.appendingPathComponent("skipped.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        XCTAssertEqual(
            skipped.map { String($0.prefix { $0 != "," }) },
            ["broken.pdf", "encrypted.pdf", "formats.tar.gz!broken.pdf", "formats.zip!broken.pdf", "scan.pdf"])
        XCTAssertTrue(skipped.last!.contains("without a text layer") && skipped.last!.contains("ocrmypdf"))
    }
}
