import Foundation
import PolicyTrace
import XCTest

/// Issue 18, item 8: impossible gold and prediction lines are errors with
/// `file:line`, checked against the real gold set's documents (Tests/Gold).
final class EvaluationValidationTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let good = #"{"doc": "zh1954a", "start": 16, "end": 20, "concept": "exclusion.production", "text": "勞動就業"}"#

    func parseError(_ line: String) -> String? {
        do {
            _ = try GoldSet.parse(jsonl: good + "\n" + line + "\n", file: "gold.jsonl")
            return nil
        } catch {
            return "\(error)"
        }
    }

    func testImpossibleGoldLinesAreErrorsWithFileAndLine() {
        XCTAssertNil(parseError(#"{"doc": "zh1954a", "passage": [0, 272]}"#))
        let cases = [
            (
                #"{"doc": "zh1954a", "start": true, "end": 20, "concept": "exclusion.production"}"#,
                "gold.jsonl:2: start and end must be JSON integers (code points), got true and 20"
            ),
            (#"{"doc": "zh1954a", "start": -4, "end": 20, "concept": "exclusion.production"}"#, "gold.jsonl:2: start and end: start -4 is negative"),
            (
                #"{"doc": "zh1954a", "start": 1.5, "end": 20, "concept": "exclusion.production"}"#,
                "gold.jsonl:2: start and end must be JSON integers (code points), got 1.5 and 20"
            ),
            (#"{"doc": "zh1954a", "passage": "all"}"#, #"gold.jsonl:2: passage must be [start, end] (code points), not "all""#),
            (
                #"{"doc": "zh1954a", "passage": [0, false]}"#,
                "gold.jsonl:2: passage [start, end] must be JSON integers (code points), got 0 and false"
            ),
            (#"{"doc": "zh1954a", "passage": [9, 3]}"#, "gold.jsonl:2: passage [start, end]: start 9 is not before end 3"),
            (#"{"doc": "zh1954a", "start": 16, "end": 20, "concept": ""}"#, #"gold.jsonl:2: concept must be a non-empty concept ID, not """#),
            (#"{"doc": "zh1954a", "start": 16, "end": 20, "concept": 3}"#, "gold.jsonl:2: concept must be a non-empty concept ID, not 3"),
        ]
        for (line, message) in cases { XCTAssertEqual(parseError(line), message, line) }
    }

    func testImpossiblePredictionsAreErrors() {
        func error(_ line: String) -> String? {
            do { _ = try PredictedSpan.parse(mentionsJSONL: line, file: "mentions.jsonl"); return nil } catch { return "\(error)" }
        }
        XCTAssertEqual(
            error(#"{"doc":"zh1954a","concepts":["exclusion.production"],"start":-3,"end":9999}"#),
            "mentions.jsonl:1: start and end: start -3 is negative")
        XCTAssertEqual(
            error(#"{"doc":"zh1954a","concepts":["exclusion.production"],"start":true,"end":9}"#),
            "mentions.jsonl:1: start and end must be JSON integers (code points), got true and 9")
        XCTAssertEqual(
            error(#"{"doc":"zh1954a","concepts":[],"start":1,"end":9}"#), "mentions.jsonl:1: concepts must be a list of non-empty concept IDs")
    }

    func testOffsetsPastTheDocumentAndUnknownConceptsAreNamed() throws {
        let gold = try GoldSet.parse(jsonl: try String(contentsOf: Self.root.appendingPathComponent("Tests/Gold/gold.jsonl"), encoding: .utf8))
        let documents = try Evaluation.documents(Set(gold.documents), corpus: Self.root.appendingPathComponent("Tests/Gold/corpus").path)
        let doc = try XCTUnwrap(documents.first { $0.id == "zh1954a" })
        let length = doc.text.unicodeScalars.count
        let lengths = [doc.id: length]
        let (lexicon, _) = try LexiconReader.load(paths: [Self.root.appendingPathComponent("Lexicons").path])
        let concepts = Set(lexicon.allConceptIDs)
        let text = [
            good,
            #"{"doc": "zh1954a", "start": \#(length - 2), "end": \#(length + 5), "concept": "exclusion.production"}"#,
            #"{"doc": "zh1954a", "passage": [0, \#(length + 1)]}"#,
            #"{"doc": "zh1954a", "start": 16, "end": 20, "concept": "exclusion.prodcution"}"#,
            #"{"doc": "elsewhere", "start": 16, "end": 99999, "concept": "exclusion.production"}"#,
        ].joined(separator: "\n")
        XCTAssertEqual(
            SpanValidation.problems(jsonl: text, file: "g.jsonl", lengths: lengths, concepts: concepts),
            [
                "g.jsonl:2: end \(length + 5) is past the end of zh1954a (\(length) code points)",
                "g.jsonl:3: passage end \(length + 1) is past the end of zh1954a (\(length) code points)",
                #"g.jsonl:4: unknown concept "exclusion.prodcution" (not in the lexicon; `policytrace lexicon stats` lists them)"#,
            ])
        // The real gold set passes.
        let real = try String(contentsOf: Self.root.appendingPathComponent("Tests/Gold/gold.jsonl"), encoding: .utf8)
        let all = Dictionary(documents.map { ($0.id, $0.text.unicodeScalars.count) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(SpanValidation.problems(jsonl: real, file: "gold.jsonl", lengths: all, concepts: concepts), [])
        // A prediction far past the end no longer scores as a hit.
        let predictions = #"{"doc":"zh1954a","concepts":["exclusion.production"],"start":0,"end":\#(length + 100)}"#
        XCTAssertEqual(
            SpanValidation.problems(jsonl: predictions, file: "m.jsonl", lengths: lengths, concepts: concepts),
            ["m.jsonl:1: end \(length + 100) is past the end of zh1954a (\(length) code points)"])
    }
}
