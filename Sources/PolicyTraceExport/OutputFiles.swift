import PolicyTraceAggregate
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceTag

/// The files of docs/FORMATS.md, each a pure function from values to text.
public enum OutputFiles {
    /// One `mentions.jsonl` line.
    public static func mentionLine(doc: Document, mention m: Mention) -> String {
        var out: [UInt8] = []
        appendMentionLine(prefix: mentionPrefix(doc), m, page: doc.page(at: m.start), to: &out)
        out.removeLast()
        return String(decoding: out, as: UTF8.self)
    }

    /// The part of a document's `mentions.jsonl` lines before the concepts,
    /// the same for all of them.
    package static func mentionPrefix(_ doc: Document) -> [UInt8] {
        var out = Array("{\"doc\":".utf8)
        ByteOutput.appendJSONString(doc.id, to: &out)
        out += ",\"year\":".utf8
        if let year = doc.year { ByteOutput.appendDecimal(year, to: &out) } else { out += "null".utf8 }
        out += ",\"concepts\":".utf8
        return out
    }

    /// One `mentions.jsonl` line and its newline; `prefix` is `mentionPrefix(doc)`,
    /// `page` the mention's page in a paginated document (`doc.page(at: m.start)`),
    /// written last and only when there is one.
    package static func appendMentionLine(prefix: [UInt8], _ m: Mention, page: Int? = nil, to out: inout [UInt8]) {
        out += prefix
        appendMentionTerm(m, to: &out)
        appendMentionEnd(m, page: page, to: &out)
    }

    /// The middle of a `mentions.jsonl` line, `[concepts],"term":…,"lang":…,"text":`:
    /// the same for every mention of one term (writers may encode it once).
    package static func appendMentionTerm(_ m: Mention, to out: inout [UInt8]) {
        out.append(0x5B)
        for (i, c) in m.concepts.enumerated() {
            if i > 0 { out.append(0x2C) }
            ByteOutput.appendJSONString(c, to: &out)
        }
        out += "],\"term\":".utf8
        ByteOutput.appendJSONString(m.term, to: &out)
        out += ",\"lang\":".utf8
        ByteOutput.appendJSONString(m.language.rawValue, to: &out)
        out += ",\"text\":".utf8
    }

    /// The end of a `mentions.jsonl` line, from the text's value: what differs
    /// between mentions of one term (writers that encode the rest once use it).
    package static func appendMentionEnd(_ m: Mention, page: Int?, to out: inout [UInt8]) {
        ByteOutput.appendJSONString(m.text, to: &out)
        out += ",\"start\":".utf8
        ByteOutput.appendDecimal(m.start, to: &out)
        out += ",\"end\":".utf8
        ByteOutput.appendDecimal(m.end, to: &out)
        if let page {
            out += ",\"page\":".utf8
            ByteOutput.appendDecimal(page, to: &out)
        }
        out += "}\n".utf8
    }

    /// `timeline.csv`: the complete (group × concept) grid. `groupFields`
    /// names the group columns (`year`, or e.g. `year,issuer`); `low_base`
    /// is 1 where the group has fewer than `minTokens` tokens.
    public static func timeline(_ counts: Counts, concepts: [String], groupFields: [String], minTokens: Int = 0, excel: Bool = false) -> String {
        var csv = CSVWriter(
            header: groupFields + [
                "concept", "mentions", "documents", "documents_total", "tokens_total", "share_documents", "per_10k_tokens", "low_base",
            ], byteOrderMark: excel)
        for row in counts.timeline(concepts: concepts) {
            csv.append(
                row.group.map(groupCell) + [
                    .text(row.concept), .int(row.mentions), .int(row.documents), .int(row.documentsTotal),
                    .int(row.tokensTotal), .double(row.shareDocuments), .double(row.per10kTokens),
                    .int(row.isLowBase(minTokens: minTokens) ? 1 : 0),
                ])
        }
        return csv.text
    }

    /// Years and periods are numbers to R and pandas; other group values are text.
    static func groupCell(_ value: String) -> CSVField {
        if value.isEmpty { return .empty }
        if let n = Int(value) { return .int(n) }
        return .text(value)
    }

    /// `chronology.csv`: one row per event. `counts`, when given, are the
    /// events' tallies in the same order (`group` holding the event's `doc`
    /// ID): each row then also has its tokens, mentions and concept columns,
    /// as `documents.csv` has for documents.
    public static func chronology(_ events: [ChronologyEvent], counts: [DocumentTally] = [], concepts: [String] = [], excel: Bool = false) -> String {
        let counted = counts.count == events.count && !counts.isEmpty
        var csv = CSVWriter(
            header: ["year", "issuer", "title", "description", "source", "row"]
                + (counted ? ["doc", "tokens", "mentions"] + concepts : []), byteOrderMark: excel)
        for (i, e) in events.enumerated() {
            var row: [CSVField] = [.optional(e.year), .optional(e.issuer), .optional(e.title), .text(e.description), .text(e.source), .int(e.row)]
            if counted {
                let t = counts[i]
                row +=
                    [.text(t.group.first ?? ""), .int(t.tokens), .int(t.mentions.filter { ConceptID($0.key).isFamily }.values.reduce(0, +))]
                    + concepts.map { .int(t.mentions[$0] ?? 0) }
            }
            csv.append(row)
        }
        return csv.text
    }

    /// `skipped.csv`: one row per skipped file or record, with its reason.
    public static func skipped(_ items: [SkippedItem], excel: Bool = false) -> String {
        var csv = CSVWriter(header: ["file", "line", "reason"], byteOrderMark: excel)
        for s in items { csv.append([.text(s.source), .optional(s.line), .text(s.reason)]) }
        return csv.text
    }
}
