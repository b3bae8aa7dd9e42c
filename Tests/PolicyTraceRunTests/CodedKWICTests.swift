import Foundation
import PolicyTrace
import XCTest

@testable import PolicyTraceEvaluate
@testable import PolicyTraceRun

/// A kwic.csv of the default corpus, coded as a scholar codes it in a
/// spreadsheet (a code column added, rows sampled), scored by
/// `CodedKWIC` (`policytrace evaluate --kwic`): precision per concept and
/// family, rows that do not join back to mentions.jsonl named by line, and
/// the coded rows as gold that `evaluate --gold` scores the same.
final class CodedKWICTests: BatchTestCase {
    var kwicLines: [Substring] = []
    var concepts: Set<String> = []
    var predictions: [PredictedSpan] = []

    override func setUpWithError() throws {
        try super.setUpWithError()
        var batch = BatchOptions()
        batch.noStore = true
        _ = try Pipeline.run(options(), batch: batch)
        kwicLines = try String(contentsOf: out.appendingPathComponent("kwic.csv"), encoding: .utf8).split(separator: "\n")
        concepts = Set(try LexiconReader.load(paths: [lexicons.path]).0.allConceptIDs)
        predictions = try PredictedSpan.parse(mentionsJSONL: String(contentsOf: out.appendingPathComponent("mentions.jsonl"), encoding: .utf8))
    }

    /// kwic.csv with a `code` column: `code(i, concept)` gives row i's cell (nil: uncoded).
    func coded(column: String = "code", _ code: (Int, String) -> String?) -> String {
        var text = String(kwicLines[0]) + ",\(column)\n"
        for (i, line) in kwicLines.dropFirst().enumerated() {
            let concept = String(line.split(separator: ",", omittingEmptySubsequences: false)[2])
            text += String(line) + "," + (code(i, concept) ?? "") + "\n"
        }
        return text
    }

    func parse(_ csv: String, column: String = "code") throws -> CodedKWIC {
        try CodedKWIC.parse(csv: csv, file: "coded.csv", codeColumn: column, concepts: concepts)
    }

    func message(_ csv: String, column: String = "code") -> String {
        do { _ = try parse(csv, column: column); return "no error" } catch { return "\(error)" }
    }

    func testPrecisionPerConceptAndFamilyFromASample() throws {
        XCTAssertTrue(kwicLines[0].hasPrefix("doc,year,concept,term,left,match,right,mention,start,end"))
        // Code the first 40 hukou.reform rows: 30 right, 8 wrong, 2 a mention of hukou (not of its reform);
        // spreadsheets write yes/no as well as 1/0.
        var seen = 0
        let csv = coded { _, concept in
            guard concept == "hukou.reform", seen < 40 else { return nil }
            seen += 1
            return seen <= 15 ? "1" : seen <= 30 ? "Yes" : seen <= 38 ? "0" : "hukou"
        }
        let k = try parse(csv)
        XCTAssertEqual(k.rows.count, 40)
        XCTAssertEqual(k.uncoded, kwicLines.count - 1 - 40)
        let reform = try XCTUnwrap(k.concepts.first { $0.key == "hukou.reform" })
        XCTAssertEqual([reform.coded, reform.right, reform.corrected], [40, 30, 2])
        XCTAssertEqual(reform.precision, 0.75)
        XCTAssertEqual(reform.interval.low, 0.598, accuracy: 0.001)
        XCTAssertEqual(reform.interval.high, 0.858, accuracy: 0.001)
        // For the family, a mention of hukou is right.
        let family = try XCTUnwrap(k.families.first { $0.key == "hukou" })
        XCTAssertEqual([family.coded, family.right], [40, 32])
        XCTAssertTrue(k.problems(joiningTo: predictions, file: "coded.csv", mentionsFile: "mentions.jsonl").isEmpty)
        let table = k.report()
        XCTAssertTrue(table.contains("  hukou.reform"), table)
        XCTAssertTrue(table.contains("0.750"), table)

        // As gold: scoring the run's mentions against it gives the same precision for the family.
        let gold = try GoldSet.parse(jsonl: k.goldJSONL(), file: "gold")
        XCTAssertEqual(gold.passages.count, 40)
        XCTAssertEqual(gold.spans.count, 32)
        let result = Evaluation.score(gold: gold, predictions: predictions)
        XCTAssertEqual(result.family("hukou")?.overlap.precision ?? 0, 0.8, accuracy: 1e-9)
    }

    func testEveryRowOfAMentionInAFamilyCountsOnceForIt() throws {
        // Rows of one mention under two concepts of the same family are one family unit.
        let k = try parse(coded { _, _ in "1" })
        let units = Set(k.rows.map { "\($0.doc)|\($0.start)|\(ConceptID($0.concept).family)" }).count
        XCTAssertEqual(k.overall.coded, units)
        XCTAssertEqual(k.overall.precision, 1)
        XCTAssertEqual(k.rows.count, kwicLines.count - 1)
    }

    func testMistakesAreErrorsNamingFileAndLine() throws {
        // A typo in the concept column, with a suggestion.
        var typo = coded { i, _ in i == 0 ? "1" : nil }.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var cells = typo[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        cells[2] = "hukuo.reform"
        typo[1] = cells.joined(separator: ",")
        let m = message(typo.joined(separator: "\n"))
        XCTAssertTrue(m.hasPrefix("coded.csv:2: unknown concept \"hukuo.reform\""), m)
        XCTAssertTrue(m.contains("did you mean hukou.reform?"), m)
        // A code that is none of the accepted values.
        let bad = message(coded { i, _ in i == 4 ? "maybe" : i < 4 ? "1" : nil })
        XCTAssertTrue(bad.hasPrefix("coded.csv:6: code \"maybe\" is not a code"), bad)
        // A misspelt correction gets the nearest concept.
        let correction = message(coded { i, _ in i == 2 ? "hukou.refrom" : nil })
        XCTAssertTrue(correction.hasPrefix("coded.csv:4:") && correction.contains("did you mean hukou.reform?"), correction)
        // The code column under another name.
        XCTAssertTrue(message(coded(column: "Code") { _, _ in "1" }).contains("did you mean --code-column Code?"))
        // A row whose offsets were edited no longer joins mentions.jsonl.
        var lines = coded { i, _ in i < 3 ? "1" : nil }.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var f = lines[3].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        f[f.count - 4] = String(Int(f[f.count - 4])! + 1)  // start (then end, page, code)
        lines[3] = f.joined(separator: ",")
        let k = try parse(lines.joined(separator: "\n"))
        let problems = k.problems(joiningTo: predictions, file: "coded.csv", mentionsFile: "mentions.jsonl")
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems[0].hasPrefix("coded.csv:4: mention "), problems[0])
        // Scored against another run's mentions (fewer lines), the row names the missing line.
        let fewer = k.problems(joiningTo: Array(predictions.prefix(1)), file: "coded.csv", mentionsFile: "m.jsonl")
        XCTAssertTrue(fewer.contains { $0.contains("is not a line of m.jsonl") }, "\(fewer)")
    }
}
