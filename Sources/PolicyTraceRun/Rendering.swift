import PolicyTraceAggregate
import PolicyTraceExport
import PolicyTraceIngest
import PolicyTraceLexicon
import PolicyTraceStore
import PolicyTraceTag
import PolicyTraceText

/// The `kwic.csv` rows of a mention written straight into a buffer, with
/// the report's samples taken from the same rows.
enum Rendering {
    /// The rows of `KWICRow.rows(doc:mention:line:window:)`, encoded as
    /// `CSVWriter` encodes them; `sample` says for each concept whether to
    /// keep its row (a report sample) in `samples`.
    static func kwicRows(
        doc: Document, mention m: Mention, line: Int, window: Int, into out: inout String,
        sample: (String) -> Bool, samples: inout [KWICRow]
    ) {
        var text = doc.text
        let id = DocumentCells(doc)
        text.withUTF8 {
            kwicRows(
                doc: doc, cells: id, text: $0, mention: m, fields: MentionFields(m), line: line, window: window, into: &out, sample: sample,
                samples: &samples)
        }
    }

    /// A document's `kwic.csv` cells (doc, year), encoded once for all its rows.
    struct DocumentCells {
        var id: String
        var year: String

        init(_ doc: Document) {
            id = CSVWriter.encode(.text(doc.id))
            year = doc.year.map(String.init) ?? ""
        }
    }

    /// What every mention of one term (with the same concepts and language)
    /// writes the same, encoded once: the `mentions.jsonl` line from its
    /// concepts up to its text, and the `kwic.csv` cells of its concepts and term.
    struct MentionFields {
        /// `[concepts],"term":…,"lang":…,"text":` (`OutputFiles.appendMentionTerm`).
        var json: String
        var concepts: [String]
        var term: String

        init(_ m: Mention) {
            var json = ""
            OutputFiles.appendMentionTerm(m, to: &json)
            self.json = json
            concepts = m.concepts.map { CSVWriter.encode(.text($0)) }
            term = CSVWriter.encode(.text(m.term))
        }
    }

    /// `OutputFiles.appendMentionLine` with the mention's shared fields encoded before.
    static func appendMentionLine(prefix: String, _ fields: MentionFields, _ m: Mention, page: Int?, to out: inout String) {
        out += prefix
        out += fields.json
        OutputFiles.appendMentionEnd(m, page: page, to: &out)
    }

    /// The same, with `text` the document text's UTF-8 bytes (`KWICLine(utf8:)`).
    static func kwicRows(
        doc: Document, cells docCells: DocumentCells, text: UnsafeBufferPointer<UInt8>, mention m: Mention, fields: MentionFields, line: Int,
        window: Int, into out: inout String, sample: (String) -> Bool, samples: inout [KWICRow]
    ) {
        let context = KWICLine(utf8: text, mention: m, window: window).oneLine
        let (left, match, right) = (context.left, context.match, context.right)
        let year = docCells.year
        let page = doc.page(at: m.start)
        var join = ","
        join += String(line)
        join += ","
        join += String(m.start)
        join += ","
        join += String(m.end)
        join += ","
        if let page { join += String(page) }
        join += "\n"
        let id = docCells.id
        let cells = CSVWriter.encode(.text(left)) + "," + CSVWriter.encode(.text(match)) + "," + CSVWriter.encode(.text(right))
        for (c, concept) in m.concepts.enumerated() {
            out += id
            out += ","
            out += year
            out += ","
            out += fields.concepts[c]
            out += ","
            out += fields.term
            out += ","
            out += cells
            out += join
            if sample(concept) {
                samples.append(
                    KWICRow(
                        doc: doc.id, year: doc.year, concept: concept, term: m.term, left: left, match: match, right: right,
                        mention: line, start: m.start, end: m.end, page: page))
            }
        }
    }
}
