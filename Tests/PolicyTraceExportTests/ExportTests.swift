import Foundation
import PolicyTraceAggregate
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceTag
import XCTest

@testable import PolicyTraceExport

final class ExportTests: XCTestCase {
    /// Numbers are written as `String(format: "%.6f")` wrote them, trailing
    /// zeros dropped, whichever way they are formatted now: rates of real
    /// counts, halfway cases, tiny, huge, negative and whole values.
    func testNumbersAreWrittenAsPrintfWritesThem() {
        func reference(_ d: Double) -> String {
            var s = String(format: "%.6f", d)
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
            return s == "-0" ? "0" : s
        }
        var values: [Double] = [0, -0.0, 1, -1, 0.5, 0.0000005, 0.0000015, 2.5e-7, 1e15, 1e15 + 0.5, 1e20, -3.25, 123456.7890125, .infinity]
        for mentions in 0..<200 {
            for tokens in [1, 7, 333, 10_000, 98_765] { values.append(Double(mentions) * 10_000 / Double(tokens)) }
            values.append(Double(mentions) / 7)
        }
        for d in values { XCTAssertEqual(CSVWriter.formatNumber(d), reference(d), "\(d)") }
    }

    func testCSVQuotesAndNeutralisesFormulas() {
        var csv = CSVWriter(header: ["a", "b", "c"])
        csv.append([.text("=HYPERLINK(\"x\")"), .text("户籍, \"改革\"\n2014"), .int(-3)])
        csv.append([.text("-1"), .text("@SUM(A1)"), .double(0.125)])
        csv.append([.text("\tx"), .empty, .double(2.0 / 3.0)])
        XCTAssertEqual(
            csv.text,
            """
            a,b,c
            "'=HYPERLINK(""x"")","户籍, ""改革""
            2014",-3
            '-1,'@SUM(A1),0.125
            '\tx,,0.666667

            """)
    }

    func testCSVQuotesWindowsLineBreaksAndQuotesBeforeCombiningMarks() {
        XCTAssertEqual(CSVWriter.encode(.text("line one\r\nline two")), "\"line one\r\nline two\"")
        XCTAssertEqual(CSVWriter.encode(.text("say \"\u{301}x")), "\"say \"\"\u{301}x\"")
    }

    func testExcelFlagWritesAByteOrderMark() {
        XCTAssertTrue(CSVWriter(header: ["年份"], byteOrderMark: true).text.hasPrefix("\u{FEFF}年份"))
    }

    func testJSONEscapingAndKeyOrder() {
        let v = JSON.Value.object([("doc", .string("a\"b\\c\n\u{1}")), ("year", .null), ("n", .array([.int(1), .double(0.5)]))])
        XCTAssertEqual(v.encoded(), #"{"doc":"a\"b\\c\n\u0001","year":null,"n":[1,0.5]}"#)
    }

    func testFailedRunLeavesPreviousOutputs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pt-out-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try OutputDirectory(dir)
        try first.write("timeline.csv", "old\n")
        try first.commit()
        do {
            let second = try OutputDirectory(dir)
            try second.write("timeline.csv", "half-writ")
            // no commit: the run failed
        }
        XCTAssertEqual(try String(contentsOfFile: dir + "/timeline.csv", encoding: .utf8), "old\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["timeline.csv"])
    }
}

final class DerivedFileTests: XCTestCase {
    func testBratNamesAreSanitisedDeterministicallyAndUnique() {
        var taken = Set<String>()
        XCTAssertEqual(BratFiles.baseName("laws/2014 户籍.html#3", taken: &taken), "laws__2014---.html_3")
        XCTAssertEqual(BratFiles.baseName("a/b", taken: &taken), "a__b")
        XCTAssertEqual(BratFiles.baseName("a/b", taken: &taken), "a__b-2")
        XCTAssertEqual(BratFiles.baseName(".hidden", taken: &taken), "_.hidden")
    }

    func testBratSplitsSpansAtLineBreaksAndUsesUnderscoreTypes() {
        let m = Mention(
            concepts: ["migrants.workers"], term: "rural migrant workers", language: .en, text: "rural\nmigrant workers",
            start: 10, end: 31, utf8Start: 10, utf8End: 31)
        XCTAssertEqual(
            BratFiles.annotations([m]),
            "T1\tmigrants_workers 10 15;16 31\trural migrant workers\n#1\tAnnotatorNotes T1\tmigrants.workers ← rural migrant workers\n")
    }

    func testHTMLEscaping() {
        XCTAssertEqual(HTML.escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    }

    func testKWICRowsFlattenLineBreaksAndUseCSVWriter() {
        let doc = Document(id: "d", source: "d", text: "甲乙\n丙户籍丁\t戊", year: 2014)
        let m = Mention(
            concepts: ["a", "b"], term: "户籍", language: .zh, text: "户籍", start: 4, end: 6,
            utf8Start: 10, utf8End: 16)
        let rows = KWICRow.rows(doc: doc, mention: m, line: 7, window: 3)
        XCTAssertEqual(rows.map(\.concept), ["a", "b"])
        XCTAssertEqual(
            rows.map { [$0.mention, $0.start, $0.end] }, [[7, 4, 6], [7, 4, 6]], "each row joins back to its mentions.jsonl line and span")
        XCTAssertEqual([rows[0].left, rows[0].match, rows[0].right], ["乙 丙", "户籍", "丁 戊"])
        var csv = CSVWriter(header: KWICRow.header)
        csv.append(KWICRow(doc: "d", year: nil, concept: "a", term: "=x", left: "", match: "=x", right: "", mention: 1, start: 0, end: 2).fields)
        csv.append(
            KWICRow(doc: "p.pdf", year: 2014, concept: "a", term: "x", left: "", match: "x", right: "", mention: 2, start: 5, end: 6, page: 3).fields)
        XCTAssertEqual(
            csv.drain(), "doc,year,concept,term,left,match,right,mention,start,end,page\nd,,a,'=x,,'=x,,1,0,2,\np.pdf,2014,a,x,,x,,2,5,6,3\n")
        XCTAssertEqual(csv.text, "")
    }

    func testWideTimelineOneRowPerGroup() {
        var counts = Counts()
        counts.add(DocumentTally(group: ["2010"], tokens: 100, mentions: ["a": 2]))
        counts.add(DocumentTally(group: [""], tokens: 50, mentions: ["a.b": 1]))
        XCTAssertEqual(
            OutputFiles.timelineWide(counts, concepts: ["a", "a.b"], groupFields: ["year"], measure: .mentions),
            "year,a,a.b\n2010,2,0\n,0,1\n")
        XCTAssertEqual(
            OutputFiles.timelineWide(counts, concepts: ["a"], groupFields: ["year"], measure: .per10kTokens),
            "year,a\n2010,200\n,0\n")
    }

    func testChartIsInlineSVGWithEscapedLabels() {
        let html = LineChart.html(
            series: [ChartSeries(label: "<x>", points: [ChartPoint(x: 2000, y: 1.5), ChartPoint(x: 2002, y: 0)])],
            xRange: 2000...2002, yTitle: "per 10,000 tokens", ariaLabel: "t")
        XCTAssertTrue(html.hasPrefix("<svg class=\"chart\""))
        XCTAssertTrue(html.contains("<polyline"))
        XCTAssertTrue(html.contains("&lt;x&gt;"))
        XCTAssertFalse(html.contains("<x>"))
    }
}

final class ChartTests: XCTestCase {
    func testLinesBreakAtYearsWithoutDocumentsAndAtLowBaseYears() {
        let points = [1962, 1963, 1964, 1975, 1976, 1977, 1978].map { ChartPoint(x: $0, y: Double($0 - 1960), lowBase: $0 == 1977) }
        XCTAssertEqual(LineChart.runs(points).map { $0.map(\.x) }, [[1962, 1963, 1964], [1975, 1976], [1978]])
        let svg = LineChart.html(series: [ChartSeries(label: "a", points: points)], xRange: 1962...1978, yTitle: "y", ariaLabel: "a")
        XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 3)
        XCTAssertEqual(svg.components(separatedBy: "class=\"lowbase\"").count - 1, 1)
    }
}

/// One renderer: a mention's context is the same whether it is cut by the
/// mention's UTF-8 offsets (kwic.csv, the report) or by code-point offsets
/// (gold spans in `evaluate`, `lexicon suggest`).
final class KWICLineTests: XCTestCase {
    func testCodePointAndMentionOffsetsGiveTheSameContextOnACorpusReport() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let corpus = repository.appendingPathComponent("Corpus/government_work_reports.jsonl").path
        let reader = try CorpusReader(path: corpus)
        let doc = try XCTUnwrap(reader.read(try XCTUnwrap(reader.files().first)).documents.first { $0.text.contains("户籍") })
        let lexicon = Lexicon(concepts: [Concept(id: "hukou.status", terms: [Term("户籍", language: .zh), Term("户口", language: .zh)])])
        let mentions = Tagger(lexicon: lexicon).tag(doc.text).mentions
        XCTAssertFalse(mentions.isEmpty)
        for m in mentions {
            for window in [0, 5, 30] {
                let byMention = KWICLine(text: doc.text, mention: m, window: window)
                XCTAssertEqual(KWICLine(text: doc.text, start: m.start, end: m.end, window: window), byMention)
                XCTAssertEqual(byMention.match, m.text)
            }
        }
        let first = KWICLine(text: doc.text, mention: mentions[0], window: 30)
        XCTAssertEqual(first.bracketed, KWICRow.flat(first.left) + "[" + mentions[0].text + "]" + KWICRow.flat(first.right))
        XCTAssertFalse(first.bracketed.contains("\n"))
    }

    /// Offsets past either end are clamped, never a crash.
    func testSpansAtTheEdgesAreClamped() {
        XCTAssertEqual(KWICLine(text: "户籍制度", start: 0, end: 2, window: 5).bracketed, "[户籍]制度")
        XCTAssertEqual(KWICLine(text: "户籍制度", start: 2, end: 9, window: 5).bracketed, "户籍[制度]")
        XCTAssertEqual(KWICLine(text: "户籍\t制度", start: 3, end: 5, window: 1).bracketed, " [制度]")
    }
}
