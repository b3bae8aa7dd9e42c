import Foundation
import PolicyTrace
import XCTest

/// The whole pipeline on a fixture corpus of real excerpts: a 2014 government
/// work report passage (Simplified), a 1954 passage (Traditional), an NPC
/// resolution with no year field, a malformed record, and the Table 1
/// chronology. Expected counts were worked out by reading the excerpts
/// (Table 1 names "community service(s)" 11 times: rows 1995 ×2, blank ×2+3, 2006 ×2, 2011 ×2).
final class EndToEndTests: XCTestCase {
    var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)! }
    var out: URL!

    override func setUpWithError() throws {
        useTestLexiconCache()
        out = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-e2e-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: out)
    }

    func runFixture(jobs: Int = 2) throws -> RunSummary {
        var options = RunOptions()
        options.corpus = fixtures.appendingPathComponent("corpus").path
        options.lexicons = [fixtures.appendingPathComponent("lexicon").path]
        options.out = out.path
        options.jobs = jobs
        options.commandLine = ["policytrace", "run"]
        return try Pipeline.run(options)
    }

    func read(_ name: String) throws -> String {
        try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
    }

    func testSummaryCountsDocumentsYearsAndSkips() throws {
        let s = try runFixture()
        XCTAssertEqual(s.documents, 3, "Table 1's 7 rows are chronology events, not documents")
        XCTAssertEqual(s.events, 7)
        XCTAssertEqual(s.documentsByFormat, [.jsonl: 3])
        XCTAssertEqual(s.undated, 0)
        XCTAssertEqual(s.years, 1954...2014)
        XCTAssertEqual(s.skipped.map(\.description), ["reports.jsonl:3: malformed JSON: " + s.skipped[0].reason.dropFirst("malformed JSON: ".count)])
        XCTAssertEqual(s.skipped.first?.line, 3)
        XCTAssertEqual(s.mentionsByFamily, ["hukou": 5, "migrants": 7, "exclusion": 2, "community_services": 11])
        XCTAssertEqual(s.stats.suppressedNested, ["hukou.status": 1])
    }

    func testMentionsCarryYearsAndCodePointOffsets() throws {
        _ = try runFixture()
        let lines = try read("mentions.jsonl").split(separator: "\n")
        XCTAssertEqual(lines.count, 25)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        XCTAssertEqual(first["doc"] as? String, "reports.jsonl#1")
        XCTAssertEqual(first["year"] as? Int, 2014)
        XCTAssertEqual(first["concepts"] as? [String], ["migrants.population"])
        XCTAssertEqual(first["text"] as? String, "农业转移人口")
        // The offsets index the document text as code points.
        let text = "今后一个时期，着重解决好现有“三个1亿人”问题，促进约1亿农业转移人口落户城镇"
        let start = first["start"] as! Int, end = first["end"] as! Int
        XCTAssertEqual(String(String.UnicodeScalarView(Array(text.unicodeScalars)[start..<end])), "农业转移人口")
        XCTAssertTrue(lines.contains { $0.contains("\"text\":\"就業\"") && $0.contains("\"year\":1954") })
        XCTAssertFalse(lines.contains { $0.contains("\"term\":\"户籍\"") }, "户籍 inside 户籍制度改革 must not count")
    }

    func testTimelineHasEveryYearAndConceptWithUndatedLast() throws {
        _ = try runFixture()
        let rows = try read("timeline.csv").split(separator: "\n").map(String.init)
        XCTAssertEqual(rows[0], "year,concept,mentions,documents,documents_total,tokens_total,share_documents,per_10k_tokens,low_base")
        let years = Set(rows.dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[0]) })
        XCTAssertEqual(years, ["1954", "2014"], "chronology rows make no timeline years")
        XCTAssertEqual(rows.count, 1 + 2 * 11)
        XCTAssertTrue(rows.contains { $0.hasPrefix("2014,hukou,5,1,2,") })
        XCTAssertTrue(rows.contains { $0.hasPrefix("2014,hukou.reform,4,1,2,") })
        XCTAssertTrue(rows.contains { $0.hasPrefix("1954,exclusion.production,2,1,1,") })
        XCTAssertTrue(rows.contains { $0.hasPrefix("2014,community_services.provision,0,0,2,") })
        XCTAssertTrue(rows.allSatisfy { $0.hasSuffix(",1") || $0.hasSuffix(",low_base") }, "every fixture year is below 1,000 tokens")
        XCTAssertTrue(rows.last!.hasPrefix("2014,"))
    }

    func testDocumentsAndChronologyFiles() throws {
        _ = try runFixture()
        let docs = try read("documents.csv").split(separator: "\n").map(String.init)
        XCTAssertTrue(docs[0].hasPrefix("doc,year,year_source,title,lang,tokens,mentions,community_services,"))
        XCTAssertTrue(docs.contains { $0.hasPrefix("reports.jsonl#4,2014,title,第十二届全国人民代表大会第二次会议关于政府工作报告的决议,zh,") })
        XCTAssertTrue(docs.contains { $0.hasPrefix("reports.jsonl#2,1954,metadata,") })
        let chronology = try read("chronology.csv").split(separator: "\n").map(String.init)
        XCTAssertEqual(chronology.count, 8)
        XCTAssertEqual(chronology.dropFirst().map { String($0.prefix(while: { $0 != "," })) }, ["1989", "1995", "", "", "2006", "2011", "2012"])
        XCTAssertTrue(
            chronology[2].hasPrefix("1995,Ministry of Civil Affairs,Opinions on accelerating the development of sectors of community services,"))
        XCTAssertEqual(try read("skipped.csv").split(separator: "\n").count, 2)
    }

    func testOutputIsIdenticalForEveryThreadCount() throws {
        _ = try runFixture(jobs: 1)
        let one = try ["mentions.jsonl", "timeline.csv", "documents.csv"].map(read)
        _ = try runFixture(jobs: 4)
        XCTAssertEqual(one, try ["mentions.jsonl", "timeline.csv", "documents.csv"].map(read))
    }

    func testMalformedLexiconLeavesPreviousOutputsUntouched() throws {
        _ = try runFixture()
        let before = try read("timeline.csv")
        let bad = out.appendingPathComponent("bad.yaml")
        try "concepts:\n  - id: a\n    terms: {zh: [户籍*]}\n".write(to: bad, atomically: true, encoding: .utf8)
        var options = RunOptions()
        options.corpus = fixtures.appendingPathComponent("corpus").path
        options.lexicons = [bad.path]
        options.out = out.path
        XCTAssertThrowsError(try Pipeline.run(options)) { error in
            XCTAssertTrue("\(error)".contains("bad.yaml:3:"), "\(error)")
        }
        XCTAssertEqual(try read("timeline.csv"), before)
    }
}
