import ArgumentParser
import Foundation
import PolicyTrace

/// Where the corpus is and how to read it.
struct CorpusOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Corpus folder or file. A folder may hold a policytrace.yaml saying how to read it.", valueName: "path"))
    var corpus = "Corpus"

    @OptionGroup var reading: ReadingOptions
    var format: DocumentFormat? { reading.format }
    var encoding: String? { reading.encoding }
}

/// How to read corpus files when their extension and bytes are not to be trusted.
struct ReadingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Read every file as this format instead of choosing by extension.", valueName: "format"))
    var format: DocumentFormat?

    @Option(help: ArgumentHelp("Decode text files with this encoding (e.g. GB18030, Big5, UTF-16LE) instead of detecting it.", valueName: "name"))
    var encoding: String?
}

/// Which lexicon, and how its matches are counted.
struct LexiconOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Lexicon file or folder: PolicyTrace YAML (*.yaml, *.yml), a quanteda YAML dictionary or a LIWC .dic file; repeat to combine several. Default: ./Lexicons if there is one, else the default lexicons built into policytrace.",
            valueName: "path"))
    var lexicon: [String] = []

    @Option(
        help: ArgumentHelp(
            "Nested matches: `longest` counts only the longest term at a position (户籍制度改革, not also 户籍); `all` counts every match.",
            valueName: "policy"))
    var overlaps = OverlapPolicy.longest

    /// The lexicons named, or the default ones (see `DefaultLexicons.paths`).
    var paths: [String] {
        get throws { lexicon.isEmpty ? try DefaultLexicons.paths() : lexicon }
    }
}

/// How mentions are counted into groups and shown in context: the same for
/// `run` and for `tag --stdin`, whose partial counts `merge --aggregates`
/// turns into `run`'s tables.
struct CountingOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Group the timeline by these comma-separated fields: year, issuer, lang, source, year_source or any metadata field.", valueName: "fields")
    )
    var by = "year"

    @Option(help: ArgumentHelp("Bin years into periods of N years (e.g. 5 → 2010-2014).", valueName: "n"))
    var period: Int?

    @Option(help: ArgumentHelp("Context on each side of a match in kwic.csv, in characters (code points).", valueName: "n"))
    var kwicWindow = KWICLine.defaultWindow

    @Option(
        help: ArgumentHelp(
            "Years (groups) with fewer tokens than this are flagged low_base in timeline.csv, never ranked as a concept's peak year, and drawn as open points off the report's lines.",
            valueName: "n"))
    var minTokens = RunOptions().minTokens

    func apply(to options: inout RunOptions) {
        options.groupBy = by.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        options.period = period
        options.kwicWindow = max(0, kwicWindow)
        options.minTokens = max(0, minTokens)
    }
}

extension DocumentFormat: ExpressibleByArgument {}
extension OverlapPolicy: ExpressibleByArgument {}

/// The output folder of the commands that write a set of files (`run`, `merge`).
struct OutputFolderOptions: ParsableArguments {
    @Option(name: [.customShort("o"), .customLong("out")], help: ArgumentHelp("Output folder.", valueName: "folder"))
    var out = "Output"
}

/// The output file of the commands that write one file, standard output by default.
struct OutputFileOptions: ParsableArguments {
    @Option(name: [.customShort("o"), .customLong("out")], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    /// Stops (exit 2) before anything is read when the output file is one of
    /// the command's inputs or inside an input folder.
    func refuseOverwriting(_ inputs: [String]) throws {
        if let out, let conflict = CorpusPaths.outputConflict(out, inputs: inputs) {
            warn("error: -o \(conflict); write the output somewhere else")
            throw ExitCode(2)
        }
    }

    /// Writes `text` to the file, or prints it. A symbolic link is written
    /// through (its target is replaced, the link stays); a device or pipe
    /// (`/dev/stdout`, a FIFO) is written in place, never replaced by a file.
    func write(_ text: String) throws {
        try write(Data(text.utf8))
    }

    /// Writes `data` as `write(_:)` writes text.
    func write(_ data: Data) throws {
        let sink = try open()
        try sink.append(data)
        try sink.finish()
    }

    /// A sink for output written a piece at a time (`tag`'s lines), so the
    /// whole output is never held in memory; it lands where `write(_:)` puts it.
    func open() throws -> OutputSink { try OutputSink(out) }
}

/// Standard output, a device or pipe written in place, or a regular file
/// staged beside its target and renamed over it by `finish`: a command that
/// fails leaves the old file as it was. A symbolic link is written through.
final class OutputSink {
    private let handle: FileHandle
    private let name: String
    /// The staged file and where it goes, for a regular file.
    private let staged: (temporary: String, target: String)?
    private var buffer = Data()
    private var finished = false

    init(_ out: String?) throws {
        guard let out else {
            (handle, name, staged) = (FileHandle.standardOutput, "standard output", nil)
            return
        }
        name = out
        var target = out
        for _ in 0..<32 {  // a link's target, even one that does not exist yet
            guard let next = try? FileManager.default.destinationOfSymbolicLink(atPath: target) else { break }
            target = next.hasPrefix("/") ? next : ((target as NSString).deletingLastPathComponent as NSString).appendingPathComponent(next)
        }
        let type = (try? FileManager.default.attributesOfItem(atPath: target))?[.type] as? FileAttributeType
        if let type, type != .typeRegular, type != .typeDirectory {
            guard let device = FileHandle(forWritingAtPath: target) else { throw RunError("\(out): cannot open for writing") }
            (handle, staged) = (device, nil)
            return
        }
        let folder = (target as NSString).deletingLastPathComponent
        let temporary = ((folder.isEmpty ? "." : folder) as NSString).appendingPathComponent(
            ".\((target as NSString).lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let file = FileHandle(forWritingAtPath: temporary) else {
            throw RunError("\(out): cannot create the file (is its folder there and writable?)")
        }
        (handle, staged) = (file, (temporary, target))
    }

    deinit {
        guard !finished else { return }
        if let staged {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: staged.temporary)
        }
    }

    func append(_ bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do { try handle.write(contentsOf: buffer) } catch { throw RunError("\(name): cannot write (\(error.localizedDescription))") }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and, for a regular file, puts it in place
    /// (on a failure `deinit` removes the staged file).
    func finish() throws {
        try flush()
        if let staged {
            try handle.close()
            guard rename(staged.temporary, staged.target) == 0 else {
                throw RunError("\(name): cannot write (\(String(cString: strerror(errno))))")
            }
        }
        finished = true
    }
}

/// Worker threads; every command's output is the same for every value.
struct JobsOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Worker threads (default: all cores). The output is the same for every value.", valueName: "n"))
    var jobs = ProcessInfo.processInfo.activeProcessorCount
}

/// Silence for scripts and schedulers.
struct QuietOptions: ParsableArguments {
    @Flag(help: "Print nothing but errors (no progress, no summary).")
    var quiet = false
}
