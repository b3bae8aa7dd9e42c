import PolicyTraceAggregate
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceTag

/// The files of docs/FORMATS.md, each a pure function from values to text.
public enum OutputFiles {
    /// One `mentions.jsonl` line.
    public static func mentionLine(doc: Document, mention m: Mention) -> String {
        var out = ""
        appendMentionLine(prefix: mentionPrefix(doc), m, page: doc.page(at: m.start), to: &out)
        out.removeLast()
        return out
    }

    /// The part of a document's `mentions.jsonl` lines before the concepts,
    /// the same for all of them.
    package static func mentionPrefix(_ doc: Document) -> String {
        "{\"doc\":" + JSON.quote(doc.id) + ",\"year\":" + (doc.year.map(String.init) ?? "null") + ",\"concepts\":"
    }

    /// One `mentions.jsonl` line and its newline; `prefix` is `mentionPrefix(doc)`,
    /// `page` the mention's page in a paginated document (`doc.page(at: m.start)`),
    /// written last and only when there is one.
    static func appendMentionLine(prefix: String, _ m: Mention, page: Int? = nil, to out: inout String) {
        out += prefix
        appendMentionTerm(m, to: &out)
        appendMentionEnd(m, page: page, to: &out)
    }

    /// The middle of a `mentions.jsonl` line, `[concepts],"term":…,"lang":…,"text":`:
    /// the same for every mention of one term (writers may encode it once).
    package static func appendMentionTerm(_ m: Mention, to out: inout String) {
        out += "["
        for (i, c) in m.concepts.enumerated() {
            if i > 0 { out += "," }
            out += JSON.quote(c)
        }
        out += "],\"term\":"
        out += JSON.quote(m.term)
        out += ",\"lang\":"
        out += JSON.quote(m.language.rawValue)
        out += ",\"text\":"
    }

    /// The end of a `mentions.jsonl` line, from the text's value: what differs
    /// between mentions of one term (writers that encode the rest once use it).
    package static func appendMentionEnd(_ m: Mention, page: Int?, to out: inout String) {
        out += JSON.quote(m.text)
        out += ",\"start\":"
        out += String(m.start)
        out += ",\"end\":"
        out += String(m.end)
        if let page {
            out += ",\"page\":"
            out += String(page)
        }
        out += "}\n"
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
