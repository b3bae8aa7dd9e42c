import XCTest

@testable import PolicyTraceIngest

final class DelimitedReaderTests: XCTestCase {
    func testQuotedFieldsSpanLinesAndKeepTheirStartLine() {
        let rows = DelimitedReader.records("id,text\n1,\"户籍制度改革，\n放宽落户\"\n2,\"say \"\"hi\"\"\"\n")
        XCTAssertEqual(
            rows.map { try? $0.get() },
            [
                .init(fields: ["id", "text"], line: 1),
                .init(fields: ["1", "户籍制度改革，\n放宽落户"], line: 2),
                .init(fields: ["2", "say \"hi\""], line: 4),
            ])
    }

    func testMalformedRowsAreReportedWithTheirLineAndReadingGoesOn() {
        let rows = DelimitedReader.records("a,b\nx,y\"z\n3,4\n5,\"open\n")
        XCTAssertEqual(rows.count, 4)
        if case .failure(let bad) = rows[1] { XCTAssertEqual(bad.line, 2) } else { XCTFail("row 2 should be malformed") }
        XCTAssertEqual(try? rows[2].get(), .init(fields: ["3", "4"], line: 3))
        if case .failure(let bad) = rows[3] {
            XCTAssertEqual(bad, .init(line: 4, reason: "quoted field not closed before the end of the file"))
        } else {
            XCTFail()
        }
    }

    func testTabSeparated() {
        XCTAssertEqual(
            DelimitedReader.records("year\ttitle\n2014\t关于进一步推进户籍制度改革的意见\n", delimiter: "\t").compactMap { try? $0.get().fields },
            [["year", "title"], ["2014", "关于进一步推进户籍制度改革的意见"]])
    }
}
