import ArgumentParser
import Foundation
import PolicyTrace

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the main job: read the corpus, tag it with the lexicon, write timelines to the output folder.",
        discussion: """
            With no arguments: reads Corpus/, tags with Lexicons/, writes Output/:
              mentions.jsonl     one line per mention (code-point offsets)
              timeline.csv       year × concept: mentions, documents, rates
              timeline_wide.csv  one row per year, a column per concept
              documents.csv      one row per document, with year_source
              concepts.csv       per concept: first, last and peak year
              top_terms.csv      per year × concept, the terms that matched
              kwic.csv           every mention with its context
              chronology.csv     policy events from chronology tables
              skipped.csv        every skipped file or record, and why
              report.html        a self-contained report with charts
              brat/              with --brat: BRAT standoff annotations
              manifest.json      inputs with SHA-256, counting rules, timings
              policytrace.sqlite the store: documents and mentions for SQL;
                                 run again to resume an interrupted run
            Outputs are replaced only when the run succeeds. A run whose corpus files, \
            lexicon, options and outputs are unchanged since the last finished run \
            hashes them, reports "Up to date" and rewrites nothing (--force rewrites). \
            Corpus files are always hashed (SHA-256). An output counts as unchanged when its \
            size, modification time and inode are those recorded, and is hashed only when one \
            differs: an edit of an output that keeps all three is not noticed (use --force).

            An output folder inside the corpus is left out of the corpus walk; --out equal to \
            the corpus folder is refused.
            """
    )

    @OptionGroup var corpus: CorpusOptions
    @OptionGroup var lexicon: LexiconOptions

    @OptionGroup var output: OutputFolderOptions
    @OptionGroup var workers: JobsOptions

    @Option(
        help: ArgumentHelp(
            "What timeline_wide.csv holds: mention counts, document counts, the share of documents or mentions per 10,000 tokens.",
            valueName: "measure"))
    var measure = Measure.per10kTokens

    @OptionGroup var counting: CountingOptions

    @Flag(help: "Also write BRAT standoff annotations (one .txt and .ann per document) to the output folder's brat/.")
    var brat = false

    @Flag(help: "Also write stata/: documents.csv and timeline_wide.csv with Stata variable names, and load.do (labels = original names).")
    var stata = false

    @Flag(help: "Write CSV files with a UTF-8 byte-order mark so Excel opens Chinese text correctly.")
    var excel = false

    @Flag(help: "Read the files that symbolic links in the corpus point to outside it (by default they are listed in skipped.csv, not read).")
    var followLinks = false

    @OptionGroup var silence: QuietOptions

    @Option(
        help: ArgumentHelp(
            "Process only shard I of N (0 ≤ I < N) of the corpus; combine the N output folders with `policytrace merge`.", valueName: "I/N"))
    var shard: String?

    @Option(
        help: ArgumentHelp(
            "The resumable store (SQLite; default: OUT/policytrace.sqlite). Files already in it with the same content and lexicon are not read again.",
            valueName: "path"))
    var store: String?

    @Flag(help: "Keep no store: read and tag every file.")
    var noStore = false

    @Flag(
        help: "Write the outputs even when the store shows that the corpus, lexicon, options and outputs are unchanged since the last finished run.")
    var force = false

    func validate() throws {
        if let shard, ShardSpec(shard) == nil { throw ValidationError("--shard wants I/N with 0 ≤ I < N, e.g. 0/4") }
    }

    func run() throws {
        var options = RunOptions()
        options.corpus = corpus.corpus
        options.format = corpus.format
        options.encoding = corpus.encoding
        options.lexicons = try lexicon.paths
        options.overlaps = lexicon.overlaps
        options.out = output.out
        options.jobs = max(1, workers.jobs)
        counting.apply(to: &options)
        options.excel = excel
        options.measure = measure
        options.brat = brat
        options.stata = stata
        options.followLinks = followLinks
        do {
            var batch = BatchOptions()
            batch.shard = shard.flatMap(ShardSpec.init)
            batch.store = store
            batch.noStore = noStore
            batch.force = force
            batch.progress = silence.quiet ? .off : .auto
            let summary = try Pipeline.run(options, batch: batch)
            if !silence.quiet {
                print(Report.summary(summary, options: options))
                if let line = ResourceUsage.peakMemoryLine() { print(line) }
            }
        } catch let error as LexiconError {
            FileHandle.standardError.write(Data((error.description + "\nNo outputs were written.\n").utf8))
            throw ExitCode(2)
        } catch let error as RunError {
            FileHandle.standardError.write(Data("error: \(error)\nNo outputs were written.\n".utf8))
            throw ExitCode(2)
        } catch let error as IngestError {
            FileHandle.standardError.write(Data("error: \(error)\nNo outputs were written.\n".utf8))
            throw ExitCode(2)
        }
    }
}

extension Measure: ExpressibleByArgument {}
