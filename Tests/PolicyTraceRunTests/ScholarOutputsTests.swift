import Foundation
import PolicyTrace
import XCTest

@testable import PolicyTraceLexicon
@testable import PolicyTraceRun

/// What a scholar loads from a run of the real corpus: rows that join back,
/// the records' own fields, rates that rest on enough text, chronology
/// events kept apart from documents, and the default lexicons from anywhere.
final class ScholarOutputsTests: BatchTestCase {
    func runCorpus(_ adjust: (inout RunOptions) -> Void = { _ in }) throws {
        var o = options()
        adjust(&o)
        var batch = BatchOptions()
        batch.noStore = true
        _ = try Pipeline.run(o, batch: batch)
    }

    func csv(_ name: String) throws -> [[String: String]] {
        let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
        guard case .success(let header)? = DelimitedReader.records(text, delimiter: ",").first else { return [] }
        return DelimitedReader.records(text, delimiter: ",").dropFirst().compactMap { r -> [String: String]? in
            guard case .success(let row) = r else { return nil }
            return Dictionary(zip(header.fields, row.fields), uniquingKeysWith: { a, _ in a })
        }
    }

    func testKWICRowsJoinBackToTheirMentions() throws {
        try runCorpus()
        let mentions = try String(contentsOf: out.appendingPathComponent("mentions.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let kwic = try csv("kwic.csv")
        XCTAssertGreaterThan(kwic.count, 4000)
        for row in kwic {
            let line = try XCTUnwrap(Int(row["mention"] ?? ""), "mention column")
            let m = mentions[line - 1]
            XCTAssertEqual(m["doc"] as? String, row["doc"])
            XCTAssertEqual(m["start"] as? Int, Int(row["start"] ?? ""))
            XCTAssertEqual(m["end"] as? Int, Int(row["end"] ?? ""))
            XCTAssertTrue((m["concepts"] as? [String])?.contains(row["concept"] ?? "") ?? false)
            XCTAssertEqual(m["text"] as? String, (row["match"] ?? "").replacingOccurrences(of: "\n", with: " "))
        }
    }

    func testDocumentsCarryTheRecordsOwnFields() throws {
        try runCorpus()
        let docs = try csv("documents.csv")
        XCTAssertEqual(docs.count, 72, "the 72 work reports; Table 1's rows are events, not documents")
        XCTAssertTrue(docs.allSatisfy { ($0["url"] ?? "").hasPrefix("http") }, "every record's url field is a column")
        XCTAssertFalse(docs.contains { ($0["doc"] ?? "").hasPrefix("table1_chronology") })
    }

    func testUndatedDocumentsSayNoneAsTheSummaryDoes() throws {
        try "户籍制度改革的意见。".write(to: corpus.appendingPathComponent("undated.txt"), atomically: true, encoding: .utf8)
        try runCorpus()
        let row = try XCTUnwrap(try csv("documents.csv").first { $0["doc"] == "undated.txt" })
        XCTAssertEqual(row["year"], "")
        XCTAssertEqual(row["year_source"], "none")
    }

    func testChronologyEventsAreCountedApartFromDocuments() throws {
        try runCorpus()
        let timeline = try csv("timeline.csv")
        // 1989 has no work report in the corpus: only Table 1's CNC row.
        XCTAssertFalse(timeline.contains { $0["year"] == "1989" }, "a chronology row makes no timeline year")
        XCTAssertFalse(try csv("concepts.csv").contains { $0["peak_year"] == "1989" })
        let events = try csv("chronology.csv")
        XCTAssertEqual(events.count, 7)
        let cnc = try XCTUnwrap(events.first { $0["year"] == "1989" })
        XCTAssertEqual(cnc["doc"], "table1_chronology.txt#1")
        XCTAssertGreaterThan(Int(cnc["community_services"] ?? "") ?? 0, 0, "the event's own mentions are counted in chronology.csv")
        let mentions = try String(contentsOf: out.appendingPathComponent("mentions.jsonl"), encoding: .utf8)
        XCTAssertTrue(mentions.contains("\"doc\":\"table1_chronology.txt#1\""), "its mentions are still listed")
    }

    func testYearsWithTooFewTokensAreFlaggedAndNeverPeak() throws {
        try runCorpus { $0.minTokens = 15_000 }
        let timeline = try csv("timeline.csv")
        let low = Set(timeline.filter { Int($0["tokens_total"]!)! < 15_000 }.map { $0["year"]! })
        XCTAssertFalse(low.isEmpty)
        XCTAssertTrue(timeline.allSatisfy { ($0["low_base"] == "1") == low.contains($0["year"]!) })
        for c in try csv("concepts.csv") where !(c["peak_year"] ?? "").isEmpty {
            XCTAssertFalse(low.contains(c["peak_year"]!), "\(c["concept"]!) peaks in a low-base year")
        }
        let report = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("class=\"lowbase\""), "low-base years are drawn as open points")
        XCTAssertTrue(report.contains("Documents per year"))
        // "How to read the measures" states the rule with the run's threshold.
        XCTAssertTrue(
            report.contains("<dt>Low-base years</dt><dd>A year whose documents have fewer than 15000 tokens (--min-tokens)"),
            "low-base rule in the report")
        XCTAssertTrue(report.contains("never ranked as a peak year"))
        XCTAssertTrue(report.contains("most mentions per 10,000 tokens among the years that are not low-base"))
    }

    func testTextReadsAnyFileAndCorpusIDs() throws {
        let notice = work.appendingPathComponent("elsewhere/notice.txt")
        try FileManager.default.createDirectory(at: notice.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "关于推进户籍制度改革的意见".write(to: notice, atomically: true, encoding: .utf8)
        let missing = work.appendingPathComponent("no-corpus-here").path
        XCTAssertEqual(try CorpusReader.document(notice.path, corpus: missing)?.text, "关于推进户籍制度改革的意见")
        XCTAssertEqual(try CorpusReader.document(notice.path, corpus: corpus.path)?.id, "notice.txt")
        XCTAssertEqual(try CorpusReader.document("government_work_reports.jsonl#3", corpus: corpus.path)?.year, 2024)
        XCTAssertNil(try CorpusReader.document("government_work_reports.jsonl#999", corpus: corpus.path))
        XCTAssertThrowsError(try CorpusReader.document("nothing.txt", corpus: missing))
    }

    func testBuiltInLexiconsAreTheLexiconsFolder() throws {
        let folder = Self.repository.appendingPathComponent("Lexicons")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertEqual(DefaultLexicons.files.map(\.name), names, "run scripts/embed-lexicons.py after changing Lexicons/")
        for f in DefaultLexicons.files {
            XCTAssertEqual(
                f.text, try String(contentsOf: folder.appendingPathComponent(f.name), encoding: .utf8),
                "\(f.name): the built-in copy is stale; run scripts/embed-lexicons.py")
        }
        let written = try DefaultLexicons.materialise(environment: ["POLICYTRACE_CACHE": work.appendingPathComponent("cache").path])
        let (builtIn, _) = try LexiconReader.load(paths: [written])
        let (checkedOut, _) = try LexiconReader.load(paths: [folder.path])
        XCTAssertEqual(builtIn.allConceptIDs, checkedOut.allConceptIDs)
        XCTAssertEqual(builtIn.concepts.flatMap(\.terms).count, checkedOut.concepts.flatMap(\.terms).count)
        XCTAssertEqual(
            try DefaultLexicons.materialise(environment: ["POLICYTRACE_CACHE": work.appendingPathComponent("cache").path]), written,
            "the same version reuses its folder")
    }
}
