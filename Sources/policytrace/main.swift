import ArgumentParser
import Foundation
import PolicyTrace

/// The `policytrace` command: its help text is its manual.
struct PolicyTrace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policytrace",
        abstract: "Trace policy themes (hukou, migrants, community services, social exclusion) through Chinese and English documents, year by year.",
        discussion: """
            PolicyTrace reads a corpus (text, HTML, XML, CSV/TSV, JSON Lines, chronology tables), tags every \
            mention of the concepts of a bilingual lexicon (Simplified and Traditional Chinese, English), and \
            writes timelines by year as CSV for R, pandas, Stata or Excel.

            Start with `policytrace run`: it reads Corpus/ and Lexicons/ and writes Output/.

            Exit status: 0 done; 2 the input, the lexicon or an option value is wrong (the message names \
            the file, line or value and suggests a fix; no outputs are replaced); 64 the command line \
            cannot be parsed (unknown option, missing argument); 1 anything else (e.g. a disk error).
            """,
        version: Manifest.version,
        subcommands: [Run.self, Tag.self, KWIC.self, Text.self, Chronology.self, LexiconCommand.self, Evaluate.self, MergeCommand.self],
        defaultSubcommand: nil
    )
}

// Foundation's file errors name the problem and the path (FileProblem), and
// an input or option error not caught by its command (a path given to `tag`
// that is not there) is an input error too: status 2, as the manual says.
// Everything else is reported by ArgumentParser as usual.
do {
    var command = try PolicyTrace.parseAsRoot()
    try command.run()
} catch {
    if let problem = FileProblem.describe(error) ?? (error as? IngestError)?.description ?? (error as? RunError)?.description {
        FileHandle.standardError.write(Data("error: \(problem)\n".utf8))
        exit(2)
    }
    PolicyTrace.exit(withError: error)
}
