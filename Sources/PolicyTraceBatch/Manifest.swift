import Crypto
import Foundation
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceTag

/// `manifest.json`: enough to cite exactly what produced a figure — the
/// version, the command line, every input file with its SHA-256, the
/// counting rules in force, counts and timings.
public enum Manifest {
    public static let version = "0.1.0"

    /// How `tokens` (the denominator of `per_10k_tokens`) is counted.
    public static let tokenDefinition = "CJK ideographs count one token each; each run of letters or digits of an alphabetic script counts one token"

    public static func sha256(ofFile path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return Store.hex(hasher.finalize())
    }

    static func json(options: RunOptions, lexicon: Lexicon, corpus: CorpusReader, files: [String],
                     summary: RunSummary, tagger: Tagger, hashes: [String: String] = [:]) -> String {
        func fileEntry(_ path: String, as name: String, known: String? = nil) -> JSON.Value {
            .object([("path", .string(name)), ("sha256", .optional(known ?? sha256(ofFile: path)))])
        }
        func counts(_ d: [String: Int]) -> JSON.Value { .object(d.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) }) }
        let corpusFiles = files.map { fileEntry((corpus.root as NSString).appendingPathComponent($0), as: $0, known: hashes[$0]) }
        return JSON.Value.object([
            ("policytrace_version", .string(version)),
            ("command_line", .array(options.commandLine.map(JSON.Value.string))),
            ("corpus", .object([("root", .string(options.corpus)), ("files", .array(corpusFiles))])),
            ("lexicon", .object([("files", .array(lexicon.files.map { fileEntry($0, as: $0) })),
                                 ("concepts", .int(lexicon.allConceptIDs.count)),
                                 ("patterns", .int(tagger.patternCount)),
                                 ("automaton", .string(tagger.automatonDescription))])),
            ("counting", .object([
                ("overlaps", .string(options.overlaps.rawValue)),
                ("tokens", .string(tokenDefinition)),
                ("group_by", .array(options.groupBy.map(JSON.Value.string))),
                ("period", .optional(options.period)),
                ("timeline_wide_measure", .string(options.measure.rawValue)),
                ("kwic_window", .int(options.kwicWindow)),
                ("suppressed_nested", counts(summary.stats.suppressedNested)),
                ("rejected_word_edge", counts(summary.stats.rejectedWordEdge)),
                ("excluded", counts(summary.stats.excluded)),
                ("ruled_out", counts(summary.stats.ruledOut)),
            ])),
            ("counts", .object([
                ("files", .int(summary.files)),
                ("bytes", .int(summary.bytes)),
                ("documents", .int(summary.documents)),
                ("documents_by_format", counts(Dictionary(uniqueKeysWithValues: summary.documentsByFormat.map { ($0.key.rawValue, $0.value) }))),
                ("undated", .int(summary.undated)),
                ("year_sources", counts(summary.yearSources)),
                ("tokens", .int(summary.tokens)),
                ("mentions", .int(summary.mentions)),
                ("mentions_by_family", counts(summary.mentionsByFamily)),
                ("chronology_events", .int(summary.events)),
                ("skipped", .int(summary.skipped.count)),
                ("warnings", .int(summary.warnings.count)),
            ])),
            ("outputs", .array(summary.outputs.map(JSON.Value.string))),
            ("timings", .object([("seconds", .double(summary.seconds)),
                                 ("stages", .object([("read", .double(summary.stages.read)), ("tag", .double(summary.stages.tag)),
                                                     ("aggregate", .double(summary.stages.aggregate)), ("write", .double(summary.stages.write))]))])),
        ]).encoded(indent: 2) + "\n"
    }
}
