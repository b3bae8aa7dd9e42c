import Crypto
import Foundation
import PolicyTraceAggregate
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceStore
import PolicyTraceTag

/// A partition's partial aggregates as `KEY<TAB>VALUE` lines (JSON arrays;
/// docs/FORMATS.md, "Partial aggregates"). The key's first element says
/// how two values of the same key combine, so a reducer (Spark's
/// `reduceByKey`) needs to know nothing else: `sum` adds arrays of numbers
/// element by element, `min`/`max` keep the smaller/larger, `list`
/// concatenates, `first` keeps the N (key[1]) items with the smallest
/// corpus-order keys, `set` unites, `same` requires equal values. The
/// reduced lines are what `policytrace merge --aggregates` reads.
struct PartialAggregates {
    /// Corpus-order keys (`[path, line, document]`) of list items.
    struct Keys {
        var skipped: [[JSON.Value]] = []
        var warnings: [[JSON.Value]] = []
        var events: [[JSON.Value]] = []
        var undated: [[JSON.Value]] = []
        var eventCounts: [[JSON.Value]] = []
    }

    let totals: Pipeline.Totals
    let summary: RunSummary
    let keys: Keys
    let samples: [String: [(key: [JSON.Value], row: KWICRow)]]
    let recordFiles: Set<String>
    let fields: Set<String>
    /// The timeline is not grouped by plain year: year counts go separately.
    let grouped: Bool
    let options: RunOptions
    let lexicon: Lexicon

    /// The options that decide the outputs, without the paths (which differ
    /// between executors).
    static func optionsRecord(_ options: RunOptions) -> String {
        var o = options
        o.corpus = ""
        o.lexicons = []
        return o.record
    }

    static func conceptsHash(_ lexicon: Lexicon) -> String {
        Store.hex(SHA256.hash(data: Data(lexicon.allConceptIDs.joined(separator: "\n").utf8)))
    }

    /// A `kwic.csv` row as a JSON object (the `K` lines of `tag --stdin`).
    /// `mention` is null: the mention's line in the corpus's mentions.jsonl
    /// is known only to the job that sorts the partitions' mentions.
    static func kwicJSON(_ k: KWICRow) -> JSON.Value {
        .object([
            ("doc", .string(k.doc)), ("year", .optional(k.year)), ("concept", .string(k.concept)), ("term", .string(k.term)),
            ("left", .string(k.left)), ("match", .string(k.match)), ("right", .string(k.right)),
            ("mention", .null), ("start", .int(k.start)), ("end", .int(k.end)), ("page", .optional(k.page)),
        ])
    }

    func entries() -> [(JSON.Value, JSON.Value)] {
        typealias V = JSON.Value
        var out: [(V, V)] = []
        func key(_ items: V...) -> V { .array(items) }
        func ints(_ n: Int...) -> V { .array(n.map(V.int)) }
        func group(_ g: [String]) -> V { .array(g.map(V.string)) }
        out.append((key("same", "options"), .array([.string(Self.optionsRecord(options))])))
        out.append((key("same", "concepts"), .array([.string(Self.conceptsHash(lexicon))])))
        var header = CSVWriter(
            header: ["doc", "year", "year_source", "title", "lang", "tokens", "mentions"] + lexicon.allConceptIDs,
            byteOrderMark: options.excel
        ).text
        if header.hasSuffix("\n") { header.removeLast() }
        out.append((key("same", "documents_header"), .array([.string(header)])))
        func counts(_ c: Counts, _ total: String, _ cell: String) {
            for (g, t) in c.totals { out.append((key("sum", .string(total), group(g)), ints(t.documents, t.tokens))) }
            for (g, row) in c.cells {
                for (concept, n) in row { out.append((key("sum", .string(cell), group(g), .string(concept)), ints(n.mentions, n.documents))) }
            }
        }
        counts(totals.counts, "total", "cell")
        if grouped { counts(totals.yearCounts, "year_total", "year_cell") }
        for (k, n) in totals.terms.counts { out.append((key("sum", "term", .string(k.group), .string(k.concept), .string(k.term)), ints(n))) }
        let s = summary
        for (name, n) in [
            ("files", s.files), ("bytes", s.bytes), ("documents", s.documents), ("undated", s.undated),
            ("tokens", s.tokens), ("mentions", s.mentions), ("events", s.events),
        ] {
            out.append((key("sum", "count", .string(name)), ints(n)))
        }
        for (f, n) in s.documentsByFormat { out.append((key("sum", "format", .string(f.rawValue)), ints(n))) }
        for (src, n) in s.yearSources { out.append((key("sum", "year_source", .string(src)), ints(n))) }
        for (f, n) in s.mentionsByFamily { out.append((key("sum", "family", .string(f)), ints(n))) }
        for (kind, d) in [
            ("suppressed_nested", s.stats.suppressedNested), ("rejected_word_edge", s.stats.rejectedWordEdge),
            ("excluded", s.stats.excluded), ("ruled_out", s.stats.ruledOut),
        ] {
            for (k, n) in d { out.append((key("sum", "stat", .string(kind), .string(k)), ints(n))) }
        }
        if let y = s.years {
            out.append((key("min", "year"), ints(y.lowerBound)))
            out.append((key("max", "year"), ints(y.upperBound)))
        }
        func skipped(_ items: [SkippedItem], _ keys: [[V]]) -> V {
            .array(zip(keys, items).map { .array([.array($0), .string($1.source), .optional($1.line), .string($1.reason)]) })
        }
        out.append((key("list", "skipped"), skipped(s.skipped, keys.skipped)))
        out.append((key("list", "warnings"), skipped(s.warnings, keys.warnings)))
        out.append(
            (
                key("list", "events"),
                .array(
                    zip(keys.events, totals.events).map { k, e in
                        .array([
                            .array(k), .optional(e.year), .optional(e.issuer), .optional(e.title), .string(e.description), .string(e.source),
                            .int(e.row), .string(e.text),
                        ])
                    })
            ))
        out.append(
            (
                key("list", "event_counts"),
                .array(
                    zip(keys.eventCounts, totals.eventCounts).map { k, t in
                        .array([
                            .array(k), .string(t.group.first ?? ""), .int(t.tokens),
                            .object(t.mentions.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) }),
                        ])
                    })
            ))
        out.append(
            (key("list", "undated"), .array(zip(keys.undated, totals.undated).map { .array([.array($0), .string($1.doc), .optional($1.title)]) })))
        for (concept, rows) in samples {
            out.append(
                (
                    key("first", .int(3), "sample", .string(concept)),
                    .array(
                        rows.map { k, r in
                            .array([
                                .array(k), .string(r.doc), .optional(r.year), .string(r.concept), .string(r.term), .string(r.left),
                                .string(r.match), .string(r.right), .int(r.start), .int(r.end),
                            ])
                        })
                ))
        }
        out.append((key("set", "fields"), .array(fields.sorted().map(V.string))))
        out.append((key("set", "record_files"), .array(recordFiles.sorted().map(V.string))))
        return out
    }
}

extension Merge {
    /// `policytrace merge --aggregates FILE`: writes timeline.csv,
    /// timeline_wide.csv, concepts.csv, top_terms.csv, chronology.csv,
    /// skipped.csv and report.html from reduced partial aggregates, with the
    /// code `run` writes them with. `lexicons` must be the lexicon the
    /// partitions were tagged with (checked by its concept IDs).
    package static func aggregates(file: String, out: String, lexicons: [String]) throws -> (summary: RunSummary, options: RunOptions) {
        guard let data = FileManager.default.contents(atPath: file) else { throw MergeError(description: "\(file): cannot read the aggregates file") }
        let (_, lexicon, diagnostics, _) = try Tagger.load(lexiconPaths: lexicons, overlaps: .longest, cache: .standard(version: Manifest.version))
        var totals = Pipeline.Totals()
        var summary = RunSummary()
        var options: RunOptions?
        var recordFiles = 0, minYear: Int?, maxYear: Int?
        var lists: [String: [[Any]]] = [:]
        var samples = KWICSamples(perConcept: 3)
        var sampleRows: [(String, [[Any]])] = []
        var fields: [String] = []
        var outputs: [String]?
        var corpus: String?
        var shownOut: String?
        var number = 0
        for raw in data.split(separator: 0x0A) {
            number += 1
            func bad(_ why: String) -> MergeError { MergeError(description: "\(file), line \(number): \(why)") }
            guard let tab = raw.firstIndex(of: 0x09),
                let key = try? JSONSerialization.jsonObject(with: Data(raw[raw.startIndex..<tab])) as? [Any],
                let value = try? JSONSerialization.jsonObject(with: Data(raw[(tab + 1)...]), options: .fragmentsAllowed) as? [Any],
                key.count >= 2, let op = key[0] as? String
            else {
                throw bad("not a KEY<TAB>VALUE line of JSON arrays (docs/FORMATS.md, Partial aggregates)")
            }
            let name = key[1] as? String ?? ""
            let n = value.compactMap { $0 as? Int }
            func group(_ i: Int) throws -> [String] {
                guard key.count > i, let g = key[i] as? [String] else { throw bad("a group must be an array of strings") }
                return g
            }
            func str(_ i: Int) throws -> String {
                guard key.count > i, let s = key[i] as? String else { throw bad("key element \(i) must be a string") }
                return s
            }
            switch (op, name) {
            case ("same", "options"):
                guard let text = value.first as? String else { throw bad("options must be a string") }
                options = try RunOptions(record: text)
            case ("same", "concepts"):
                guard value.first as? String == PartialAggregates.conceptsHash(lexicon) else {
                    throw bad("the partitions were tagged with another lexicon than \(lexicons.joined(separator: ", ")); give the same --lexicon")
                }
            case ("same", "outputs"): outputs = value.compactMap { $0 as? String }
            case ("same", "corpus"): corpus = value.first as? String
            case ("same", "out"): shownOut = value.first as? String
            case ("same", "documents_header"): break
            case ("sum", "total"), ("sum", "year_total"):
                guard n.count == 2 else { throw bad("totals are [documents, tokens]") }
                let t = Counts.Totals(documents: n[0], tokens: n[1])
                if name == "total" { totals.counts.add(group: try group(2), t) } else { totals.yearCounts.add(group: try group(2), t) }
            case ("sum", "cell"), ("sum", "year_cell"):
                guard n.count == 2 else { throw bad("cells are [mentions, documents]") }
                let cell = Counts.Cell(mentions: n[0], documents: n[1])
                if name == "cell" {
                    totals.counts.add(group: try group(2), concept: try str(3), cell)
                } else {
                    totals.yearCounts.add(group: try group(2), concept: try str(3), cell)
                }
            case ("sum", "term"):
                totals.terms.add(group: try str(2), concept: try str(3), term: try str(4), mentions: n.first ?? 0)
            case ("sum", "count"):
                let v = n.first ?? 0
                switch try str(2) {
                case "files": summary.files += v
                case "bytes": summary.bytes += v
                case "documents": summary.documents += v
                case "undated": summary.undated += v
                case "tokens": summary.tokens += v
                case "mentions": summary.mentions += v
                case "events": summary.events += v
                default: break
                }
            case ("sum", "format"):
                if let f = DocumentFormat(rawValue: try str(2)) { summary.documentsByFormat[f, default: 0] += n.first ?? 0 }
            case ("sum", "year_source"): summary.yearSources[try str(2), default: 0] += n.first ?? 0
            case ("sum", "family"): summary.mentionsByFamily[try str(2), default: 0] += n.first ?? 0
            case ("sum", "stat"):
                let k = try str(3), v = n.first ?? 0
                switch try str(2) {
                case "suppressed_nested": summary.stats.suppressedNested[k, default: 0] += v
                case "rejected_word_edge": summary.stats.rejectedWordEdge[k, default: 0] += v
                case "excluded": summary.stats.excluded[k, default: 0] += v
                case "ruled_out": summary.stats.ruledOut[k, default: 0] += v
                default: break
                }
            case ("min", "year"): if let y = n.first { minYear = min(minYear ?? y, y) }
            case ("max", "year"): if let y = n.first { maxYear = max(maxYear ?? y, y) }
            case ("list", _): lists[name, default: []] += value.compactMap { $0 as? [Any] }
            case ("first", _): sampleRows.append((try str(3), value.compactMap { $0 as? [Any] }))
            case ("set", "fields"): fields += value.compactMap { $0 as? String }
            case ("set", "record_files"): recordFiles += value.count
            default: throw bad("unknown key \(op)/\(name)")
            }
        }
        guard var options else { throw MergeError(description: "\(file): no options line; is it the reduced output of `tag --stdin`?") }
        // Lists come in corpus order: by their items' keys.
        func ordered(_ name: String) -> [[Any]] {
            (lists[name] ?? []).sorted { PartialAggregates.precedes($0.first, $1.first) }.map { Array($0.dropFirst()) }
        }
        func text(_ v: Any?) -> String? { v as? String }
        func int(_ v: Any?) -> Int? { v as? Int }
        summary.files += recordFiles
        if let minYear, let maxYear { summary.years = minYear...maxYear }
        summary.skipped = ordered("skipped").map { SkippedItem(source: text($0[0]) ?? "", line: int($0[1]), reason: text($0[2]) ?? "") }
        summary.warnings = ordered("warnings").map { SkippedItem(source: text($0[0]) ?? "", line: int($0[1]), reason: text($0[2]) ?? "") }
        totals.events = ordered("events").map {
            ChronologyEvent(
                year: int($0[0]), issuer: text($0[1]), title: text($0[2]), description: text($0[3]) ?? "",
                source: text($0[4]) ?? "", row: int($0[5]) ?? 0, text: text($0[6]) ?? "")
        }
        totals.eventCounts = ordered("event_counts").map {
            DocumentTally(
                group: [text($0[0]) ?? ""], tokens: int($0[1]) ?? 0, mentions: ($0[2] as? [String: Any] ?? [:]).compactMapValues { $0 as? Int })
        }
        totals.undated = ordered("undated").prefix(ReportPage.undatedListed).map { (doc: text($0[0]) ?? "", title: text($0[1])) }
        for (_, rows) in sampleRows.sorted(by: { $0.0 < $1.0 }) {
            for r in rows.sorted(by: { PartialAggregates.precedes($0.first, $1.first) }).prefix(3) {
                samples.offer(
                    KWICRow(
                        doc: text(r[1]) ?? "", year: int(r[2]), concept: text(r[3]) ?? "", term: text(r[4]) ?? "",
                        left: text(r[5]) ?? "", match: text(r[6]) ?? "", right: text(r[7]) ?? "",
                        mention: 0, start: r.count > 8 ? int(r[8]) ?? 0 : 0, end: r.count > 9 ? int(r[9]) ?? 0 : 0))
            }
        }
        totals.samples = samples.rows
        if options.groupBy == ["year"] && options.period == nil { totals.yearCounts = totals.counts }
        options.out = shownOut ?? out
        options.lexicons = lexicons
        options.corpus = corpus ?? "(partitions)"
        if let error = RunError.unknownGroupFields(options.groupBy, seen: Set(fields)) { throw error }
        summary.overlaps = options.overlaps
        summary.lexiconDiagnostics = diagnostics
        let tables = Pipeline.summaryTables(totals, summary: summary, options: options, lexicon: lexicon)
        summary.outputs = outputs ?? (tables.map(\.0) + ["report.html"])
        let dir = try OutputDirectory(out)
        for (name, text) in tables { try dir.write(name, text) }
        try dir.write("report.html", Pipeline.reportPage(totals, summary: summary, options: options, lexicon: lexicon))
        try dir.commit()
        return (summary, options)
    }
}

extension PartialAggregates {
    /// Corpus order of two keys (`[path, line, document, …]`): element by
    /// element, strings by code point, numbers numerically.
    static func precedes(_ a: Any?, _ b: Any?) -> Bool {
        let x = a as? [Any] ?? [], y = b as? [Any] ?? []
        for (p, q) in zip(x, y) {
            if let p = p as? String, let q = q as? String {
                if p != q { return Array(p.unicodeScalars.map(\.value)).lexicographicallyPrecedes(q.unicodeScalars.map(\.value)) }
            } else if let p = p as? Int, let q = q as? Int {
                if p != q { return p < q }
            }
        }
        return x.count < y.count
    }
}
