import Foundation
import PolicyTraceText
import XCTest

@testable import PolicyTraceLexicon

/// Issue 18, item 9: lexicon slips that used to pass silently or under a
/// misleading message each get their own diagnostic at their line.
final class LexiconMistakeTests: XCTestCase {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The default hukou lexicon's text with `extra` appended to the first `zh:` term list.
    func hukouLexicon(addingToFirstChineseList extra: String) throws -> String {
        let text = try String(contentsOf: root.appendingPathComponent("Lexicons/hukou.yaml"), encoding: .utf8)
        let range = try XCTUnwrap(text.range(of: #"zh: \[[^\]]*"#, options: .regularExpression))
        return text.replacingCharacters(in: range, with: text[range] + extra)
    }

    func errors(_ yaml: String) -> [LexiconDiagnostic] {
        let (concepts, problems) = LexiconReader.parse(yaml, file: "hukou.yaml")
        return (problems + LexiconValidator.validate(Lexicon(concepts: concepts))).filter { $0.severity == .error }
    }

    func testTheDefaultHukouLexiconHasNoErrors() throws {
        XCTAssertEqual(errors(try hukouLexicon(addingToFirstChineseList: "")), [])
    }

    func testPunctuationOnlyTermsAreErrors() throws {
        for term in ["。", "\"...\"", "、", "\"--\""] {
            let found = errors(try hukouLexicon(addingToFirstChineseList: ", " + term))
            XCTAssertEqual(found.count, 1, term)
            XCTAssertTrue(found.first?.message.contains("has no letter, digit or ideograph") ?? false, "\(found)")
            XCTAssertNotNil(found.first?.location?.line)
        }
        XCTAssertEqual(errors(try hukouLexicon(addingToFirstChineseList: ", 户口簿")), [])
    }

    func testNullValuesAreNotTerms() throws {
        for value in ["~", "null"] {
            let found = errors(try hukouLexicon(addingToFirstChineseList: ", \(value)"))
            XCTAssertEqual(
                found.map(\.message), ["`\(value)` is YAML for no value, not a term; quote it (\"\(value)\") if the literal text is meant"])
        }
        let quanteda = """
            hukou:
              reform:
                - 户籍制度改革
                - ~
                - null
                - "null"
            """
        let (concepts, problems) = QuantedaFormat.parse(quanteda, file: "q.yml")
        XCTAssertEqual(
            problems.filter { $0.severity == .error }.map { "\($0.location!.line):\($0.message)" },
            [
                "4:`~` under `hukou.reform` is YAML for no value, not a pattern; quote it (\"~\") if the literal text is meant",
                "5:`null` under `hukou.reform` is YAML for no value, not a pattern; quote it (\"null\") if the literal text is meant",
            ])
        XCTAssertEqual(concepts.first { $0.id == "hukou.reform" }?.terms.map(\.text), ["户籍制度改革", "null"])
    }

    func testAliasBombIsNamedAsSuch() throws {
        var bomb = "a: &a [\"户籍\", \"户口\"]\n"
        for (prev, name) in zip("abcdefghijklmnopq".map(String.init), "bcdefghijklmnopqr".map(String.init)) {
            bomb += "\(name): &\(name) [*\(prev), *\(prev), *\(prev), *\(prev)]\n"
        }
        let started = Date()
        let (_, problems) = QuantedaFormat.parse(bomb, file: "bomb.yml")
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertTrue(problems.contains { $0.severity == .error && $0.message.contains("alias bomb") }, "\(problems.map(\.message).prefix(3))")
        // In PolicyTrace's own format, an alias standing for a list is not "an empty term".
        let own = "anchors: &z [户籍, 户口]\n" + (try hukouLexicon(addingToFirstChineseList: ""))
        let withAlias = own.replacingOccurrences(of: "zh: [", with: "zh: [*z, ", options: [], range: own.range(of: "zh: ["))
        let found = errors(withAlias)
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found.first?.message.contains("must be a string, not a list or mapping (YAML aliases") ?? false, "\(found)")
    }
}

/// Issue 18, item 7 (fixed before): the contained-term check must not
/// compare every pair of Chinese terms. On 20,000 distinct terms cut from
/// the 2012-2015 work reports, every candidate the automaton offers really
/// contains the term, so the work is the containments, not the pairs.
/// (Benchmarks/lexicon/bench.sh prints the time for 100,000 terms.)
final class ContainmentScaleTests: XCTestCase {
    func testCandidatesAreOnlyRealContainersOnTwentyThousandCorpusTerms() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let lines = try String(contentsOf: root.appendingPathComponent("Corpus/government_work_reports.jsonl"), encoding: .utf8).split(
            separator: "\n")
        let text = try [19, 21, 23, 25].map { (try JSONSerialization.jsonObject(with: Data(lines[$0].utf8)) as! [String: Any])["content"] as! String }
            .joined()
        let ideographs = text.unicodeScalars.filter { $0.properties.isIdeographic }.map(Character.init)
        var seen = Set<String>(), terms: [String] = []
        var i = 0
        while terms.count < 20_000 && i + 6 < ideographs.count {
            let term = String(ideographs[i..<(i + 2 + i % 5)])
            if seen.insert(term).inserted { terms.append(term) }
            i += 1
        }
        XCTAssertEqual(terms.count, 20_000)
        let fold = FoldTable.shared
        let folded = terms.map { fold.foldedString($0) }
        let candidates = ContainmentCandidates(folded, fold)
        var total = 0
        for (k, f) in folded.enumerated() {
            for j in candidates.of(k) {
                total += 1
                XCTAssertTrue(folded[j].contains(f) && j != k, "\(folded[j]) offered as a container of \(f)")
            }
        }
        XCTAssertGreaterThan(total, 1_000, "terms of 2 to 6 characters from running text do contain one another")
        XCTAssertLessThan(total, 20_000 * 20, "far fewer candidates than pairs (400 million)")
    }
}
