import ArgumentParser
import Foundation
import PolicyTrace

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score mentions against gold spans: precision, recall and F1 per concept and per family.",
        discussion: """
            GOLD is JSON Lines: {"doc","start","end","concept"} per gold mention (code points, end exclusive) and \
            {"doc","passage":[start,end]} per annotated stretch. Only gold documents, and within them only declared \
            passages, are scored. Predictions come from --pred (a mentions.jsonl) or, without it, from tagging the gold \
            documents of --corpus with --lexicon in-process. Family figures count a hit when a prediction overlaps a \
            gold span and carries a concept of its family; exact figures need the same start, end and concept. \
            Repeat --gold and --corpus to score several gold files together (for example the Chinese passages and the \
            English seed papers): the figures are then over all their documents. See docs/EVALUATION.md.

            --reader B.jsonl scores a second reader's gold file for the same texts against --gold instead of the \
            tagger: the agreement between two readers, in the same figures, and the most a lexicon can be expected to \
            reach on such text (B's spans with the same offsets count as one mention of all their concepts).
            Example: policytrace evaluate --gold first.jsonl --reader second.jsonl --corpus texts/

            --kwic CODED.csv scores a kwic.csv that a reader has coded in a spreadsheet instead: keep its columns (rows \
            may be deleted, sorted or sampled) and add a code column (--code-column, default `code`): 1/yes (the row's \
            concept is right), 0/no (not a mention of it), a concept ID (a mention of that concept instead), or empty \
            (not coded, left out). It prints precision per concept and per family (right / coded rows, each mention once \
            per family; a correction to a concept of the same family is right for the family) with a 95% Wilson \
            interval; recall needs gold spans. Rows are checked against the run's mentions.jsonl (--pred, default the \
            one beside the CSV) by their mention line, doc, start, end and concept. An unknown concept, a bad code or a \
            row that does not join is an error naming file:line (exit 2). --write-gold FILE also writes the coded rows \
            as gold JSON Lines (a passage per coded span, a gold span per right or corrected row) for --gold.
            Example: policytrace evaluate --kwic coded.csv --code-column ok
            """
    )

    @Option(help: ArgumentHelp("Gold file (JSON Lines); repeat to score several together.", valueName: "file"))
    var gold: [String] = []

    @Option(help: ArgumentHelp("A kwic.csv coded in a spreadsheet (see below): precision per concept and family.", valueName: "file"))
    var kwic: String?

    @Option(help: ArgumentHelp("With --kwic: the column holding the codes.", valueName: "name"))
    var codeColumn = "code"

    @Option(help: ArgumentHelp("With --kwic: also write the coded rows as gold JSON Lines to this file.", valueName: "file"))
    var writeGold: String?

    @Option(help: ArgumentHelp("Predicted mentions (mentions.jsonl) instead of tagging --corpus.", valueName: "file"))
    var pred: String?

    @Option(
        help: ArgumentHelp(
            "A second reader's gold file for the same texts, scored against --gold instead of the tagger: the agreement between two readers, in the same figures.",
            valueName: "file"))
    var reader: String?

    @Option(
        help: ArgumentHelp(
            "Corpus folder or file holding the gold documents; repeat when they are spread over several. (default: Corpus)", valueName: "path"))
    var corpus: [String] = []

    @OptionGroup var reading: ReadingOptions
    @OptionGroup var lexicon: LexiconOptions

    @Option(help: ArgumentHelp("Context on each side of an error, in characters.", valueName: "n"))
    var window = KWICLine.defaultWindow

    @Flag(help: "Print only the table, not the false positives and negatives.")
    var summary = false

    func validate() throws {
        if gold.isEmpty && kwic == nil { throw ValidationError("give --gold GOLD.jsonl (gold spans) or --kwic CODED.csv (a coded kwic.csv)") }
        if !gold.isEmpty && kwic != nil { throw ValidationError("--gold and --kwic score differently; give one of them") }
        if kwic == nil && writeGold != nil { throw ValidationError("--write-gold converts a coded --kwic file") }
        if reader != nil && pred != nil { throw ValidationError("--reader and --pred are both predictions; give one of them") }
        if reader != nil && kwic != nil { throw ValidationError("--reader is scored against --gold spans, not a coded --kwic file") }
    }

    func run() throws {
        if let kwic { return try scoreKWIC(kwic) }
        do { try scoreGold() } catch let e as EvaluationError {
            warn("error: \(e.description)")
            throw ExitCode(2)
        }
    }

    /// `--gold` against the tagger, `--pred` or `--reader`.
    func scoreGold() throws {
        var goldSet = GoldSet(spans: [])
        for file in gold { goldSet.append(try GoldSet.parse(jsonl: try String(contentsOfFile: file, encoding: .utf8), file: file)) }
        let ids = Set(goldSet.documents)
        let corpora = corpus.isEmpty ? ["Corpus"] : corpus
        var documents: [Document] = []
        for path in corpora where pred == nil || FileManager.default.fileExists(atPath: path) {
            documents += try Evaluation.documents(ids, corpus: path, format: reading.format, encoding: reading.encoding)
        }
        let predictions: [PredictedSpan]
        if let pred {
            predictions = try PredictedSpan.parse(mentionsJSONL: try String(contentsOfFile: pred, encoding: .utf8), file: pred)
        } else if let reader {
            predictions = PredictedSpan.reading(try GoldSet.parse(jsonl: try String(contentsOfFile: reader, encoding: .utf8), file: reader))
        } else {
            let missing = ids.subtracting(documents.map(\.id)).sorted()
            if !missing.isEmpty { warn("gold documents not in \(corpora.joined(separator: ", ")): \(missing.joined(separator: ", "))") }
            predictions = Evaluation.tag(documents, with: try loadTagger(lexicon))
        }
        let lengths = Dictionary(documents.map { ($0.id, $0.text.unicodeScalars.count) }, uniquingKeysWith: { a, _ in a })
        let concepts = (try? loadTagger(lexicon)).map { Set($0.lexicon.allConceptIDs) }
        var problems: [String] = []
        for file in gold + (reader.map { [$0] } ?? []) {
            problems += SpanValidation.problems(
                jsonl: try String(contentsOfFile: file, encoding: .utf8), file: file, lengths: lengths, concepts: concepts)
        }
        if let pred {
            problems += SpanValidation.problems(
                jsonl: try String(contentsOfFile: pred, encoding: .utf8), file: pred, lengths: lengths, concepts: concepts)
        }
        if !problems.isEmpty {
            problems.prefix(20).forEach { warn("error: \($0)") }
            warn("\(problems.count) impossible gold or prediction line(s); nothing was scored")
            throw ExitCode(2)
        }
        for g in Evaluation.misaligned(goldSet, documents: documents) {
            warn("gold span \(g.doc) \(g.start)..<\(g.end) says \"\(g.text ?? "")\" but the text there differs")
        }
        let result = Evaluation.score(gold: goldSet, predictions: predictions)
        print(Evaluation.report(result, documents: documents, window: window, errors: !summary), terminator: "")
    }

    /// `--kwic`: precision from coded KWIC rows, checked against the run's mentions.
    func scoreKWIC(_ file: String) throws {
        let concepts = Set(try loadTagger(lexicon).lexicon.allConceptIDs)
        let mentionsFile = pred ?? URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("mentions.jsonl").path
        do {
            let coded = try CodedKWIC.parse(
                csv: try String(contentsOfFile: file, encoding: .utf8), file: file,
                codeColumn: codeColumn, concepts: concepts)
            if coded.rows.isEmpty {
                warn("error: \(file): no coded rows (\(coded.uncoded) row(s) with an empty \(codeColumn) cell); code some rows 1/0 first")
                throw ExitCode(2)
            }
            if FileManager.default.fileExists(atPath: mentionsFile) {
                let predictions = try PredictedSpan.parse(
                    mentionsJSONL: try String(contentsOfFile: mentionsFile, encoding: .utf8), file: mentionsFile)
                let problems = coded.problems(joiningTo: predictions, file: file, mentionsFile: mentionsFile)
                if !problems.isEmpty {
                    problems.prefix(20).forEach { warn("error: \($0)") }
                    warn("\(problems.count) row(s) do not join back to \(mentionsFile); nothing was scored (--pred names the run's mentions.jsonl)")
                    throw ExitCode(2)
                }
            } else if pred == nil {
                warn("note: no mentions.jsonl beside \(file); rows not checked against the run (give --pred OUTPUT/mentions.jsonl)")
            } else {
                warn("error: --pred \(mentionsFile): no such file")
                throw ExitCode(2)
            }
            if let writeGold {
                if let conflict = CorpusPaths.outputConflict(writeGold, inputs: [file, mentionsFile]) {
                    warn("error: --write-gold \(conflict); write the gold file somewhere else")
                    throw ExitCode(2)
                }
                try Data(coded.goldJSONL().utf8).write(to: URL(fileURLWithPath: writeGold))
            }
            print(coded.report(), terminator: "")
        } catch let e as EvaluationError {
            warn("error: \(e.description)")
            throw ExitCode(2)
        }
    }
}
