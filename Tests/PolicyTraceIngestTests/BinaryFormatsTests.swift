import Foundation
import XCTest

@testable import PolicyTraceIngest

/// PDF, DOCX, ODT, OFD and zip archives, on the fixtures that
/// scripts/make-format-fixtures.py made from section (五) of the 2014
/// government work report and three rows of Table 1 (report.txt is the
/// same text as plain text).
final class BinaryFormatsTests: XCTestCase {
    static let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("formats").path

    func read(_ name: String) throws -> FileResult {
        try CorpusReader(path: Self.folder).read(name)
    }

    func document(_ name: String) throws -> Document {
        let result = try read(name)
        XCTAssertEqual(result.skipped, [], name)
        return try XCTUnwrap(result.documents.first, name)
    }

    /// The paragraphs of the reference text (title, heading, body, Table 1 rows).
    var paragraphs: [String] {
        get throws {
            try String(contentsOfFile: Self.folder + "/report.txt", encoding: .utf8)
                .components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .newlines) }.filter { !$0.isEmpty }
        }
    }

    func testPDFLinesAreJoinedIntoTheParagraphsOfTheText() throws {
        let doc = try document("report.pdf")
        XCTAssertEqual(doc.title, "2014年政府工作报告（节选）")
        XCTAssertEqual(doc.year, 2014)
        XCTAssertEqual(doc.yearSource, .title)
        let lines = doc.text.components(separatedBy: "\n")
        // Each paragraph is one line of the text: hard-wrapped Chinese lines
        // joined with nothing between them, English ones with a space. The
        // one difference: `para-governmental` broke at its hyphen at a line
        // end, and a hyphen at a line end before a lower-case letter joins.
        let expected = try paragraphs.map { $0.replacingOccurrences(of: "para-governmental", with: "paragovernmental") }
        XCTAssertEqual(lines, expected)
    }

    func testPDFPagesStartWhereTheirFirstBodyLineDoes() throws {
        let doc = try document("report.pdf")
        let starts = try XCTUnwrap(doc.pageStarts)
        XCTAssertEqual(starts.count, 3)
        XCTAssertEqual(starts[0], 0)
        let content = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/report.pdf")).withUnsafeBytes {
            try PDFReader.read($0.bindMemory(to: UInt8.self))
        }
        XCTAssertEqual(content.pages.count, 3)
        let scalars = Array(doc.text.unicodeScalars)
        for page in 1..<3 {
            // Line 0 is the running header; line 1 the first body line.
            let first = content.pages[page][1].text
            XCTAssertEqual(String(String.UnicodeScalarView(scalars[starts[page]...].prefix(first.unicodeScalars.count))), first)
            XCTAssertEqual(doc.page(at: starts[page]), page + 1)
            XCTAssertEqual(doc.page(at: starts[page] - 1), page)
        }
    }

    /// Chromium printed `政府工作报告（2014年）` at the top of every page and
    /// `- N -` at the foot: neither is in the text.
    func testPDFRunningHeaderAndPageNumbersAreLeftOut() throws {
        let content = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/report.pdf")).withUnsafeBytes {
            try PDFReader.read($0.bindMemory(to: UInt8.self))
        }
        for (i, page) in content.pages.enumerated() {
            XCTAssertEqual(page.first?.text, "政府工作报告（2014年）")
            XCTAssertEqual(page.last?.text, "-\(i + 1)-")  // poppler drops the spaces of `- N -`
            XCTAssertTrue(PageLines.isPageNumber(page.last!.text))
        }
        let paged = PageLines.join(content.pages)
        XCTAssertEqual(paged.runningLines, 6)
        XCTAssertFalse(paged.text.contains("政府工作报告（2014年）"))
        XCTAssertFalse(paged.text.contains("- 2 -"))
        XCTAssertEqual(try document("report.pdf").text, paged.text)
    }

    func testPDFCreationDateIsRead() throws {
        let content = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/report.pdf")).withUnsafeBytes {
            try PDFReader.read($0.bindMemory(to: UInt8.self))
        }
        let date = try XCTUnwrap(content.creationDate)
        XCTAssertNotNil(YearResolver.year(metadataDate: date), date)
        XCTAssertEqual(content.title, "2014年政府工作报告（节选）")
    }

    func testScanBrokenAndEncryptedPDFsAreSkippedWithTheirReasons() throws {
        let scan = try read("scan.pdf")
        XCTAssertEqual(scan.documents, [])
        XCTAssertEqual(scan.skipped.map(\.reason), [PDFReadError.noTextLayer(pages: 1).description])
        XCTAssertTrue(scan.skipped[0].reason.contains("ocrmypdf"))
        let broken = try read("broken.pdf")
        XCTAssertEqual(broken.documents, [])
        XCTAssertTrue(try XCTUnwrap(broken.skipped.first).reason.hasPrefix("broken PDF"), "\(broken.skipped)")
        let encrypted = try read("encrypted.pdf")
        XCTAssertEqual(encrypted.skipped.map(\.reason), [PDFReadError.encrypted.description])
        // Bytes that are not a PDF at all.
        let garbage = try CorpusReader(path: Self.folder).read("x.pdf", contents: Data("not a pdf at all".utf8))
        XCTAssertTrue(try XCTUnwrap(garbage.skipped.first).reason.hasPrefix("broken PDF"))
    }

    /// DOCX and ODT: paragraphs, then the table's rows, then the footnote
    /// (the third body paragraph, which the fixture puts in a footnote).
    func testDOCXAndODTGiveTheBodyTablesAndFootnotesInReadingOrder() throws {
        let p = try paragraphs
        let expected = Array(p[0..<4]) + Array(p[5..<7]) + Array(p[7...]) + [p[4]]
        for name in ["report.docx", "report.odt"] {
            let doc = try document(name)
            XCTAssertEqual(doc.text.components(separatedBy: "\n"), expected, name)
            XCTAssertEqual(doc.title, "2014年政府工作报告（节选）", name)
            XCTAssertNil(doc.pageStarts, name)
            XCTAssertEqual(doc.metadata["created"]?.prefix(10), "2014-03-05", name)
        }
    }

    func testOFDTextObjectsInReadingOrderWithPages() throws {
        let doc = try document("report.ofd")
        XCTAssertEqual(doc.text.components(separatedBy: "\n"), try paragraphs)
        XCTAssertEqual(doc.title, "2014年政府工作报告（节选）")
        XCTAssertEqual(doc.pageStarts?.count, 2)
        XCTAssertEqual(doc.metadata["created"], "2014-03-05")
    }

    func testZipArchiveIsReadAsAFolderOfDocuments() throws {
        let result = try read("formats.zip")
        XCTAssertEqual(result.format, .zip)
        XCTAssertEqual(result.documents.map(\.id), ["formats.zip!notices/2014-notice.pdf", "formats.zip!notices/2014-report.docx"])
        XCTAssertEqual(result.documents.map(\.source), result.documents.map(\.id))
        XCTAssertEqual(result.documents[0].pageStarts, [0])
        XCTAssertEqual(result.documents[1].text, try document("report.docx").text)
        XCTAssertEqual(result.skipped.map(\.source), ["formats.zip!broken.pdf"])
    }

    /// A .tar.gz likewise, with a GNU long name (over tar's 100 bytes) and a folder entry.
    func testTarGzArchiveIsReadAsAFolderOfDocuments() throws {
        let result = try read("formats.tar.gz")
        XCTAssertEqual(result.format, .tarGz)
        let long = "formats.tar.gz!notices/" + String(repeating: "国务院关于进一步推进户籍制度改革的意见", count: 3) + ".odt"
        XCTAssertEqual(result.documents.map(\.id), ["formats.tar.gz!notices/2014-notice.pdf", "formats.tar.gz!notices/2014-report.docx", long])
        XCTAssertEqual(result.documents[2].text, try document("report.odt").text)
        XCTAssertEqual(result.skipped.map(\.source), ["formats.tar.gz!broken.pdf"])
        let reader = try CorpusReader(path: Self.folder)
        XCTAssertEqual(
            reader.read("x.tar.gz", contents: Data("not gzip".utf8)).skipped.map(\.reason),
            ["broken tar.gz archive: not valid gzip data; re-download it, or unpack it with `tar xzf`"])
        // Valid gzip around something that is not a tar archive.
        let gz = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/formats.tar.gz"))
        let truncated = reader.read("y.tgz", contents: gz.prefix(gz.count / 2))
        XCTAssertEqual(truncated.documents, [])
        XCTAssertEqual(truncated.skipped.count, 1)
    }

    func testBrokenPackagesAreSkippedWithTheirReasons() throws {
        let reader = try CorpusReader(path: Self.folder)
        let notZip = reader.read("a.docx", contents: Data("PK not really".utf8))
        XCTAssertTrue(
            try XCTUnwrap(notZip.skipped.first).reason.hasPrefix("broken Word (DOCX) file: not a readable zip container"), "\(notZip.skipped)")
        // An ODT read as DOCX has no word/document.xml.
        let odt = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/report.odt"))
        XCTAssertEqual(reader.read("b.docx", contents: odt).skipped.map(\.reason), ["broken Word (DOCX) file: it has no word/document.xml"])
        XCTAssertEqual(reader.read("c.ofd", contents: odt).skipped.map(\.reason), ["broken OFD file: it has no OFD.xml"])
        let zip = reader.read("d.zip", contents: Data("nope".utf8))
        XCTAssertTrue(try XCTUnwrap(zip.skipped.first).reason.hasPrefix("broken zip archive"))
    }

    func testOFDLocationsResolveAgainstTheFileThatNamesThem() {
        XCTAssertEqual(OFDReader.resolve("Doc_0/Document.xml", from: ""), "Doc_0/Document.xml")
        XCTAssertEqual(OFDReader.resolve("Pages/Page_0/Content.xml", from: "Doc_0/Document.xml"), "Doc_0/Pages/Page_0/Content.xml")
        XCTAssertEqual(OFDReader.resolve("/Doc_0/Pages/Page_1/Content.xml", from: "Doc_0/Document.xml"), "Doc_0/Pages/Page_1/Content.xml")
        XCTAssertEqual(OFDReader.resolve("../Res/x.xml", from: "Doc_0/Pages/Page_0/Content.xml"), "Doc_0/Pages/Res/x.xml")
        XCTAssertEqual(OFDReader.deltaSum("g 3 4.2 1 2"), 3 * 4.2 + 3, accuracy: 1e-9)
    }

    /// The creation date of the file is the last resort before the file
    /// name: the text's own date and a session both come first.
    func testCreationDateComesAfterTheTextsOwnDatesAndBeforeTheFileName() {
        func resolve(_ text: String, _ created: String?, _ file: String) -> ResolvedYear? {
            YearResolver.resolve(metadataYear: nil, metadataDate: nil, title: nil, docNumber: nil, text: text, creationDate: created, filename: file)
        }
        XCTAssertEqual(resolve("通知正文。", "2016-05-01", "notice_2010.pdf"), ResolvedYear(year: 2016, source: .creationDate))
        XCTAssertEqual(resolve("通知正文。\n国务院\n2014年7月24日", "2016-05-01", "notice_2010.pdf"), ResolvedYear(year: 2014, source: .dateText))
        XCTAssertEqual(resolve("通知正文。", nil, "notice_2010.pdf"), ResolvedYear(year: 2010, source: .filename))
        XCTAssertEqual(resolve("通知正文。", "2014-03-05T09:00:00Z", "x.docx"), ResolvedYear(year: 2014, source: .creationDate))
        XCTAssertEqual(YearSource.creationDate.rawValue, "creation_date")
    }
}
