import Foundation
import PolicyTraceLexicon
import PolicyTraceTag
import XCTest

/// Issue 5: the Chinese word-edge rule against plain substring matching, on
/// real corpus sentences labelled by reading (Tests/Gold/word_edges.jsonl).
/// Each candidate is an occurrence of a Chinese lexicon term whose previous
/// character is an ideograph; `mention` says whether a reader counts it.
final class WordEdgeGoldTests: XCTestCase {
    struct Candidate: Decodable {
        var id: Int
        var sentence: String
        var start: Int
        var term: String
        var mention: Bool
    }

    func testRuleIsMorePreciseThanSubstringMatching() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Gold/word_edges.jsonl")
        let candidates = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(Candidate.self, from: Data($0.utf8)) }
        XCTAssertGreaterThanOrEqual(candidates.count, 150)
        // Only the rule is measured: one concept holding the terms, no exclusions, no context rules.
        let terms = Set(candidates.map(\.term)).sorted().map { Term($0, language: .zh) }
        let tagger = Tagger(lexicon: Lexicon(concepts: [Concept(id: "t", terms: terms)]), overlaps: .all)

        var rule = (tp: 0, fp: 0, fn: 0)
        var errors: [String] = []
        for c in candidates {
            let kept = tagger.tag(c.sentence).mentions.contains { $0.start == c.start && $0.term == c.term }
            switch (kept, c.mention) {
            case (true, true): rule.tp += 1
            case (true, false): rule.fp += 1; errors.append("kept trap #\(c.id) \(c.term)")
            case (false, true): rule.fn += 1; errors.append("rejected mention #\(c.id) \(c.term)")
            default: break
            }
        }
        let mentions = candidates.filter(\.mention).count
        let substringPrecision = Double(mentions) / Double(candidates.count)
        let rulePrecision = Double(rule.tp) / Double(max(1, rule.tp + rule.fp))
        let ruleRecall = Double(rule.tp) / Double(max(1, rule.tp + rule.fn))
        print(String(format: "word edges: %d candidates, %d mentions, %d traps", candidates.count, mentions, candidates.count - mentions))
        print(String(format: "substring matching: P %.3f R 1.000", substringPrecision))
        print(
            String(
                format: "word-edge rule:     P %.3f R %.3f (kept %d traps, rejected %d mentions)",
                rulePrecision, ruleRecall, rule.fp, rule.fn))
        print(errors.joined(separator: "\n"))
        XCTAssertGreaterThan(rulePrecision, substringPrecision)
    }
}
