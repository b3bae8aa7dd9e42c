import Foundation
import PolicyTrace
import XCTest

@testable import PolicyTraceEvaluate

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
        let r = Evaluation.score(
            gold: gold,
            predictions: [
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
        let gold = GoldSet(spans: [
            GoldSpan(doc: "d", start: 0, end: 2, concept: "migrants.workers"),
            GoldSpan(doc: "d", start: 2, end: 4, concept: "migrants.population"),
        ])
        let r = Evaluation.score(gold: gold, predictions: [pred("d", 0, 6, ["migrants.population", "migrants.workers"])])
        XCTAssertEqual(r.family("migrants")?.overlap, Score(gold: 2, predicted: 1, goldHits: 2, predictedHits: 1))
        XCTAssertEqual(r.family("migrants")?.exact, Score(gold: 2, predicted: 2, goldHits: 0, predictedHits: 0))
        XCTAssertEqual(r.concepts.first { $0.key == "migrants.workers" }?.overlap.f1, 1)
    }

    /// Passage records limit scoring to annotated stretches; a passage with no spans still scores
    /// its predictions as false positives.
    func testPassagesLimitScoring() throws {
        let gold = try GoldSet.parse(
            jsonl: """
                {"doc":"d","passage":[0,50]}
                {"doc":"d","start":5,"end":7,"concept":"hukou.status","text":"户口"}
                {"doc":"e","passage":[100,200]}

                """)
        XCTAssertEqual(gold.documents, ["d", "e"])
        let r = Evaluation.score(
            gold: gold,
            predictions: [
                pred("d", 5, 7, ["hukou.status"]), pred("d", 60, 62, ["hukou.status"]),
                pred("e", 150, 152, ["hukou.status"]), pred("e", 10, 12, ["hukou.status"]),
            ])
        XCTAssertEqual(r.overall.overlap, Score(gold: 1, predicted: 2, goldHits: 1, predictedHits: 1))
        XCTAssertEqual(r.overall.overlap.precision, 0.5)
        XCTAssertEqual(r.overall.exact.recall, 1)
        XCTAssertThrowsError(try GoldSet.parse(jsonl: #"{"doc":"d","start":3,"end":3,"concept":"x"}"#))
    }

    func testMentionsLinesAndContext() throws {
        let p = try PredictedSpan.parse(
            mentionsJSONL: #"{"doc":"a#1","year":2014,"concepts":["hukou.status"],"term":"户口","lang":"zh","text":"户口","start":2,"end":4}"#)
        XCTAssertEqual(p, [PredictedSpan(doc: "a#1", year: 2014, start: 2, end: 4, concepts: ["hukou.status"], term: "户口", text: "户口")])
        XCTAssertEqual(KWICLine(text: "办理户口本\n手续", start: 2, end: 4, window: 2).bracketed, "办理[户口]本 ")
    }

    /// A gold file, the corpus folder holding its documents, and the overlap F1 per family measured
    /// with the default lexicons (docs/EVALUATION.md, "Results"). The tests fail when a family drops
    /// more than 0.03 below it (overall: 0.02).
    struct Split {
        var file: String
        var corpus: URL
        var minimumSpans: Int
        var measured: [String: Double]
        var overall: Double

        static let families = ["community_exclusion", "community_services", "exclusion", "hukou", "migrants"]

        /// A text pool's half in each language (`Tests/Gold/POOL/LANG_HALF.jsonl` over
        /// `POOL/LANG/HALF/`): its floors, overall and per family in `families` order.
        static func pool(_ pool: String, _ half: String, _ languages: [(String, Int, Double, [Double])]) -> [Split] {
            languages.map { language, minimumSpans, overall, measured in
                Split(
                    file: "\(pool)/\(language)_\(half).jsonl", corpus: root.appendingPathComponent("Tests/Gold/\(pool)/\(language)/\(half)"),
                    minimumSpans: minimumSpans, measured: Dictionary(uniqueKeysWithValues: zip(families, measured)), overall: overall)
            }
        }
    }

    /// The seed papers (`../shared/seeds` beside the repository); they are not stored in it.
    static var seeds: URL? {
        let url = root.deletingLastPathComponent().appendingPathComponent("shared/seeds")
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue ? url : nil
    }

    /// The default lexicons' tagger, built once for all splits of a test.
    func defaultTagger() throws -> Tagger {
        if let tagger { return tagger }
        let (lexicon, _) = try LexiconReader.load(paths: [Self.root.appendingPathComponent("Lexicons").path])
        tagger = Tagger(lexicon: lexicon)
        return tagger!
    }
    private var tagger: Tagger?

    /// Scores several gold files together, as `policytrace evaluate --gold A --gold B` does.
    func score(_ splits: [Split]) throws -> (gold: GoldSet, result: EvaluationResult) {
        var gold = GoldSet(spans: [])
        var docs: [Document] = []
        for split in splits {
            let g = try GoldSet.parse(
                jsonl: String(contentsOf: Self.root.appendingPathComponent("Tests/Gold/\(split.file)"), encoding: .utf8),
                file: split.file)
            XCTAssertGreaterThanOrEqual(g.spans.count, split.minimumSpans, split.file)
            let d = try Evaluation.documents(Set(g.documents), corpus: split.corpus.path)
            XCTAssertEqual(Set(d.map(\.id)), Set(g.documents), split.file)
            // Offsets still point at the stored terms.
            XCTAssertEqual(Evaluation.misaligned(g, documents: d), [], split.file)
            gold.append(g); docs += d
        }
        return (gold, Evaluation.score(gold: gold, predictions: Evaluation.tag(docs, with: try defaultTagger())))
    }

    @discardableResult
    func check(_ split: Split) throws -> GoldSet {
        let (gold, r) = try score([split])
        print(split.file)
        print(Evaluation.report(r, errors: false))
        for (family, f1) in split.measured {
            XCTAssertGreaterThanOrEqual(r.family(family)?.overlap.f1 ?? 0, f1 - 0.03, "\(split.file) \(family)")
        }
        XCTAssertGreaterThanOrEqual(r.overall.overlap.f1, split.overall - 0.02, split.file)
        return gold
    }

    static let chineseDev = Split(
        file: "gold.jsonl", corpus: root.appendingPathComponent("Tests/Gold/corpus"), minimumSpans: 550,
        measured: ["community_exclusion": 0.993, "community_services": 0.984, "exclusion": 0.989, "hukou": 1.000, "migrants": 1.000],
        overall: 0.991)
    static let chineseTest = Split(
        file: "gold_test.jsonl", corpus: root.appendingPathComponent("Tests/Gold/test_corpus"), minimumSpans: 240,
        measured: ["community_exclusion": 0.771, "community_services": 0.895, "exclusion": 0.914, "hukou": 0.941, "migrants": 0.839],
        overall: 0.879)

    /// The Chinese development set (passages of the default corpus and Table 1), which the lexicon was
    /// tuned on, and the blind Chinese test set (other passages, annotated without the lexicon or tagger).
    func testChineseGoldSets() throws {
        for split in [Self.chineseDev, Self.chineseTest] {
            let gold = try check(split)
            XCTAssertEqual(
                Set(gold.spans.map { Evaluation.family(of: $0.concept) }),
                ["hukou", "migrants", "community_services", "exclusion", "community_exclusion"], split.file)
        }
    }

    /// Test passages are cut from the default corpus away from every development passage.
    func testChineseTestPassagesAreDisjointFromDevelopment() throws {
        func ranges(_ folder: String) throws -> [(source: String, range: Range<Int>)] {
            try String(contentsOf: Self.root.appendingPathComponent("Tests/Gold/\(folder)/passages.jsonl"), encoding: .utf8)
                .split(separator: "\n").map { line in
                    let o = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                    let start = try XCTUnwrap(o["source_start"] as? Int), content = try XCTUnwrap(o["content"] as? String)
                    return (try XCTUnwrap(o["source"] as? String), start..<(start + content.unicodeScalars.count))
                }
        }
        let dev = try ranges("corpus"), test = try ranges("test_corpus")
        XCTAssertGreaterThanOrEqual(test.count, 15)
        for t in test {
            XCTAssertFalse(dev.contains { $0.source == t.source && $0.range.overlaps(t.range) }, "\(t)")
        }
    }

    /// The issue's target: F1 >= 0.90 per family on the development set (Chinese passages, Table 1 and,
    /// when the seed papers are present, their English development split).
    func testDevelopmentSetMeetsTheTarget() throws {
        var splits = [Self.chineseDev]
        if let seeds = Self.seeds { splits.append(Split(file: "seeds_dev.jsonl", corpus: seeds, minimumSpans: 250, measured: [:], overall: 0)) }
        let (gold, r) = try score(splits)
        XCTAssertGreaterThanOrEqual(gold.spans.count, 300)
        for family in ["hukou", "migrants", "community_services", "exclusion", "community_exclusion"] {
            XCTAssertGreaterThanOrEqual(r.family(family)?.overlap.f1 ?? 0, 0.90, family)
        }
    }

    /// The seed papers are copyrighted: the standoff gold files may hold offsets, concepts and short
    /// terms, never sentences.
    func testSeedGoldStoresOnlyShortTerms() throws {
        for file in ["seeds_dev.jsonl", "seeds_heldout.jsonl", "seeds_test.jsonl"] {
            let lines = try String(contentsOf: Self.root.appendingPathComponent("Tests/Gold/\(file)"), encoding: .utf8)
                .split(separator: "\n")
            XCTAssertGreaterThan(lines.count, 50, file)
            for line in lines {
                let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                XCTAssertTrue(Set(object.keys).isSubset(of: ["doc", "passage", "start", "end", "concept", "text"]), String(line))
                if let text = object["text"] as? String {
                    XCTAssertLessThanOrEqual(text.count, 60, String(line))
                    XCTAssertLessThanOrEqual(text.split(whereSeparator: \.isWhitespace).count, 8, String(line))
                }
            }
        }
    }

    /// The English standoff gold set on the three seed papers (docs/EVALUATION.md, "English gold on the
    /// seed papers"): dev (Chow & Lou; Wen & Hanley), held-out (Phillips 2008, no hukou or
    /// community_services mentions) and a blind test split of other passages of all three. The
    /// repository holds only offsets, concepts and short terms; the test is skipped without the papers.
    func testSeedPapersEnglishStandoffGold() throws {
        guard let seeds = Self.seeds else {
            throw XCTSkip("seed papers not found beside the repository (../shared/seeds); the English standoff gold set needs them")
        }
        try check(
            Split(
                file: "seeds_dev.jsonl", corpus: seeds, minimumSpans: 250,
                measured: ["community_exclusion": 0.882, "community_services": 0.946, "exclusion": 0.947, "hukou": 0.929, "migrants": 1.000],
                overall: 0.950))
        try check(
            Split(
                file: "seeds_heldout.jsonl", corpus: seeds, minimumSpans: 90,
                measured: ["community_exclusion": 0.645, "exclusion": 0.726, "migrants": 1.000], overall: 0.764))
        try check(
            Split(
                file: "seeds_test.jsonl", corpus: seeds, minimumSpans: 120,
                measured: ["community_exclusion": 0.848, "community_services": 0.810, "exclusion": 0.690, "hukou": 0.769, "migrants": 0.971],
                overall: 0.823))
    }

    /// The text-pool development set of issue #15 (Tests/Gold/pool: PRC state documents, Taiwan
    /// official documents, Taiwan government English and US federal text), one split per language,
    /// each file scored as a whole passage. The lexicon round of issue #15 was tuned on it
    /// (docs/EVALUATION.md, "The text-pool development set").
    static let poolSplits = [
        Split(
            file: "pool/zh-hans_dev.jsonl", corpus: root.appendingPathComponent("Tests/Gold/pool/zh-hans/dev"), minimumSpans: 900,
            measured: ["community_exclusion": 0.895, "community_services": 0.985, "exclusion": 0.957, "hukou": 0.997, "migrants": 0.990],
            overall: 0.970),
        Split(
            file: "pool/zh-hant_dev.jsonl", corpus: root.appendingPathComponent("Tests/Gold/pool/zh-hant/dev"), minimumSpans: 450,
            // Exclusion as after round 20 (弱勢 of new residents and 職缺 where this reader counted neither).
            measured: ["community_exclusion": 0.904, "community_services": 0.912, "exclusion": 0.909, "hukou": 0.963, "migrants": 0.963],
            overall: 0.938),
        Split(
            file: "pool/en_dev.jsonl", corpus: root.appendingPathComponent("Tests/Gold/pool/en/dev"), minimumSpans: 240,
            measured: ["community_exclusion": 0.947, "community_services": 0.800, "exclusion": 0.910, "hukou": 0.960, "migrants": 0.915],
            overall: 0.898),
    ]

    /// The pool's round-1 blind halves (`<lang>_test.jsonl`), scored once after round 1 and
    /// development text since (lexicon round 2 read their errors; docs/EVALUATION.md).
    static let poolTestHalves = [
        Split(
            file: "pool/zh-hans_test.jsonl", corpus: root.appendingPathComponent("Tests/Gold/pool/zh-hans/test"), minimumSpans: 850,
            measured: ["community_exclusion": 0.848, "community_services": 0.863, "exclusion": 0.893, "hukou": 0.981, "migrants": 0.972],
            overall: 0.923),
        Split(
            file: "pool/zh-hant_test.jsonl", corpus: root.appendingPathComponent("Tests/Gold/pool/zh-hant/test"), minimumSpans: 450,
            measured: ["community_exclusion": 0.908, "community_services": 0.895, "exclusion": 0.853, "hukou": 1.000, "migrants": 0.897],
            overall: 0.878),
        Split(
            file: "pool/en_test.jsonl", corpus: root.appendingPathComponent("Tests/Gold/pool/en/test"), minimumSpans: 250,
            measured: ["community_exclusion": 0.890, "community_services": 0.922, "exclusion": 0.856, "hukou": 0.750, "migrants": 0.840],
            overall: 0.869),
    ]

    func testTextPoolRoundOneTestHalves() throws {
        for split in Self.poolTestHalves { try check(split) }
    }

    /// The blind set of round 2 (Tests/Gold/pool2 test2), development text of lexicon rounds 3–5 and
    /// measured after the last (its reader read 养老服务设施 as service access, three others as
    /// provision: round 5 follows the three) (gold amended to the settled guidelines, docs/EVALUATION.md): a floor
    /// against regressions. English is measured after round 12, which leaves `homeless*` to community
    /// exclusion (this reader, unlike most, also counted it as welfare). The `reserve/` halves beside it are blind, and no test reads those.
    static let poolRoundTwo = Split.pool(
        "pool2", "test2",
        [
            ("zh-hans", 1000, 0.926, [0.654, 0.868, 0.900, 0.988, 0.994]),
            ("zh-hant", 650, 0.915, [0.847, 0.865, 0.931, 0.998, 0.727]),
            ("en", 230, 0.859, [0.776, 0.444, 0.888, 0.845, 0.920]),
        ])

    func testTextPoolRoundTwoBlindSet() throws { try checkEveryFileScored(Self.poolRoundTwo) }

    /// Round 3's blind set (pool 2's reserve), scored once after the round: the floors are those figures.
    static let poolRoundThree = Split.pool(
        "pool2", "reserve",
        [
            ("zh-hans", 1300, 0.864, [0.706, 0.874, 0.851, 0.941, 0.801]),
            ("zh-hant", 650, 0.830, [0.871, 0.680, 0.754, 0.988, 0.896]),
            ("en", 190, 0.702, [0.672, 0.851, 0.611, 0.667, 1.000]),
        ])

    func testTextPoolRoundThreeBlindSet() throws { try checkEveryFileScored(Self.poolRoundThree) }

    /// Pool 3's `test3` half: new sources (provinces and Taiwan acts no earlier
    /// pool used), annotated blind after round 3 and scored once with the
    /// round-3 lexicons (docs/EVALUATION.md, "Pool 3").
    static let poolThree = Split.pool(
        "pool3", "test3",
        [
            ("zh-hans", 1300, 0.873, [0.379, 0.895, 0.861, 0.989, 0.903]),
            ("zh-hant", 700, 0.778, [0.777, 0.586, 0.812, 0.990, 0.409]),
            ("en", 350, 0.592, [0.737, 0.136, 0.610, 0.689, 0.640]),
        ])

    func testTextPoolThreeBlindSet() throws { try checkEveryFileScored(Self.poolThree) }

    /// Pool 3's `reserve3` half: the blind set of round 4, annotated by six new readers and scored
    /// once after the round (docs/EVALUATION.md, "The blind set of round 4"): the floors are those figures.
    static let poolThreeReserve = Split.pool(
        "pool3", "reserve3",
        [
            ("zh-hans", 1150, 0.898, [0.361, 0.802, 0.860, 0.976, 0.944]),
            ("zh-hant", 680, 0.787, [0.797, 0.706, 0.773, 0.991, 0.657]),
            ("en", 300, 0.785, [0.875, 0.435, 0.812, 0.800, 0.936]),
        ])

    func testTextPoolThreeReserveBlindSet() throws { try checkEveryFileScored(Self.poolThreeReserve) }

    /// Pool 4's `test4` half: the blind set of round 5 (Traditional 0.675, English 0.751, and the
    /// Simplified half, annotated later, 0.912, each scored once with the round-5 lexicons;
    /// docs/EVALUATION.md, "The blind set of round 5"), then the development text of round 6:
    /// the floors are the figures after round 6.
    static let poolFour = Split.pool(
        "pool4", "test4",
        [
            ("zh-hans", 1300, 0.930, [0.814, 0.924, 0.911, 0.986, 0.964]),
            ("zh-hant", 740, 0.878, [0.872, 0.898, 0.856, 1.000, 0.348]),
            ("en", 380, 0.849, [0.887, 0.831, 0.819, 0.769, 0.922]),
        ])

    func testTextPoolFourBlindSet() throws { try checkEveryFileScored(Self.poolFour) }

    /// Pool 4's `reserve4` half: the blind set of round 6, read by three more readers who saw no
    /// lexicon or output, scored once after the round (Simplified 0.874, Traditional 0.680, English
    /// 0.730; docs/EVALUATION.md, "The blind set of round 6"), then the development text of round 7:
    /// the floors are the figures after round 7.
    static let poolFourReserve = Split.pool(
        "pool4", "reserve4",
        [
            ("zh-hans", 1230, 0.913, [0.819, 0.857, 0.899, 0.993, 0.930]),
            ("zh-hant", 580, 0.877, [0.871, 0.810, 0.884, 0.954, 0.727]),
            ("en", 270, 0.803, [0.904, 0.691, 0.780, 0, 0.943]),
        ])

    func testTextPoolFourReserveBlindSet() throws { try checkEveryFileScored(Self.poolFourReserve) }

    /// Pool 5's `test5` half: the blind set of round 7, read by three readers who saw no lexicon
    /// or output, scored once after the round (Simplified 0.902, Traditional 0.851, English 0.673;
    /// docs/EVALUATION.md, "The blind set of round 7"), then the development text of round 8: the
    /// floors are the figures after round 8.
    static let poolFive = Split.pool(
        "pool5", "test5",
        [
            ("zh-hans", 640, 0.935, [0.954, 0.923, 0.923, 0.973, 0.938]),
            ("zh-hant", 450, 0.895, [0.924, 0.934, 0.921, 0.882, 0.766]),
            ("en", 200, 0.713, [0.714, 0.412, 0.782, 0.857, 0.727]),
        ])

    func testTextPoolFiveBlindSet() throws { try checkEveryFileScored(Self.poolFive) }

    /// Pool 5's `reserve5` half: the blind set of round 8, read by three more readers who saw no
    /// lexicon or output, scored once after the round (Simplified 0.863, Traditional 0.832, English
    /// 0.743; docs/EVALUATION.md, "The blind set of round 8"), then the development text of round 9:
    /// the floors are the figures after round 9.
    static let poolFiveReserve = Split.pool(
        "pool5", "reserve5",
        [
            ("zh-hans", 480, 0.899, [0.630, 0.828, 0.900, 0.970, 0.909]),
            ("zh-hant", 460, 0.865, [0.938, 0.872, 0.847, 0.987, 0.154]),
            ("en", 200, 0.789, [0.841, 0.462, 0.775, 0.909, 0.750]),
        ])

    func testTextPoolFiveReserveBlindSet() throws { try checkEveryFileScored(Self.poolFiveReserve) }

    /// Pool 6's `test6` half: the blind set of round 9, read by three new readers who saw no
    /// lexicon or output, scored once after the round (Simplified 0.923, Traditional 0.822,
    /// English 0.777; docs/EVALUATION.md, "The blind set of round 9"), then the development text
    /// of round 10: the floors are the figures after round 10.
    static let poolSix = Split.pool(
        "pool6", "test6",
        [
            ("zh-hans", 510, 0.953, [0.781, 0.867, 0.946, 0.988, 0.979]),
            ("zh-hant", 320, 0.902, [0.939, 0.830, 0.900, 1.000, 0.931]),
            ("en", 165, 0.899, [0.952, 0.769, 0.904, 0.857, 0.889]),
        ])

    /// Pool 6's `reserve6` half: the blind set of round 10, scored once after it (Simplified 0.926,
    /// Traditional 0.800, English 0.698; docs/EVALUATION.md, "The blind set of round 10"), then the
    /// development text of round 11: the floors are the figures after round 11.
    static let poolSixReserve = Split.pool(
        "pool6", "reserve6",
        [
            ("zh-hans", 600, 0.939, [0.909, 0.976, 0.936, 0.973, 0.911]),
            ("zh-hant", 460, 0.871, [0.870, 0.928, 0.858, 1.000, 0.484]),
            ("en", 230, 0.836, [0.965, 0.686, 0.791, 0.600, 0.941]),
        ])

    /// Pool 7's `test7` half: the blind set of round 11, read by four new readers who saw no
    /// lexicon or output, scored once after the round (Simplified 0.904, Traditional 0.845, English
    /// 0.641; docs/EVALUATION.md, "The blind set of round 11"), then the development text of round
    /// 12: the floors are the figures after round 12.
    static let poolSeven = Split.pool(
        "pool7", "test7",
        [
            ("zh-hans", 680, 0.917, [0.902, 0.958, 0.860, 0.981, 0.921]),
            ("zh-hant", 180, 0.880, [0.645, 0.955, 0.819, 0.913, 0.922]),
            ("en", 260, 0.705, [0.444, 0.933, 0.645, 0.564, 0.916]),
        ])

    /// Pool 7's `reserve7` half: the blind set of round 12, read by three more readers who saw no
    /// lexicon or output, scored once after the round (Simplified 0.914, Traditional 0.868, English
    /// 0.669; docs/EVALUATION.md, "The blind set of round 12"), then the development text of round
    /// 13: the floors are the figures after round 13.
    static let poolSevenReserve = Split.pool(
        "pool7", "reserve7",
        [
            ("zh-hans", 650, 0.944, [0.925, 0.947, 0.938, 0.979, 0.893]),
            ("zh-hant", 520, 0.885, [0.851, 0.810, 0.900, 0.825, 0.400]),
            ("en", 180, 0.748, [0.862, 0.765, 0.690, 0.000, 1.000]),
        ])

    /// Pool 8's `test8` half: the blind set of round 13, read by three new readers who saw no
    /// lexicon or output, with six broad words settled beforehand, scored once after the round
    /// (docs/EVALUATION.md, "The blind set of round 13"): the floors are those figures, and
    /// it was the development text of round 14.
    static let poolEight = Split.pool(
        "pool8", "test8",
        [
            ("zh-hans", 680, 0.897, [0.815, 0.872, 0.857, 0.970, 0.922]),
            ("zh-hant", 270, 0.562, [0.571, 0.355, 0.522, 1.000, 0.909]),
            ("en", 200, 0.774, [0.902, 0.733, 0.679, 0.919, 0.970]),
        ])

    func testTextPoolEightBlindSet() throws { try checkEveryFileScored(Self.poolEight) }

    /// Pool 8's `reserve8` half: the blind set of round 14, read by four more readers, scored once
    /// after the round (Simplified 0.858, Traditional 0.706, English 0.689; docs/EVALUATION.md, "The
    /// blind set of round 14"), then the development text of round 15: the floors are the figures
    /// after round 15.
    static let poolEightReserve = Split.pool(
        "pool8", "reserve8",
        [
            ("zh-hans", 480, 0.915, [0.827, 0.813, 0.927, 0.974, 0.964]),
            ("zh-hant", 480, 0.821, [0.901, 0.818, 0.751, 0.917, 0.971]),
            ("en", 210, 0.849, [0.936, 0, 0.839, 0.897, 0.775]),
        ])

    func testTextPoolEightReserveBlindSet() throws { try checkEveryFileScored(Self.poolEightReserve) }

    /// Pool 9's `test9` half: read by three new readers who saw no lexicon or output, scored once
    /// with the round-14 lexicons (Simplified 0.936, Traditional 0.844, English 0.640;
    /// docs/EVALUATION.md, "A second blind estimate of round 14"), then the development text of
    /// round 15: the floors are the figures after round 15.
    static let poolNine = Split.pool(
        "pool9", "test9",
        [
            ("zh-hans", 960, 0.942, [0.864, 0.982, 0.901, 0.982, 0.952]),
            ("zh-hant", 410, 0.888, [0.938, 0.863, 0.872, 1.000, 0.923]),
            ("en", 125, 0.740, [0.800, 0.480, 0.776, 0.696, 0.800]),
        ])

    func testTextPoolNineBlindSet() throws { try checkEveryFileScored(Self.poolNine) }

    /// Pool 9's `reserve9` half: the blind set of round 15, read by three other readers, scored
    /// once after the round (Simplified 0.835, Traditional 0.705, English 0.787; docs/EVALUATION.md,
    /// "The blind set of round 15"), then the development text of round 16: the floors are the
    /// figures after round 16.
    static let poolNineReserve = Split.pool(
        "pool9", "reserve9",
        [
            ("zh-hans", 535, 0.866, [0.875, 0.605, 0.828, 0.990, 0.925]),
            ("zh-hant", 455, 0.774, [0.816, 0.748, 0.725, 0.947, 0.972]),
            ("en", 170, 0.827, [0.892, 0.500, 0.763, 0.727, 0.944]),
        ])

    func testTextPoolNineReserveBlindSet() throws { try checkEveryFileScored(Self.poolNineReserve) }

    /// Pool 10's `test10` half: the blind set of round 16, read by three new readers who saw no
    /// lexicon or output, scored once after the round (Simplified 0.901, Traditional 0.687,
    /// English 0.684; docs/EVALUATION.md, "The blind set of round 16"), then the development text
    /// of round 17: the floors are the figures after round 17.
    static let poolTen = Split.pool(
        "pool10", "test10",
        [
            ("zh-hans", 855, 0.903, [0.787, 0.994, 0.876, 0.961, 1.000]),
            ("zh-hant", 445, 0.761, [0.938, 0.828, 0.723, 0.889, 0.621]),
            ("en", 175, 0.744, [0.500, 0.946, 0.609, 0.600, 0.893]),
        ])

    func testTextPoolTenBlindSet() throws { try checkEveryFileScored(Self.poolTen) }

    /// Pool 10's `reserve10` half: the blind set of round 17, read by three other readers, scored
    /// once after the round (docs/EVALUATION.md, "The blind set of round 17"): the floors are
    /// those figures.
    static let poolTenReserve = Split.pool(
        "pool10", "reserve10",
        [
            ("zh-hans", 355, 0.826, [0.674, 0.907, 0.823, 1.000, 0.746]),
            ("zh-hant", 200, 0.798, [0.863, 0.720, 0.699, 1.000, 1.000]),
            ("en", 210, 0.766, [0.875, 0.649, 0.762, 1.000, 0]),
        ])

    func testTextPoolTenReserveBlindSet() throws { try checkEveryFileScored(Self.poolTenReserve) }

    /// Pool 11's `test11` half: the blind set of round 18, read by three new readers who saw no
    /// lexicon or output, scored once after the round (Simplified 0.825, Traditional 0.769,
    /// English 0.730; docs/EVALUATION.md, "The blind set of round 18"), then the development text
    /// of round 19: the floors are the figures after round 19.
    static let poolEleven = Split.pool(
        "pool11", "test11",
        [
            ("zh-hans", 635, 0.865, [0.780, 0.958, 0.769, 0.962, 0.874]),
            ("zh-hant", 370, 0.804, [0.901, 0.738, 0.786, 0.952, 1.000]),
            ("en", 180, 0.788, [0.778, 0.727, 0.717, 0, 0.968]),
        ])

    func testTextPoolElevenBlindSet() throws { try checkEveryFileScored(Self.poolEleven) }

    /// Pool 11's `reserve11` half: the blind set of round 19, read by three other readers, scored
    /// once after the round (Simplified 0.904, Traditional 0.730, English 0.617; docs/EVALUATION.md,
    /// "The blind set of round 19"), then the development text of round 20: the floors are the
    /// figures after round 20.
    static let poolElevenReserve = Split.pool(
        "pool11", "reserve11",
        [
            ("zh-hans", 780, 0.956, [0.892, 0.929, 0.940, 1.000, 0.812]),
            ("zh-hant", 545, 0.793, [0.905, 0.820, 0.679, 1.000, 0.938]),
            ("en", 190, 0.694, [0.759, 0.667, 0.685, 0.928, 0]),
        ])

    func testTextPoolElevenReserveBlindSet() throws { try checkEveryFileScored(Self.poolElevenReserve) }

    /// Pool 12's `test12` half: the blind set of round 20, read by three new readers who saw no
    /// lexicon or output, scored once after the round (Simplified 0.947, Traditional 0.752,
    /// English 0.865; docs/EVALUATION.md, "The blind set of round 20"), then the development text
    /// of round 21: the floors are the figures after round 21.
    static let poolTwelve = Split.pool(
        "pool12", "test12",
        [
            ("zh-hans", 560, 0.954, [0.927, 0.991, 0.955, 0.985, 0.931]),
            ("zh-hant", 288, 0.770, [0.828, 0.691, 0.702, 1.000, 0.966]),
            ("en", 180, 0.872, [0.333, 0.786, 0.820, 0.906, 0.989]),
        ])

    func testTextPoolTwelveBlindSet() throws { try checkEveryFileScored(Self.poolTwelve) }

    /// Pool 12's `reserve12` half: the blind set of round 21, read by three other readers, scored
    /// once after the round (Simplified 0.870, Traditional 0.803, English 0.733; docs/EVALUATION.md,
    /// "The blind set of round 21"), then the development text of round 22: the floors are the
    /// figures after round 22.
    static let poolTwelveReserve = Split.pool(
        "pool12", "reserve12",
        [
            ("zh-hans", 633, 0.905, [0.858, 0.974, 0.914, 0.986, 0.740]),
            ("zh-hant", 358, 0.819, [0.842, 0.676, 0.821, 0.935, 0.831]),
            ("en", 195, 0.779, [0.791, 0.778, 0.770, 0, 0.839]),
        ])

    func testTextPoolTwelveReserveBlindSet() throws { try checkEveryFileScored(Self.poolTwelveReserve) }

    /// Pool 13's `test13` half: the blind set of round 22, read by three new readers who saw no
    /// lexicon or output, scored once after the round (Simplified 0.913, Traditional 0.754,
    /// English 0.605; docs/EVALUATION.md, "The blind set of round 22"), then the development text
    /// of round 23: the floors are the figures after round 23.
    static let poolThirteen = Split.pool(
        "pool13", "test13",
        [
            ("zh-hans", 793, 0.944, [0.831, 0.934, 0.948, 0.987, 0.861]),
            ("zh-hant", 570, 0.789, [0.950, 0.899, 0.762, 0.970, 0.308]),
            ("en", 168, 0.688, [0.752, 0.857, 0.622, 0.500, 0.571]),
        ])

    func testTextPoolThirteenBlindSet() throws { try checkEveryFileScored(Self.poolThirteen) }

    /// Pool 13's reserve13: the blind set of round 23 (docs/EVALUATION.md, "The blind set of round 23"),
    /// development text of round 24; floors: round 24's in-sample figures.
    static let poolThirteenReserve = Split.pool(
        "pool13", "reserve13",
        [
            ("zh-hans", 604, 0.926, [0.879, 0.874, 0.930, 1.000, 0.933]),
            ("zh-hant", 268, 0.776, [0.791, 0.722, 0.688, 0.929, 0.946]),
            ("en", 167, 0.800, [0.545, 0.600, 0.782, 0.976, 0.889]),
        ])

    func testTextPoolThirteenReserveBlindSet() throws { try checkEveryFileScored(Self.poolThirteenReserve) }

    /// Pool 14's test14: the blind set of round 24 (docs/EVALUATION.md, "The blind set of round 24"),
    /// development text of round 25; floors: round 25's in-sample figures.
    static let poolFourteen = Split.pool(
        "pool14", "test14",
        [
            ("zh-hans", 701, 0.908, [0.962, 0.793, 0.903, 0.914, 0.933]),
            ("zh-hant", 283, 0.734, [0.684, 0.753, 0.642, 0.0, 0.963]),
            ("en", 128, 0.793, [0.765, 0.800, 0.658, 0.918, 0.864]),
        ])

    func testTextPoolFourteenBlindSet() throws { try checkEveryFileScored(Self.poolFourteen) }

    /// Pool 14's reserve14: the blind set of round 25 (docs/EVALUATION.md, "The blind set of round 25"),
    /// development text of round 26; floors: round 26's in-sample figures.
    static let poolFourteenReserve = Split.pool(
        "pool14", "reserve14",
        [
            ("zh-hans", 512, 0.903, [0.764, 0.940, 0.902, 0.857, 1.000]),
            ("zh-hant", 461, 0.792, [0.381, 0.800, 0.788, 0.994, 0.556]),
            ("en", 177, 0.830, [0.944, 0.733, 0.807, 0.808, 0.920]),
        ])

    func testTextPoolFourteenReserveBlindSet() throws { try checkEveryFileScored(Self.poolFourteenReserve) }

    /// Pool 15's test15: the blind set of round 26 (docs/EVALUATION.md, "The blind set of round 26"),
    /// development text of round 27; floors: round 27's in-sample figures.
    static let poolFifteen = Split.pool(
        "pool15", "test15",
        [
            ("zh-hans", 397, 0.898, [0.870, 0.880, 0.854, 0.975, 0.875]),
            ("zh-hant", 408, 0.817, [0.934, 0.773, 0.767, 1.000, 0.949]),
            ("en", 121, 0.756, [0.500, 0.800, 0.739, 1.000, 0.878]),
        ])

    func testTextPoolFifteenBlindSet() throws { try checkEveryFileScored(Self.poolFifteen) }

    /// Pool 15's reserve15: the blind set of round 27 (docs/EVALUATION.md, "The blind set of round 27").
    static let poolFifteenReserve = Split.pool(
        "pool15", "reserve15",
        [
            ("zh-hans", 204, 0.874, [0.471, 0.960, 0.810, 1.000, 0.925]),
            ("zh-hant", 331, 0.740, [0.819, 0.316, 0.751, 0.916, 0.0]),
            ("en", 168, 0.580, [0.171, 0.500, 0.644, 1.000, 0.875]),
        ])

    func testTextPoolFifteenReserveBlindSet() throws { try checkEveryFileScored(Self.poolFifteenReserve) }

    /// Pool 16's test16 and reserve16, scored once with the round-27 lexicons before any round used
    /// them (docs/EVALUATION.md, "Pool 16 scored with the round-27 lexicons").
    static let poolSixteen = Split.pool(
        "pool16", "test16",
        [
            ("zh-hans", 217, 0.893, [0.765, 0.857, 0.894, 0.990, 0.784]),
            ("zh-hant", 231, 0.748, [0.702, 0.725, 0.691, 0.0, 0.882]),
            ("en", 63, 0.758, [0.625, 0.714, 0.742, 0.0, 0.875]),
        ])

    func testTextPoolSixteenBlindSet() throws { try checkEveryFileScored(Self.poolSixteen) }

    static let poolSixteenReserve = Split.pool(
        "pool16", "reserve16",
        [
            ("zh-hans", 1328, 0.863, [0.776, 0.867, 0.876, 0.928, 0.846]),
            ("zh-hant", 264, 0.595, [0.750, 0.690, 0.562, 0.944, 0.0]),
            ("en", 169, 0.716, [0.643, 0.735, 0.674, 1.000, 0.870]),
        ])

    func testTextPoolSixteenReserveBlindSet() throws { try checkEveryFileScored(Self.poolSixteenReserve) }

    func testTextPoolSevenReserveBlindSet() throws { try checkEveryFileScored(Self.poolSevenReserve) }

    func testTextPoolSevenBlindSet() throws { try checkEveryFileScored(Self.poolSeven) }

    func testTextPoolSixReserveBlindSet() throws { try checkEveryFileScored(Self.poolSixReserve) }

    func testTextPoolSixBlindSet() throws { try checkEveryFileScored(Self.poolSix) }

    /// A second, independent reading of pool 6's test6 (three more readers, docs/EVALUATION.md,
    /// "Agreement between readers"), scored against the first as `evaluate --reader` scores it:
    /// the most a lexicon can be expected to reach on this text. Floors: the figures measured.
    func testSecondReadingOfPoolSixAgreesWithTheFirst() throws {
        for (language, overall, blind) in [("zh-hans", 0.967, 0.923), ("zh-hant", 0.959, 0.822), ("en", 0.954, 0.777)] {
            let folder = Self.root.appendingPathComponent("Tests/Gold/pool6")
            let first = try GoldSet.parse(
                jsonl: String(contentsOf: folder.appendingPathComponent("\(language)_test6.jsonl"), encoding: .utf8), file: language)
            let second = try GoldSet.parse(
                jsonl: String(contentsOf: folder.appendingPathComponent("second/\(language)_test6.jsonl"), encoding: .utf8), file: language)
            let docs = try Evaluation.documents(Set(first.documents), corpus: folder.appendingPathComponent("\(language)/test6").path)
            XCTAssertEqual(Set(second.documents), Set(first.documents), language)
            XCTAssertEqual(Evaluation.misaligned(second, documents: docs), [], language)
            let r = Evaluation.score(gold: first, predictions: PredictedSpan.reading(second))
            XCTAssertGreaterThanOrEqual(r.overall.overlap.f1, overall - 0.02, language)
            // The agreement is well above the tagger's blind figures on the same text.
            XCTAssertGreaterThan(r.overall.overlap.f1, blind + 0.03, language)
        }
    }

    /// Spans of another reading with the same offsets are one prediction of all their concepts.
    func testAReadingsSpansWithTheSameOffsetsAreOnePrediction() {
        let other = GoldSet(spans: [
            GoldSpan(doc: "a", start: 0, end: 4, concept: "exclusion.production", text: "解僱勞工"),
            GoldSpan(doc: "a", start: 0, end: 4, concept: "community_exclusion.economic_participation", text: "解僱勞工"),
            GoldSpan(doc: "a", start: 6, end: 8, concept: "hukou.status", text: "戶籍"),
        ])
        let p = PredictedSpan.reading(other)
        XCTAssertEqual(p.map(\.start), [0, 6])
        XCTAssertEqual(p[0].concepts, ["exclusion.production", "community_exclusion.economic_participation"])
        XCTAssertEqual(p[1].concepts, ["hukou.status"])
        XCTAssertEqual(p[1].text, "戶籍")
    }

    /// Each split scores above its floors, and every file of its folder is in its gold.
    func checkEveryFileScored(_ splits: [Split]) throws {
        for split in splits {
            let gold = try check(split)
            let files = try FileManager.default.contentsOfDirectory(atPath: split.corpus.path).filter { $0.hasSuffix(".txt") }
            XCTAssertEqual(Set(gold.documents), Set(files), split.file)
        }
    }

    /// Every passage file is in the gold, negatives included (a passage with no spans: read, nothing there).
    func testTextPoolDevelopmentSets() throws { try checkEveryFileScored(Self.poolSplits) }
}
