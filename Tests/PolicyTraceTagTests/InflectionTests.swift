import PolicyTraceLexicon
@testable import PolicyTraceTag
import XCTest

/// English inflection, exact terms, apostrophes and hyphens (MATCHING.md §2),
/// on phrases from the text-pool development set (Tests/Gold/pool).
final class InflectionTests: XCTestCase {
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

    let tagger = Tagger(lexicon: InflectionTests.lexicon)

    func spans(_ text: String) -> [String] {
        tagger.tag(text).mentions.map { "\($0.text):\($0.concepts.joined(separator: "+"))" }
    }

    // MARK: English inflection

    func testSingleWordsMatchTheirRegularPlurals() {
        // en_us_cecc_freedom-residence-movement-2010: holders of Guangzhou's "residential hukous"
        XCTAssertEqual(spans("holders of \"residential hukous\""), ["hukous:hukou.status"])
        XCTAssertEqual(spans("protection and assistance to refugees"), ["refugees:migrants.population"])
        XCTAssertEqual(spans("taxes"), ["taxes:exclusion.production"], "-es after x")
        XCTAssertEqual(spans("low-income communities"), ["communities:exclusion.consumption"], "y → ies after a consonant")
        XCTAssertEqual(spans("hukouism, refugeedom"), [], "other continuations are still other words")
        XCTAssertEqual(tagger.tag("two refugees").mentions.first?.term, "refugee", "the mention names the lexicon term")
    }

    func testPossessivesEndTheWord() {
        XCTAssertEqual(spans("the immigrant's family, immigrants’ rights, immigrants' children"),
                       ["immigrant:migrants.population", "immigrants:migrants.population", "immigrants:migrants.population"])
        XCTAssertEqual(spans("Guangzhou’s hukou’s rules"), ["hukou:hukou.status"])
    }

    func testExactMarkerAndMultiWordTermsAreNotInflected() {
        XCTAssertEqual(spans("legal aid"), ["aid:exclusion.consumption"])
        XCTAssertEqual(spans("HIV/AIDS prevention"), [], "`aid$` matches only as written")
        XCTAssertEqual(spans("left-behind childrens"), [], "multi-word terms match as written")
        XCTAssertEqual(InflectionTests.term("aid$").stem, "aid")
    }

    func testAFormTheLexiconListsKeepsItsOwnConcepts() {
        // `service` (consumption) would inflect to `services`, which provision lists itself.
        XCTAssertEqual(spans("welfare service; community services"),
                       ["service:exclusion.consumption", "community:exclusion.consumption", "services:community_services.provision"])
    }

    func testContextRulesApplyToInflectedForms() {
        XCTAssertEqual(spans("petitions to the court"), [])
        XCTAssertEqual(spans("petitions by migrant workers"), ["petitions:exclusion.political", "migrant workers:migrants.workers"])
    }

    func testTypographicApostrophesAndHyphensInMultiWordTerms() {
        XCTAssertEqual(spans("the residents’ committee"), ["residents’ committee:community_services.governance"])
        XCTAssertEqual(spans("left behind children; left–behind children"),
                       ["left behind children:migrants.population", "left–behind children:migrants.population"])
    }

    func testExactMarkerIsValidated() {
        func errors(_ t: String, exclusion: Bool = false) -> [String] {
            let c = Concept(id: "x", terms: exclusion ? [Term("ok", language: .en)] : [Self.term(t)],
                            exclusions: exclusion ? [Self.term(t)] : [])
            return LexiconValidator.validate(Lexicon(concepts: [c])).filter { $0.severity == .error }.map(\.message)
        }
        XCTAssertEqual(errors("aid$"), [])
        XCTAssertEqual(errors("a$id").count, 1)
        XCTAssertEqual(errors("aid*$").count, 1)
        XCTAssertEqual(errors("户口$").count, 1)
        XCTAssertEqual(errors("aid$", exclusion: true).count, 1)
    }
}
