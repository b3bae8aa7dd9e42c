import ArgumentParser
import Foundation
import PolicyTraceBatch

struct LexiconCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lexicon",
        abstract: "Check and describe lexicons.",
        subcommands: [Validate.self, Stats.self]
    )

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report every problem of a lexicon with file:line:column; exit 1 on errors.",
            discussion: """
            Errors: YAML syntax, duplicate or dangling concept IDs, a concept without terms, a duplicate term, \
            an invalid wildcard. Warnings: terms that normalise to the same string. Information: a term listed \
            under several concepts, a Chinese term contained in another concept's term (the longest match wins).
            """
        )

        @OptionGroup var lexicon: LexiconOptions

        @Flag(help: "Also print information lines.")
        var verbose = false

        func run() throws {
            do {
                let (lex, diagnostics) = try LexiconReader.load(paths: lexicon.paths)
                for d in diagnostics where verbose || d.severity != .info { print(d.description) }
                let infos = diagnostics.filter { $0.severity == .info }.count
                print("\(lex.concepts.count) concepts, \(lex.concepts.flatMap(\.terms).count) terms in \(lex.files.count) file(s): no errors, \(diagnostics.filter { $0.severity == .warning }.count) warning(s), \(infos) note(s)\(verbose || infos == 0 ? "" : " (--verbose shows them)")")
            } catch let error as LexiconError {
                for d in error.diagnostics where verbose || d.severity != .info { print(d.description) }
                print("\(error.diagnostics.filter { $0.severity == .error }.count) error(s)")
                throw ExitCode(1)
            }
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Concepts and terms per language.")

        @OptionGroup var lexicon: LexiconOptions

        func run() throws {
            let tagger = try loadTagger(lexicon)
            let lex = tagger.lexicon
            print("concept\ten\tzh\texclusions\trules")
            for c in lex.concepts {
                print("\(c.id)\t\(c.terms.filter { $0.language == .en }.count)\t\(c.terms.filter { $0.language == .zh }.count)\t\(c.exclusions.count)\t\(c.rules.count)")
            }
            print("total: \(lex.concepts.count) concepts, \(lex.concepts.flatMap(\.terms).count) terms, \(tagger.patternCount) compiled patterns (\(tagger.automatonDescription))")
        }
    }
}
