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
        doc: Document, mention m: Mention, line: Int, window: Int, into out: inout [UInt8],
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
        var id: [UInt8]
        var year: [UInt8]

        init(_ doc: Document) {
            id = ByteOutput.csvCell(doc.id)
            year = []
            if let y = doc.year { ByteOutput.appendDecimal(y, to: &year) }
        }
    }

    /// What every mention of one term (with the same concepts and language)
    /// writes the same, encoded once: the `mentions.jsonl` line from its
    /// concepts up to its text, and the `kwic.csv` cells of its concepts and term.
    struct MentionFields {
        /// `[concepts],"term":…,"lang":…,"text":` (`OutputFiles.appendMentionTerm`).
        var json: [UInt8]
        var concepts: [[UInt8]]
        var term: [UInt8]

        init(_ m: Mention) {
            var json: [UInt8] = []
            OutputFiles.appendMentionTerm(m, to: &json)
            self.json = json
            concepts = m.concepts.map(ByteOutput.csvCell)
            term = ByteOutput.csvCell(m.term)
        }
    }

    /// `OutputFiles.appendMentionLine` with the mention's shared fields encoded before.
    static func appendMentionLine(prefix: [UInt8], _ fields: MentionFields, _ m: Mention, page: Int?, to out: inout [UInt8]) {
        out += prefix
        out += fields.json
        OutputFiles.appendMentionEnd(m, page: page, to: &out)
    }

    /// The same, with `text` the document text's UTF-8 bytes (`KWICLine(utf8:)`).
    static func kwicRows(
        doc: Document, cells docCells: DocumentCells, text: UnsafeBufferPointer<UInt8>, mention m: Mention, fields: MentionFields, line: Int,
        window: Int, into out: inout [UInt8], sample: (String) -> Bool, samples: inout [KWICRow]
    ) {
        let context = KWICLine.Bounds(utf8: text, mention: m, window: window)
        let page = doc.page(at: m.start)
        // left,match,right,mention,start,end,page and the line end: the same on each concept's row.
        var tail: [UInt8] = []
        tail.reserveCapacity(context.right.upperBound - context.left.lowerBound + 48)
        ByteOutput.appendFlatCSV(UnsafeBufferPointer(rebasing: text[context.left]), to: &tail)
        tail.append(0x2C)
        ByteOutput.appendFlatCSV(UnsafeBufferPointer(rebasing: text[context.match]), to: &tail)
        tail.append(0x2C)
        ByteOutput.appendFlatCSV(UnsafeBufferPointer(rebasing: text[context.right]), to: &tail)
        tail.append(0x2C)
        ByteOutput.appendDecimal(line, to: &tail)
        tail.append(0x2C)
        ByteOutput.appendDecimal(m.start, to: &tail)
        tail.append(0x2C)
        ByteOutput.appendDecimal(m.end, to: &tail)
        tail.append(0x2C)
        if let page { ByteOutput.appendDecimal(page, to: &tail) }
        tail.append(0x0A)
        for (c, concept) in m.concepts.enumerated() {
            out += docCells.id
            out.append(0x2C)
            out += docCells.year
            out.append(0x2C)
            out += fields.concepts[c]
            out.append(0x2C)
            out += fields.term
            out.append(0x2C)
            out += tail
            if sample(concept) {
                let shown = KWICLine(utf8: text, bounds: context).oneLine
                samples.append(
                    KWICRow(
                        doc: doc.id, year: doc.year, concept: concept, term: m.term, left: shown.left, match: shown.match, right: shown.right,
                        mention: line, start: m.start, end: m.end, page: page))
            }
        }
    }
}
