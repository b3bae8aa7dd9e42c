import XCTest

@testable import PolicyTraceText

final class TextTests: XCTestCase {
    func testFoldingCoversCaseWidthAndScript() {
        let fold = FoldTable.shared
        XCTAssertEqual(fold.foldedString("戶籍制度"), "户籍制度")
        XCTAssertEqual(fold.foldedString("ＨＵＫＯＵ Reform"), "hukou reform")
        XCTAssertEqual(fold.foldedString("ﬁnance"), "finance")
        XCTAssertEqual(fold.foldedString("國務院關於進一步推進戶籍制度改革的意見"), "国务院关于进一步推进户籍制度改革的意见")
    }

    func testDecodesBOMsAndLegacyChineseEncodings() throws {
        let text = "国务院关于进一步推进户籍制度改革的意见，统筹推进工业化、信息化、城镇化和农业现代化同步发展。"
        XCTAssertEqual(try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array(text.utf8)).text, text)
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let decoded16 = try TextDecoding.decode(utf16)
        XCTAssertEqual(decoded16.text, text)
        XCTAssertEqual(decoded16.encoding, "UTF-16LE")
        XCTAssertThrowsError(try TextDecoding.decode([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00]))
    }

    func testInvalidBytesAreReplacedAndCounted() throws {
        let decoded = try TextDecoding.decode(Array("abc".utf8) + [0xFF] + Array("def".utf8), encoding: "UTF-8")
        XCTAssertEqual(decoded.text, "abc\u{FFFD}def")
        XCTAssertEqual(decoded.replacements, 1)
    }

    func testWordBreakAtCandidateEdges() {
        let breaker = WordBreaker()
        XCTAssertFalse(breaker.isBoundary(Array("门户口岸".unicodeScalars.map(\.value)), at: 1))
        XCTAssertTrue(breaker.isBoundary(Array("推进户籍制度改革".unicodeScalars.map(\.value)), at: 2))
    }
}

final class VariantFoldingTests: XCTestCase {
    func testVariantsICULeavesApartFoldTogether() {
        let fold = FoldTable.shared
        XCTAssertEqual(fold.foldedString("選擧"), fold.foldedString("选举"))
        XCTAssertEqual(fold.foldedString("个人帐户"), fold.foldedString("个人账户"))
    }
}
