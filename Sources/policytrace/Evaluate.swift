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
        """
    )

    @Option(help: ArgumentHelp("Gold file (JSON Lines); repeat to score several together.", valueName: "file"))
    var gold: [String]

    @Option(help: ArgumentHelp("Predicted mentions (mentions.jsonl) instead of tagging --corpus.", valueName: "file"))
    var pred: String?

    @Option(help: ArgumentHelp("Corpus folder or file holding the gold documents; repeat when they are spread over several. (default: Corpus)", valueName: "path"))
    var corpus: [String] = []

    @OptionGroup var reading: ReadingOptions
    @OptionGroup var lexicon: LexiconOptions

    @Option(help: ArgumentHelp("Context on each side of an error, in characters.", valueName: "n"))
    var window = KWICLine.defaultWindow

    @Flag(help: "Print only the table, not the false positives and negatives.")
    var summary = false

    func run() throws {
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
        } else {
            let missing = ids.subtracting(documents.map(\.id)).sorted()
            if !missing.isEmpty { warn("gold documents not in \(corpora.joined(separator: ", ")): \(missing.joined(separator: ", "))") }
            predictions = Evaluation.tag(documents, with: try loadTagger(lexicon))
        }
        let lengths = Dictionary(documents.map { ($0.id, $0.text.unicodeScalars.count) }, uniquingKeysWith: { a, _ in a })
        let concepts = (try? loadTagger(lexicon)).map { Set($0.lexicon.allConceptIDs) }
        var problems: [String] = []
        for file in gold {
            problems += SpanValidation.problems(jsonl: try String(contentsOfFile: file, encoding: .utf8), file: file, lengths: lengths, concepts: concepts)
        }
        if let pred {
            problems += SpanValidation.problems(jsonl: try String(contentsOfFile: pred, encoding: .utf8), file: pred, lengths: lengths, concepts: concepts)
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
}
