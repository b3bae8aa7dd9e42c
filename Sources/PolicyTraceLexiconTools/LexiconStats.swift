import Foundation
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceRun
import PolicyTraceTag
import PolicyTraceText

/// How often each lexicon term is counted in a corpus, with the same tagger
/// and overlap policy as `run`.
public struct TermUsage: Sendable {
    public var documents = 0
    public var mentions = 0
    public var overlaps = OverlapPolicy.longest
    /// Mentions per concept and term (as written in the lexicon).
    var counts: [String: [String: Int]] = [:]
    /// Terms counted under `.all` but never under the run's policy: every
    /// match lies inside a longer term.
    public var onlyNested: [String: Set<String>] = [:]

    public func count(_ concept: String, _ term: String) -> Int { counts[concept]?[term] ?? 0 }

    /// Terms the run never counts, per concept, in lexicon order.
    public func deadTerms(_ lexicon: Lexicon) -> [(concept: String, term: Term)] {
        lexicon.concepts.flatMap { c in c.terms.filter { count(c.id, $0.text) == 0 }.map { (c.id, $0) } }
    }

    /// The `n` most counted terms of a concept.
    public func top(_ concept: String, _ n: Int) -> [(term: String, count: Int)] {
        (counts[concept] ?? [:]).filter { $0.value > 0 }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(n).map { ($0.key, $0.value) }
    }
}

/// Corpus-dependent lexicon helpers behind `policytrace lexicon stats` and
/// `policytrace lexicon suggest`.
public enum LexiconTools {
    /// Every document of a corpus, read in parallel.
    public static func documents(
        corpus: String, format: DocumentFormat? = nil, encoding: String? = nil,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    ) throws -> [Document] {
        let reader = try CorpusReader(path: corpus, format: format, encoding: encoding)
        return Pipeline.parallelMap(try reader.files(), jobs: jobs) { reader.read($0) }.flatMap(\.documents)
    }

    public static func usage(
        _ lexicon: Lexicon, overlaps: OverlapPolicy, documents: [Document],
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    ) -> TermUsage {
        func tally(_ policy: OverlapPolicy) -> [String: [String: Int]] {
            let tagger = Tagger(lexicon: lexicon, overlaps: policy)
            var counts: [String: [String: Int]] = [:]
            for result in Pipeline.parallelMap(documents, jobs: jobs, { tagger.tag($0.text) }) {
                for m in result.mentions {
                    for c in m.concepts { counts[c, default: [:]][m.term, default: 0] += 1 }
                }
            }
            return counts
        }
        var usage = TermUsage()
        usage.documents = documents.count
        usage.overlaps = overlaps
        usage.counts = tally(overlaps)
        usage.mentions = usage.counts.values.reduce(0) { $0 + $1.values.reduce(0, +) }
        let dead = usage.deadTerms(lexicon)
        if overlaps == .longest && !dead.isEmpty {
            let all = tally(.all)
            for (c, t) in dead where (all[c]?[t.text] ?? 0) > 0 { usage.onlyNested[c, default: []].insert(t.text) }
        }
        return usage
    }
}
