import Foundation

/// The run summary as people read it on a terminal.
public enum Report {
    public static func summary(_ s: RunSummary, options: RunOptions) -> String {
        func list(_ d: [String: Int]) -> String {
            d.isEmpty ? "none" : d.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        let mb = String(format: "%.1f", Double(s.bytes) / 1_048_576)
        var lines = [
            "PolicyTrace \(Manifest.version): \(options.corpus) tagged with \(options.lexicons.joined(separator: ", "))",
            "Read \(s.files) file(s), \(mb) MB: \(s.documents) documents (\(list(Dictionary(uniqueKeysWithValues: s.documentsByFormat.map { ($0.key.rawValue, $0.value) }))))",
            "Years: \(s.years.map { "\($0.lowerBound)–\($0.upperBound)" } ?? "none"); undated documents: \(s.undated)",
            "Year taken from: \(list(s.yearSources))",
            "Tokens: \(s.tokens) (\(Manifest.tokenDefinition))",
            "Mentions: \(s.mentions) — by family: \(list(s.mentionsByFamily))",
            "Overlaps: \(s.overlaps.rawValue); nested matches suppressed: \(list(s.stats.suppressedNested))",
            "Chinese candidates rejected at a word edge: \(list(s.stats.rejectedWordEdge))",
        ]
        if !s.stats.excluded.isEmpty { lines.append("Vetoed by exclusion phrases: \(list(s.stats.excluded))") }
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
        lines.append(String(format: "Wall time: %.2f s", s.seconds))
        return lines.joined(separator: "\n")
    }
}
