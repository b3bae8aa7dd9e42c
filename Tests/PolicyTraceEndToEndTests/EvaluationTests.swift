import Foundation
import PolicyTraceBatch
import XCTest

/// Scoring on hand-made gold/prediction pairs, and the development gold set
/// (Tests/Gold) end to end as a regression guard. See docs/EVALUATION.md.
final class EvaluationTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func pred(_ doc: String, _ start: Int, _ end: Int, _ concepts: [String]) -> PredictedSpan {
        PredictedSpan(doc: doc, start: start, end: end, concepts: concepts, term: "t")
    }

    /// One overlapping hit of the same family but another concept, one exact hit, one false
    /// positive, one missed span; a prediction in a document outside the gold set is ignored.
    func testOverlapAndExactFigures() {
        let gold = GoldSet(spans: [
            GoldSpan(doc: "d", start: 0, end: 4, concept: "hukou.reform"),
            GoldSpan(doc: "d", start: 10, end: 12, concept: "migrants.workers"),
            GoldSpan(doc: "d", start: 20, end: 22, concept: "exclusion.production"),
        ])
        let r = Evaluation.score(gold: gold, predictions: [
            pred("d", 0, 2, ["hukou.status"]),
            pred("d", 10, 12, ["migrants.workers"]),
            pred("d", 30, 32, ["exclusion.production"]),
            pred("other", 0, 4, ["hukou.reform"]),
        ])
        XCTAssertEqual(r.family("hukou")?.overlap, Score(gold: 1, predicted: 1, goldHits: 1, predictedHits: 1))
        XCTAssertEqual(r.family("hukou")?.exact, Score(gold: 1, predicted: 1, goldHits: 0, predictedHits: 0))
        XCTAssertEqual(r.family("exclusion")?.overlap.f1, 0)
        XCTAssertEqual(r.overall.overlap.precision, 2.0 / 3, accuracy: 1e-9)
        XCTAssertEqual(r.overall.overlap.recall, 2.0 / 3, accuracy: 1e-9)
        XCTAssertEqual(r.overall.overlap.f1, 2.0 / 3, accuracy: 1e-9)
        XCTAssertEqual(r.overall.exact.precision, 1.0 / 3, accuracy: 1e-9)
        XCTAssertEqual(r.overall.exact.recall, 1.0 / 3, accuracy: 1e-9)
        let reform = r.concepts.first { $0.key == "hukou.reform" }!
        XCTAssertEqual(reform.overlap, Score(gold: 1, predicted: 0, goldHits: 0, predictedHits: 0))
        XCTAssertEqual(r.falsePositives.map { "\($0.mention.start):\($0.family)" }, ["30:exclusion"])
        XCTAssertEqual(r.falseNegatives.map(\.start), [20])
    }

    /// Two gold spans covered by one long prediction: recall 1, precision 1 (hits counted per side);
    /// exact matching finds neither.
    func testOneLongPredictionCoversTwoGoldSpans() {
        let gold = GoldSet(spans: [GoldSpan(doc: "d", start: 0, end: 2, concept: "migrants.workers"),
                                   GoldSpan(doc: "d", start: 2, end: 4, concept: "migrants.population")])
        let r = Evaluation.score(gold: gold, predictions: [pred("d", 0, 6, ["migrants.population", "migrants.workers"])])
        XCTAssertEqual(r.family("migrants")?.overlap, Score(gold: 2, predicted: 1, goldHits: 2, predictedHits: 1))
        XCTAssertEqual(r.family("migrants")?.exact, Score(gold: 2, predicted: 2, goldHits: 0, predictedHits: 0))
        XCTAssertEqual(r.concepts.first { $0.key == "migrants.workers" }?.overlap.f1, 1)
    }

    /// Passage records limit scoring to annotated stretches; a passage with no spans still scores
    /// its predictions as false positives.
    func testPassagesLimitScoring() throws {
        let gold = try GoldSet.parse(jsonl: """
            {"doc":"d","passage":[0,50]}
            {"doc":"d","start":5,"end":7,"concept":"hukou.status","text":"户口"}
            {"doc":"e","passage":[100,200]}

            """)
        XCTAssertEqual(gold.documents, ["d", "e"])
        let r = Evaluation.score(gold: gold, predictions: [
            pred("d", 5, 7, ["hukou.status"]), pred("d", 60, 62, ["hukou.status"]),
            pred("e", 150, 152, ["hukou.status"]), pred("e", 10, 12, ["hukou.status"]),
        ])
        XCTAssertEqual(r.overall.overlap, Score(gold: 1, predicted: 2, goldHits: 1, predictedHits: 1))
        XCTAssertEqual(r.overall.overlap.precision, 0.5)
        XCTAssertEqual(r.overall.exact.recall, 1)
        XCTAssertThrowsError(try GoldSet.parse(jsonl: #"{"doc":"d","start":3,"end":3,"concept":"x"}"#))
    }

    func testMentionsLinesAndContext() throws {
        let p = try PredictedSpan.parse(mentionsJSONL: #"{"doc":"a#1","year":2014,"concepts":["hukou.status"],"term":"户口","lang":"zh","text":"户口","start":2,"end":4}"#)
        XCTAssertEqual(p, [PredictedSpan(doc: "a#1", year: 2014, start: 2, end: 4, concepts: ["hukou.status"], term: "户口", text: "户口")])
        XCTAssertEqual(Evaluation.context("办理户口本\n手续", start: 2, end: 4, window: 2), "办理[户口]本 ")
    }

    /// Measured with the default lexicons when the gold set was made (overlap F1): community_exclusion 0.909,
    /// community_services 0.926, exclusion 0.905, hukou 0.954, migrants 0.960, overall 0.916.
    func testDevelopmentGoldSetRegression() throws {
        let gold = try GoldSet.parse(jsonl: String(contentsOf: Self.root.appendingPathComponent("Tests/Gold/gold.jsonl"), encoding: .utf8))
        XCTAssertGreaterThanOrEqual(gold.spans.count, 300)
        XCTAssertEqual(Set(gold.spans.map { Evaluation.family(of: $0.concept) }),
                       ["hukou", "migrants", "community_services", "exclusion", "community_exclusion"])
        let docs = try Evaluation.documents(Set(gold.documents), corpus: Self.root.appendingPathComponent("Tests/Gold/corpus").path)
        XCTAssertEqual(Set(docs.map(\.id)), Set(gold.documents))
        XCTAssertEqual(Evaluation.misaligned(gold, documents: docs), [])
        let (lexicon, _) = try LexiconReader.load(paths: [Self.root.appendingPathComponent("Lexicons").path])
        let r = Evaluation.score(gold: gold, predictions: Evaluation.tag(docs, with: Tagger(lexicon: lexicon)))
        print(Evaluation.report(r, errors: false))
        let measured = ["community_exclusion": 0.909, "community_services": 0.926, "exclusion": 0.905, "hukou": 0.954, "migrants": 0.960]
        for (family, f1) in measured {
            XCTAssertGreaterThanOrEqual(r.family(family)?.overlap.f1 ?? 0, f1 - 0.03, family)
        }
        XCTAssertGreaterThanOrEqual(r.overall.overlap.f1, 0.916 - 0.02)
    }
}
