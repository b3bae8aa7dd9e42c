import Crypto
import Foundation
import PolicyTraceAggregate
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceStore
import PolicyTraceTag
import PolicyTraceText

/// `manifest.json`: enough to cite exactly what produced a figure — the
/// version, the command line, every input file with its SHA-256, the
/// counting rules in force, counts and timings.
package enum Manifest {
    package static let version = "0.1.0"

    static func sha256(ofFile path: String) -> String? {
        FileHashing.sha256(path)
    }

    static func fileEntry(_ path: String, as name: String, known: String? = nil) -> JSON.Value {
        .object([("path", .string(name)), ("sha256", .optional(known ?? sha256(ofFile: path)))])
    }

    /// Stands for the corpus file list while the rest is encoded.
    static let filesPlaceholder = "\u{1}corpus files\u{1}"

    /// The manifest's text, the corpus file list (one entry per file, so as
    /// long as the corpus is large) given to `emit` a piece at a time.
    static func write(
        options: RunOptions, lexicon: Lexicon, corpus: CorpusReader, files: [String], summary: RunSummary,
        tagger: Tagger, hashes: [String: String] = [:], outputs: [String: String] = [:],
        to emit: (String) throws -> Void
    ) throws {
        let text =
            document(
                options: options, lexicon: lexicon, summary: summary, tagger: tagger, outputs: outputs,
                corpusFiles: .string(filesPlaceholder)
            ).encoded(indent: 2) + "\n"
        let parts = text.components(separatedBy: JSON.quote(filesPlaceholder))
        precondition(parts.count == 2)
        try emit(parts[0])
        if files.isEmpty {
            try emit("[]")
        } else {
            // As `JSON.Value.encoded(indent: 2)` writes an array at this depth.
            var buffer = "["
            for (i, f) in files.enumerated() {
                buffer += (i > 0 ? "," : "") + "\n      "
                buffer += fileEntry(corpus.fullPath(f), as: f, known: hashes[f]).encoded(indent: 2, level: 3)
                if buffer.utf8.count > 1 << 20 {
                    try emit(buffer)
                    buffer = ""
                }
            }
            try emit(buffer + "\n    ]")
        }
        try emit(parts[1])
    }

    static func document(
        options: RunOptions, lexicon: Lexicon, summary: RunSummary, tagger: Tagger,
        outputs: [String: String], corpusFiles: JSON.Value
    ) -> JSON.Value {
        func counts(_ d: [String: Int]) -> JSON.Value { .object(d.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) }) }
        return JSON.Value.object([
            ("policytrace_version", .string(version)),
            ("command_line", .array(options.commandLine.map(JSON.Value.string))),
            ("corpus", .object([("root", .string(options.corpus)), ("files", corpusFiles)])),
            (
                "lexicon",
                .object([
                    ("files", .array(lexicon.files.map { fileEntry($0, as: $0) })),
                    ("concepts", .int(lexicon.allConceptIDs.count)),
                    ("patterns", .int(tagger.patternCount)),
                    ("automaton", .string(tagger.automatonDescription)),
                ])
            ),
            (
                "counting",
                .object([
                    ("overlaps", .string(options.overlaps.rawValue)),
                    ("tokens", .string(Tagger.tokenDefinition)),
                    ("group_by", .array(options.groupBy.map(JSON.Value.string))),
                    ("period", .optional(options.period)),
                    ("timeline_wide_measure", .string(options.measure.rawValue)),
                    ("kwic_window", .int(options.kwicWindow)),
                    ("min_tokens", .int(options.minTokens)),
                    ("suppressed_nested", counts(summary.stats.suppressedNested)),
                    ("nested_other_family", counts(summary.stats.nestedOtherFamily)),
                    ("rejected_word_edge", counts(summary.stats.rejectedWordEdge)),
                    ("excluded", counts(summary.stats.excluded)),
                    ("ruled_out", counts(summary.stats.ruledOut)),
                ])
            ),
            (
                "counts",
                .object([
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
                ])
            ),
            ("outputs", .array(summary.outputs.map(JSON.Value.string))),
            (
                "output_files",
                .array(
                    outputs.sorted { $0.key < $1.key }.map {
                        .object([("path", .string($0.key)), ("sha256", .string($0.value))])
                    })
            ),
            (
                "timings",
                .object([
                    ("seconds", .double(summary.seconds)),
                    (
                        "stages",
                        .object([
                            ("read", .double(summary.stages.read)), ("tag", .double(summary.stages.tag)),
                            ("aggregate", .double(summary.stages.aggregate)), ("write", .double(summary.stages.write)),
                        ])
                    ),
                ])
            ),
        ])
    }
}
