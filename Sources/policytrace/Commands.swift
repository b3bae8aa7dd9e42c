import ArgumentParser
import Foundation
import PolicyTrace

struct Tag: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tag files or folders and write their mentions as JSON Lines.",
        discussion:
            "Each line: doc, year, concepts, term, lang, text, start, end (code points, end exclusive). See MATCHING.md for what counts as a mention."
    )

    @Argument(help: ArgumentHelp("Files or folders to tag.", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var lexicon: LexiconOptions

    @Option(
        help: ArgumentHelp(
            "Streaming mode (for the Spark job): `jsonl` reads records, record lines or base64 files on standard input and writes document, mention, KWIC and partial-aggregate lines (docs/FORMATS.md, Streaming mode); `paths` says for each path read whether a run reads it and how.",
            valueName: "mode"))
    var stdin: StreamMode?

    @Option(
        help: ArgumentHelp(
            "With --stdin: the corpus folder whose policytrace.yaml (and issuer table) apply; only the configuration is read.", valueName: "path"))
    var corpus = "Corpus"

    @Option(help: ArgumentHelp("With --stdin: the file name bare records are read as (it gives their IDs, name#N).", valueName: "name"))
    var name = "stdin.jsonl"

    /// With --stdin: counted as `run` counts, for `merge --aggregates`.
    @OptionGroup var counting: CountingOptions

    enum StreamMode: String, ExpressibleByArgument { case jsonl, paths }

    func validate() throws {
        if stdin == nil && paths.isEmpty { throw ValidationError("give files or folders to tag, or --stdin jsonl to read records on standard input") }
        if stdin != nil && !paths.isEmpty { throw ValidationError("--stdin reads standard input; give no paths with it") }
    }

    @OptionGroup var reading: ReadingOptions

    @OptionGroup var output: OutputFileOptions

    @OptionGroup var workers: JobsOptions

    func run() throws {
        if let stdin {
            var options = RunOptions()
            options.corpus = corpus
            options.format = reading.format
            options.encoding = reading.encoding
            options.lexicons = try lexicon.paths
            options.overlaps = lexicon.overlaps
            counting.apply(to: &options)
            do {
                switch stdin {
                case .jsonl: try RecordStream.run(options, name: name)
                case .paths: try RecordStream.classify(options)
                }
            } catch let error as LexiconError {
                warn(error.description)
                throw ExitCode(2)
            }
            return
        }
        try output.refuseOverwriting(paths)
        let tagger = try loadTagger(lexicon)
        let out = try output.open()
        for path in paths {
            let reader = try CorpusReader(path: path, format: reading.format, encoding: reading.encoding)
            try MentionLines.tag(reader.files(), reader: reader, tagger: tagger, jobs: workers.jobs) { file in
                file.skipped.forEach { warn("skipped \($0.description)") }
                try out.append(file.lines)
            }
        }
        try out.finish()
    }
}

struct KWIC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kwic",
        abstract: "Show keyword-in-context lines for a concept (and its descendants) or a term.",
        discussion: "Example: policytrace kwic hukou.reform --window 15"
    )

    @Argument(help: ArgumentHelp("A concept ID (e.g. hukou or hukou.reform) or a term as written in the lexicon.", valueName: "concept-or-term"))
    var key: String

    @OptionGroup var corpus: CorpusOptions
    @OptionGroup var lexicon: LexiconOptions

    @Option(help: ArgumentHelp("Context on each side, in characters.", valueName: "n"))
    var window = KWICLine.defaultWindow

    @Option(help: ArgumentHelp("Show at most this many lines (0: all).", valueName: "n"))
    var limit = 50

    func run() throws {
        let tagger = try loadTagger(lexicon)
        let concepts = tagger.lexicon.allConceptIDs
        let terms = tagger.lexicon.concepts.flatMap { $0.terms.map(\.text) }
        guard concepts.contains(key) || terms.contains(key) else {
            var message = "error: \(key) is neither a concept ID nor a term of the lexicon"
            if let nearest = NearestName.to(key, among: concepts + terms) { message += "; did you mean \(nearest)?" }
            FileHandle.standardError.write(Data((message + "\nConcepts: policytrace lexicon stats lists them.\n").utf8))
            throw ExitCode(2)
        }
        let reader = try CorpusReader(path: corpus.corpus, format: corpus.format, encoding: corpus.encoding)
        var shown = 0
        for file in try reader.files() {
            for doc in reader.read(file).documents {
                for m in tagger.tag(doc.text).mentions where m.term == key || m.concepts.contains(where: { ConceptID($0).isWithin(key) }) {
                    let k = KWICLine(text: doc.text, mention: m, window: window)
                    print("\(doc.id)\t\(doc.year.map(String.init) ?? "-")\t\(k.bracketed)")
                    shown += 1
                    if limit > 0 && shown >= limit { return }
                }
            }
        }
    }
}

struct Text: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a document's extracted text and metadata, so offsets can be checked.",
        discussion:
            "DOC is a document ID as in the outputs (government_work_reports.jsonl#3, or a record's own id), a file path under the corpus, or any file on disk (notice.html, data.jsonl#2)."
    )

    @Argument(help: ArgumentHelp("Document ID.", valueName: "doc"))
    var doc: String

    @OptionGroup var corpus: CorpusOptions

    @Flag(help: "Print only the text, exactly as offsets count it.")
    var textOnly = false

    func run() throws {
        guard let d = try CorpusReader.document(doc, corpus: corpus.corpus, format: corpus.format, encoding: corpus.encoding) else {
            throw ValidationError(
                "no document \(doc) in \(corpus.corpus), and no file of that name; give a document ID as in documents.csv or a file path")
        }
        if !textOnly {
            print("doc: \(d.id)\nsource: \(d.source)\(d.record.map { " (record \($0))" } ?? "")")
            print("year: \(d.year.map(String.init) ?? "") (from: \(d.yearSource?.rawValue ?? "undated"))")
            for (k, v) in [("title", d.title), ("issuer", d.issuer), ("doc_number", d.docNumber), ("date", d.date)] {
                if let v { print("\(k): \(v)") }
            }
            print("lang: \(d.language)\nencoding: \(d.encoding)\ncode points: \(d.text.unicodeScalars.count)")
            for (k, v) in d.metadata.sorted(by: { $0.key < $1.key }) { print("\(k): \(v)") }
            if let starts = d.pageStarts {
                print("pages: \(starts.count) (starting at code points \(starts.map(String.init).joined(separator: ", ")))")
            }
            print("---")
        }
        print(d.text)
    }
}

struct Chronology: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract policy events from chronology tables (and, with --prose, from running text) into chronology.csv.",
        discussion: """
            Tables: plain text with tabs, TSV, Markdown tables or HTML tables; one event per row with its year cell. \
            Blank year cells stay blank: a year is never guessed. Issuer abbreviations (MCA's → Ministry of Civil Affairs) \
            come from Corpus/issuers.tsv's built-in copy, extended with --issuers.
            """
    )

    @Argument(help: ArgumentHelp("Chronology files.", valueName: "file"))
    var files: [String]

    @Flag(help: "Read the files as running prose: English sentences pairing a year, a quoted title and an issuer; Chinese 《titles》 with a year.")
    var prose = false

    @Option(help: ArgumentHelp("An extra issuer table (abbreviation<TAB>expansion).", valueName: "file"))
    var issuers: String?

    @OptionGroup var output: OutputFileOptions

    @Flag(help: "Write a UTF-8 byte-order mark (for Excel).")
    var excel = false

    func run() throws {
        try output.refuseOverwriting(files + (issuers.map { [$0] } ?? []))
        var table = IssuerTable.builtIn
        if let issuers { table = table.merging(IssuerTable.load(tsv: try String(contentsOfFile: issuers, encoding: .utf8))) }
        let events = try files.flatMap { try ChronologyReader.read(file: $0, prose: prose, issuers: table) }
        try output.write(OutputFiles.chronology(events, excel: excel))
    }
}

func loadTagger(_ options: LexiconOptions) throws -> Tagger {
    do {
        return try Tagger.load(lexiconPaths: try options.paths, overlaps: options.overlaps, cache: .standard(version: Manifest.version)).tagger
    } catch let error as LexiconError {
        warn(error.description)
        throw ExitCode(2)
    }
}

func warn(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
