import Dispatch
import Foundation
import PolicyTraceAggregate
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceStore
import PolicyTraceTag
import PolicyTraceText

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
    public var kwicWindow = KWICLine.defaultWindow
    /// Groups with fewer tokens than this are flagged `low_base` in
    /// `timeline.csv`, never a peak year in `concepts.csv`, and drawn apart in
    /// the report: one mention in a short text is not a trend.
    public var minTokens = 1000
    /// Also write BRAT standoff files to `brat/`.
    public var brat = false
    /// Also write `stata/`: the wide tables with Stata variable names and a `load.do` (StataFiles).
    public var stata = false
    /// Read files that symbolic links in the corpus point to outside it.
    package var followLinks = false
    /// The command line, recorded in the manifest.
    package var commandLine: [String] = CommandLine.arguments

    public init() {}
}

/// What a run read, counted and skipped: printed as the summary and kept in
/// `manifest.json`.
public struct RunSummary: Sendable {
    public var files = 0
    var bytes = 0
    package var documentsByFormat: [DocumentFormat: Int] = [:]
    public var documents = 0
    public var undated = 0
    public var years: ClosedRange<Int>?
    var yearSources: [String: Int] = [:]
    public var tokens = 0
    public var mentions = 0
    /// Rolled-up mentions per family (top-level concept).
    package var mentionsByFamily: [String: Int] = [:]
    package var stats = TagStats()
    var overlaps = OverlapPolicy.longest
    public var skipped: [SkippedItem] = []
    public var warnings: [SkippedItem] = []
    package var events = 0
    public var outputs: [String] = []
    var seconds = 0.0
    var stages = StageTimings()
    var lexiconDiagnostics: [LexiconDiagnostic] = []
    /// True when nothing was redone: the inputs, lexicon, options and outputs
    /// were those of the last finished run. `recorded` then holds that run's
    /// summary lines.
    var upToDate = false
    var recorded: [String] = []
    /// When the run that wrote the outputs finished (ISO 8601), for an up-to-date run.
    var recordedAt: String?

    mutating func add(_ other: RunSummary) {
        documents += other.documents
        undated += other.undated
        tokens += other.tokens
        mentions += other.mentions
        stats.merge(other.stats)
        yearSources.merge(other.yearSources, uniquingKeysWith: +)
        mentionsByFamily.merge(other.mentionsByFamily, uniquingKeysWith: +)
        if let y = other.years { years = years.map { min($0.lowerBound, y.lowerBound)...max($0.upperBound, y.upperBound) } ?? y }
    }
}

/// Seconds spent in each stage of a run (summed over batches).
struct StageTimings: Sendable, Equatable {
    var read = 0.0
    var tag = 0.0
    var aggregate = 0.0
    var write = 0.0

    /// Runs `body`, adding its duration to `stage`.
    static func time<T>(_ stage: inout Double, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { stage += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        return try body()
    }
}

/// The main job: corpus → documents → mentions → counts → `Output/`.
/// Files are read and documents tagged in parallel, a bounded window at a
/// time; each window's rows are rendered and counted in parallel slices and
/// written in corpus order, so memory stays bounded and the output is
/// identical for every `jobs`. A run whose inputs, lexicon, options and
/// outputs are those of the last finished run rewrites nothing.
public enum Pipeline {
    /// What one slice of a window's documents gives: output rows in document
    /// order, and counts that merge in any order.
    struct Slice {
        var mentions: [UInt8] = []
        var kwic: [UInt8] = []
        var documents = ""
        var counts = Counts()
        var yearCounts = Counts()
        var terms = TermCounts()
        var summary = RunSummary()
        var samples: [KWICRow] = []
        var undated: [(doc: String, title: String?)] = []
        /// Metadata field names the slice's documents have, for `--by` and the
        /// record-field columns of `documents.csv`.
        var fields = Set<String>()
        /// `documents.csv`: each row's length in bytes, and the record fields
        /// of the rows that have any (by row index in the slice).
        var rowLengths: [Int] = []
        var rowFields: [(row: Int, fields: [String: String])] = []
        /// Chronology events' counts, in corpus order: events are not documents
        /// and stay out of the timelines (their counts go to `chronology.csv`).
        var events: [DocumentTally] = []
    }

    struct Settings {
        var options: RunOptions
        var concepts: [String]
        var families: [String]
        var groupedByYear: Bool
        var samplesPerConcept: Int

        init(_ options: RunOptions, lexicon: Lexicon) {
            self.options = options
            concepts = lexicon.allConceptIDs
            families = Set(lexicon.concepts.map(\.family)).sorted()
            groupedByYear = options.groupBy == ["year"] && options.period == nil
            samplesPerConcept = 3
        }
    }

    /// What the corpus-wide outputs (timeline, concepts, top terms,
    /// chronology, skipped, report) are written from: counts that merge in
    /// any order, and lists in corpus order. A run collects them while it
    /// tags; `merge --aggregates` gets them reduced by the Spark job.
    struct Totals {
        var counts = Counts()
        /// Counts grouped by plain year (for concepts.csv and the report).
        var yearCounts = Counts()
        var terms = TermCounts()
        var events: [ChronologyEvent] = []
        /// The events' counts, in the same order (`group` = the event's doc ID).
        var eventCounts: [DocumentTally] = []
        /// The report's KWIC samples: the first few rows of each concept.
        var samples: [KWICRow] = []
        var undated: [(doc: String, title: String?)] = []

        init() {}
    }

    /// timeline.csv, timeline_wide.csv, concepts.csv, top_terms.csv,
    /// chronology.csv and skipped.csv, by name.
    static func summaryTables(_ t: Totals, summary: RunSummary, options: RunOptions, lexicon: Lexicon) -> [(String, String)] {
        let concepts = lexicon.allConceptIDs
        let conceptRows = ConceptRow.rows(yearCounts: t.yearCounts, lexicon: lexicon, minTokens: options.minTokens)
        let groupFields = options.groupBy.map { $0 == "year" && options.period != nil ? "period" : $0 }
        return [
            (
                "timeline.csv",
                OutputFiles.timeline(t.counts, concepts: concepts, groupFields: groupFields, minTokens: options.minTokens, excel: options.excel)
            ),
            (
                "timeline_wide.csv",
                OutputFiles.timelineWide(t.counts, concepts: concepts, groupFields: groupFields, measure: options.measure, excel: options.excel)
            ),
            ("concepts.csv", OutputFiles.concepts(conceptRows, excel: options.excel)),
            ("top_terms.csv", OutputFiles.topTerms(t.terms, timeField: options.period == nil ? "year" : "period", excel: options.excel)),
            ("chronology.csv", OutputFiles.chronology(t.events, counts: t.eventCounts, concepts: concepts, excel: options.excel)),
            ("skipped.csv", OutputFiles.skipped(summary.skipped, excel: options.excel)),
        ]
    }

    /// report.html.
    static func reportPage(_ t: Totals, summary: RunSummary, options: RunOptions, lexicon: Lexicon) -> String {
        let conceptRows = ConceptRow.rows(yearCounts: t.yearCounts, lexicon: lexicon, minTokens: options.minTokens)
        var content = Report.content(summary, options: options, lexicon: lexicon, yearCounts: t.yearCounts, concepts: conceptRows)
        content.topTerms = Dictionary(uniqueKeysWithValues: lexicon.allConceptIDs.map { ($0, t.terms.top($0, limit: 8)) })
        content.kwic = t.samples
        content.events = t.events
        content.undated = t.undated
        content.undatedCount = summary.undated
        return ReportPage.html(content)
    }

    /// A tagged document, whether it is a chronology event, and the
    /// `mentions.jsonl` line of its first mention.
    typealias Tagged = (doc: Document, result: TagResult, isEvent: Bool, firstLine: Int)

    /// A document's mentions counted by (term, concept list): what its
    /// rolled-up concept counts and its `top_terms.csv` counts are spread from
    /// once the document is done, one hash per mention.
    struct MentionTally {
        struct Key: Hashable {
            var term: String
            var concepts: [String]
            var language: Language
            /// A term's concept list is nearly always the same: hash the term only.
            func hash(into h: inout Hasher) { h.combine(term) }
        }
        /// Each key once (a document's own tally is built from distinct
        /// slots; `merge` adds the counts of keys already there).
        var counts: [(key: Key, count: Int)] = []
        /// Where each key is in `counts`, once another tally is merged in.
        private var index: [Key: Int]?

        mutating func merge(_ other: MentionTally) {
            if counts.isEmpty { return counts = other.counts }
            var index = self.index ?? Dictionary(uniqueKeysWithValues: counts.enumerated().map { ($1.key, $0) })
            self.index = nil
            for (key, n) in other.counts {
                if let i = index[key] {
                    counts[i].count += n
                } else {
                    index[key] = counts.count
                    counts.append((key, n))
                }
            }
            self.index = index
        }
    }

    /// The (term, concepts, language) keys a piece of work has met, each
    /// with its mention fields encoded once and the current document's
    /// count: one hash per mention, and no dictionary per document.
    struct KnownMentions {
        private var slots: [MentionTally.Key: Int] = [:]
        private var keys: [MentionTally.Key] = []
        private var fields: [Rendering.MentionFields] = []
        private var counts: [Int] = []
        /// The slots the current document has counted, in first-seen order.
        private var touched: [Int] = []

        /// Counts `m` for the current document; its key's encoded fields.
        mutating func count(_ m: Mention) -> Rendering.MentionFields {
            let key = MentionTally.Key(term: m.term, concepts: m.concepts, language: m.language)
            let slot: Int
            if let s = slots[key] {
                slot = s
            } else {
                slot = keys.count
                slots[key] = slot
                keys.append(key)
                fields.append(Rendering.MentionFields(m))
                counts.append(0)
            }
            if counts[slot] == 0 { touched.append(slot) }
            counts[slot] += 1
            return fields[slot]
        }

        /// The current document's counts, which start again from zero.
        mutating func takeTally(into tally: inout MentionTally) {
            var own = MentionTally()
            own.counts = touched.map { (keys[$0], counts[$0]) }
            for s in touched { counts[s] = 0 }
            touched.removeAll(keepingCapacity: true)
            tally.merge(own)
        }
    }

    /// Writes the `mentions.jsonl` lines and `kwic.csv` rows of `doc`'s
    /// mentions `range` (their first line being `firstLine`) into `slice`,
    /// counting them into `tally`. Pieces of one document's mentions can be
    /// rendered apart (on other threads) and their tallies merged.
    static func renderMentions(
        _ doc: Document, _ mentions: ArraySlice<Mention>, firstLine: Int, _ settings: Settings,
        into slice: inout Slice, tally: inout MentionTally, sampled: inout [String: Int], known: inout KnownMentions
    ) {
        guard !mentions.isEmpty else { return }
        let perConcept = settings.samplesPerConcept
        func sample(_ concept: String) -> Bool {
            guard sampled[concept, default: 0] < perConcept else { return false }
            sampled[concept, default: 0] += 1
            return true
        }
        let prefix = OutputFiles.mentionPrefix(doc)
        let window = settings.options.kwicWindow
        var line = firstLine
        var text = doc.text
        let cells = Rendering.DocumentCells(doc)
        text.withUTF8 { text in
            for m in mentions {
                let fields = known.count(m)
                Rendering.appendMentionLine(prefix: prefix, fields, m, page: doc.page(at: m.start), to: &slice.mentions)
                Rendering.kwicRows(
                    doc: doc, cells: cells, text: text, mention: m, fields: fields, line: line, window: window, into: &slice.kwic,
                    sample: sample, samples: &slice.samples)
                line += 1
            }
        }
        known.takeTally(into: &tally)
    }

    /// One piece of a document's mentions rendered on its own (its slice
    /// and tally merge in corpus order with the others').
    static func renderPiece(_ doc: Document, _ mentions: ArraySlice<Mention>, firstLine: Int, _ settings: Settings) -> (Slice, MentionTally) {
        var slice = Slice(), tally = MentionTally(), sampled: [String: Int] = [:], known = KnownMentions()
        renderMentions(doc, mentions, firstLine: firstLine, settings, into: &slice, tally: &tally, sampled: &sampled, known: &known)
        return (slice, tally)
    }

    /// A document's own part, once its mentions are tallied: its summary
    /// figures, timeline counts, top terms and `documents.csv` row (or its
    /// chronology counts).
    static func renderDocument(
        _ doc: Document, _ result: TagResult, mentions: Int, isEvent: Bool, tally: MentionTally, _ settings: Settings,
        rolledUp: inout [[String]: [String]], into slice: inout Slice
    ) {
        let options = settings.options
        var rolled: [String: Int] = [:]
        let termGroup = isEvent ? "" : Grouping.key(doc, fields: ["year"], period: options.period)[0]
        for (key, n) in tally.counts {
            let ids =
                rolledUp[key.concepts]
                ?? {
                    let ids = Array(DocumentTally.rolledUp(key.concepts))
                    rolledUp[key.concepts] = ids
                    return ids
                }()
            for id in ids {
                rolled[id, default: 0] += n
                if !isEvent { slice.terms.add(group: termGroup, concept: id, term: key.term, mentions: n) }
            }
        }
        slice.summary.stats.merge(result.stats)
        slice.summary.mentions += mentions
        for family in settings.families { slice.summary.mentionsByFamily[family, default: 0] += rolled[family] ?? 0 }
        if isEvent {
            slice.events.append(DocumentTally(group: [doc.id], tokens: result.tokens, mentions: rolled))
            return
        }
        if !doc.metadata.isEmpty {
            slice.fields.formUnion(doc.metadata.keys)
            slice.rowFields.append((row: slice.rowLengths.count, fields: doc.metadata))
        }
        let group = Grouping.key(doc, fields: options.groupBy, period: options.period)
        let tally = DocumentTally(group: group, tokens: result.tokens, mentions: rolled)
        slice.counts.add(tally)
        if !settings.groupedByYear {
            slice.yearCounts.add(DocumentTally(group: [doc.year.map(String.init) ?? ""], tokens: tally.tokens, mentions: tally.mentions))
        }
        slice.summary.documents += 1
        slice.summary.tokens += result.tokens
        if let y = doc.year {
            slice.summary.years = slice.summary.years.map { min($0.lowerBound, y)...max($0.upperBound, y) } ?? y...y
        } else {
            slice.summary.undated += 1
            if slice.undated.count < ReportPage.undatedListed { slice.undated.append((doc: doc.id, title: doc.title)) }
        }
        slice.summary.yearSources[doc.yearSource?.rawValue ?? "none", default: 0] += 1
        let before = slice.documents.utf8.count
        DocumentsFile.appendRow(doc, tally, concepts: settings.concepts, to: &slice.documents)
        slice.rowLengths.append(slice.documents.utf8.count - before)
    }

    static func render(_ docs: ArraySlice<Tagged>, _ settings: Settings) -> Slice {
        var slice = Slice()
        var sampled: [String: Int] = [:]
        var rolledUp: [[String]: [String]] = [:]
        var known = KnownMentions()
        for (doc, result, isEvent, firstLine) in docs {
            var tally = MentionTally()
            renderMentions(
                doc, result.mentions[...], firstLine: firstLine, settings, into: &slice, tally: &tally, sampled: &sampled, known: &known)
            renderDocument(
                doc, result, mentions: result.mentions.count, isEvent: isEvent, tally: tally, settings, rolledUp: &rolledUp, into: &slice)
        }
        return slice
    }

    /// A document with more UTF-8 bytes than this is tagged in segments
    /// (`TextSegment`), a few at a time on every thread: one large file keeps
    /// both cores busy, and without a store its mentions are written a few
    /// segments at a time instead of held whole.
    static let largeDocumentBytes = 1 << 20
    /// The segments' size: small enough that a few segments' mentions and
    /// their rendered rows stay a few MB even on a line with a mention every
    /// dozen bytes.
    static let segmentBytes = 1 << 18

    /// Tags a large text in segments on `jobs` threads: the same result as
    /// tagging it whole.
    static func tagInSegments(_ text: String, tagger: Tagger, jobs: Int) -> TagResult {
        var text = text
        return text.withUTF8 { buf in
            // A few segments per thread at a time, their mentions appended
            // and let go before the next few are tagged: the document's
            // mentions are held once, not once more per segment.
            let segments = tagger.segments(utf8: buf, size: segmentBytes)
            let group = max(1, jobs * 2)
            var all = TagResult(mentions: [], stats: TagStats(), tokens: 0)
            var names = ShortNames()
            for start in stride(from: 0, to: segments.count, by: group) {
                let parts = tag(Array(segments[start..<min(segments.count, start + group)]), of: buf, tagger: tagger, jobs: jobs, names: &names)
                if start == 0 {
                    // Room for the whole document at the first group's density (untouched room costs no memory).
                    let first = parts.reduce(0) { $0 + $1.mentions.count }
                    all.mentions.reserveCapacity(first * segments.count / max(1, parts.count) * 5 / 4)
                }
                for p in parts {
                    all.mentions += p.mentions
                    all.stats.merge(p.stats)
                    all.tokens += p.tokens
                }
            }
            return all
        }
    }

    /// Tags `segments` of `buf` on `jobs` threads, then adds to each in text
    /// order the short names the text defines (`ShortNames` carries them
    /// from one call to the next).
    static func tag(
        _ segments: [TextSegment], of buf: UnsafeBufferPointer<UInt8>, tagger: Tagger, jobs: Int, names: inout ShortNames
    ) -> [TagResult] {
        var results = parallelMap(segments, jobs: jobs) { tagger.tag(utf8: buf, segment: $0) }
        for k in results.indices { names.extend(&results[k], utf8: buf, segment: segments[k]) }
        return results
    }

    /// A document with more mentions than this has them rendered in pieces
    /// of this many, spread over the threads and written a few pieces at a
    /// time: a single large file uses every core, and its output text is
    /// never held whole in memory.
    static let mentionsPerPiece = 8192

    /// One item of a window's output work, in corpus order.
    enum Work {
        /// Whole documents (mentions and rows).
        case documents(Range<Int>)
        /// A piece of one large document's mentions.
        case mentions(doc: Int, Range<Int>)
        /// That document's own part, after its last piece.
        case finish(doc: Int)
    }

    /// The window's output work: runs of whole documents (about `pieces`
    /// runs, as even in document count as before), large documents cut into
    /// pieces of `mentionsPerPiece` mentions.
    static func plan(_ docs: [Tagged], pieces: Int) -> [Work] {
        var work: [Work] = []
        func runs(_ r: Range<Int>) {
            guard !r.isEmpty else { return }
            let k = max(1, min(r.count, pieces))
            for i in 0..<k { work.append(.documents(r.lowerBound + r.count * i / k..<r.lowerBound + r.count * (i + 1) / k)) }
        }
        var start = 0
        for (i, d) in docs.enumerated() where d.result.mentions.count > mentionsPerPiece {
            runs(start..<i)
            let n = d.result.mentions.count
            for s in stride(from: 0, to: n, by: mentionsPerPiece) { work.append(.mentions(doc: i, s..<min(n, s + mentionsPerPiece))) }
            work.append(.finish(doc: i))
            start = i + 1
        }
        runs(start..<docs.count)
        return work
    }

    public static func run(_ options: RunOptions, batch: BatchOptions = BatchOptions()) throws -> RunSummary {
        let started = Date()
        try RunError.check(options)
        let (tagger, lexicon, diagnostics, _) = try Tagger.load(
            lexiconPaths: options.lexicons, overlaps: options.overlaps,
            cache: .standard(version: Manifest.version))
        var reader = try CorpusReader(path: options.corpus, format: options.format, encoding: options.encoding)
        reader.excluded = try RunError.outputsInsideCorpus(options, batch: batch, root: reader.root)
        reader.followsLinksOutside = options.followLinks
        let walk = try reader.walk()
        let files = walk.files
        if files.isEmpty {
            throw RunError(
                "\(options.corpus): the corpus holds no files to read (hidden files, READMEs and policytrace.yaml are not documents); point --corpus at a folder of documents"
            )
        }
        let configurationHash = WorkSource.configurationHash(lexicon: lexicon, options: options, reader: reader)
        if var summary = try UpToDate.check(options: options, batch: batch, reader: reader, files: files, configurationHash: configurationHash) {
            summary.lexiconDiagnostics = diagnostics
            summary.seconds = Date().timeIntervalSince(started)
            return summary
        }

        let out = try OutputDirectory(options.out)
        let concepts = lexicon.allConceptIDs
        let settings = Settings(options, lexicon: lexicon)

        var summary = RunSummary()
        summary.overlaps = options.overlaps
        summary.lexiconDiagnostics = diagnostics
        summary.skipped = walk.skipped
        var counts = Counts()
        // Per-year counts for concepts.csv and the report; the timeline's own
        // counts already are that when it is grouped by plain years.
        var yearCounts = Counts()
        var terms = TermCounts()
        var events: [ChronologyEvent] = []
        var samples = KWICSamples(perConcept: settings.samplesPerConcept)
        var undated: [(doc: String, title: String?)] = []
        var bratNames = Set<String>()
        var fields = Set<String>()
        var eventTallies: [DocumentTally] = []
        var mentionLines = 0
        let written = WrittenOutputs(out)
        let mentionsFile = try written.stream("mentions.jsonl")
        defer { mentionsFile.close() }
        let kwicFile = try written.stream("kwic.csv")
        defer { kwicFile.close() }
        // documents.csv ends with the records' own fields, known only once
        // every record is read: its rows wait in a scratch file till then.
        let documentRows = try DocumentsFile.Rows(scratch: out.scratchURL("documents.rows"))
        try kwicFile.write(CSVWriter(header: KWICRow.header, byteOrderMark: options.excel).text)

        let source = try WorkSource(
            reader: reader, files: files, tagger: tagger, jobs: options.jobs, configurationHash: configurationHash,
            optionsRecord: options.record, out: options.out, options: batch)
        source.defersLarge = !options.brat
        source.findsTextYearsLater = source.defersLarge
        source.readsAhead = options.jobs > 1
        var documentIDs = DocumentIDs()
        var pending = MentionTally()
        var rolledUp: [[String]: [String]] = [:]

        /// Sums what `slices` (in corpus order) counted, and writes their rows.
        func absorb(_ slices: [Slice]) throws {
            for slice in slices {
                counts.merge(slice.counts)
                yearCounts.merge(slice.yearCounts)
                terms.merge(slice.terms)
                summary.add(slice.summary)
                slice.samples.forEach { samples.offer($0) }
                undated += slice.undated.prefix(ReportPage.undatedListed - undated.count)
                fields.formUnion(slice.fields)
                eventTallies += slice.events
            }
            try StageTimings.time(&summary.stages.write) {
                for slice in slices {
                    try mentionsFile.write(slice.mentions)
                    try kwicFile.write(slice.kwic)
                    try documentRows.append(slice.documents, lengths: slice.rowLengths, fields: slice.rowFields)
                }
            }
        }

        /// Output work for tagged documents, a group at a time, rendered in
        /// parallel and written in corpus order; a large document's pieces'
        /// tallies wait for its `finish`.
        func emit(_ docs: [Tagged]) throws {
            let work = plan(docs, pieces: options.jobs * 4)
            for group in stride(from: 0, to: work.count, by: options.jobs * 4).map({ work[$0..<min(work.count, $0 + options.jobs * 4)] }) {
                let rendered = parallelMap(Array(group), jobs: options.jobs) { item -> (Slice, MentionTally) in
                    switch item {
                    case .documents(let r): return (render(docs[r], settings), MentionTally())
                    case .mentions(let d, let r):
                        return renderPiece(docs[d].doc, docs[d].result.mentions[r], firstLine: docs[d].firstLine + r.lowerBound, settings)
                    case .finish: return (Slice(), MentionTally())
                    }
                }
                var slices: [Slice] = []
                for (item, (slice, tally)) in zip(group, rendered) {
                    switch item {
                    case .documents: slices.append(slice)
                    case .mentions:
                        pending.merge(tally)
                        slices.append(slice)
                    case .finish(let d):
                        var own = Slice()
                        renderDocument(
                            docs[d].doc, docs[d].result, mentions: docs[d].result.mentions.count, isEvent: docs[d].isEvent,
                            tally: pending, settings, rolledUp: &rolledUp, into: &own)
                        pending = MentionTally()
                        slices.append(own)
                    }
                }
                try absorb(slices)
            }
        }

        /// A document too large to tag whole: its segments are tagged a few
        /// per thread, rendered and written before the next few are tagged,
        /// so memory holds a few segments' mentions (issue #18).
        /// `append` receives its mentions a group at a time (for the store);
        /// the counts are returned, their mentions empty, with the document as
        /// rendered. With `yearLater`
        /// (a plain text read without its year), the year is found on another
        /// thread while the first groups are tagged; they wait, at most
        /// `yearBacklog` of them, to be rendered once it is known.
        func stream(
            _ doc: Document, yearLater: Bool = false, isEvent: Bool, append: (([Mention]) throws -> Void)?
        ) throws -> (counts: TagResult, document: Document) {
            var doc = doc
            var year = yearLater ? YearLater(doc, reader: reader) : nil
            var backlog: [(results: [TagResult], pieces: [(result: Int, range: Range<Int>, firstLine: Int)])] = []
            // Segments per group: a few per thread, so that the threads'
            // uneven segments even out before each group's barrier; one per
            // thread once a group turns out dense (over `denseSegment`
            // mentions a segment), so that its mentions stay few MB.
            var groupSize = options.jobs == 1 ? 1 : options.jobs * 4
            let denseSegment = mentionsPerPiece / 2
            // At most this many segments wait for the year.
            let yearBacklog = 64
            var text = doc.text
            var stats = TagStats(), tokens = 0, count = 0
            var tally = MentionTally()
            // The store takes each group's mentions on a thread of its own
            // while the next group is rendered and tagged; one group at a
            // time, in order, and all of them before this returns.
            let storing = StoreFeed()
            defer { storing.wait() }
            /// Renders and writes the groups waiting in `backlog`, in order.
            func renderBacklog() throws {
                let work = backlog.indices.flatMap { g in backlog[g].pieces.map { (g, $0) } }
                let rendered = parallelMap(work, jobs: options.jobs) { g, piece in
                    renderPiece(doc, backlog[g].results[piece.result].mentions[piece.range], firstLine: piece.firstLine, settings)
                }
                backlog = []
                rendered.forEach { tally.merge($0.1) }
                try absorb(rendered.map(\.0))
            }
            try text.withUTF8 { buf in
                let segments = tagger.segments(utf8: buf, size: segmentBytes)
                var names = ShortNames()
                var next = 0
                while next < segments.count {
                    let group = segments[next..<min(segments.count, next + groupSize)]
                    next = group.endIndex
                    let results = StageTimings.time(&summary.stages.tag) {
                        tag(Array(group), of: buf, tagger: tagger, jobs: options.jobs, names: &names)
                    }
                    if results.reduce(0, { $0 + $1.mentions.count }) > denseSegment * results.count { groupSize = options.jobs }
                    var pieces: [(result: Int, range: Range<Int>, firstLine: Int)] = []
                    if let append {
                        try StageTimings.time(&summary.stages.write) {
                            try storing.feed(results.map(\.mentions), to: append)
                        }
                    }
                    for (k, r) in results.enumerated() {
                        for s in stride(from: 0, to: r.mentions.count, by: mentionsPerPiece) {
                            pieces.append((k, s..<min(r.mentions.count, s + mentionsPerPiece), mentionLines + 1 + s))
                        }
                        mentionLines += r.mentions.count
                        count += r.mentions.count
                        tokens += r.tokens
                        stats.merge(r.stats)
                    }
                    backlog.append((results, pieces))
                    if let pending = year {
                        guard backlog.reduce(0, { $0 + $1.results.count }) >= yearBacklog || pending.isFound else { continue }
                        doc = pending.document()
                        year = nil
                    }
                    try renderBacklog()
                }
                if let pending = year {
                    doc = pending.document()
                    try renderBacklog()
                }
            }
            try StageTimings.time(&summary.stages.write) { try storing.finish() }
            var own = Slice()
            renderDocument(
                doc, TagResult(mentions: [], stats: stats, tokens: tokens), mentions: count, isEvent: isEvent, tally: tally, settings,
                rolledUp: &rolledUp, into: &own)
            try absorb([own])
            return (TagResult(mentions: [], stats: stats, tokens: tokens), doc)
        }

        // With two or more threads the next window is read and tagged while
        // this one is written, unless this one's units are stored as they
        // are written (`source.save`, which must not overlap `next`).
        var nextWindow = try source.next(&summary.stages)
        var ahead: WorkSource.ReadAhead?
        // On an error, the read-ahead finishes before the source goes away.
        defer { _ = try? ahead?.wait() }
        while let window = nextWindow {
            ahead = source.readsAhead && window.deferred.isEmpty ? WorkSource.ReadAhead(source) : nil
            var results = window.results
            let tagged = window.tagged
            documentIDs.disambiguate(&results)
            let isEvent = results.flatMap { r in repeatElement(r.format == .chronology, count: r.documents.count) }
            let documents = results.flatMap(\.documents)
            let aggregateClock = DispatchTime.now().uptimeNanoseconds
            let writeBefore = summary.stages.write, tagBefore = summary.stages.tag
            for r in results {
                if r.part == 0 { summary.files += 1 }
                summary.bytes += r.bytes
                summary.skipped += r.skipped
                summary.warnings += r.warnings
                events += r.events
                if !r.documents.isEmpty, r.format != .chronology { summary.documentsByFormat[r.format, default: 0] += r.documents.count }
            }
            /// Writes documents `range`, all tagged.
            func emitRun(_ range: Range<Int>) throws {
                guard !range.isEmpty else { return }
                var docs: [Tagged] = []
                for k in range {
                    let result = tagged[k]!
                    docs.append((doc: documents[k], result: result, isEvent: isEvent[k], firstLine: mentionLines + 1))
                    mentionLines += result.mentions.count
                }
                try emit(docs)
                try StageTimings.time(&summary.stages.write) {
                    if options.brat {
                        for tagged in docs {
                            let name = BratFiles.baseName(tagged.doc.id, taken: &bratNames)
                            try written.write("brat/\(name).txt", tagged.doc.text)
                            try written.write("brat/\(name).ann", BratFiles.annotations(tagged.result.mentions))
                        }
                    }
                }
            }
            // Runs of tagged documents, and between them the documents left
            // to be tagged a segment at a time; with a store, the unit
            // holding such a document is stored while it is tagged.
            var i = 0
            while i < documents.count {
                guard tagged[i] == nil else {
                    var end = i
                    while end < documents.count, tagged[end] != nil { end += 1 }
                    try emitRun(i..<end)
                    i = end
                    continue
                }
                if let unit = window.deferredUnit(containing: i) {
                    try source.save(unit) { k, append in
                        let j = unit.base + k
                        try emitRun(i..<j)
                        let streamed = try withoutActuallyEscaping(append) {
                            try stream(documents[j], yearLater: window.yearsLater.contains(j), isEvent: isEvent[j], append: $0)
                        }
                        i = j + 1
                        return streamed
                    }
                } else {
                    _ = try stream(documents[i], yearLater: window.yearsLater.contains(i), isEvent: isEvent[i], append: nil)
                    i += 1
                }
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - aggregateClock) / 1e9
            summary.stages.aggregate += elapsed - (summary.stages.write - writeBefore) - (summary.stages.tag - tagBefore)
            if let ahead {
                let (next, stages) = try ahead.wait()
                summary.stages.read += stages.read
                summary.stages.tag += stages.tag
                summary.stages.write += stages.write
                nextWindow = next
            } else {
                nextWindow = try source.next(&summary.stages)
            }
        }
        try mentionsFile.finish()
        try kwicFile.finish()
        try StageTimings.time(&summary.stages.write) {
            let documentsFile = try written.stream("documents.csv")
            defer { documentsFile.close() }
            try documentRows.finish(concepts: concepts, excel: options.excel, into: documentsFile.write)
            try documentsFile.finish()
        }

        // A shard may hold no documents, or none with a field that others have.
        if batch.shard == nil, summary.documents == 0, events.isEmpty {
            let reasons = summary.skipped.prefix(3).map(\.description).joined(separator: "; ")
            throw RunError(
                "\(options.corpus): no documents were read from \(summary.files) file(s)" + (reasons.isEmpty ? "" : ", skipped: \(reasons)")
                    + "; check --format and --encoding, or point --corpus at a folder of documents")
        }
        if batch.shard == nil, let error = RunError.unknownGroupFields(options.groupBy, seen: fields) { throw error }
        summary.events = events.count
        var totals = Totals()
        totals.counts = counts
        totals.yearCounts = settings.groupedByYear ? counts : yearCounts
        totals.terms = terms
        totals.events = events
        totals.eventCounts = eventTallies
        totals.samples = samples.rows
        totals.undated = undated
        var tables: [(String, String)] = []
        let counted = summary
        StageTimings.time(&summary.stages.aggregate) {
            tables = summaryTables(totals, summary: counted, options: options, lexicon: lexicon)
        }
        summary.outputs =
            ["mentions.jsonl", "kwic.csv", "timeline.csv", "timeline_wide.csv", "documents.csv"] + tables.dropFirst(2).map(\.0)
            + ["report.html"] + (options.brat ? ["brat/"] : []) + ["manifest.json"]
        var writeSeconds = 0.0
        try StageTimings.time(&writeSeconds) {
            if options.brat { try written.write("brat/annotation.conf", BratFiles.configuration(concepts: concepts)) }
            for (name, text) in tables { try written.write(name, text) }
            if options.stata {
                let documents = try String(contentsOf: out.stagedURL("documents.csv"), encoding: .utf8)
                for (name, text) in StataFiles.files([
                    ("documents.csv", documents), ("timeline_wide.csv", tables[1].1),
                    ("chronology.csv", tables.first { $0.0 == "chronology.csv" }!.1),
                ]) { try written.write("stata/" + name, text) }
                summary.outputs.insert("stata/", at: summary.outputs.count - 1)
            }
            try written.write("report.html", reportPage(totals, summary: summary, options: options, lexicon: lexicon))
        }
        summary.stages.write += writeSeconds
        summary.seconds = Date().timeIntervalSince(started)
        let manifest = try written.stream("manifest.json")
        defer { manifest.close() }
        try Manifest.write(
            options: options, lexicon: lexicon, corpus: reader, files: files, summary: summary, tagger: tagger,
            hashes: source.hashes, outputs: written.hashes.filter { !$0.key.hasPrefix("brat/") }, to: manifest.write)
        try manifest.finish()
        try source.waitForStore()
        try out.commit()
        var recorded: [String: Store.OutputFile] = [:]
        for (name, sha) in written.hashes {
            if let identity = FileHashing.identity((options.out as NSString).appendingPathComponent(name)) {
                recorded[name] = Store.OutputFile(sha256: sha, identity: identity)
            }
        }
        try source.finish(outputs: recorded, summary: Report.lines(summary, options: options))
        return summary
    }

    /// `transform` over `items` on `jobs` threads, results in input order.
    package static func parallelMap<T, R>(_ items: [T], jobs: Int, _ transform: (T) -> R) -> [R] {
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

/// A document's year found on a thread of its own (`CorpusReader.resolveYear(ofText:)`)
/// while its text is tagged.
private final class YearLater: @unchecked Sendable {
    private var doc: Document
    private let reader: CorpusReader
    private let done = DispatchGroup()

    init(_ doc: Document, reader: CorpusReader) {
        self.doc = doc
        self.reader = reader
        done.enter()
        DispatchQueue.global().async { [self] in
            self.reader.resolveYear(ofText: &self.doc)
            done.leave()
        }
    }

    var isFound: Bool { done.wait(timeout: .now()) == .success }

    /// The document with its year, once found.
    func document() -> Document {
        done.wait()
        return doc
    }
}

/// Hands a large document's mentions to the store a group at a time on a
/// thread of its own, so that SQLite's inserts overlap the tagging and
/// rendering of the next group (the store's transaction stays open on the
/// caller's thread, which waits for every group before it ends).
final class StoreFeed: @unchecked Sendable {
    private let queue = DispatchQueue(label: "policytrace.store-feed")
    private let done = DispatchGroup()
    private let lock = NSLock()
    private var failure: Error?
    /// The store's `append`, held only while a group is being stored: the
    /// caller lends it for the document (`withoutActuallyEscaping`), and
    /// `wait` lets it go.
    private var sink: (([Mention]) throws -> Void)?

    /// Waits for the group before, rethrows its error, then stores `groups` in the background.
    func feed(_ groups: [[Mention]], to append: @escaping ([Mention]) throws -> Void) throws {
        try finish()
        lock.withLock { sink = append }
        done.enter()
        queue.async { [self] in
            store(groups)
            // Only now: `store` has let its reference to `append` go.
            done.leave()
        }
    }

    private func store(_ groups: [[Mention]]) {
        guard let append = lock.withLock({ sink }) else { return }
        do {
            for mentions in groups { try append(mentions) }
        } catch {
            lock.withLock { failure = error }
        }
    }

    /// Waits for every group and rethrows the first error.
    func finish() throws {
        wait()
        if let failure = lock.withLock({ failure }) { throw failure }
    }

    /// Waits for every group and lets the store's `append` go.
    func wait() {
        done.wait()
        lock.withLock { sink = nil }
    }
}
