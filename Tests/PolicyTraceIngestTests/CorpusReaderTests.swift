import Foundation
import XCTest

@testable import PolicyTraceIngest

/// The fixture corpus holds one file of every format, read under its
/// `policytrace.yaml` (field names, strip rules, a GB18030 folder with a year).
final class CorpusReaderTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/corpus").path

    private func readAll() throws -> [String: FileResult] {
        let reader = try CorpusReader(path: Self.corpus)
        return Dictionary(uniqueKeysWithValues: try reader.files().map { ($0, reader.read($0)) })
    }

    private func summary(_ docs: [Document]) -> [String] {
        docs.map { "\($0.id) \($0.year.map(String.init) ?? "-") \($0.yearSource?.rawValue ?? "-")" }
    }

    func testFilesAndFormats() throws {
        let reader = try CorpusReader(path: Self.corpus)
        let files = try reader.files()
        XCTAssertEqual(
            files,
            [
                "gov_policy_page.html", "legacy/report_excerpt.txt", "policies.csv", "reports.jsonl",
                "speeches.tsv", "table1_chronology.txt",
            ], "config, ignored folder and hidden files left out")
        XCTAssertEqual(files.map(reader.format(of:)), [.html, .text, .csv, .jsonl, .tsv, .chronology])
    }

    func testEveryDocumentWithItsIdAndYear() throws {
        let results = try readAll()
        let docs = results.keys.sorted().flatMap { results[$0]!.documents }
        XCTAssertEqual(
            summary(docs),
            [
                "gov_policy_page.html 2014 metadata",
                "legacy/report_excerpt.txt 1998 config",
                "gf-2014-25 2014 metadata",
                "policies.csv#3 2016 doc_number",
                "gwr-2014 2014 metadata",
                "reports.jsonl#3 2014 title",
                "speeches.tsv#1 2013 date_text",
                "speeches.tsv#2 2013 session",
                "table1_chronology.txt#1 1989 metadata",
                "table1_chronology.txt#2 1995 metadata",
                "table1_chronology.txt#3 - -",
                "table1_chronology.txt#4 - -",
            ])
        XCTAssertEqual(results["table1_chronology.txt"]?.events.count, 4)
    }

    func testSkippedRecordsNameFileAndLineAndTheOthersAreKept() throws {
        let results = try readAll()
        let skipped = results.keys.sorted().flatMap { results[$0]!.skipped }
        XCTAssertEqual(
            skipped.map { "\($0.source):\($0.line.map(String.init) ?? "-")" },
            [
                "policies.csv:4", "policies.csv:6", "reports.jsonl:2", "reports.jsonl:5",
            ])
        XCTAssertEqual(skipped[0].reason, "malformed row: stray double quote inside an unquoted field")
        XCTAssertEqual(skipped[1].reason, "row has 3 fields, the header has 6")
        XCTAssertTrue(skipped[2].reason.hasPrefix("malformed JSON"), skipped[2].reason)
        XCTAssertEqual(skipped[3].reason, "a JSON Lines record must be an object")
        XCTAssertEqual(results.values.flatMap(\.warnings), [])
    }

    func testFieldMappingsAndRecordContents() throws {
        let results = try readAll()
        let report = try XCTUnwrap(results["reports.jsonl"]?.documents.first)
        XCTAssertEqual(report.title, "2014年中华人民共和国国务院政府工作报告")
        XCTAssertEqual(report.record, 1)
        XCTAssertEqual(report.metadata, ["url": "https://zh.wikisource.org/wiki/2014"])
        XCTAssertTrue(report.text.hasPrefix("各位代表：\n\n现在，我代表国务院"))

        let policy = try XCTUnwrap(results["policies.csv"]?.documents.first)
        XCTAssertEqual(policy.title, "国务院关于进一步推进户籍制度改革的意见")
        XCTAssertEqual(policy.issuer, "国务院")
        XCTAssertEqual(policy.docNumber, "国发〔2014〕25号")
        XCTAssertEqual(policy.date, "2014-07-30")
        XCTAssertEqual(policy.text, "进一步推进户籍制度改革，\n统筹推进工业化、信息化、城镇化和农业现代化同步发展。")

        let speech = try XCTUnwrap(results["speeches.tsv"]?.documents.last)
        XCTAssertEqual(speech.title, "关于政府工作报告的决议")

        let page = try XCTUnwrap(results["gov_policy_page.html"]?.documents.first)
        XCTAssertEqual(page.title, "国务院关于进一步推进户籍制度改革的意见")
        XCTAssertEqual(page.docNumber, "国发〔2014〕25号")
    }

    func testStripRulesAndPerFileEncoding() throws {
        let results = try readAll()
        let legacy = try XCTUnwrap(results["legacy/report_excerpt.txt"]?.documents.first)
        XCTAssertEqual(legacy.encoding, "GB18030")
        XCTAssertEqual(legacy.title, "一、关于过去五年的政府工作")
        XCTAssertTrue(legacy.text.contains("过去的五年，经济发展保持良好势头，国家经济实力显著增强。"))
        XCTAssertTrue(legacy.text.hasSuffix("农业综合生产能力有较大提高。"), String(legacy.text.suffix(40)))
        for doc in results.values.flatMap(\.documents) {
            XCTAssertFalse(doc.text.contains("本作品是中华人民共和国"), "licence notice left in \(doc.id)")
            XCTAssertFalse(doc.text.contains("[编辑]"), "[编辑] left in \(doc.id)")
        }
        XCTAssertTrue(try XCTUnwrap(results["reports.jsonl"]?.documents.first).text.hasSuffix("一、2013年工作回顾"))
    }

    func testConfigYAMLErrorNamesFileAndLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("policytrace.yaml")
        try "records:\n  text: content\nfiles:\n  - {match: \"a.txt\", format: text\n  - {match: b.txt}\n"
            .write(to: config, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CorpusReader(path: dir.path)) { error in
            guard let e = error as? IngestError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.file, config.path)
            XCTAssertEqual(e.line, 5)
            XCTAssertTrue(e.reason.hasPrefix("YAML syntax"), e.reason)
        }
        XCTAssertThrowsError(try CorpusConfig.parse("records: {text: content}\nfiles:\n  - {format: text}\n", file: "policytrace.yaml")) {
            XCTAssertEqual(($0 as? IngestError)?.description, "policytrace.yaml:3: a `files` entry needs `match: GLOB`")
        }
    }
}
