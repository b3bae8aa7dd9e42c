import PolicyTraceLexicon
@testable import PolicyTraceTag
import XCTest

final class TaggerTests: XCTestCase {
    static let lexicon = Lexicon(concepts: [
        Concept(id: "hukou"),
        Concept(id: "hukou.status", terms: [Term("户口", language: .zh), Term("户籍", language: .zh), Term("hukou", language: .en), Term("household registration", language: .en)],
                rules: [ContextRule(terms: ["户籍"], kind: .forbid, cues: ["取消"], window: .characters(5))]),
        Concept(id: "hukou.reform", terms: [Term("户籍制度改革", language: .zh), Term("hukou reform", language: .en)]),
        Concept(id: "migrants"),
        Concept(id: "migrants.population", terms: [Term("rural-to-urban migrants", language: .en), Term("流动人口", language: .zh)]),
        Concept(id: "exclusion"),
        Concept(id: "exclusion.social", terms: [Term("exclu*", language: .en), Term("unemployment", language: .en)]),
        Concept(id: "exclusion.production", terms: [Term("unemployment", language: .en), Term("就业", language: .zh)],
                exclusions: [Term("就业率", language: .zh)]),
        Concept(id: "community_services"),
        Concept(id: "community_services.governance", terms: [Term("community", language: .en)],
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
        XCTAssertEqual(spans("hukous"), [])
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

    func testOffsetsAreCodePoints() {
        let text = "😀 户籍"
        let m = tagger.tag(text).mentions
        XCTAssertEqual(m.map(\.start), [2])
        XCTAssertEqual(Array(text.unicodeScalars)[m[0].start..<m[0].end].map(String.init).joined(), "户籍")
    }

    func testTokensCountIdeographsAndWords() {
        XCTAssertEqual(tagger.tag("户籍改革 is under way, 2014").tokens, 4 + 4)
    }

    func testSparseAutomatonAgreesWithDense() {
        var rng = SystemRandomNumberGenerator()
        let patterns: [[UInt32]] = (0..<200).map { _ in (0..<Int.random(in: 1...5, using: &rng)).map { _ in UInt32.random(in: 1...6, using: &rng) } }
        let dense = Automaton(patterns: patterns, classCount: 7)
        let sparse = Automaton(patterns: patterns, classCount: 7, denseLimit: 0)
        guard case .dense(let table, let stride) = dense.storage, case .sparse(let rowStart, let labels, let targets, let fail, let root) = sparse.storage else {
            return XCTFail("expected one dense and one sparse automaton")
        }
        let input = (0..<5000).map { _ in UInt32.random(in: 0...6, using: &rng) }
        table.withUnsafeBufferPointer { buffer in
            let d = DenseStep(table: buffer, stride: UInt32(stride))
            let copies = [rowStart, labels, targets, fail, root].map { a -> UnsafeBufferPointer<UInt32> in
                let p = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: a.count)
                _ = p.initialize(from: a)
                return UnsafeBufferPointer(p)
            }
            defer { copies.forEach { $0.deallocate() } }
            let s = SparseStep(rowStart: copies[0], labels: copies[1], targets: copies[2], fail: copies[3], root: copies[4])
            var ds: UInt32 = 0, ss: UInt32 = 0
            for c in input {
                ds = d.next(ds, c)
                ss = s.next(ss, c)
                XCTAssertEqual(ds & Automaton.matchFlag, ss & Automaton.matchFlag)
                ds &= ~Automaton.matchFlag
                ss &= ~Automaton.matchFlag
                XCTAssertEqual(Array(dense.outputs(of: d.node(ds))), Array(sparse.outputs(of: s.node(ss))))
            }
        }
    }
}
