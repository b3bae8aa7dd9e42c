import ArgumentParser
import Foundation
import PolicyTraceBatch

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score mentions against gold spans: precision, recall and F1 per concept and per family.",
        discussion: """
        GOLD is JSON Lines: {"doc","start","end","concept"} per gold mention (code points, end exclusive) and \
        {"doc","passage":[start,end]} per annotated stretch. Only gold documents, and within them only declared \
        passages, are scored. Predictions come from --pred (a mentions.jsonl) or, without it, from tagging the gold \
        documents of --corpus with --lexicon in-process. Family figures count a hit when a prediction overlaps a \
        gold span and carries a concept of its family; exact figures need the same start, end and concept. \
        See docs/EVALUATION.md.
        """
    )

    @Option(help: ArgumentHelp("Gold file (JSON Lines).", valueName: "file"))
    var gold: String

    @Option(help: ArgumentHelp("Predicted mentions (mentions.jsonl) instead of tagging --corpus.", valueName: "file"))
    var pred: String?

    @OptionGroup var corpus: CorpusOptions
    @OptionGroup var lexicon: LexiconOptions

    @Option(help: ArgumentHelp("Context on each side of an error, in characters.", valueName: "n"))
    var window = 15

    @Flag(help: "Print only the table, not the false positives and negatives.")
    var summary = false

    func run() throws {
        let goldSet = try GoldSet.parse(jsonl: try String(contentsOfFile: gold, encoding: .utf8), file: gold)
        let ids = Set(goldSet.documents)
        var documents: [Document] = []
        if pred == nil || FileManager.default.fileExists(atPath: corpus.corpus) {
            documents = try Evaluation.documents(ids, corpus: corpus.corpus, format: corpus.format, encoding: corpus.encoding)
        }
        let predictions: [PredictedSpan]
        if let pred {
            predictions = try PredictedSpan.parse(mentionsJSONL: try String(contentsOfFile: pred, encoding: .utf8), file: pred)
        } else {
            let missing = ids.subtracting(documents.map(\.id)).sorted()
            if !missing.isEmpty { warn("gold documents not in \(corpus.corpus): \(missing.joined(separator: ", "))") }
            predictions = Evaluation.tag(documents, with: try loadTagger(lexicon))
        }
        for g in Evaluation.misaligned(goldSet, documents: documents) {
            warn("gold span \(g.doc) \(g.start)..<\(g.end) says \"\(g.text ?? "")\" but the text there differs")
        }
        let result = Evaluation.score(gold: goldSet, predictions: predictions)
        print(Evaluation.report(result, documents: documents, window: window, errors: !summary), terminator: "")
    }
}
