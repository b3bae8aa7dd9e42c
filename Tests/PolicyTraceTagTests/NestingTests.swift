import PolicyTraceLexicon
import XCTest

@testable import PolicyTraceTag

/// Nested matches across families (MATCHING.md §4), on phrases from the
/// default corpus and the text-pool development set (Tests/Gold/pool).
final class NestingTests: XCTestCase {
    let tagger = Tagger(lexicon: SmallLexicon.lexicon)

    func spans(_ text: String) -> [String] {
        tagger.tag(text).mentions.map { "\($0.text):\($0.concepts.joined(separator: "+"))" }
    }

    // MARK: Nesting across families

    func testANestedTermOfAnotherFamilyStillCounts() {
        // 拖欠农民工工资 / 维护农民工权益: the migrant workers inside a rights phrase.
        let result = tagger.tag("维护农民工权益")
        XCTAssertEqual(
            result.mentions.map { "\($0.text):\($0.concepts.joined(separator: "+"))" },
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
        let all = Tagger(lexicon: SmallLexicon.lexicon, overlaps: .all)
        XCTAssertEqual(all.tag("维护农民工权益").mentions.map(\.text), ["农民工权益", "农民工", "权益"])
        XCTAssertEqual(all.tag("维护农民工权益").stats.nestedOtherFamily, [:])
    }
}
