import Foundation
import PolicyTrace
import XCTest

@testable import PolicyTraceEvaluate

/// The quanteda export checked against PolicyTrace's own mentions by
/// quanteda-style token lookup (`TokenLookup`).
final class QuantedaLookupTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func defaultLexicon() throws -> Lexicon {
        try LexiconReader.load(paths: [Self.root.appendingPathComponent("Lexicons").path]).0
    }

    func testTokenLookupMatchesValuesAsTokenSequencesCaseInsensitively() {
        let lexicon = Lexicon(concepts: [
            Concept(id: "hukou.reform", terms: [Term("户籍制度改革", language: .zh), Term("hukou reform*", language: .en)]),
            Concept(id: "exclusion", terms: [Term("exclu*", language: .en), Term("rural-to-urban migrant*", language: .en)]),
        ])
        let lookup = TokenLookup(lexicon)
        XCTAssertEqual(lookup.concepts(in: "深化户籍制度改革。"), ["hukou.reform"])
        XCTAssertEqual(lookup.concepts(in: "Hukou Reforms and social EXCLUSION"), ["hukou.reform", "exclusion"])
        XCTAssertEqual(lookup.concepts(in: "rural to urban migrants"), ["exclusion"], "the spaced variant of a hyphenated term")
        XCTAssertEqual(lookup.concepts(in: "hukou, reform"), [], "a value matches consecutive tokens only")
        XCTAssertEqual(lookup.concepts(in: "inclusion"), [])
    }

    /// The "done when": on corpus sentences, quanteda-style lookup with
    /// the exported dictionary finds the concepts PolicyTrace tags (and little
    /// else). The figures for the whole corpus come from
    /// `policytrace-bench --quanteda-agreement` (README).
    func testExportedDictionaryAgreesWithTheTaggerOnCorpusSentences() throws {
        let lexicon = try defaultLexicon()
        let docs = try LexiconTools.documents(corpus: Self.root.appendingPathComponent("Corpus").path, jobs: 2)
        let sentences = LookupAgreement.sample(docs.map(\.text), limit: 1500)
        XCTAssertEqual(sentences.count, 1500)
        let a = LookupAgreement.measure(sentences, tagger: Tagger(lexicon: lexicon, overlaps: .all), lookup: TokenLookup(lexicon))
        print(
            String(
                format:
                    "quanteda-style lookup vs PolicyTrace (--overlaps all), %d sentences: %d / %d pairs, %.1f%% of PolicyTrace's found by the lookup, %.1f%% of the lookup's tagged by PolicyTrace",
                a.sentences, a.tagged, a.looked, a.taggedFound * 100, a.lookedFound * 100))
        XCTAssertGreaterThan(a.tagged, 150)
        XCTAssertGreaterThan(a.taggedFound, 0.9, "\(a.onlyTagged)")
        XCTAssertGreaterThan(a.lookedFound, 0.9, "\(a.onlyLooked)")
    }
}
