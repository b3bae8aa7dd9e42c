import Foundation
@testable import PolicyTraceExport
import XCTest

final class ExportTests: XCTestCase {
    func testCSVQuotesAndNeutralisesFormulas() {
        var csv = CSVWriter(header: ["a", "b", "c"])
        csv.append([.text("=HYPERLINK(\"x\")"), .text("户籍, \"改革\"\n2014"), .int(-3)])
        csv.append([.text("-1"), .text("@SUM(A1)"), .double(0.125)])
        csv.append([.text("\tx"), .empty, .double(2.0 / 3.0)])
        XCTAssertEqual(csv.text, """
        a,b,c
        "'=HYPERLINK(""x"")","户籍, ""改革""
        2014",-3
        '-1,'@SUM(A1),0.125
        '\tx,,0.666667

        """)
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
