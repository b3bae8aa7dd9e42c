import PolicyTraceLexicon
import XCTest

@testable import PolicyTraceTag

final class TaggerTests: XCTestCase {
    static let lexicon = Lexicon(concepts: [
        Concept(id: "hukou"),
        Concept(
            id: "hukou.status",
            terms: [
                Term("户口", language: .zh), Term("户籍", language: .zh), Term("hukou", language: .en), Term("household registration", language: .en),
            ],
            rules: [ContextRule(terms: ["户籍"], kind: .forbid, cues: ["取消"], window: .characters(5))]),
        Concept(id: "hukou.reform", terms: [Term("户籍制度改革", language: .zh), Term("hukou reform", language: .en)]),
        Concept(id: "migrants"),
        Concept(id: "migrants.population", terms: [Term("rural-to-urban migrants", language: .en), Term("流动人口", language: .zh)]),
        Concept(id: "exclusion"),
        Concept(id: "exclusion.social", terms: [Term("exclu*", language: .en), Term("unemployment", language: .en)]),
        Concept(
            id: "exclusion.production", terms: [Term("unemployment", language: .en), Term("就业", language: .zh)],
            exclusions: [Term("就业率", language: .zh)]),
        Concept(id: "community_services"),
        Concept(
            id: "community_services.governance", terms: [Term("community", language: .en)],
            rules: [ContextRule(kind: .require, cues: ["service", "committee", "centre"], window: .words(3))]),
    ])

    let tagger = Tagger(lexicon: TaggerTests.lexicon)

    func spans(_ text: String, _ tagger: Tagger? = nil) -> [String] {
        (tagger ?? self.tagger).tag(text).mentions.map { "\($0.text)@\($0.start)-\($0.end):\($0.concepts.joined(separator: "+"))" }
    }

    func testChineseTermStartingInsideAWordIsRejected() {
        XCTAssertEqual(spans("门户口岸开放"), [])
        XCTAssertEqual(spans("办理户口本"), ["户口@2-4:hukou.status"])
        XCTAssertEqual(tagger.tag("门户口岸开放").stats.rejectedWordEdge["hukou.status"], 1)
    }

    func testTraditionalAndFullWidthFormsMatch() {
        XCTAssertEqual(spans("戶籍登記"), ["戶籍@0-2:hukou.status"])
        XCTAssertEqual(spans("the ＨＵＫＯＵ system"), ["ＨＵＫＯＵ@4-9:hukou.status"])
        XCTAssertEqual(spans("Hukou reform"), ["Hukou reform@0-12:hukou.reform"])
    }

    func testMultiWordTermsSpanWhiteSpaceAndHyphens() {
        XCTAssertEqual(spans("rural to\n  urban migrants"), ["rural to\n  urban migrants@0-25:migrants.population"])
        XCTAssertEqual(spans("rural–to–urban migrants"), ["rural–to–urban migrants@0-23:migrants.population"])
        XCTAssertEqual(spans("Household\nRegistration"), ["Household\nRegistration@0-22:hukou.status"])
    }

    func testEnglishWholeWordsAndTrailingWildcard() {
        XCTAssertEqual(spans("hukouism"), [])
        XCTAssertEqual(spans("hukous"), ["hukous@0-6:hukou.status"], "a regular plural (MATCHING.md §2)")
        XCTAssertEqual(spans("social exclusion, excluded"), ["exclusion@7-16:exclusion.social", "excluded@18-26:exclusion.social"])
        XCTAssertEqual(spans("inclusion"), [])
    }

    func testLongestMatchWinsAndNestedMatchesAreCountedAsSuppressed() {
        let result = tagger.tag("深化户籍制度改革")
        XCTAssertEqual(result.mentions.map(\.text), ["户籍制度改革"])
        XCTAssertEqual(result.stats.suppressedNested, ["hukou.status": 1])
        let all = Tagger(lexicon: Self.lexicon, overlaps: .all)
        XCTAssertEqual(spans("深化户籍制度改革", all), ["户籍制度改革@2-8:hukou.reform", "户籍@2-4:hukou.status"])
    }

    func testTermUnderTwoConceptsGivesOneMention() {
        XCTAssertEqual(spans("unemployment"), ["unemployment@0-12:exclusion.production+exclusion.social"])
    }

    func testExclusionPhraseVetoesItsConcept() {
        XCTAssertEqual(spans("就业率上升，扩大就业"), ["就业@8-10:exclusion.production"])
    }

    func testContextRules() {
        XCTAssertEqual(spans("取消农业户籍"), [])
        XCTAssertEqual(spans("城镇户籍人口"), ["户籍@2-4:hukou.status"])
        XCTAssertEqual(spans("the community service centre"), ["community@4-13:community_services.governance"])
        XCTAssertEqual(spans("the international community agreed"), [])
    }

    func testDecomposedAndPrecomposedSpellingsMatchAlike() {
        let lexicon = Lexicon(concepts: [
            Concept(id: "t"),
            Concept(id: "t.accented", terms: [Term("résumé", language: .en), Term("cafe\u{301} social", language: .en)]),
            Concept(id: "t.plain", terms: [Term("cafe", language: .en)]),
        ])
        let t = Tagger(lexicon: lexicon)
        let decomposed = "a re\u{301}sume\u{301} here"
        XCTAssertEqual(decomposed.unicodeScalars.count, 15)
        XCTAssertEqual(spans(decomposed, t), ["re\u{301}sume\u{301}@2-10:t.accented"])
        XCTAssertEqual(spans("a résumé here", t), ["résumé@2-8:t.accented"])
        XCTAssertEqual(spans("un café social", t), ["café social@3-14:t.accented"])
        // `cafe` ends inside the accented letter: no match in either spelling.
        XCTAssertEqual(spans("café", t), [])
        XCTAssertEqual(spans("cafe\u{301}", t), [])
        XCTAssertEqual(spans("the cafe.", t), ["cafe@4-8:t.plain"])
    }

    func testOffsetsAreCodePoints() {
        let text = "😀 户籍"
        let m = tagger.tag(text).mentions
        XCTAssertEqual(m.map(\.start), [2])
        XCTAssertEqual(Array(text.unicodeScalars)[m[0].start..<m[0].end].map(String.init).joined(), "户籍")
    }

    func testTokensCountIdeographsAndWords() {
        XCTAssertEqual(tagger.tag("户籍改革 is under way, 2014").tokens, 4 + 4)
    }

    /// Cold states (trie children and failure links) must step exactly as
    /// full DFA rows do, whatever the dense budget.
    func testColdStatesAgreeWithDenseRows() {
        var rng = SystemRandomNumberGenerator()
        let patterns: [[UInt32]] = (0..<200).map { _ in (0..<Int.random(in: 1...5, using: &rng)).map { _ in UInt32.random(in: 1...6, using: &rng) } }
        let full = Automaton(patterns: patterns, classCount: 7, denseBudget: 1 << 20)
        XCTAssertEqual(full.hotCount, full.stateCount)
        let input = (0..<5000).map { _ in UInt32.random(in: 0...6, using: &rng) }
        for budget in [0, 7 * 5, 7 * 40] {
            let hybrid = Automaton(patterns: patterns, classCount: 7, denseBudget: budget)
            XCTAssertLessThan(hybrid.hotCount, hybrid.stateCount)
            full.withStep { f in
                hybrid.withStep { h in
                    var fs: UInt32 = 0, hs: UInt32 = 0
                    for c in input {
                        fs = f.next(fs, c)
                        hs = h.next(hs, c)
                        XCTAssertEqual(fs & Automaton.matchFlag, hs & Automaton.matchFlag)
                        fs &= ~Automaton.matchFlag
                        hs &= ~Automaton.matchFlag
                        XCTAssertEqual(f.node(fs), h.node(hs))
                    }
                }
            }
        }
    }
}
