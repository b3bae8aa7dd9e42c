import PolicyTraceLexicon
import XCTest

@testable import PolicyTraceTag

/// English inflection, exact terms, apostrophes and hyphens (MATCHING.md §2),
/// on phrases from the text-pool development set (Tests/Gold/pool).
final class InflectionTests: XCTestCase {
    let tagger = Tagger(lexicon: SmallLexicon.lexicon)

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
        XCTAssertEqual(
            spans("the immigrant's family, immigrants’ rights, immigrants' children"),
            ["immigrant:migrants.population", "immigrants:migrants.population", "immigrants:migrants.population"])
        XCTAssertEqual(spans("Guangzhou’s hukou’s rules"), ["hukou:hukou.status"])
    }

    func testExactMarkerAndMultiWordTermsAreNotInflected() {
        XCTAssertEqual(spans("legal aid"), ["aid:exclusion.consumption"])
        XCTAssertEqual(spans("HIV/AIDS prevention"), [], "`aid$` matches only as written")
        XCTAssertEqual(spans("left-behind childrens"), [], "multi-word terms match as written")
        XCTAssertEqual(SmallLexicon.term("aid$").stem, "aid")
    }

    func testAFormTheLexiconListsKeepsItsOwnConcepts() {
        // `service` (consumption) would inflect to `services`, which provision lists itself.
        XCTAssertEqual(
            spans("welfare service; community services"),
            ["service:exclusion.consumption", "community:exclusion.consumption", "services:community_services.provision"])
    }

    func testContextRulesApplyToInflectedForms() {
        XCTAssertEqual(spans("petitions to the court"), [])
        XCTAssertEqual(spans("petitions by migrant workers"), ["petitions:exclusion.political", "migrant workers:migrants.workers"])
    }

    func testTypographicApostrophesAndHyphensInMultiWordTerms() {
        XCTAssertEqual(spans("the residents’ committee"), ["residents’ committee:community_services.governance"])
        XCTAssertEqual(
            spans("left behind children; left–behind children"),
            ["left behind children:migrants.population", "left–behind children:migrants.population"])
    }

    func testExactMarkerIsValidated() {
        func errors(_ t: String, exclusion: Bool = false) -> [String] {
            let c = Concept(
                id: "x", terms: exclusion ? [Term("ok", language: .en)] : [SmallLexicon.term(t)],
                exclusions: exclusion ? [SmallLexicon.term(t)] : [])
            return LexiconValidator.validate(Lexicon(concepts: [c])).filter { $0.severity == .error }.map(\.message)
        }
        XCTAssertEqual(errors("aid$"), [])
        XCTAssertEqual(errors("a$id").count, 1)
        XCTAssertEqual(errors("aid*$").count, 1)
        XCTAssertEqual(errors("户口$").count, 1)
        XCTAssertEqual(errors("aid$", exclusion: true).count, 1)
    }
}
