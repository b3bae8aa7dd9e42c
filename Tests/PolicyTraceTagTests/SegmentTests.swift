import Foundation
import PolicyTraceLexicon
import XCTest

@testable import PolicyTraceTag

/// A text tagged segment by segment gives exactly the mentions, tokens and
/// stats of the text tagged whole, whatever the segment size: on the
/// default corpus (Chinese), English laws and briefs of the text pool, and one dense line.
final class SegmentTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func whole(_ tagger: Tagger, _ text: String) -> TagResult { tagger.tag(text) }

    func segmented(_ tagger: Tagger, _ text: String, size: Int) -> (TagResult, Int) {
        var text = text
        return text.withUTF8 { buf in
            let segments = tagger.segments(utf8: buf, size: size)
            var all = TagResult(mentions: [], stats: TagStats(), tokens: 0)
            var next = 0
            var names = ShortNames()
            for s in segments {
                XCTAssertEqual(s.bytes.lowerBound, next, "segments tile the text")
                next = s.bytes.upperBound
                var r = tagger.tag(utf8: buf, segment: s)
                names.extend(&r, utf8: buf, segment: s)
                all.mentions += r.mentions
                all.stats.merge(r.stats)
                all.tokens += r.tokens
            }
            XCTAssertEqual(next, buf.count)
            return (all, segments.count)
        }
    }

    func assertSame(_ tagger: Tagger, _ text: String, sizes: [Int], file: StaticString = #filePath, line: UInt = #line) {
        let expected = whole(tagger, text)
        for size in sizes {
            let (got, count) = segmented(tagger, text, size: size)
            XCTAssertGreaterThan(count, 1, "size \(size) cut the text", file: file, line: line)
            XCTAssertEqual(got.mentions.count, expected.mentions.count, "size \(size)", file: file, line: line)
            XCTAssertEqual(got.mentions, expected.mentions, "size \(size)", file: file, line: line)
            XCTAssertEqual(got.tokens, expected.tokens, "size \(size)", file: file, line: line)
            XCTAssertEqual(got.stats, expected.stats, "size \(size)", file: file, line: line)
        }
    }

    func taggers() throws -> [Tagger] {
        let (lexicon, _) = try LexiconReader.load(paths: [Self.root.appendingPathComponent("Lexicons").path])
        return [Tagger(lexicon: lexicon), Tagger(lexicon: lexicon, overlaps: .all)]
    }

    func testChineseReportsTagTheSameInSegments() throws {
        let lines = try String(contentsOf: Self.root.appendingPathComponent("Corpus/government_work_reports.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        let text = try lines.prefix(8).map { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        }.map { $0["content"] as! String }.joined(separator: "\n")
        XCTAssertGreaterThan(text.utf8.count, 200_000)
        for tagger in try taggers() { assertSame(tagger, text, sizes: [97, 1000, 16384]) }
    }

    func testEnglishPapersTagTheSameInSegments() throws {
        let folder = Self.root.appendingPathComponent("Tests/Gold/pool2/en/test2")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted()
        let text = try files.map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }.joined(separator: "\n")
        XCTAssertGreaterThan(text.utf8.count, 25_000)
        for tagger in try taggers() { assertSame(tagger, text, sizes: [61, 1000, 8192]) }
    }

    /// Taiwan rules that define short names (`照顧服務（以下簡稱本服務）`): the
    /// names are counted the same when a segment cut falls between a
    /// definition and its uses, or inside a use.
    func testShortNamesTagTheSameInSegments() throws {
        let files = [
            "pool11/zh-hant/test11/tw_afterschool_care_primary.txt", "pool11/zh-hant/test11/tw_indigenous_elder_allowance.txt",
            "pool8/zh-hant/test8/zh-hant_tw_after-school-care-centres.txt",
        ]
        let text = try files.map { try String(contentsOf: Self.root.appendingPathComponent("Tests/Gold/\($0)"), encoding: .utf8) }
            .joined(separator: "\n")
        let expected = try taggers()[0].tag(text)
        XCTAssertGreaterThan(expected.stats.shortNames.values.reduce(0, +), 10)
        for tagger in try taggers() { assertSame(tagger, text, sizes: [7, 13, 61, 500]) }
    }

    func testDenseLineTagsTheSameInSegments() throws {
        let clause = "农民工，流动人口，户籍制度改革，居住证，社区服务中心，最低生活保障，留守儿童，社会治安。"
        let text = String(repeating: clause, count: 2000)
        for tagger in try taggers() { assertSame(tagger, text, sizes: [100, 4096]) }
    }

    func testCutsFallBetweenTokens() throws {
        let tagger = try taggers()[0]
        // One word of 10,000 letters: no cut can fall inside it.
        var text = String(repeating: "a", count: 10_000)
        XCTAssertEqual(text.withUTF8 { tagger.segments(utf8: $0, size: 100) }, [TextSegment(bytes: 0..<10_000, firstCodePoint: 0)])
        // Ideographs are tokens of their own: a cut may fall between two.
        text = String(repeating: "户", count: 100)
        XCTAssertEqual(text.withUTF8 { tagger.segments(utf8: $0, size: 150) }.map(\.firstCodePoint), [0, 50])
    }
}
