import Foundation
import PolicyTraceAggregate
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceStore
import PolicyTraceTag
import PolicyTraceText

/// The run summary as people read it: on a terminal, and in `report.html`.
package enum Report {
    package static func summary(_ s: RunSummary, options: RunOptions) -> String {
        var text = s.upToDate ? s.recorded : lines(s, options: options)
        if s.upToDate {
            text.append(
                "Up to date: the corpus, lexicon, options and outputs are those of the run finished \(s.recordedAt ?? "before"); "
                    + "nothing was rewritten (--force redoes the outputs)")
        }
        return (text + [String(format: "Wall time: %.2f s", s.seconds)]).joined(separator: "\n")
    }

    /// The summary's facts without the wall time, so the report is the same on every run.
    static func lines(_ s: RunSummary, options: RunOptions) -> [String] {
        func list(_ d: [String: Int]) -> String {
            d.isEmpty ? "none" : d.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        let mb = String(format: "%.1f", Double(s.bytes) / 1_048_576)
        var lines = [
            "PolicyTrace \(Manifest.version): \(options.corpus) tagged with \(options.lexicons.joined(separator: ", "))",
            "Read \(s.files) file(s), \(mb) MB: \(s.documents) documents (\(list(Dictionary(uniqueKeysWithValues: s.documentsByFormat.map { ($0.key.rawValue, $0.value) }))))",
            "Years: \(s.years.map { "\($0.lowerBound)–\($0.upperBound)" } ?? "none"); undated documents: \(s.undated)",
            "Year taken from: \(list(s.yearSources))",
            "Tokens: \(s.tokens) (\(Tagger.tokenDefinition))",
            "Mentions: \(s.mentions) — by family: \(list(s.mentionsByFamily))",
            "Overlaps: \(s.overlaps.rawValue); nested matches suppressed: \(list(s.stats.suppressedNested))",
            "Nested matches counted (inside a match of another family only): \(list(s.stats.nestedOtherFamily))",
            "Chinese candidates rejected at a word edge: \(list(s.stats.rejectedWordEdge))",
        ]
        if !s.stats.excluded.isEmpty { lines.append("Vetoed by exclusion phrases: \(list(s.stats.excluded))") }
        if !s.stats.shortNames.isEmpty { lines.append("Counted through short names the text defines (以下简称…): \(list(s.stats.shortNames))") }
        if !s.stats.ruledOut.isEmpty { lines.append("Dropped by context rules: \(list(s.stats.ruledOut))") }
        if s.events > 0 { lines.append("Chronology events: \(s.events)") }
        let notes = s.lexiconDiagnostics.filter { $0.severity == .warning }
        if !notes.isEmpty { lines.append("Lexicon warnings: \(notes.count) (see `policytrace lexicon validate`)") }
        lines.append("Skipped: \(s.skipped.count)" + (s.skipped.isEmpty ? "" : " (listed in skipped.csv)"))
        lines += s.skipped.prefix(20).map { "  \($0.description)" }
        if s.skipped.count > 20 { lines.append("  … and \(s.skipped.count - 20) more") }
        if !s.warnings.isEmpty {
            lines.append("Warnings: \(s.warnings.count)")
            lines += s.warnings.prefix(10).map { "  \($0.description)" }
        }
        lines.append("Wrote \(options.out)/: \(s.outputs.joined(separator: ", "))")
        return lines
    }

    /// The report's summary, measures and charts; the pipeline adds the
    /// terms, samples, chronology and undated documents it collected.
    static func content(_ s: RunSummary, options: RunOptions, lexicon: Lexicon, yearCounts: Counts, concepts: [ConceptRow]) -> ReportContent {
        var r = ReportContent()
        r.summary = lines(s, options: options)
        r.tokenDefinition = Tagger.tokenDefinition
        r.minTokens = options.minTokens
        r.years = s.years
        r.documentsPerYear = yearCounts.groups.compactMap { g in
            Int(g[0]).map { (x: $0, n: yearCounts.totals[g]?.documents ?? 0) }
        }
        r.concepts = concepts
        r.skipped = s.skipped
        let labels = Dictionary(uniqueKeysWithValues: concepts.map { ($0.concept, $0) })
        func title(_ id: String) -> String {
            let words = [labels[id]?.labelEN, labels[id]?.labelZH].compactMap { $0 }
            return words.isEmpty ? id : words.joined(separator: " · ") + " (\(id))"
        }
        // Every concept's rows, the groups sorted once.
        let rowsByConcept = Dictionary(grouping: yearCounts.timeline(concepts: lexicon.allConceptIDs), by: \.concept)
        for family in lexicon.allConceptIDs where ConceptID(family).isFamily {
            let members = lexicon.allConceptIDs.filter { ConceptID($0).isWithin(family) }
            func series(_ measure: Measure) -> [ChartSeries] {
                members.map { c in
                    ChartSeries(
                        label: title(c),
                        points: (rowsByConcept[c] ?? []).compactMap { row in
                            Int(row.group[0]).map {
                                ChartPoint(
                                    x: $0, y: measure.value(of: row),
                                    note: "\(row.mentions) mentions; \(row.documents) of \(row.documentsTotal) documents; \(row.tokensTotal) tokens",
                                    lowBase: row.isLowBase(minTokens: options.minTokens))
                            }
                        })
                }
            }
            r.families.append(.init(title: title(family), perTenThousand: series(.per10kTokens), shareDocuments: series(.shareDocuments)))
        }
        return r
    }
}
