import Foundation
import PolicyTraceText
import XCTest

@testable import PolicyTraceIngest

/// Issue 18, item 2: files of a few GBK or Big5 characters (8 to 22 bytes;
/// phrases of the work reports and of the 1954 report's Traditional text)
/// get no useful answer from ICU's detector (IBM420, KOI8-R, ISO-8859-7):
/// they are read as the likelier of GB18030 and Big5, with a warning.
final class ShortLegacyEncodingTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/encodings/short")

    func testShortGBKAndBig5FilesDecodeToTheirText() throws {
        let expected = try String(contentsOf: Self.folder.appendingPathComponent("expected.tsv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        XCTAssertEqual(expected.count, 8)
        for row in expected {
            let bytes = Array(try Data(contentsOf: Self.folder.appendingPathComponent(row[0])))
            XCTAssertNil(String(validating: bytes, as: UTF8.self), row[0])
            let decoded = try TextDecoding.decode(bytes)
            XCTAssertEqual(decoded.encoding, row[1], row[0])
            XCTAssertEqual(decoded.text, row[2], row[0])
            XCTAssertEqual(decoded.replacements, 0, row[0])
        }
    }

    func testTheGuessIsAWarningNamingTheFile() throws {
        let reader = try CorpusReader(path: Self.folder.path)
        let result = reader.read("gbk1.txt")
        XCTAssertEqual(result.documents.first?.text, "各位代表")
        XCTAssertEqual(result.warnings.count, 1)
        XCTAssertTrue(result.warnings[0].description.hasPrefix("gbk1.txt: charset detection unsure ("), result.warnings[0].description)
        XCTAssertTrue(result.warnings[0].reason.contains("read as GB18030"))
    }

    func testAStatedEncodingWinsOverTheGuess() throws {
        // A Big5 phrase whose bytes also read as GB18030: the corpus's
        // `encoding:` (or a rule for the file) decides, with no warning.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policytrace-short-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["big5_3.txt", "gbk3.txt"] {
            try FileManager.default.copyItem(at: Self.folder.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        try "encoding: Big5\nfiles:\n  - {match: \"gbk*.txt\", encoding: GB18030}\n".write(
            to: dir.appendingPathComponent("policytrace.yaml"), atomically: true, encoding: .utf8)
        let reader = try CorpusReader(path: dir.path)
        for (name, text) in [("big5_3.txt", "和平問題"), ("gbk3.txt", "户籍制度改革")] {
            let result = reader.read(name)
            XCTAssertEqual(result.documents.first?.text, text, name)
            XCTAssertEqual(result.warnings, [], name)
        }
        // Unstated, the same Big5 bytes are a guess, with its warning.
        XCTAssertEqual(try CorpusReader(path: Self.folder.path).read("big5_3.txt").warnings.count, 1)
    }

    func testLatinAndLongChineseTextAreNotGuessed() throws {
        // Latin-1 French: few bytes above 0x7F, so the detector's answer stands.
        let latin: [UInt8] = Array("R".utf8) + [0xE9] + Array("forme du hukou ".utf8) + [0xE0] + Array(" Shanghai".utf8)
        let french = try TextDecoding.decode(latin)
        XCTAssertNil(french.guess)
        XCTAssertEqual(french.text, "Réforme du hukou à Shanghai")
        // The long GB18030 passage of the 2014 report is detected, not guessed.
        let gb = try TextDecoding.decode(
            Array(try Data(contentsOf: Self.folder.deletingLastPathComponent().appendingPathComponent("gwr2014.gb18030.txt"))))
        XCTAssertEqual(gb.encoding, "GB18030")
        XCTAssertNil(gb.guess)
    }
}
