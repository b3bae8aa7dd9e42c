import Foundation
import PolicyTraceLexicon
import XCTest

@testable import PolicyTraceTag

/// The dictionary-pair shortcut must give exactly the answers of asking
/// ICU's break iterator about every Chinese candidate.
final class DictionaryPairsTests: XCTestCase {
    func testShortcutAgreesWithICUOnTheRealCorpus() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let (lexicon, _) = try LexiconReader.load(paths: [root.appendingPathComponent("Lexicons").path])
        let fast = Tagger(lexicon: lexicon, overlaps: .all)
        XCTAssertTrue(fast.dictionaryPairs.isAvailable, "ICU's CJK dictionary could not be read")
        let slow = Tagger(lexicon: lexicon, overlaps: .all)
        slow.usesDictionaryPairs = false
        let lines = try String(contentsOf: root.appendingPathComponent("Corpus/government_work_reports.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        var compared = 0
        for line in lines.enumerated().filter({ $0.offset % 6 == 0 }).map(\.element) {
            let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let text = record["content"] as! String
            let a = fast.tag(text), b = slow.tag(text)
            XCTAssertEqual(a.mentions, b.mentions)
            XCTAssertEqual(a.stats, b.stats)
            compared += a.mentions.count
        }
        XCTAssertGreaterThan(compared, 500)
    }

    func testWordEdgeTrapStillRejected() {
        let tagger = Tagger(lexicon: Lexicon(concepts: [Concept(id: "h", terms: [Term("户口", language: .zh)])]))
        XCTAssertEqual(tagger.tag("门户口岸开放，办理户口本").mentions.map(\.start), [9])
    }
}
