import ArgumentParser
import Foundation
import PolicyTrace

struct LexiconCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lexicon",
        abstract: "Check, describe, convert and extend lexicons.",
        discussion: """
            --lexicon also takes quanteda YAML dictionaries, LIWC .dic and LIWC-22 .dicx files: their keys become concept IDs \
            (nested keys joined with dots) and they are matched with PolicyTrace's rules (see MATCHING.md).
            """,
        subcommands: [Validate.self, Stats.self, Suggest.self, Export.self, Import.self]
    )

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report every problem of a lexicon with file:line:column; exit 1 on errors.",
            discussion: """
                Errors: YAML syntax, duplicate or dangling concept IDs, a concept without terms, a duplicate term, \
                an invalid wildcard. Warnings: terms that normalise to the same string. Information: a term listed \
                under several concepts, a Chinese term contained in another concept's term (the longest match wins); \
                summarised unless --verbose.
                """
        )

        @OptionGroup var lexicon: LexiconOptions

        @Flag(help: "Print every information line instead of a summary.")
        var verbose = false

        func run() throws {
            do {
                let (lex, diagnostics) = try LexiconReader.load(paths: try lexicon.paths)
                report(diagnostics)
                let terms = lex.concepts.flatMap(\.terms)
                print(
                    "\(lex.concepts.count) concepts, \(terms.count) terms (\(terms.filter { $0.language == .en }.count) en, \(terms.filter { $0.language == .zh }.count) zh) in \(lex.files.count) file(s): no errors, \(diagnostics.filter { $0.severity == .warning }.count) warning(s)"
                )
            } catch let error as LexiconError {
                report(error.diagnostics)
                print(
                    "\(error.diagnostics.filter { $0.severity == .error }.count) error(s), \(error.diagnostics.filter { $0.severity == .warning }.count) warning(s)"
                )
                throw ExitCode(2)
            }
        }

        func report(_ diagnostics: [LexiconDiagnostic]) {
            let sorted = diagnostics.enumerated().sorted { a, b in
                let (la, lb) = (a.element.location, b.element.location)
                return (la?.file ?? "", la?.line ?? 0, la?.column ?? 0, a.offset) < (lb?.file ?? "", lb?.line ?? 0, lb?.column ?? 0, b.offset)
            }.map(\.element)
            let summarised = [
                "shared-term": "term(s) listed under several concepts: one mention carries all of them",
                "contained-term": "Chinese term(s) contained in another concept's longer term: inside it only the longer term counts",
            ]
            for d in sorted where verbose || d.severity != .info || d.code.flatMap({ summarised[$0] }) == nil { print(d.description) }
            if !verbose {
                for (code, text) in summarised.sorted(by: { $0.key > $1.key }) {
                    let n = diagnostics.filter { $0.code == code }.count
                    if n > 0 { print("info: \(n) \(text) (--verbose lists them)") }
                }
            }
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Concepts and terms per language; with --corpus, mentions per concept, dead terms and the most frequent terms.",
            discussion: "Mentions are counted exactly as `policytrace run` counts them (same tagger, same --overlaps policy)."
        )

        @OptionGroup var lexicon: LexiconOptions

        @Option(help: ArgumentHelp("Count terms in this corpus folder or file.", valueName: "path"))
        var corpus: String?

        @Option(help: ArgumentHelp("Most frequent terms to list per concept.", valueName: "n"))
        var top = 10

        @OptionGroup var workers: JobsOptions
        var jobs: Int { max(1, workers.jobs) }

        func run() throws {
            let tagger = try loadTagger(lexicon)
            let lex = tagger.lexicon
            let usage = try corpus.map {
                LexiconTools.usage(lex, overlaps: lexicon.overlaps, documents: try LexiconTools.documents(corpus: $0, jobs: jobs), jobs: jobs)
            }
            var rows = [["concept", "en", "zh", "excl", "rules"] + (usage == nil ? [] : ["mentions", "dead"])]
            for c in lex.concepts {
                var row = [
                    c.id, "\(c.terms.filter { $0.language == .en }.count)", "\(c.terms.filter { $0.language == .zh }.count)", "\(c.exclusions.count)",
                    "\(c.rules.count)",
                ]
                if let usage {
                    row += [
                        "\(c.terms.reduce(0) { $0 + usage.count(c.id, $1.text) })", "\(c.terms.filter { usage.count(c.id, $0.text) == 0 }.count)",
                    ]
                }
                rows.append(row)
            }
            print(Columns.format(rows, rightAligned: 1...), terminator: "")
            let terms = lex.concepts.flatMap(\.terms)
            print(
                "total: \(lex.concepts.count) concepts, \(terms.filter { $0.language == .en }.count) en + \(terms.filter { $0.language == .zh }.count) zh terms (\(Set(terms.map(\.text)).count) distinct), \(tagger.patternCount) compiled patterns (\(tagger.automatonDescription))"
            )
            guard let usage, let corpus else { return }
            print(
                "\nCounted as `policytrace run` counts: overlap policy `\(usage.overlaps.rawValue)`\(usage.overlaps == .longest ? " (a match inside a longer term is not counted)" : ""), \(usage.documents) documents in \(corpus), \(usage.mentions) concept mentions."
            )
            let dead = usage.deadTerms(lex)
            let nested = dead.filter { usage.onlyNested[$0.concept]?.contains($0.term.text) ?? false }
            let split = Language.allCases.map { l in
                "\(dead.filter { $0.term.language == l }.count) of \(terms.filter { $0.language == l }.count) \(l.rawValue)"
            }
            print(
                "\nDead terms (never counted): \(dead.count) of \(terms.count) (\(split.joined(separator: ", ")))\(nested.isEmpty ? "" : "; \(nested.count) of them (marked ⊂) occur only inside a longer term")"
            )
            for (concept, group) in Dictionary(grouping: dead, by: \.concept).sorted(by: { $0.key < $1.key }) {
                print("  \(concept):")
                for l in Language.allCases.reversed() {
                    let list = group.filter { $0.term.language == l }.map {
                        $0.term.text + ((usage.onlyNested[concept]?.contains($0.term.text) ?? false) ? " ⊂" : "")
                    }
                    if !list.isEmpty { print("    \(l.rawValue) (\(list.count)): \(list.joined(separator: ", "))") }
                }
            }
            print("\nTop \(top) terms per concept:")
            for c in lex.concepts {
                let best = usage.top(c.id, top)
                print("  \(c.id): " + (best.isEmpty ? "—" : best.map { "\($0.term) \($0.count)" }.joined(separator: " · ")))
            }
        }
    }

    struct Suggest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suggest terms for a concept from a corpus: n-grams around its mentions that the lexicon does not cover.",
            discussion: """
                Candidates: CJK n-grams of 2–6 characters within 10 characters of a mention of the concept (or one of its \
                descendants), English n-grams of 1–3 words within 5 words, and longer n-grams that contain a mention. \
                N-grams never cross punctuation, do not start or end with a function word, and are left out when they \
                equal or lie inside any term or exclusion of the lexicon. Ranked by near × (near / corpus) × ln(1 + docs): \
                frequent next to the concept, rare elsewhere, spread over documents.
                """
        )

        @Argument(help: ArgumentHelp("Concept ID, e.g. hukou.reform.", valueName: "concept"))
        var concept: String

        @OptionGroup var lexicon: LexiconOptions

        @Option(help: ArgumentHelp("Corpus folder or file.", valueName: "path"))
        var corpus = "Corpus"

        @Option(help: ArgumentHelp("Candidates to show.", valueName: "n"))
        var top = 30

        @Option(help: ArgumentHelp("Minimum occurrences near the concept (and documents).", valueName: "n"))
        var min = 2

        @OptionGroup var workers: JobsOptions
        var jobs: Int { max(1, workers.jobs) }

        func run() throws {
            let tagger = try loadTagger(lexicon)
            guard tagger.lexicon.allConceptIDs.contains(concept) else {
                throw ValidationError(
                    "no concept `\(concept)` in the lexicon (try: \(tagger.lexicon.allConceptIDs.prefix(6).joined(separator: ", ")) …)")
            }
            let docs = try LexiconTools.documents(corpus: corpus, jobs: jobs)
            let found = LexiconTools.suggest(
                concept, lexicon: tagger.lexicon, overlaps: lexicon.overlaps, documents: docs, top: top, minimum: min, jobs: jobs)
            print(
                "Terms suggested for `\(concept)` from \(docs.count) documents in \(corpus) (overlap policy `\(lexicon.overlaps.rawValue)`, as `run` counts)."
            )
            print(
                "near: occurrences next to a mention of the concept · corpus: occurrences anywhere · docs: documents near · score: near × near/corpus × ln(1+docs)"
            )
            func table(_ list: [TermSuggestion]) {
                var rows = [["#", "candidate", "near", "corpus", "docs", "score", "contains", "example"]]
                for (i, s) in list.enumerated() {
                    let inside = s.contains.map { "⊃ \($0)" + (s.containsOwnTerm ? "" : " (\(s.containsConcepts.joined(separator: ", ")))") } ?? ""
                    rows.append([
                        "\(i + 1)", s.text, "\(s.near)", "\(s.corpus)", "\(s.documents)", String(format: "%.1f", s.score), inside,
                        "\(s.exampleDocument)  \(s.example)",
                    ])
                }
                print(Columns.format(rows, rightAligned: [0, 2, 3, 4, 5]), terminator: "")
            }
            let fresh = found.filter { !$0.containsOwnTerm }, longer = found.filter(\.containsOwnTerm).prefix(Swift.max(5, top / 3))
            print(
                "\nNew phrases near its terms (⊃ marks a term of another concept inside; adding the phrase moves those mentions here when that concept is of the same family, and adds a mention beside them when it is not):"
            )
            table(fresh)
            if !longer.isEmpty {
                print("\nLonger phrases containing its terms (already counted through the shorter term; add one to count the phrase as a whole):")
                table(Array(longer))
            }
            if found.isEmpty { print("(no candidates: the concept has fewer than \(min) mentions with uncovered neighbours)") }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the lexicon as a quanteda YAML dictionary, a LIWC .dic or a LIWC-22 .dicx file.",
            discussion: """
                Concept IDs and terms are kept (quanteda: nested keys; a parent's own terms under `__`, as quanteda's \
                as.yaml() writes them. LIWC: one category per concept ID). Each term is written as its ICU word tokens \
                joined by spaces (户籍制度改革 → 户籍 制度 改革; workers' compensation → workers ' compensation), the \
                multi-word form quanteda's tokens_lookup and LIWC match token by token; an English term with hyphens \
                also as the spaced form. Labels, exclusions and context rules have no place in these formats and are \
                dropped, with a warning.
                """
        )

        @OptionGroup var lexicon: LexiconOptions

        @Option(help: ArgumentHelp("quanteda (YAML), liwc (.dic), dicx (LIWC-22), or policytrace to rewrite our own format.", valueName: "format"))
        var format: LexiconFormat

        @OptionGroup var output: OutputFileOptions

        func run() throws {
            try output.refuseOverwriting(lexicon.paths)
            let tagger = try loadTagger(lexicon)
            let (text, losses) = format.write(tagger.lexicon)
            for d in losses where d.severity != .info { warn(d.description) }
            try output.write(text)
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a quanteda YAML dictionary, a LIWC .dic or a LIWC-22 .dicx file to PolicyTrace's lexicon format.",
            discussion: """
                Keys become concept IDs (nested keys joined with dots; missing parents are created). Terms with a CJK \
                ideograph are zh, others en; spaces between the tokens of a Chinese value are dropped. A `*` that is not at the end of a term (or a `?`) cannot be represented \
                and is reported as an error with its line. Every concept's `source:` names the file it came from.
                """
        )

        @Argument(help: ArgumentHelp("A .dic (LIWC), .dicx (LIWC-22) or .yml/.yaml (quanteda) dictionary.", valueName: "file"))
        var file: String

        @OptionGroup var output: OutputFileOptions

        func run() throws {
            try output.refuseOverwriting([file])
            do {
                let (lex, diagnostics) = try LexiconReader.load(paths: [file])
                for d in diagnostics where d.severity != .info || d.code == nil { warn(d.description) }
                let text = LexiconWriter.yaml(
                    lex.concepts,
                    header: """
                        PolicyTrace lexicon imported from \((file as NSString).lastPathComponent) by `policytrace lexicon import`.
                        Add labels (en, zh), definitions and sources, and check the languages of terms, before use.
                        """)
                try output.write(text)
                warn("\(lex.concepts.count) concepts, \(lex.concepts.flatMap(\.terms).count) terms imported\(output.out.map { " to \($0)" } ?? "")")
            } catch let error as LexiconError {
                for d in error.diagnostics where d.severity != .info { warn(d.description) }
                throw ExitCode(2)
            }
        }
    }
}

extension LexiconFormat: ExpressibleByArgument {}

/// Plain-text columns padded by display width (a CJK character is two columns wide).
enum Columns {
    static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { n, u in
            n
                + ((0x1100...0x115F).contains(u.value) || (0x2E80...0xA4CF).contains(u.value) || (0xAC00...0xD7A3).contains(u.value)
                    || (0xF900...0xFAFF).contains(u.value) || (0xFE30...0xFE4F).contains(u.value) || (0xFF00...0xFF60).contains(u.value)
                    || (0x20000...0x3FFFD).contains(u.value) ? 2 : 1)
        }
    }

    static func format<R: Sequence>(_ rows: [[String]], rightAligned: R) -> String where R.Element == Int {
        let right = Set(rightAligned.prefix(rows.first?.count ?? 0))
        let widths = (0..<(rows.first?.count ?? 0)).map { i in rows.map { i < $0.count ? width($0[i]) : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - width(cell))
                if i == row.count - 1 && !right.contains(i) { return cell }
                return right.contains(i) ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
