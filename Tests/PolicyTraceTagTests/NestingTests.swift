import PolicyTraceLexicon
@testable import PolicyTraceTag
import XCTest

/// Nested matches across families (MATCHING.md §4), on phrases from the
/// default corpus and the text-pool development set (Tests/Gold/pool).
final class NestingTests: XCTestCase {
    static func term(_ t: String) -> Term { Term(t, language: t.unicodeScalars.first!.value > 0x2E80 ? .zh : .en) }

    static let lexicon = Lexicon(concepts: [
        Concept(id: "hukou"),
        Concept(id: "hukou.status", terms: ["hukou", "户籍", "户口"].map(term)),
        Concept(id: "hukou.reform", terms: ["户籍制度改革"].map(term)),
        Concept(id: "migrants"),
        Concept(id: "migrants.workers", terms: ["农民工", "migrant worker*"].map(term)),
        Concept(id: "migrants.population", terms: ["refugee", "left-behind children", "immigrant", "新住民"].map(term)),
        Concept(id: "exclusion"),
        Concept(id: "exclusion.political", terms: ["农民工权益", "权益", "petition"].map(term),
                rules: [ContextRule(terms: ["petition"], kind: .forbid, cues: ["court"], window: .words(3))]),
        Concept(id: "exclusion.savings", terms: ["失业保险"].map(term)),
        Concept(id: "exclusion.production", terms: ["失业", "tax"].map(term)),
        Concept(id: "exclusion.consumption", terms: ["aid$", "service", "community"].map(term)),
        Concept(id: "community_exclusion"),
        Concept(id: "community_exclusion.economic_participation", terms: ["失业"].map(term)),
        Concept(id: "community_exclusion.participation", terms: ["社区活动"].map(term), exclusions: ["社区活动中心"].map(term)),
        Concept(id: "community_services"),
        Concept(id: "community_services.provision", terms: ["services", "社区活动中心", "新住民家庭服务中心"].map(term)),
        Concept(id: "community_services.governance", terms: ["residents' committee"].map(term)),
    ])

    let tagger = Tagger(lexicon: NestingTests.lexicon)

    func spans(_ text: String) -> [String] {
        tagger.tag(text).mentions.map { "\($0.text):\($0.concepts.joined(separator: "+"))" }
    }

    // MARK: Nesting across families

    func testANestedTermOfAnotherFamilyStillCounts() {
        // 拖欠农民工工资 / 维护农民工权益: the migrant workers inside a rights phrase.
        let result = tagger.tag("维护农民工权益")
        XCTAssertEqual(result.mentions.map { "\($0.text):\($0.concepts.joined(separator: "+"))" },
                       ["农民工权益:exclusion.political", "农民工:migrants.workers"])
        XCTAssertEqual(result.stats.nestedOtherFamily, ["migrants.workers": 1])
        XCTAssertNil(result.stats.nestedOtherFamily["exclusion.political"], "权益 inside 农民工权益 shares its family: not counted")
    }

    func testANestedTermSharingAFamilyIsSuppressed() {
        XCTAssertEqual(spans("深化户籍制度改革"), ["户籍制度改革:hukou.reform"])
        // 失业 (exclusion + community_exclusion) inside 失业保险 (exclusion): one shared family suppresses it whole.
        let result = tagger.tag("失业保险")
        XCTAssertEqual(result.mentions.map(\.text), ["失业保险"])
        XCTAssertEqual(result.stats.suppressedNested, ["community_exclusion.economic_participation": 1, "exclusion.production": 1])
        XCTAssertEqual(result.stats.nestedOtherFamily, [:])
    }

    func testExclusionPhrasesKeepALongerTermOfAnotherFamilyWhole() {
        // 社区活动中心 (a community centre) vetoes 社区活动 (participation) inside it.
        XCTAssertEqual(spans("新（修）建社區活動中心"), ["社區活動中心:community_services.provision"])
        // Without such a veto the nested term counts: 新住民 inside 新住民家庭服务中心.
        XCTAssertEqual(spans("設新住民家庭服務中心"), ["新住民家庭服務中心:community_services.provision", "新住民:migrants.population"])
    }

    func testPolicyAllIsUnchanged() {
        let all = Tagger(lexicon: Self.lexicon, overlaps: .all)
        XCTAssertEqual(all.tag("维护农民工权益").mentions.map(\.text), ["农民工权益", "农民工", "权益"])
        XCTAssertEqual(all.tag("维护农民工权益").stats.nestedOtherFamily, [:])
    }
}
