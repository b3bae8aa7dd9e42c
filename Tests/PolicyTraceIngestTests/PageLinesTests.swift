import XCTest

@testable import PolicyTraceIngest

/// Line joining and running-header removal on hand-placed lines (A5 page,
/// 12-point type: a CJK character is 12 points wide, the body 360 points).
final class PageLinesTests: XCTestCase {
    /// A line at row `row` (pitch 22 pt), `indent` characters in, `width` characters long.
    func line(_ text: String, row: Int, indent: Double = 0, width: Double? = nil) -> PageLine {
        let x0 = 40 + indent * 12
        return PageLine(text: text, x0: x0, y0: 60 + Double(row) * 22, x1: x0 + (width ?? 30) * 12, y1: 72 + Double(row) * 22)
    }

    func testChineseLineBreakInsideAParagraphIsNoSeparator() {
        let page = [
            line("有序推进农业转移人口市民化。推动户籍制度改革，实行不同规模城市差别化落", row: 0, indent: 2, width: 28),
            line("户政策。", row: 1, width: 4),
            line("加大对中西部地区新型城镇化的支持。", row: 2, indent: 2, width: 17),
        ]
        let paged = PageLines.join([page])
        XCTAssertEqual(paged.text, "有序推进农业转移人口市民化。推动户籍制度改革，实行不同规模城市差别化落户政策。\n加大对中西部地区新型城镇化的支持。")
        XCTAssertEqual(paged.pageStarts, [0])
    }

    func testEnglishLineBreakIsASpaceAndALineEndHyphenJoinsTheWord() {
        let page = [
            line("emphasizing community services as an important part of devel-", row: 0),
            line("oping urban communities and the responsibilities of all", row: 1),
            line("levels of government.", row: 2, width: 10),
            line("Self-governance: para-governmental organisations.", row: 3, indent: 2, width: 20),
        ]
        XCTAssertEqual(
            PageLines.join([page]).text,
            "emphasizing community services as an important part of developing urban communities and the responsibilities of all levels of government.\nSelf-governance: para-governmental organisations."
        )
    }

    func testAHyphenBeforeACapitalOrADigitStays() {
        let page = [line("the Sino-", row: 0), line("British talks of 1984-", row: 1), line("1985.", row: 2, width: 3)]
        XCTAssertEqual(PageLines.join([page]).text, "the Sino- British talks of 1984- 1985.")
    }

    func testAWiderGapEndsTheParagraph() {
        let page = [
            line("第一段到此为止但这一行一直写到右边距为止第一段到此为止但这一行写满", row: 0),
            PageLine(text: "第二段", x0: 40, y0: 60 + 3 * 22, x1: 40 + 30 * 12, y1: 72 + 3 * 22),
            line("第三行", row: 4),
        ]
        XCTAssertEqual(PageLines.join([page]).text, "第一段到此为止但这一行一直写到右边距为止第一段到此为止但这一行写满\n第二段第三行")
    }

    /// A running header, a footer with the page number and a bare page
    /// number are left out; a paragraph that runs over the page break is
    /// joined, and the second page starts where its first body line does.
    func testRunningHeadersFootersAndPageNumbersAreLeftOut() {
        func page(_ n: Int, _ body: [PageLine]) -> [PageLine] {
            [PageLine(text: "政府工作报告（2014年）", x0: 150, y0: 20, x1: 260, y1: 29)] + body
                + [PageLine(text: "- \(n) -", x0: 190, y0: 560, x1: 215, y1: 569)]
        }
        let pages = [
            page(1, [line("促进约1亿农业转移人口落户城镇，改造约1亿人居住的城镇棚户区和城中村，引", row: 0, indent: 2, width: 28)]),
            page(2, [line("导约1亿人在中西部地区就近城镇化。", row: 0, width: 17), line("新段落。", row: 1, indent: 2, width: 4)]),
            page(3, [line("第三页。", row: 0, indent: 2, width: 4)]),
        ]
        let paged = PageLines.join(pages)
        XCTAssertEqual(paged.text, "促进约1亿农业转移人口落户城镇，改造约1亿人居住的城镇棚户区和城中村，引导约1亿人在中西部地区就近城镇化。\n新段落。\n第三页。")
        XCTAssertEqual(paged.runningLines, 6)
        let scalars = Array(paged.text.unicodeScalars)
        XCTAssertEqual(paged.pageStarts.count, 3)
        XCTAssertEqual(String(String.UnicodeScalarView(scalars[paged.pageStarts[1]...].prefix(3))), "导约1")
        XCTAssertEqual(String(String.UnicodeScalarView(scalars[paged.pageStarts[2]...].prefix(3))), "第三页")
        let doc = Document(id: "d", source: "d", text: paged.text, pageStarts: paged.pageStarts)
        XCTAssertEqual(doc.page(at: 0), 1)
        XCTAssertEqual(doc.page(at: paged.pageStarts[1] - 1), 1)
        XCTAssertEqual(doc.page(at: paged.pageStarts[1]), 2)
        XCTAssertEqual(doc.page(at: paged.pageStarts[2] + 2), 3)
        XCTAssertNil(Document(id: "t", source: "t", text: "x").page(at: 0))
    }

    /// A line that recurs on only one page of three is body text, and a
    /// four-digit number at a page's foot is a year, not a page number.
    func testLinesThatDoNotRecurAreKept() {
        let pages = [
            [line("通知", row: 0, width: 2), line("正文一。", row: 1, indent: 2, width: 4)],
            [line("正文二。", row: 0, indent: 2, width: 4), line("2014", row: 1, indent: 10, width: 2)],
            [line("正文三。", row: 0, indent: 2, width: 4)],
        ]
        XCTAssertEqual(PageLines.join(pages).text, "通知\n正文一。\n正文二。\n2014\n正文三。")
        XCTAssertTrue(PageLines.isPageNumber("第 3 页 共 12 页"))
        XCTAssertTrue(PageLines.isPageNumber("Page 3 of 12"))
        XCTAssertFalse(PageLines.isPageNumber("2014"))
        XCTAssertFalse(PageLines.isPageNumber("一、2013年工作回顾"))
    }
}
