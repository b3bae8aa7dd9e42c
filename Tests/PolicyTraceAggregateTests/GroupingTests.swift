import PolicyTraceIngest
import XCTest

@testable import PolicyTraceAggregate

final class GroupingTests: XCTestCase {
    /// Periods start at multiples of their length, so every run bins a year alike.
    func testPeriodsStartAtMultiplesOfTheirLength() {
        XCTAssertEqual(Grouping.yearGroup(2014, period: nil), "2014")
        XCTAssertEqual(Grouping.yearGroup(2014, period: 1), "2014")
        XCTAssertEqual(Grouping.yearGroup(2014, period: 5), "2010-2014")
        XCTAssertEqual(Grouping.yearGroup(2015, period: 5), "2015-2019")
        XCTAssertEqual(Grouping.yearGroup(1958, period: 10), "1950-1959")
    }

    /// One value per field: the document's own fields, else its metadata; empty where it has none.
    func testKeyReadsDocumentFieldsThenMetadata() {
        let doc = Document(
            id: "gwr-2014", source: "government_work_reports.jsonl", text: "推进户籍制度改革",
            year: 2014, yearSource: .metadata, issuer: "国务院", metadata: ["url": "http://www.gov.cn/"])
        XCTAssertEqual(
            Grouping.key(doc, fields: ["year", "issuer", "year_source", "url", "session"], period: 5),
            ["2010-2014", "国务院", "metadata", "http://www.gov.cn/", ""])
        var undated = doc
        undated.year = nil
        XCTAssertEqual(Grouping.key(undated, fields: ["year"], period: nil), [""])
    }
}
