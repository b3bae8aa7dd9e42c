import Dispatch
import Foundation
import PolicyTraceAggregate
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceTag

/// What `policytrace run` is asked to do.
public struct RunOptions: Sendable {
    public var corpus = "Corpus"
    public var lexicons = ["Lexicons"]
    public var out = "Output"
    public var overlaps = OverlapPolicy.longest
    /// Worker threads; the output is the same for every value.
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    public var format: DocumentFormat?
    public var encoding: String?
    /// Group fields for the timeline: `year`, or metadata fields (`issuer`, `lang`, …).
    public var groupBy = ["year"]
    /// Bin years into periods of this many years (`2010-2014`).
    public var period: Int?
    public var excel = false
    /// The quantity in `timeline_wide.csv`.
    public var measure = Measure.per10kTokens
    /// Context on each side of a `kwic.csv` match, in code points.
    public var kwicWindow = 30
    /// Also write BRAT standoff files to `brat/`.
    public var brat = false
    /// The command line, recorded in the manifest.
    public var commandLine: [String] = CommandLine.arguments

    public init() {}
}

/// What a run read, counted and skipped: printed as the summary and kept in
/// `manifest.json`.
public struct RunSummary: Sendable {
    public var files = 0
    public var bytes = 0
    public var documentsByFormat: [DocumentFormat: Int] = [:]
    public var documents = 0
    public var undated = 0
    public var years: ClosedRange<Int>?
    public var yearSources: [String: Int] = [:]
    public var tokens = 0
    public var mentions = 0
    /// Rolled-up mentions per family (top-level concept).
    public var mentionsByFamily: [String: Int] = [:]
    public var stats = TagStats()
    public var overlaps = OverlapPolicy.longest
    public var skipped: [SkippedItem] = []
    public var warnings: [SkippedItem] = []
    public var events = 0
    public var outputs: [String] = []
    public var seconds = 0.0
    public var stages = StageTimings()
    public var lexiconDiagnostics: [LexiconDiagnostic] = []
}

/// Seconds spent in each stage of a run (summed over batches).
public struct StageTimings: Sendable, Equatable {
    public var read = 0.0
    public var tag = 0.0
    public var aggregate = 0.0
    public var write = 0.0

    /// Runs `body`, adding its duration to `stage`.
    static func time<T>(_ stage: inout Double, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { stage += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        return try body()
    }
}

/// The main job: corpus → documents → mentions → counts → `Output/`.
/// Files are read and documents tagged in parallel, a bounded window at a
/// time, and results are written in corpus order, so memory stays bounded
/// and the output is identical for every `jobs`.
public enum Pipeline {
    public static func run(_ options: RunOptions, batch: BatchOptions = BatchOptions()) throws -> RunSummary {
        let started = Date()
        let (lexicon, diagnostics) = try LexiconReader.load(paths: options.lexicons)
        let tagger = Tagger(lexicon: lexicon, overlaps: options.overlaps)
        let reader = try CorpusReader(path: options.corpus, format: options.format, encoding: options.encoding)
        let files = try reader.files()
        let out = try OutputDirectory(options.out)
        let concepts = lexicon.allConceptIDs
        let families = Set(lexicon.concepts.map(\.family))

        var summary = RunSummary()
        summary.overlaps = options.overlaps
        summary.lexiconDiagnostics = diagnostics
        var counts = Counts()
        // Per-year counts for concepts.csv and the report; the timeline's own
        // counts already are that when it is grouped by plain years.
        let groupedByYear = options.groupBy == ["year"] && options.period == nil
        var yearCounts = Counts()
        var terms = TermCounts()
        var events: [ChronologyEvent] = []
        var samples = KWICSamples(perConcept: 3)
        var bratNames = Set<String>()
        let mentionsFile = try streamedFile(out, "mentions.jsonl")
        defer { try? mentionsFile.close() }
        let kwicFile = try streamedFile(out, "kwic.csv")
        defer { try? kwicFile.close() }
        var kwic = CSVWriter(header: KWICRow.header, byteOrderMark: options.excel)
        var documentRows: [(Document, DocumentTally)] = []

        let source = try WorkSource(reader: reader, files: files, tagger: tagger, jobs: options.jobs,
                                    lexiconHash: WorkSource.lexiconHash(lexicon: lexicon, options: options),
                                    optionsRecord: RunRecord(options).json, out: options.out, options: batch)
        while let (results, tagged) = try source.next(&summary.stages) {
            let docs = results.flatMap(\.documents)
            let writeBefore = summary.stages.write
            let aggregateClock = DispatchTime.now().uptimeNanoseconds
            for r in results {
                if r.part == 0 { summary.files += 1 }
                summary.bytes += r.bytes
                summary.skipped += r.skipped
                summary.warnings += r.warnings
                events += r.events
                if !r.documents.isEmpty { summary.documentsByFormat[r.format, default: 0] += r.documents.count }
            }
            var lines = ""
            for (doc, result) in zip(docs, tagged) {
                let group = groupKey(doc, fields: options.groupBy, period: options.period)
                let tally = DocumentTally(group: group, tokens: result.tokens, mentions: result.mentions)
                counts.add(tally)
                if !groupedByYear {
                    yearCounts.add(DocumentTally(group: [doc.year.map(String.init) ?? ""], tokens: tally.tokens, mentions: tally.mentions))
                }
                terms.add(group: groupKey(doc, fields: ["year"], period: options.period)[0], mentions: result.mentions)
                summary.stats.merge(result.stats)
                summary.documents += 1
                summary.tokens += result.tokens
                summary.mentions += result.mentions.count
                if let y = doc.year {
                    summary.years = summary.years.map { min($0.lowerBound, y)...max($0.upperBound, y) } ?? y...y
                } else {
                    summary.undated += 1
                }
                summary.yearSources[doc.yearSource?.rawValue ?? "none", default: 0] += 1
                for family in families { summary.mentionsByFamily[family, default: 0] += tally.mentions[family] ?? 0 }
                for m in result.mentions {
                    lines += OutputFiles.mentionLine(doc: doc, mention: m) + "\n"
                    for row in KWICRow.rows(doc: doc, mention: m, window: options.kwicWindow) {
                        kwic.append(row.fields)
                        samples.offer(row)
                    }
                }
                if options.brat {
                    let name = BratFiles.baseName(doc.id, taken: &bratNames)
                    try StageTimings.time(&summary.stages.write) {
                        try out.write("brat/\(name).txt", doc.text)
                        try out.write("brat/\(name).ann", BratFiles.annotations(result.mentions))
                    }
                }
                var row = doc
                row.text = ""
                documentRows.append((row, tally))
            }
            try StageTimings.time(&summary.stages.write) {
                try mentionsFile.write(contentsOf: Data(lines.utf8))
                try kwicFile.write(contentsOf: Data(kwic.drain().utf8))
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - aggregateClock) / 1e9
            summary.stages.aggregate += elapsed - (summary.stages.write - writeBefore)
        }
        try mentionsFile.close()
        try kwicFile.close()

        summary.events = events.count
        if groupedByYear { yearCounts = counts }
        let conceptRows = ConceptRow.rows(yearCounts: yearCounts, lexicon: lexicon)
        let groupFields = options.groupBy.map { $0 == "year" && options.period != nil ? "period" : $0 }
        var tables: [(String, String)] = []
        StageTimings.time(&summary.stages.aggregate) {
            tables = [
                ("timeline.csv", OutputFiles.timeline(counts, concepts: concepts, groupFields: groupFields, excel: options.excel)),
                ("timeline_wide.csv", OutputFiles.timelineWide(counts, concepts: concepts, groupFields: groupFields, measure: options.measure, excel: options.excel)),
                ("documents.csv", OutputFiles.documents(documentRows, concepts: concepts, excel: options.excel)),
                ("concepts.csv", OutputFiles.concepts(conceptRows, excel: options.excel)),
                ("top_terms.csv", OutputFiles.topTerms(terms, timeField: options.period == nil ? "year" : "period", excel: options.excel)),
                ("chronology.csv", OutputFiles.chronology(events, excel: options.excel)),
                ("skipped.csv", OutputFiles.skipped(summary.skipped, excel: options.excel)),
            ]
        }
        summary.outputs = ["mentions.jsonl", "kwic.csv"] + tables.map(\.0) + ["report.html"] + (options.brat ? ["brat/"] : []) + ["manifest.json"]
        var writeSeconds = 0.0
        try StageTimings.time(&writeSeconds) {
            if options.brat { try out.write("brat/annotation.conf", BratFiles.configuration(concepts: concepts)) }
            for (name, text) in tables { try out.write(name, text) }
            var content = Report.content(summary, options: options, lexicon: lexicon, yearCounts: yearCounts, concepts: conceptRows)
            content.topTerms = Dictionary(uniqueKeysWithValues: concepts.map { ($0, terms.top($0, limit: 8)) })
            content.kwic = samples.rows
            content.events = events
            content.undated = documentRows.filter { $0.0.year == nil }.map { (doc: $0.0.id, title: $0.0.title) }
            try out.write("report.html", ReportPage.html(content))
        }
        summary.stages.write += writeSeconds
        summary.seconds = Date().timeIntervalSince(started)
        try out.write("manifest.json", Manifest.json(options: options, lexicon: lexicon, corpus: reader, files: files,
                                                     summary: summary, tagger: tagger, hashes: source.hashes))
        try out.commit()
        try source.finish()
        return summary
    }

    static func streamedFile(_ out: OutputDirectory, _ name: String) throws -> FileHandle {
        let url = try out.stagedURL(name)
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return try FileHandle(forWritingTo: url)
    }

    /// The timeline group of a document: its year (or period) and any other
    /// `--by` fields, empty where the document has no value.
    public static func groupKey(_ doc: Document, fields: [String], period: Int?) -> [String] {
        fields.map { field in
            switch field {
            case "year":
                guard let y = doc.year else { return "" }
                guard let p = period, p > 1 else { return String(y) }
                let start = y - ((y % p) + p) % p
                return "\(start)-\(start + p - 1)"
            case "issuer": return doc.issuer ?? ""
            case "lang", "language": return doc.language
            case "source": return doc.source
            case "year_source": return doc.yearSource?.rawValue ?? ""
            case "encoding": return doc.encoding
            default: return doc.metadata[field] ?? ""
            }
        }
    }

    /// `transform` over `items` on `jobs` threads, results in input order.
    public static func parallelMap<T, R>(_ items: [T], jobs: Int, _ transform: (T) -> R) -> [R] {
        if jobs <= 1 || items.count <= 1 { return items.map(transform) }
        var results = [R?](repeating: nil, count: items.count)
        let lock = NSLock()
        let next = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        next.initialize(to: 0)
        defer { next.deallocate() }
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            DispatchQueue.concurrentPerform(iterations: min(jobs, items.count)) { _ in
                while true {
                    lock.lock()
                    let i = next.pointee
                    next.pointee += 1
                    lock.unlock()
                    if i >= items.count { return }
                    slots[i] = transform(items[i])
                }
            }
        }
        return results.map { $0! }
    }
}
