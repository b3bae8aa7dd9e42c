import ArgumentParser
import Foundation
import PolicyTrace

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the output folders of `run --shard I/N` into the outputs of a single run.",
        discussion: """
            Give every shard's output folder (0/N … N-1/N, each from a finished run). Their stores \
            (policytrace.sqlite) are merged into the output folder's store, and every output file is \
            written from it: byte-identical to a single run over the whole corpus, apart from the \
            manifest's timings and command line. The corpus must be readable at the path the shards \
            were given (or at --corpus): its files are hashed for the manifest.
              policytrace merge out-0 out-1 out-2 --out Output
            """
    )

    @Argument(help: ArgumentHelp("The shards' output folders.", valueName: "folder"))
    var shards: [String] = []

    @Option(
        help: ArgumentHelp(
            "Instead of shard folders: a file of reduced partial aggregates (from `tag --stdin jsonl`, reduced by the Spark job; docs/FORMATS.md). Writes timeline.csv, timeline_wide.csv, concepts.csv, top_terms.csv, chronology.csv, skipped.csv and report.html.",
            valueName: "file"))
    var aggregates: String?

    @Option(help: ArgumentHelp("With --aggregates: the lexicon the partitions were tagged with.", valueName: "path"))
    var lexicon: [String] = []

    @OptionGroup var output: OutputFolderOptions

    @Option(help: ArgumentHelp("The corpus, where it is not at the path the shards were given.", valueName: "path"))
    var corpus: String?

    @OptionGroup var workers: JobsOptions
    @OptionGroup var silence: QuietOptions

    func validate() throws {
        if aggregates != nil && !shards.isEmpty { throw ValidationError("give shard folders or --aggregates, not both") }
        if aggregates == nil && shards.isEmpty { throw ValidationError("give the shards' output folders (or --aggregates FILE)") }
    }

    func run() throws {
        do {
            if let aggregates {
                let (summary, options) = try Merge.aggregates(
                    file: aggregates, out: output.out, lexicons: lexicon.isEmpty ? try DefaultLexicons.paths() : lexicon)
                if !silence.quiet { print(Report.summary(summary, options: options)) }
                return
            }
            let (summary, options) = try Merge.run(
                shards: shards, out: output.out, corpus: corpus, jobs: max(1, workers.jobs),
                progress: silence.quiet ? .off : .auto)
            if !silence.quiet {
                print(Report.summary(summary, options: options))
                if let line = ResourceUsage.peakMemoryLine() { print(line) }
            }
        } catch let error as MergeError {
            FileHandle.standardError.write(Data("error: \(error)\nNo outputs were written.\n".utf8))
            throw ExitCode(2)
        } catch let error as RunError {
            FileHandle.standardError.write(Data("error: \(error)\nNo outputs were written.\n".utf8))
            throw ExitCode(2)
        }
    }
}
