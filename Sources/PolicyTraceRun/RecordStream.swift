import Foundation
import PolicyTraceAggregate
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceTag

/// `policytrace tag --stdin jsonl`: one long-lived process reads items on
/// standard input (records, record lines of a corpus file, or whole files as
/// base64) and writes, per document, its row, its mentions and its KWIC
/// rows, then the partition's partial aggregates (docs/FORMATS.md,
/// "Streaming mode"). Each document goes through the reader, tagger and
/// `Pipeline.render` a run uses, so its results are those of `run`.
package enum RecordStream {
    /// What one input line asks for.
    enum Item {
        /// A whole corpus file: its path (relative to the corpus root) and bytes.
        case file(path: String, data: Data?)
        /// One line of a JSON Lines corpus file: 1-based line and record numbers.
        case record(path: String, line: Int, record: Int, data: Data)
    }

    /// Reads items from `input` until it ends, writing to `output`. Never
    /// stops at bad input: it becomes a skipped item (with file and line).
    package static func run(
        _ options: RunOptions, name: String = "stdin.jsonl",
        input: FileHandle = .standardInput, output: FileHandle = .standardOutput
    ) throws {
        let (tagger, lexicon, _, _) = try Tagger.load(
            lexiconPaths: options.lexicons, overlaps: options.overlaps,
            cache: .standard(version: Manifest.version))
        let reader = try CorpusReader(path: options.corpus, format: options.format, encoding: options.encoding)
        var stream = Stream(settings: Pipeline.Settings(options, lexicon: lexicon), reader: reader, tagger: tagger, output: output)
        var lines = LineReader(input)
        var lineNumber = 0, records = 0
        while let line = lines.next() {
            lineNumber += 1
            if line.withUnsafeBufferPointer(CorpusReader.isBlankLine) { continue }
            if let item = envelope(line, at: lineNumber, into: &stream) {
                try stream.process(item)
            } else if !line.starts(with: envelopeStart) {
                records += 1
                try stream.process(.record(path: name, line: lineNumber, record: records, data: Data(line)))
            }
        }
        try stream.finish(lexicon: lexicon, options: options)
    }

    /// `tag --stdin paths`: for each path (relative to the corpus root) on
    /// `input`, writes `path<TAB>format<TAB>read|ignored<TAB>lines|whole`:
    /// whether a run would read it, and whether its lines can be dealt out
    /// one by one as `@json` records (UTF-8-compatible JSON Lines) or the
    /// file must go whole as `@base64`.
    package static func classify(_ options: RunOptions, input: FileHandle = .standardInput, output: FileHandle = .standardOutput) throws {
        let reader = try CorpusReader(path: options.corpus, format: options.format, encoding: options.encoding)
        var lines = LineReader(input)
        var out = ""
        while let line = lines.next() {
            let path = String(decoding: line, as: UTF8.self)
            if path.isEmpty { continue }
            let format = reader.format(of: path)
            // Spark reads lines as UTF-8.
            let declared = reader.declaredEncoding(path)?.uppercased()
            let split = format == .jsonl && (declared == nil || declared == "UTF-8" || declared == "UTF8")
            out += "\(path)\t\(format.rawValue)\t\(reader.includes(path) ? "read" : "ignored")\t\(split ? "lines" : "whole")\n"
        }
        try output.write(contentsOf: Data(out.utf8))
    }

    static let envelopeStart = Array(#"{"@file":"#.utf8)

    /// Decodes an envelope line (`{"@file":…}`); nil for a bare record, or
    /// when the envelope is broken (then noted as skipped).
    static func envelope(_ line: [UInt8], at number: Int, into stream: inout Stream) -> Item? {
        guard line.starts(with: envelopeStart) else { return nil }
        func broken(_ reason: String) -> Item? {
            stream.summary.skipped.append(SkippedItem(source: "standard input", line: number, reason: reason))
            stream.keys.skipped.append(["", .int(number), 0, 0])
            return nil
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
            let path = object["@file"] as? String
        else { return broken("malformed envelope (see docs/FORMATS.md, Streaming mode)") }
        let line = object["@line"] as? Int, record = object["@record"] as? Int
        if let b64 = object["@base64"] as? String {
            guard let data = Data(base64Encoded: b64) else { return broken("\(path): @base64 is not base64") }
            if let line, let record { return .record(path: path, line: line, record: record, data: data) }
            return .file(path: path, data: data)
        }
        if let raw = object["@json"] as? String, let line, let record {
            return .record(path: path, line: line, record: record, data: Data(raw.utf8))
        }
        return broken("\(path): an envelope needs @base64, or @json with @line and @record")
    }

    /// Lines of a file handle as bytes, without their line feeds.
    struct LineReader {
        let handle: FileHandle
        var buffer: [UInt8] = []
        var start = 0
        var done = false

        init(_ handle: FileHandle) { self.handle = handle }

        mutating func next() -> [UInt8]? {
            while true {
                if let end = buffer[start...].firstIndex(of: 0x0A) {
                    let line = Array(buffer[start..<end])
                    start = end + 1
                    return line
                }
                if done {
                    guard start < buffer.count else { return nil }
                    let line = Array(buffer[start...])
                    start = buffer.count
                    return line
                }
                buffer.removeFirst(start)
                start = 0
                let data = handle.readData(ofLength: 1 << 20)
                if data.isEmpty { done = true } else { buffer += data }
            }
        }
    }

    /// The partition's state: its partial aggregates, and the output buffer.
    struct Stream {
        let settings: Pipeline.Settings
        let reader: CorpusReader
        let tagger: Tagger
        let output: FileHandle
        var out = ""
        var totals = Pipeline.Totals()
        var summary = RunSummary()
        var yearCounts = Counts()
        /// Corpus-order keys of the list items, parallel to the lists.
        var keys = PartialAggregates.Keys()
        var samples: [String: [(key: [JSON.Value], row: KWICRow)]] = [:]
        var recordFiles = Set<String>()
        var fields = Set<String>()
        /// Repeated record IDs, renamed as `run` renames them: within the
        /// partition, in the order its items come (docs/FORMATS.md).
        var documentIDs = DocumentIDs()

        init(settings: Pipeline.Settings, reader: CorpusReader, tagger: Tagger, output: FileHandle) {
            self.settings = settings
            self.reader = reader
            self.tagger = tagger
            self.output = output
        }

        mutating func process(_ item: Item) throws {
            let result: FileResult, line: Int
            switch item {
            case .file(let path, let data):
                guard reader.includes(path) else { return }
                result = reader.read(path, contents: data)
                line = 0
                summary.files += 1
                summary.bytes += result.bytes
            case .record(let path, let number, let record, let data):
                let chunk = FileChunk(part: 0, offset: 0, length: data.count, firstLine: number - 1, firstRecord: record - 1)
                result = reader.read(path, chunk: chunk, data: data)
                line = number
                // Its file's size is counted by the job that deals out the lines.
                recordFiles.insert(path)
            }
            var results = [result]
            documentIDs.disambiguate(&results)
            try process(results[0], line: line)
        }

        /// A file's (or a record line's) documents: chronology events are
        /// counted apart (the `event_counts` aggregate, no `D`/`C` lines), as in `run`.
        mutating func process(_ result: FileResult, line: Int) throws {
            let isEvent = result.format == .chronology
            let path = JSON.Value.string(result.path)
            summary.skipped += result.skipped
            keys.skipped += result.skipped.indices.map { [path, .int(line), .int(0), .int($0)] }
            summary.warnings += result.warnings
            keys.warnings += result.warnings.indices.map { [path, .int(line), .int(0), .int($0)] }
            for (i, e) in result.events.enumerated() {
                totals.events.append(e)
                keys.events.append([path, .int(line), .int(i)])
            }
            if !result.documents.isEmpty, !isEvent { summary.documentsByFormat[result.format, default: 0] += result.documents.count }
            for (d, doc) in result.documents.enumerated() {
                let tagged = tagger.tag(doc.text)
                // The mention's line in mentions.jsonl needs the whole corpus's
                // order: the stream writes 0, the Spark job numbers the lines.
                let slice = Pipeline.render([(doc: doc, result: tagged, isEvent: isEvent, firstLine: 0)][...], settings)
                let key: [JSON.Value] = [path, .int(line), .int(d)]
                emit(doc: doc, tagged: tagged, slice: slice, key: key, isEvent: isEvent)
                for e in slice.events {
                    totals.eventCounts.append(e)
                    keys.eventCounts.append(key)
                }
                totals.counts.merge(slice.counts)
                yearCounts.merge(slice.yearCounts)
                totals.terms.merge(slice.terms)
                summary.add(slice.summary)
                fields.formUnion(slice.fields)
                for u in slice.undated where totals.undated.count < ReportPage.undatedListed {
                    totals.undated.append(u)
                    keys.undated.append(key)
                }
                if out.utf8.count > 1 << 20 { try flush() }
            }
        }

        /// The document's `D` line, its `M` and `K` lines; keeps the first
        /// KWIC rows of each concept as the report's samples.
        mutating func emit(doc: Document, tagged: TagResult, slice: Pipeline.Slice, key: [JSON.Value], isEvent: Bool) {
            let options = settings.options
            let keyText = JSON.Value.array(key).encoded()
            if !isEvent { emitRow(doc: doc, tagged: tagged, slice: slice, keyText: keyText) }
            var j = 0
            for line in slice.mentions.split(separator: 0x0A, omittingEmptySubsequences: true) {
                out += "M\t" + JSON.Value.array(key + [.int(j)]).encoded() + "\t" + String(decoding: line, as: UTF8.self) + "\n"
                j += 1
            }
            for (j, m) in tagged.mentions.enumerated() {
                for (c, k) in KWICRow.rows(doc: doc, mention: m, line: 0, window: options.kwicWindow).enumerated() {
                    let rowKey = key + [.int(j), .int(c)]
                    out += "K\t" + JSON.Value.array(rowKey).encoded() + "\t" + PartialAggregates.kwicJSON(k).encoded() + "\n"
                    if samples[k.concept, default: []].count < settings.samplesPerConcept { samples[k.concept, default: []].append((rowKey, k)) }
                }
            }
        }

        /// A document's `D` line (its row as JSON) and `C` line (its
        /// `documents.csv` row up to the concept columns, and its record
        /// fields as CSV cells: the job adds the columns of every field).
        mutating func emitRow(doc: Document, tagged: TagResult, slice: Pipeline.Slice, keyText: String) {
            let options = settings.options
            let tally = DocumentTally(
                group: Grouping.key(doc, fields: options.groupBy, period: options.period),
                tokens: tagged.tokens, mentions: tagged.mentions)
            let total = tally.mentions.filter { ConceptID($0.key).isFamily }.values.reduce(0, +)
            var csv = slice.documents
            if csv.hasSuffix("\n") { csv.removeLast() }
            let row = JSON.Value.object([
                ("doc", .string(doc.id)), ("source", .string(doc.source)), ("record", .optional(doc.record)),
                ("year", .optional(doc.year)), ("year_source", .string(doc.yearSource?.rawValue ?? "none")),
                ("title", .optional(doc.title)), ("issuer", .optional(doc.issuer)), ("lang", .string(doc.language)),
                ("tokens", .int(tagged.tokens)), ("mentions", .int(total)),
                ("group", .array(tally.group.map(JSON.Value.string))),
                ("concepts", .object(tally.mentions.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
                ("metadata", .object(doc.metadata.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ])
            let cells = JSON.Value.object(doc.metadata.sorted { $0.key < $1.key }.map { ($0.key, .string(CSVWriter.encode(.text($0.value)))) })
            out += "D\t" + keyText + "\t" + row.encoded() + "\n"
            out += "C\t" + keyText + "\t" + JSON.Value.array([.string(csv), cells]).encoded() + "\n"
        }

        mutating func flush() throws {
            guard !out.isEmpty else { return }
            try output.write(contentsOf: Data(out.utf8))
            out = ""
        }

        /// Writes the `A` lines: the partition's partial aggregates.
        mutating func finish(lexicon: Lexicon, options: RunOptions) throws {
            totals.yearCounts = settings.groupedByYear ? totals.counts : yearCounts
            summary.events = totals.events.count
            let partial = PartialAggregates(
                totals: totals, summary: summary, keys: keys, samples: samples, recordFiles: recordFiles, fields: fields,
                grouped: !settings.groupedByYear, options: options, lexicon: lexicon)
            for (key, value) in partial.entries() {
                out += "A\t" + key.encoded() + "\t" + value.encoded() + "\n"
            }
            try flush()
        }
    }
}
