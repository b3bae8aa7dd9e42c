import PolicyTraceLexicon
import PolicyTraceTag
import XCTest

@testable import PolicyTraceAggregate

final class CountsTests: XCTestCase {
    func mention(_ concepts: [String]) -> Mention {
        Mention(concepts: concepts, term: "t", language: .en, text: "t", start: 0, end: 1, utf8Start: 0, utf8End: 1)
    }

    func testRollUpCountsEachMentionOncePerAncestor() {
        let tally = DocumentTally(
            group: ["2014"], tokens: 100,
            mentions: [
                mention(["exclusion.production", "exclusion.social"]), mention(["exclusion.production"]),
            ])
        XCTAssertEqual(tally.mentions, ["exclusion": 2, "exclusion.production": 2, "exclusion.social": 1])
    }

    func testMergingPartsEqualsCountingTheWhole() {
        let docs = (0..<40).map { i in
            DocumentTally(
                group: [i % 7 == 0 ? "" : String(2000 + i % 5)], tokens: 10 + i,
                mentions: ["a": i % 3, "a.b": i % 2])
        }
        var whole = Counts()
        docs.forEach { whole.add($0) }
        var left = Counts(), right = Counts()
        docs.prefix(17).forEach { left.add($0) }
        docs.dropFirst(17).forEach { right.add($0) }
        left.merge(right)
        XCTAssertEqual(left, whole)
    }

    func testTimelineIsACompleteGridWithUndatedLast() {
        var counts = Counts()
        counts.add(DocumentTally(group: [""], tokens: 5, mentions: ["a": 1]))
        counts.add(DocumentTally(group: ["2010"], tokens: 200, mentions: ["a": 3]))
        counts.add(DocumentTally(group: ["1999"], tokens: 100, mentions: [:]))
        let rows = counts.timeline(concepts: ["a", "b"])
        XCTAssertEqual(
            rows.map { "\($0.group[0])|\($0.concept)|\($0.mentions)|\($0.documents)/\($0.documentsTotal)" },
            ["1999|a|0|0/1", "1999|b|0|0/1", "2010|a|3|1/1", "2010|b|0|0/1", "|a|1|1/1", "|b|0|0/1"])
        XCTAssertEqual(rows[2].per10kTokens, 150)
        XCTAssertEqual(counts.spans(concepts: ["a"]).first, ConceptSpan(concept: "a", first: 2010, last: 2010, peak: 2010, mentions: 4))
    }

    func testPeakYearIsNeverAYearWithTooFewTokens() {
        var counts = Counts()
        counts.add(DocumentTally(group: ["1989"], tokens: 28, mentions: ["a": 5]))  // one short chronology-like row
        counts.add(DocumentTally(group: ["2010"], tokens: 20_000, mentions: ["a": 30]))
        counts.add(DocumentTally(group: ["2011"], tokens: 20_000, mentions: ["a": 10]))
        XCTAssertEqual(counts.spans(concepts: ["a"]).first?.peak, 1989, "ranked on rate alone, the 28-token year wins")
        let span = counts.spans(concepts: ["a"], minTokens: 1000).first
        XCTAssertEqual(span, ConceptSpan(concept: "a", first: 1989, last: 2011, peak: 2010, mentions: 45))
    }
}

final class TermCountsTests: XCTestCase {
    func mention(_ term: String, _ concepts: [String]) -> Mention {
        Mention(concepts: concepts, term: term, language: .zh, text: term, start: 0, end: 1, utf8Start: 0, utf8End: 3)
    }

    func testTermsRollUpAndRankByGroupConceptAndCount() {
        var terms = TermCounts()
        terms.add(group: "", mentions: [mention("户籍", ["hukou.status"])])
        terms.add(group: "2014", mentions: [mention("落户", ["hukou.reform"]), mention("户籍制度改革", ["hukou.reform"]), mention("落户", ["hukou.reform"])])
        terms.add(group: "1999", mentions: [mention("户籍", ["hukou.status"])])
        XCTAssertEqual(
            terms.ranked.map { "\($0.group)|\($0.concept)|\($0.term)|\($0.mentions)" },
            [
                "1999|hukou|户籍|1", "1999|hukou.status|户籍|1",
                "2014|hukou|落户|2", "2014|hukou|户籍制度改革|1", "2014|hukou.reform|落户|2", "2014|hukou.reform|户籍制度改革|1",
                "|hukou|户籍|1", "|hukou.status|户籍|1",
            ])
        XCTAssertEqual(terms.top("hukou", limit: 2).map(\.term), ["户籍", "落户"])
    }

    func testMergingTermCountsEqualsCountingTheWhole() {
        let docs = (0..<20).map { i in (String(2000 + i % 3), [mention(i % 2 == 0 ? "a" : "b", ["x.y"])]) }
        var whole = TermCounts(), left = TermCounts(), right = TermCounts()
        docs.forEach { whole.add(group: $0.0, mentions: $0.1) }
        docs.prefix(7).forEach { left.add(group: $0.0, mentions: $0.1) }
        docs.dropFirst(7).forEach { right.add(group: $0.0, mentions: $0.1) }
        left.merge(right)
        XCTAssertEqual(left, whole)
    }

    func testConceptTotalsSumOverGroups() {
        var counts = Counts()
        counts.add(DocumentTally(group: ["2010"], tokens: 10, mentions: ["a": 2]))
        counts.add(DocumentTally(group: [""], tokens: 10, mentions: ["a": 1]))
        XCTAssertEqual(counts.total("a"), Counts.Cell(mentions: 3, documents: 2))
    }
}
