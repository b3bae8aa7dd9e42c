import Foundation
import PolicyTraceIngest
import PolicyTraceText
import XCTest

/// Real public-domain text (government work reports, PRC copyright law art. 5)
/// in the encodings corpora come in: `gwr2014.*` is a Simplified passage of the
/// 2014 report, `gwr1954.*` a Traditional passage of the 1954 report.
final class EncodingTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/encodings")

    private func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Self.folder.appendingPathComponent(name)))
    }

    private func original(_ name: String) throws -> String {
        try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
    }

    func testDetectsEachEncodingAndDecodesTheTextExactly() throws {
        let cases = [
            ("gwr2014.gb18030.txt", "GB18030", "gwr2014.utf8.txt"),
            ("gwr2014.utf16le.txt", "UTF-16LE", "gwr2014.utf8.txt"),
            ("gwr2014.utf16be.txt", "UTF-16BE", "gwr2014.utf8.txt"),
            ("gwr2014.utf8.txt", "UTF-8", "gwr2014.utf8.txt"),
            ("gwr1954.big5.txt", "Big5", "gwr1954.utf8.txt"),
        ]
        for (file, encoding, utf8) in cases {
            let decoded = try TextDecoding.decode(bytes(file))
            XCTAssertEqual(decoded.encoding, encoding, file)
            XCTAssertEqual(decoded.replacements, 0, file)
            XCTAssertEqual(decoded.text, try original(utf8), file)
        }
    }

    func testTheFixturesReallyAreInTheirEncodings() throws {
        XCTAssertNil(String(validating: try bytes("gwr2014.gb18030.txt"), as: UTF8.self))
        XCTAssertNil(String(validating: try bytes("gwr1954.big5.txt"), as: UTF8.self))
        XCTAssertEqual(Array(try bytes("gwr2014.utf16le.txt").prefix(2)), [0xFF, 0xFE])
        XCTAssertEqual(Array(try bytes("gwr2014.utf16be.txt").prefix(2)), [0xFE, 0xFF])
        XCTAssertTrue(try original("gwr1954.utf8.txt").contains("日內瓦協議"), "Traditional characters")
    }

    func testEncodingOverrideIsUsedAsGiven() throws {
        let big5 = try TextDecoding.decode(bytes("gwr1954.big5.txt"), encoding: "big5")
        XCTAssertEqual(big5.encoding, "Big5")
        XCTAssertEqual(big5.text, try original("gwr1954.utf8.txt"))
        let gbk = try TextDecoding.decode(bytes("gwr2014.gb18030.txt"), encoding: "GBK")
        XCTAssertEqual(gbk.encoding, "GB18030")
        XCTAssertEqual(gbk.text, try original("gwr2014.utf8.txt"))
        // Forcing the wrong legacy encoding decodes to something else, not to the original.
        let wrong = try TextDecoding.decode(bytes("gwr1954.big5.txt"), encoding: "GB18030")
        XCTAssertEqual(wrong.encoding, "GB18030")
        XCTAssertNotEqual(wrong.text, try original("gwr1954.utf8.txt"))
        XCTAssertThrowsError(try TextDecoding.decode(bytes("gwr2014.utf8.txt"), encoding: "no-such-charset")) {
            XCTAssertEqual($0 as? DecodingError, .unknownEncoding("no-such-charset"))
        }
    }

    func testEncodingOverrideThroughCorpusReader() throws {
        let path = Self.folder.appendingPathComponent("gwr1954.big5.txt").path
        let reader = try CorpusReader(path: path, encoding: "Big5")
        let result = reader.read(try reader.files()[0])
        XCTAssertEqual(result.documents.map(\.encoding), ["Big5"])
        XCTAssertEqual(result.documents.first?.text, try original("gwr1954.utf8.txt"))
    }

    /// Three GB18030 characters whose second byte was overwritten with 0xFF.
    func testInvalidByteSequencesAreReplacedAndCounted() throws {
        let decoded = try TextDecoding.decode(bytes("gwr2014_corrupted.gb18030.txt"))
        XCTAssertEqual(decoded.encoding, "GB18030")
        XCTAssertEqual(decoded.replacements, 3)
        XCTAssertEqual(decoded.text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count, 3)
        let clean = try original("gwr2014.utf8.txt")
        XCTAssertEqual(decoded.text.count, clean.count)
        XCTAssertEqual(zip(decoded.text, clean).filter { $0 != $1 }.count, 3, "only the corrupted characters differ")

        let path = Self.folder.appendingPathComponent("gwr2014_corrupted.gb18030.txt").path
        let result = try CorpusReader(path: path).read("gwr2014_corrupted.gb18030.txt")
        XCTAssertEqual(result.documents.count, 1)
        XCTAssertEqual(
            result.warnings.map(\.description),
            ["gwr2014_corrupted.gb18030.txt: 3 invalid byte sequence(s) in GB18030 replaced by U+FFFD"])
    }

    func testBinaryFileIsSkippedWithAReason() throws {
        let path = Self.folder.appendingPathComponent("pixel.png").path
        let result = try CorpusReader(path: path).read("pixel.png")
        XCTAssertEqual(result.documents, [])
        XCTAssertEqual(result.bytes, 69)
        XCTAssertEqual(result.skipped, [SkippedItem(source: "pixel.png", reason: DecodingError.binary.description)])
    }

    /// A UTF-16 byte-order mark does not make binary bytes text: a PNG
    /// behind the mark is skipped, named as binary, while the 2014 report in
    /// UTF-16 (both byte orders) still reads whole.
    func testBinaryBytesAfterAUTF16MarkAreSkippedNotRead() throws {
        let png = try bytes("pixel.png")
        for mark in [[0xFF, 0xFE], [0xFE, 0xFF]] as [[UInt8]] {
            XCTAssertThrowsError(try TextDecoding.decode(mark + png)) { error in
                guard case DecodingError.binaryAfterMark(_, let odd, let characters) = error else {
                    return XCTFail("not named binary: \(error)")
                }
                XCTAssertGreaterThan(odd * 100, characters)
            }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("utf16-binary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data([0xFF, 0xFE] + png).write(to: folder.appendingPathComponent("marked.txt"))
        let result = try CorpusReader(path: folder.path).read("marked.txt")
        XCTAssertEqual(result.documents, [])
        XCTAssertEqual(result.skipped.count, 1)
        XCTAssertTrue(result.skipped[0].reason.hasPrefix("binary file: a UTF-16LE byte-order mark"), result.skipped[0].reason)

        let clean = try original("gwr2014.utf8.txt")
        for name in ["gwr2014.utf16le.txt", "gwr2014.utf16be.txt"] {
            XCTAssertEqual(try TextDecoding.decode(bytes(name)).text, clean, name)
        }
    }

    func testEmptyFileIsSkipped() throws {
        let path = Self.folder.appendingPathComponent("empty.txt").path
        let result = try CorpusReader(path: path).read("empty.txt")
        XCTAssertEqual(result.documents, [])
        XCTAssertEqual(result.skipped, [SkippedItem(source: "empty.txt", reason: "empty file")])
    }

    func testDetectedLegacyFileBecomesADocumentWithItsEncoding() throws {
        let path = Self.folder.appendingPathComponent("gwr2014.gb18030.txt").path
        let result = try CorpusReader(path: path).read("gwr2014.gb18030.txt")
        XCTAssertEqual(result.skipped, [])
        XCTAssertEqual(result.warnings, [])
        XCTAssertEqual(result.documents.map(\.encoding), ["GB18030"])
        XCTAssertEqual(result.documents.first?.text, try original("gwr2014.utf8.txt"))
        XCTAssertEqual(result.documents.first?.language, "zh")
    }
}
